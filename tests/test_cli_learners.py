"""Who a command is about: an unknown learner is exit 1 with a did-you-mean in every command, and
a store with one learner needs no --learner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]


@pytest.fixture
def course(write_course: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    monkeypatch.setattr("getpass.getuser", lambda: "login-name")
    return write_course(COURSE)


def _enroll(run_cli: Run, course: Path, *learners: str) -> None:
    for learner in learners:
        result = run_cli("enroll", course, "-l", learner, "--start", "2027-01-04")
        assert result.exit_code == 0, result.stderr


LEARNER_COMMANDS = [
    ("next",),
    ("status",),
    ("badges",),
    ("done", "intro"),
    ("undo", "intro"),
    ("replan",),
    ("export",),
    ("remind",),
    ("enrollments",),
]


@pytest.mark.parametrize("command", LEARNER_COMMANDS, ids=lambda command: command[0])
def test_an_unknown_learner_is_exit_1_with_a_did_you_mean_in_every_command(
    command: tuple[str, ...], run_cli: Run, course: Path
) -> None:
    _enroll(run_cli, course, "annika", "bob")
    result = run_cli(*command, "--learner", "anika")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: anika is not enrolled in any course; did you mean 'annika'? "
        "(enrolled: annika, bob)\n"
    )


def test_the_learner_variable_names_an_unknown_learner_too(
    run_cli: Run, course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _enroll(run_cli, course, "annika")
    monkeypatch.setenv("LEARNSYNC_LEARNER", "zed")
    result = run_cli("next")
    assert result.exit_code == 1
    assert result.stderr == "error: zed is not enrolled in any course (enrolled: annika)\n"


def test_a_store_with_one_learner_needs_no_learner_option(run_cli: Run, course: Path) -> None:
    _enroll(run_cli, course, "annika")
    result = run_cli("done", "intro")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Done: intro (Read the intro)")
    status = run_cli("status", "-f", "json")
    assert status.exit_code == 0
    assert '"learner": "annika"' in status.stdout


def test_the_login_name_wins_when_it_is_enrolled(run_cli: Run, course: Path) -> None:
    _enroll(run_cli, course, "annika", "login-name")
    assert '"learner": "login-name"' in run_cli("status", "-f", "json").stdout


def test_with_several_learners_and_an_unenrolled_login_name_the_learner_must_be_named(
    run_cli: Run, course: Path
) -> None:
    _enroll(run_cli, course, "annika", "bob")
    result = run_cli("next")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: login-name (your login name) is not enrolled in any course: "
        "pass --learner NAME (enrolled: annika, bob)\n"
    )


def test_an_empty_store_says_how_to_enroll(run_cli: Run) -> None:
    from learnsync.enrollments import open_for

    open_for(None, write=True, create=True).close()
    result = run_cli("remind", "--learner", "ann")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: no one is enrolled in any course yet: run learnsync enroll PATH\n"
    )


def test_the_help_says_a_single_learner_is_the_default(run_cli: Run) -> None:
    assert "store's only learner" in " ".join(run_cli("next", "--help").stdout.split())
