"""Output: files written whole or not at all, JSON documents, safe file names."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from learnsync.errors import LearnsyncError


def write_new_or_replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: readers see the old file or the new one."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise LearnsyncError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise LearnsyncError(f"cannot write {path}: {error.strerror or error}") from None


def ensure_folder(path: Path, option: str = "--output-dir") -> None:
    """Make the folder an option names, or say why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        from learnsync.errors import UsageError

        raise UsageError(
            f"{option}: cannot make the folder {path}: {error.strerror or error}"
        ) from None


def emit(text: str, output: Path | None) -> None:
    """``text`` to stdout, or whole to the file ``output`` (saying so on stderr)."""
    import sys

    if output is None:
        sys.stdout.write(text)
        return
    write_new_or_replace(output, text)
    from learnsync.render.terminal import say

    say(sys.stderr, f"wrote {output}")


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; refuse when anything is there already."""
    try:
        with path.open("x", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except FileExistsError:
        raise LearnsyncError(f"{path} already exists; not overwriting it") from None
    except OSError as error:
        raise LearnsyncError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def print_json(document: dict[str, object]) -> None:
    """A ``--format json`` document to stdout."""
    import sys

    from learnsync.render.jsonfmt import dumps_document

    sys.stdout.write(dumps_document(document))


def safe_file_name(name: str) -> str:
    """A learner id (or any id) as a file name: no separators, nothing hidden."""
    import re

    cleaned = re.sub(r"[^\w.@+-]+", "_", name, flags=re.UNICODE).strip("._") or "learner"
    return cleaned[:120]


def warn_if_open(key: Path) -> None:
    """A warning on stderr when others can read the issuer key file (ssh refuses such keys)."""
    import sys

    from learnsync.credentials.keys import open_to_others
    from learnsync.render.terminal import say

    if open_to_others(key):
        say(sys.stderr, f"warning: others can read the issuer key {key}: chmod 600 it")
