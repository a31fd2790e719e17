"""What counts, in every view: an event of the kind its item does not take (a task attended, a
session done: ``tracking.misfit``) or of an id the plan no longer holds counts nowhere, and
the day an event counts on is the learner's, in every view: status, report, enrollments, the
dashboards, the burndowns and the export."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from learnsync.charts import burndown, cohort_burndown, study_calendar
from learnsync.planning.model import item_ids
from learnsync.progress import progress, replay
from learnsync.tracking import Event, event_counts, last_activity, misfit, session_ids
from tests.test_one_truth import WITH_A_SESSION, _write_by_hand
from tests.test_progress import sprint

Run = Callable[..., Result]
Write = Callable[..., Path]

PRACTISE_ATTENDED = (
    "'practise' is a task, not a live session: 'attended' is for sessions; "
    "record the task with: learnsync done practise"
)
KICKOFF_DONE = (
    "'kickoff' is a live session: it is attended, not done; "
    "record its attendance with: learnsync done kickoff"
)


def _json(result: Result) -> Any:
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def store_with_misfits(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    """ann (Berlin) did ``read`` on Tuesday 5 January at 18:00; later that evening a task
    attended, a session done and a task the course does not have were written by hand."""
    store = tmp_path / "store.sqlite3"
    monkeypatch.setenv("LEARNSYNC_STORE", str(store))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(WITH_A_SESSION)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T12:00:00+01:00")
    assert run_cli("done", "read", "-l", "ann", "--at", "2027-01-05T18:00").exit_code == 0
    _write_by_hand(
        store,
        ("attended", "practise", "2027-01-05T19:30:00+00:00"),
        ("done", "kickoff", "2027-01-05T19:45:00+00:00"),
        ("done", "gone", "2027-01-06T09:00:00+00:00"),
    )
    return store


def test_the_export_keeps_every_event_and_marks_those_that_count_nowhere(
    run_cli: Run, store_with_misfits: Path
) -> None:
    events = _json(run_cli("export", "-f", "json"))["events"]
    assert [(e["kind"], e["item"], e["counts"], e["misfit"], e["late"]) for e in events] == [
        ("done", "read", True, None, False),
        ("attended", "practise", False, PRACTISE_ATTENDED, None),
        ("done", "kickoff", False, KICKOFF_DONE, None),
        ("done", "gone", False, None, None),  # an id the plan does not hold: no misfit, no count
    ]
    rows = list(csv.DictReader(io.StringIO(run_cli("export", "-f", "csv").stdout)))
    assert [(row["item"], row["counts"], row["misfit"]) for row in rows] == [
        ("read", "true", ""),
        ("practise", "false", PRACTISE_ATTENDED),
        ("kickoff", "false", KICKOFF_DONE),
        ("gone", "false", ""),
    ]
    statements = json.loads(run_cli("export", "-f", "xapi").stdout)
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in statements] == ["read"]


def test_an_empty_export_has_the_columns_of_what_counts(run_cli: Run, write_course: Write) -> None:
    path = write_course(WITH_A_SESSION)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    header = run_cli("export", "-f", "csv").stdout.splitlines()[0]
    assert header.endswith(",deadline,late,counts,misfit")


@pytest.mark.parametrize("rebuilt", [False, True], ids=["replayed", "snapshot"])
def test_events_that_count_nowhere_are_no_activity_in_any_view(
    run_cli: Run, store_with_misfits: Path, rebuilt: bool
) -> None:
    if rebuilt:
        assert run_cli("store", "rebuild").exit_code == 0
    last = "2027-01-05T18:00:00+01:00"  # read's, in ann's zone; the later events count nowhere
    assert _json(run_cli("status", "-l", "ann", "-f", "json"))["last_activity"] == last
    [row] = _json(run_cli("report", "git", "-f", "json"))["learners"]
    assert row["last_activity"] == last
    [listed] = _json(run_cli("enrollments", "-f", "json"))["enrollments"]
    assert listed["last_activity"] == last
    page = run_cli("report", "git", "-f", "html").stdout
    assert re.findall(r'<td><time datetime="([^"]*)">', page) == [last]


def test_a_snapshot_dated_by_an_event_that_counts_nowhere_is_replayed_on_opening(
    run_cli: Run, store_with_misfits: Path
) -> None:
    """Before migration 0023 a snapshot took the last activity from every event: opened now,
    it is replayed, events untouched."""
    import sqlite3

    from tests.store.test_snapshots import rewind

    assert run_cli("store", "rebuild").exit_code == 0
    connection = sqlite3.connect(store_with_misfits)
    (data,) = connection.execute("SELECT data FROM progress_snapshots").fetchone()
    older = {**json.loads(data), "last_activity": "2027-01-06T09:00:00+00:00"}
    connection.execute("UPDATE progress_snapshots SET data = ?", (json.dumps(older),))
    rewind(connection, "0023_date_activity_by_what_counts")
    connection.commit()
    connection.close()
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert status["last_activity"] == "2027-01-05T18:00:00+01:00"
    assert len(_json(run_cli("export", "-f", "json"))["events"]) == 4


def test_the_burndowns_and_status_leave_the_same_work_after_misfits_and_an_undo(
    run_cli: Run, store_with_misfits: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """practise done on Wednesday and taken back on Thursday, a task attended, a session done:
    status, the learner's page and the team page leave the same required work, and neither
    burndown counts practise on any day."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T18:00:00+01:00")
    assert run_cli("done", "practise", "-l", "ann").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T18:00:00+01:00")
    assert run_cli("undo", "practise", "-l", "ann").exit_code == 0
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    left = status["total_minutes"] - status["done_minutes"]
    assert left == 4 * 60 + 30 - 60
    learner = run_cli("status", "-l", "ann", "-f", "html").stdout
    team = run_cli("report", "git", "-f", "html").stdout
    for page in (learner, team):
        shown = re.search(
            r"effort[^:]*: <strong>([^<]*)</strong> of 4h30m left on 2027-01-07", page
        )
        assert shown is not None and shown.group(1) == "3h30m"
    assert _rows(learner) == _rows(team)
    assert _rows(learner)[:2] == [("2027-01-04", "4h30m"), ("2027-01-07", "3h30m")]


