from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]


@pytest.fixture
def two_learners(
    run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(COURSE)
    for name in ("ann", "bob"):
        assert run_cli("enroll", path, "-l", name, "--start", "2027-01-04").exit_code == 0
    run_cli("done", "intro", "kickoff", "-l", "ann")


def test_remind_lists_overdue_and_due_work_and_exits_1_when_overdue(
    run_cli: Run, two_learners: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T09:00:00+01:00")
    result = run_cli("remind", "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["overdue"] == 1
    assert [(r["learner"], r["id"], r["state"], r["due"]) for r in document["reminders"]] == [
        ("bob", "intro", "overdue", "2027-01-04"),
    ]
    # practice is planned for today, but its deadline is its module's, the end of week 1
    ahead = json.loads(run_cli("remind", "--within", "6d", "-f", "json").stdout)
    assert [(r["learner"], r["id"], r["state"], r["due"]) for r in ahead["reminders"]] == [
        ("bob", "intro", "overdue", "2027-01-04"),
        ("ann", "practice", "due", "2027-01-10"),
        ("ann", "quiz", "due", "2027-01-10"),
        ("bob", "practice", "due", "2027-01-10"),
        ("bob", "quiz", "due", "2027-01-10"),
    ]
    text = run_cli("remind").stdout.splitlines()
    assert text == ["bob, times in Europe/Berlin", "  overdue  Mon 04 Jan  intro  Read the intro"]


def test_remind_looks_as_far_ahead_as_asked_and_exits_0_when_nothing_is_overdue(
    run_cli: Run, two_learners: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:30:00+01:00")
    result = run_cli("remind", "--within", "3h", "-l", "ann", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["reminders"] == []
    soon = json.loads(run_cli("remind", "--within", "3h", "-l", "bob", "-f", "json").stdout)
    assert [(r["id"], r["state"]) for r in soon["reminders"]] == [("kickoff", "starts")]


def test_remind_refuses_a_bad_window(run_cli: Run, two_learners: None) -> None:
    result = run_cli("remind", "--within", "soon")
    assert result.exit_code == 2
    assert result.stderr == "error: --within 'soon' is not a duration: use 1d, 12h, 2d12h or 90m\n"
