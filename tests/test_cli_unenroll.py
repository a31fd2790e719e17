"""``unenroll``: a learner leaves a course, their events kept (withdrawn) or erased, said
explicitly; and the warning at enrollment for a session outside a learner's waking hours."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]


@pytest.fixture
def pair(run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = write_course(COURSE)
    for name in ("ann", "bob"):
        assert run_cli("enroll", course, "-l", name, "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+01:00")
    assert run_cli("done", "intro", "kickoff", "-l", "bob").exit_code == 0
    return course


def _store() -> sqlite3.Connection:
    import os

    return sqlite3.connect(os.environ["LEARNSYNC_STORE"])


def test_unenroll_refuses_without_saying_what_happens_to_the_events(
    run_cli: Run, pair: Path
) -> None:
    result = run_cli("unenroll", "bob")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: say what happens to the learner's events: --keep-events (withdraw, keeping the "
        "record) or --delete-events (erase the enrollment and its events)\n"
    )
    both = run_cli("unenroll", "bob", "--keep-events", "--delete-events")
    assert both.exit_code == 2
    assert both.stderr == "error: --keep-events and --delete-events cannot be used together\n"
    assert (
        json.loads(run_cli("report", "sprint", "-f", "json").stdout)["learners"][1]["learner"]
        == "bob"
    )


def test_a_withdrawn_learner_keeps_their_events_and_leaves_every_view(
    run_cli: Run, pair: Path
) -> None:
    result = run_cli("unenroll", "bob", "--keep-events")
    assert result.exit_code == 0
    assert result.stdout == (
        "Withdrew bob from sprint; their 2 events are kept, out of the team views.\n"
    )
    report = json.loads(run_cli("report", "sprint", "-f", "json").stdout)
    assert [row["learner"] for row in report["learners"]] == ["ann"]
    assert [
        r["learner"] for r in json.loads(run_cli("remind", "-f", "json").stdout)["reminders"]
    ] == ["ann"]
    assert run_cli("next", "-l", "bob").exit_code == 1
    connection = _store()
    assert connection.execute("SELECT count(*) FROM events").fetchone() == (2,)
    withdrawn = connection.execute("SELECT withdrawn_at FROM enrollments WHERE learner = 'bob'")
    assert withdrawn.fetchone() == ("2027-01-05T17:00:00+00:00",)
    again = run_cli("enroll", pair, "-l", "bob")
    assert again.exit_code == 1
    assert again.stderr == (
        "error: bob withdrew from sprint and their events are kept; to enroll again, erase them "
        "first: learnsync unenroll bob --course sprint --delete-events\n"
    )


def test_a_learner_is_looked_up_by_name_as_the_list_of_learners_holds_them(
    run_cli: Run, pair: Path
) -> None:
    import os

    from learnsync.store import open_store

    assert run_cli("unenroll", "bob", "--keep-events").exit_code == 0
    with open_store(Path(os.environ["LEARNSYNC_STORE"])) as store:
        for name in ("ann", "bob", "carl", "Ann", ""):
            for withdrawn in (False, True):
                assert store.is_learner(name, include_withdrawn=withdrawn) == (
                    name in store.learners(include_withdrawn=withdrawn)
                )
        assert store.is_learner("ann") and not store.is_learner("bob")
        assert store.is_learner("bob", include_withdrawn=True)


def test_delete_events_erases_the_enrollment_its_events_and_plans_in_one_go(
    run_cli: Run, pair: Path
) -> None:
    result = run_cli("unenroll", "bob", "--delete-events", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "schema_version": 1,
        "learner": "bob",
        "course": "sprint",
        "action": "erased",
        "events": 2,
        "at": "2027-01-05T18:00:00+01:00",
    }
    connection = _store()
    assert connection.execute(
        "SELECT count(*) FROM enrollments WHERE learner = 'bob'"
    ).fetchone() == (0,)
    assert connection.execute("SELECT count(*) FROM events").fetchone() == (0,)
    assert connection.execute("SELECT count(*) FROM plans").fetchone() == (1,)
    assert connection.execute("SELECT count(*) FROM erasing").fetchone() == (0,)
    assert run_cli("enroll", pair, "-l", "bob").exit_code == 0  # a fresh start


def test_events_and_plans_stay_append_only_outside_an_erasure(run_cli: Run, pair: Path) -> None:
    connection = _store()
    for table in ("events", "plans"):
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} are append-only"):
            connection.execute(f"DELETE FROM {table}")


def test_a_withdrawn_learner_can_still_be_erased(run_cli: Run, pair: Path) -> None:
    assert run_cli("unenroll", "bob", "--keep-events").exit_code == 0
    result = run_cli("unenroll", "bob", "--delete-events")
    assert result.exit_code == 0
    assert result.stdout == "Erased bob's enrollment in sprint with its 2 events and plans.\n"


def test_unenroll_an_unknown_learner_is_exit_1_with_a_hint(run_cli: Run, pair: Path) -> None:
    result = run_cli("unenroll", "bobb", "--keep-events")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: bobb is not enrolled in any course; did you mean 'bob'? (enrolled: ann, bob)\n"
    )


def test_a_mandatory_session_outside_waking_hours_gets_a_warning(
    run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+00:00")
    course = write_course(COURSE)
    args = ("enroll", course, "--start", "2027-01-04", "--timezone", "America/New_York")
    result = run_cli(*args, "-l", "nyc")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: kickoff is at 04:00 in America/New_York on Mon 04 Jan\n"
        "hint: mandatory sessions outside 07:00–22:00 in the learner's zone\n"
    )
    document = json.loads(run_cli(*args, "-l", "nyc2", "-f", "json").stdout)
    assert document["enrollment"]["warnings"] == [
        "kickoff is at 04:00 in America/New_York on Mon 04 Jan"
    ]
    berlin = run_cli("enroll", course, "--start", "2027-01-04", "-l", "ber")
    assert berlin.stderr == ""


def test_the_waking_hours_rule_looks_at_both_ends_of_a_session() -> None:
    from datetime import UTC, datetime, timedelta

    from learnsync.enrollments import sleeping_sessions
    from tests.conftest import tiny_plan

    plan = tiny_plan()
    session = type("S", (), {})  # only the attributes the rule reads

    def at(hour: int, minutes: int) -> object:
        start = datetime(2027, 1, 4, hour, tzinfo=UTC)
        item = session()
        item.id, item.mandatory, item.start = "s", True, start
        item.end = start + timedelta(minutes=minutes)
        return item

    def found(*sessions: object) -> list[str]:
        return sleeping_sessions(plan._replace(sessions=sessions, display_timezone="UTC"))

    assert found(at(7, 60)) == []
    assert found(at(21, 60)) == []
    assert found(at(6, 60)) == ["s is at 06:00 in UTC on Mon 04 Jan"]
    assert found(at(21, 90)) == ["s is at 21:00 in UTC on Mon 04 Jan"]
    assert found(at(22, 30)) == ["s is at 22:00 in UTC on Mon 04 Jan"]


def test_a_sessions_attendance_for_several_learners_in_one_command(
    run_cli: Run, pair: Path
) -> None:
    result = run_cli("done", "kickoff", "-l", "ann", "-l", "bob")
    assert result.exit_code == 0
    assert result.stdout == (
        "Attended: kickoff (Kickoff): ann\n"
        "Already recorded, not counted twice: kickoff (Kickoff): bob\n"
    )
    status = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)
    assert status["points"] == 5


def test_attendance_for_a_roster(run_cli: Run, pair: Path, tmp_path: Path) -> None:
    roster = tmp_path / "team.toml"
    roster.write_text('[[learner]]\nid = "ann"\n\n[[learner]]\nid = "bob"\n', encoding="utf-8")
    document = json.loads(run_cli("done", "kickoff", "--roster", roster, "-f", "json").stdout)
    assert [(d["learner"], [r["id"] for r in d["recorded"]]) for d in document["learners"]] == [
        ("ann", ["kickoff"]),
        ("bob", []),
    ]


def test_several_learners_is_for_sessions_only_and_records_nothing_else(
    run_cli: Run, pair: Path
) -> None:
    result = run_cli("done", "kickoff", "practice", "-l", "ann", "-l", "bob")
    assert result.exit_code == 1  # a refused action, as an unknown id is: no usage error
    assert result.stderr == (
        "error: 'practice' is a task of sprint, not a live session: several learners at once is "
        "for a session's attendance; record tasks one learner at a time: "
        "learnsync done practice --learner ann\n"
    )
    unknown = run_cli("done", "kickoff", "-l", "ann", "-l", "bobb")
    assert unknown.exit_code == 1
    events = json.loads(run_cli("export").stdout)["events"]
    assert [(e["learner"], e["item"]) for e in events] == [("bob", "intro"), ("bob", "kickoff")]