def _rows(page: str) -> list[tuple[str, str]]:
    """The burndown table's days and the work left done (none after today)."""
    cells = re.findall(
        r'<tr><th scope="row">(\d{4}-\d\d-\d\d)</th><td>[^<]*</td><td>([^<]*)</td>', page
    )
    return [(day, left) for day, left in cells if left]


def test_a_task_for_several_learners_is_refused_as_an_unknown_id_is_with_exit_1(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(WITH_A_SESSION)
    for name in ("ann", "bob"):
        assert run_cli("enroll", path, "-l", name, "--start", "2027-01-04").exit_code == 0
    task = run_cli("done", "read", "-l", "ann", "-l", "bob")
    assert (task.exit_code, task.stderr) == (
        1,
        "error: 'read' is a task of git, not a live session: several learners at once is for a "
        "session's attendance; record tasks one learner at a time: "
        "learnsync done read --learner ann\n",
    )
    unknown = run_cli("done", "nope", "-l", "ann", "-l", "bob")
    alone = run_cli("done", "nope", "-l", "ann")
    assert (unknown.exit_code, unknown.stderr) == (alone.exit_code, alone.stderr)
    assert alone.exit_code == 1 and alone.stderr.startswith("error: 'nope' ")
    assert _json(run_cli("export", "-f", "json"))["events"] == []


# -- properties: whatever the events, every view counts the same work on the same days -------

START = datetime(2027, 1, 3, 12, tzinfo=UTC)  # the day before the start, at noon in UTC


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    """Completions of the right kind and of the other, undos and unknown ids, at any minute of
    three weeks (around midnight in Berlin and in UTC too), recorded in any order."""
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["done", "attended", "undone"]),
                st.sampled_from(["a", "b", "c", "d", "e", "kick", "gone"]),
                st.integers(min_value=0, max_value=21 * 24 * 60),
                st.sampled_from([0, 1, 59, 60, 61]),
            ),
            max_size=14,
        )
    )
    return [
        Event(kind, item, START + timedelta(minutes=minutes - near), id=number + 1)
        for number, (kind, item, minutes, near) in enumerate(steps)
    ]


@settings(max_examples=120, deadline=None)
@given(histories(), st.integers(min_value=0, max_value=24))
def test_every_view_counts_the_same_required_work_on_the_same_learner_days(
    events: list[Event], days: int
) -> None:
    made = sprint()
    now = START + timedelta(days=days, hours=10)
    events = [event for event in events if event.at <= now]  # done refuses a time ahead
    result = progress(made, events, now)
    replayed = replay(made, events)
    by_day = replayed.required_minutes_by_day or {}
    chart = burndown(made, events, result.today, 0)
    # the learner's burndown is a cohort's of one learner, and leaves what status leaves today
    assert chart.done == cohort_burndown([(made, by_day)], result.today).done
    if result.today >= made.start:
        assert chart.done[-1] == result.total_minutes - result.done_minutes
    else:
        assert chart.done == ()
    # an event that counts nowhere changes no view at all
    items, sessions = frozenset(item_ids(made)), session_ids(made)
    counted = [e for e in events if event_counts(e.kind, e.item, items, sessions)]
    assert replay(made, counted) == replayed
    assert burndown(made, counted, result.today, 0) == chart
    assert study_calendar(made, counted, result.today) == study_calendar(made, events, result.today)
    assert result.last_activity == last_activity(counted, items, sessions)
    assert result.last_activity == max((e.at for e in counted), default=None)
    # the days work counts on are the learner's: the study calendar marks the streak's days
    calendar = study_calendar(made, events, result.today)
    marked = {
        calendar.first_monday + timedelta(weeks=week, days=weekday)
        for week, row in enumerate(calendar.weeks)
        for weekday, count in enumerate(row)
        if count
    }
    assert marked == {day for day in replayed.study_days if made.start <= day <= result.today}


