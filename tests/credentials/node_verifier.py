"""An independent verifier for the tests: Digital Bazaar's VC libraries under node.

learnsync signs with pyld and cryptography; this verifier shares none of that code (its
canonicaliser is rdf-canonize, its Ed25519 is node's), and it is what wallets and verifiers
built on those libraries run. It is installed once into a cache folder from the npm registry,
at the exact versions in tests/node_verifier/package.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

SOURCE = ROOT / "tests" / "node_verifier"
FILES = ("package.json", "verify.mjs")


def install() -> Path:
    """The folder with verify.mjs and its node_modules; skips the test when it cannot be had."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed for the independent verifier, and are not installed")
    digest = hashlib.sha256(b"".join((SOURCE / name).read_bytes() for name in FILES)).hexdigest()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "learnsync-tests" / f"node-verifier-{digest[:16]}"
    if (folder / "node_modules").is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".node-verifier-", dir=folder.parent))
    for name in FILES:
        shutil.copy(SOURCE / name, staging / name)
    try:
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts"],
            cwd=staging,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(staging, ignore_errors=True)
        pytest.skip("npm install of the independent verifier took over 5 minutes")
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        pytest.skip(f"npm could not install the independent verifier: {last}")
    try:
        staging.rename(folder)
    except OSError:  # another test run installed it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def node_verify(
    folder: Path,
    files: list[Path],
    now: str,
    did_json: list[Path] = (),  # type: ignore[assignment]
) -> list[dict[str, Any]]:
    """Each file's verdict from the node verifier: ``{"file", "verified", "error"}``."""
    options = [argument for path in did_json for argument in ("--did-json", str(path))]
    result = subprocess.run(
        ["node", str(folder / "verify.mjs"), now, *map(str, files), *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]
