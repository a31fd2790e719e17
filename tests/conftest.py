"""Shared fixtures: no test touches the real user folder, and output is plain and wide."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from learnsync.cli import app
from learnsync.planning.model import Plan

ROOT = Path(__file__).resolve().parent.parent
# A Friday: "next Monday", the default start of a cohort, is 2027-01-04.
FIXED_NOW = "2027-01-01T12:00:00+00:00"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LEARNSYNC_STORE", str(home / "store.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LEARNSYNC_LEARNER", raising=False)
    monkeypatch.setenv("LEARNSYNC_NOW", FIXED_NOW)
    monkeypatch.delenv("LEARNSYNC_DEBUG", raising=False)


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run ``learnsync ARGS...`` in-process; returns the click result (output, exit_code)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, [str(arg) for arg in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def write_course(tmp_path: Path) -> Callable[..., Path]:
    """Write TOML text to a course file in a temp folder and return its path."""

    def write(text: str, name: str = "course.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


MINIMAL_COURSE = """\
[course]
id = "c"
title = "C"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "t"
title = "T"
effort = "30m"
"""


def tiny_plan() -> Plan:
    """The plan of ``MINIMAL_COURSE`` for a cohort starting on Monday 4 January 2027."""
    from datetime import date

    import learnsync

    return learnsync.plan(
        learnsync.parse_course(MINIMAL_COURSE, "course.toml"), start=date(2027, 1, 4)
    )


@pytest.fixture
def five_learners(
    run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A team lead's Monday (tests/team_fixture.py): five learners of the example course, some
    behind, one finished; the machine's local zone (what "3 days ago" counts in) is UTC."""
    import time

    from tests.team_fixture import make_team

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield make_team(run_cli, tmp_path, monkeypatch)
    monkeypatch.undo()
    time.tzset()
