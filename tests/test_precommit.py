"""The pre-commit hook: its manifest is valid, and it fails a commit on a broken course."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_COURSE, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def test_the_manifest_is_valid() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-manifest",
            str(ROOT / ".pre-commit-hooks.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hook_fails_on_a_broken_course_and_passes_the_good_one_beside_it(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs the project as a git repository")
    work = tmp_path / "courses"
    work.mkdir()
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=environment)
    (work / "good.toml").write_text(MINIMAL_COURSE)
    (work / "bad.toml").write_text(MINIMAL_COURSE.replace('effort = "30m"', 'efort = "30m"'))
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=environment)

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                "learnsync-check",
                "--files",
                *files,
            ],
            cwd=work,
            capture_output=True,
            text=True,
            env=environment,
            timeout=600,
        )

    # One run (each try-repo builds the hook's environment afresh, about 20 s): the commit fails
    # on the broken file, and the good one beside it is checked and passes.
    result = hook("bad.toml", "good.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "bad.toml:12:1: error [unknown-key] unknown key 'efort' in [[module.task]]" in result.stdout
    )
    assert "Checked 2 files: 1 error, 0 warnings in 1 file." in result.stdout
    assert "good.toml" not in result.stdout