@given(
    st.sampled_from(["done", "attended", "undone", "other"]),
    st.sampled_from(["a", "kick", "gone"]),
)
def test_an_event_counts_when_it_fits_its_item_and_the_plan_holds_it(kind: str, item: str) -> None:
    sessions = frozenset({"kick"})
    items = frozenset({"a", "kick"})
    fits = kind == "undone" or kind == ("attended" if item == "kick" else "done")
    assert event_counts(kind, item, items, sessions) == (item in items and fits)
    # misfit names exactly the completions of the other kind
    assert (misfit(kind, item, sessions) is not None) == (
        kind in ("done", "attended") and (kind == "attended") != (item in sessions)
    )


def test_done_before_the_start_counts_on_the_first_day_in_both_burndowns() -> None:
    made = sprint()
    early = [Event("done", "a", datetime(2027, 1, 2, 12, tzinfo=UTC), id=1)]
    today = date(2027, 1, 5)
    by_day = replay(made, early).required_minutes_by_day or {}
    chart = burndown(made, early, today, 0)
    assert chart.done == cohort_burndown([(made, by_day)], today).done
    total = sum(task.effort_minutes for task in made.tasks if not task.optional)
    assert chart.done == (total - 30, total - 30)


@pytest.mark.parametrize(
    ("zone", "now", "passed"),
    [
        # 20:00 in New York on Wednesday is 02:00 on Thursday in Berlin: the quiz's deadline
        # (the end of Wednesday in the course's zone) is past while the learner's day is still
        # Wednesday
        ("America/New_York", "2027-01-06T20:00:00-05:00", True),
        ("America/New_York", "2027-01-06T17:00:00-05:00", False),
        # 02:00 on Thursday in Tokyo is 18:00 on Wednesday in Berlin: not past yet
        ("Asia/Tokyo", "2027-01-07T02:00:00+09:00", False),
    ],
)
def test_a_deadline_has_passed_in_every_view_when_its_end_is_past_whatever_the_learners_day(
    run_cli: Run,
    write_course: Write,
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
    now: str,
    passed: bool,
) -> None:
    from tests.test_one_truth import HARD_QUIZ

    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(HARD_QUIZ)
    enrolled = run_cli("enroll", path, "-l", "joe", "--start", "2027-01-04", "--timezone", zone)
    assert enrolled.exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", now)
    assert run_cli("done", "read", "practise", "-l", "joe").exit_code == 0
    status = _json(run_cli("status", "-l", "joe", "-f", "json"))
    milestone = _json(run_cli("next", "-l", "joe", "-f", "json"))["courses"][0]["milestone"]
    assert (status["next_deadline"]["item"], milestone["item"]) == ("quiz", "quiz")
    assert status["next_deadline"]["passed"] is milestone["passed"] is passed
    assert [task["id"] for task in status["overdue"]] == (["quiz"] if passed else [])
    text = run_cli("status", "-l", "joe").stdout
    word = "passed" if passed else "next"
    assert f"  Deadline  {word} Wed 06 Jan 2027: quiz, 1 required task" in text
    # the forecast gives odds of the deadlines still ahead only, in status and in report
    odds = [deadline["id"] for deadline in status["forecast"]["deadlines"]]
    assert odds == (["basics"] if passed else ["quiz", "basics"])
    [row] = _json(run_cli("report", "git", "-f", "json"))["learners"]
    assert (row["riskiest_deadline"] == "quiz") is not passed


