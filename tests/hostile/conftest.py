"""Fixtures of the hostile tests: a sound store to damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnsync.cli import app
from tests.conftest import FIXED_NOW
from tests.hostile.damaged import damage
from tests.hostile.helpers import COURSE


@pytest.fixture(scope="module")
def sound_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with ann enrolled in a one-task course, her task done, no log beside it (made
    once a module: each test damages a copy)."""
    folder = tmp_path_factory.mktemp("sound")
    course = folder / "course.toml"
    course.write_text(COURSE, encoding="utf-8")
    path = folder / "store.sqlite3"
    runner = CliRunner()
    environment = {"LEARNSYNC_NOW": FIXED_NOW, "NO_COLOR": "1", "COLUMNS": "200"}
    for arguments in (["enroll", str(course), "--learner", "ann"], ["done", "t", "-l", "ann"]):
        result = runner.invoke(app, ["--store", str(path), *arguments], env=environment)
        assert result.exit_code == 0, result.output
    damage(path)
    return path


@pytest.fixture
def store(sound_store: Path, tmp_path: Path) -> Path:
    """A copy of the sound store, to damage."""
    path = tmp_path / "store.sqlite3"
    shutil.copyfile(sound_store, path)
    return path