@pytest.mark.parametrize(
    ("options", "at", "now", "words", "seen"),
    [
        # 00:30 on Wednesday in Tokyo is still Tuesday in UTC, the viewer's zone here
        (
            ("--timezone", "Asia/Tokyo"),
            "2027-01-06T00:30",
            "2027-01-06T20:00:00+09:00",
            "today",
            "Wed 06 Jan",
        ),
        # 02:30 on Wednesday counts for Tuesday with a day that begins at 04:00
        (
            ("--day-start", "04:00"),
            "2027-01-06T02:30",
            "2027-01-06T20:00:00+01:00",
            "yesterday",
            "Tue 05 Jan",
        ),
    ],
)
def test_the_last_activity_is_told_in_the_learners_days_as_their_streak_counts_them(
    run_cli: Run,
    write_course: Write,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    at: str,
    now: str,
    words: str,
    seen: str,
) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")  # the viewer's zone, which decides nothing
    time.tzset()
    try:
        monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
        path = write_course(WITH_A_SESSION)
        enrolled = run_cli("enroll", path, "-l", "joe", "--start", "2027-01-04", *options)
        assert enrolled.exit_code == 0
        monkeypatch.setenv("LEARNSYNC_NOW", now)
        assert run_cli("done", "read", "-l", "joe", "--at", at).exit_code == 0
        [row] = _json(run_cli("report", "git", "-f", "json"))["learners"]
        assert row["last_activity_days"] == (0 if words == "today" else 1)
        table = run_cli("report", "git").stdout.splitlines()
        [line] = [line for line in table if line.startswith("joe ")]
        assert f" {words} " in line
        page = run_cli("report", "git", "-f", "html").stdout
        assert re.findall(r'<td><time datetime="[^"]*">([^<]*)</time>', page) == [words]
        [listed] = [line for line in run_cli("enrollments").stdout.splitlines() if "joe" in line]
        assert listed.rstrip().endswith(seen)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_badge_is_dated_on_the_learners_day_in_every_view(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a day that begins at 04:00, work at 02:30 on Wednesday counts for Tuesday: the badge
    it earns is dated Tuesday by status (JSON and text), badges, and both pages, as its streak
    day is."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(WITH_A_SESSION)
    enrolled = run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04", "--day-start", "04:00")
    assert enrolled.exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+01:00")
    assert run_cli("done", "read", "-l", "ann", "--at", "2027-01-06T02:30").exit_code == 0
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    [badge] = status["badges"]
    assert (badge["id"], badge["earned_at"], badge["earned_on"]) == (
        "first-step",
        "2027-01-06T02:30:00+01:00",
        "2027-01-05",
    )
    assert status["streak"]["current"] == 1 and status["today"] == "2027-01-06"
    assert "★ First step (Tue 05 Jan)" in run_cli("status", "-l", "ann").stdout
    listed = _json(run_cli("badges", "-l", "ann", "-f", "json"))["badges"]
    assert [b["earned_on"] for b in listed if b["earned"]] == ["2027-01-05"]
    assert "earned Tue 05 Jan" in run_cli("badges", "-l", "ann").stdout
    for page in (
        run_cli("status", "-l", "ann", "-f", "html").stdout,
        run_cli("report", "git", "-f", "html").stdout,
    ):
        assert '<time datetime="2027-01-06T02:30:00+01:00">2027-01-05</time>' in page


@pytest.mark.parametrize(
    ("zone", "start", "quiz_ends"),
    [
        ("Europe/Berlin", "2027-01-04", datetime(2027, 1, 9, 23, tzinfo=UTC)),
        # the quiz is due on Saturday 4 September 2027, whose midnight Santiago's clocks skip:
        # it ends at 01:00 on Sunday, their first instant
        ("America/Santiago", "2027-08-30", datetime(2027, 9, 5, 4, tzinfo=UTC)),
    ],
)
def test_the_calendars_to_dos_are_due_the_second_before_their_deadline_ends(
    run_cli: Run, write_course: Write, zone: str, start: str, quiz_ends: datetime
) -> None:
    from icalendar import Calendar

    from learnsync.course.loader import load_course
    from learnsync.planning import plan as make_plan
    from learnsync.rules import deadline_end
    from tests.test_one_truth import HARD_QUIZ

    text = HARD_QUIZ.replace('"Europe/Berlin"', f'"{zone}"').replace("day 3", "day 6")
    path = write_course(text)
    shown = run_cli("plan", path, "--start", start, "-f", "ics")
    assert shown.exit_code == 0, shown.stderr
    due = {
        str(todo["UID"]).split("@")[0].removeprefix("due-"): todo.decoded("due")
        for todo in Calendar.from_ical(shown.stdout).walk("VTODO")
    }
    planned = make_plan(load_course(path), start=date.fromisoformat(start))
    ends = {task.id: deadline_end(task, planned) for task in planned.tasks}
    # as instants (an aware time in a gap equals no time of another zone: PEP 495)
    with_deadline = {item: end.astimezone(UTC) for item, end in ends.items() if end is not None}
    assert with_deadline["quiz"] == quiz_ends
    assert {item: due[item] for item in with_deadline} == {
        item: end - timedelta(seconds=1) for item, end in with_deadline.items()
    }
