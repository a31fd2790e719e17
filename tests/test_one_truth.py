"""One truth about an enrollment: every command shows the same numbers, lateness is judged
against the author's deadlines and survives replans, days are the learner's days."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from learnsync import rules
from learnsync.charts import study_calendar
from learnsync.enrollments import merge_done
from learnsync.errors import PlanError
from learnsync.planning import plan
from learnsync.planning.model import Plan
from learnsync.planning.planner import replan
from learnsync.progress import progress, replay
from learnsync.tracking import (
    Event,
    ItemState,
    completion_kind,
    done_items,
    item_states,
    next_view,
    session_ids,
)
from tests.planning.helpers import course, module, task
from tests.test_progress import sprint

Run = Callable[..., Result]
Write = Callable[..., Path]
MONDAY = date(2027, 1, 4)

# A sync course with a hard quiz deadline, a module deadline and an optional task.
HARD_QUIZ = """\
[course]
id = "git"
title = "Git"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[[module]]
id = "basics"
title = "Basics"
due = "week 2"

[[module.task]]
id = "read"
title = "Read"
effort = "1h"

[[module.task]]
id = "practise"
title = "Practise"
effort = "1h"

[[module.task]]
id = "quiz"
title = "Quiz"
kind = "quiz"
effort = "30m"
due = "day 3"

[[module.task]]
id = "extra"
title = "Extra"
effort = "30m"
optional = true

[[module.task]]
id = "wrap-up"
title = "Wrap up"
effort = "2h"
"""


def _json(result: Result) -> Any:
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def hard_quiz(run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(HARD_QUIZ)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    return path


def test_replan_keeps_lateness(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The quiz is due at the end of day 3 (Wed 6 Jan); ann does it on Thursday, after a replan.
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T09:00:00+01:00")
    before = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert [task["id"] for task in before["overdue"]] == ["quiz"]
    assert before["behind"] is True
    assert _json(run_cli("replan", "-l", "ann", "-f", "json"))["replans"] == 1
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T18:00:00+01:00")
    recorded = _json(run_cli("done", "read", "practise", "quiz", "-l", "ann", "-f", "json"))
    assert [(entry["id"], entry["late"]) for entry in recorded["recorded"]] == [
        ("read", False),
        ("practise", False),
        ("quiz", True),
    ]
    after = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (after["on_time"], after["late"], after["with_deadline_done"]) == (2, 1, 3)
    assert after["points"] == 10 + 10 + 3  # the quiz's 5 points, halved, rounded half up
    assert after["replans"] == 1
    assert "punctual" not in {badge["id"] for badge in after["badges"]}
    row = _json(run_cli("report", "git", "-f", "json"))["learners"][0]
    assert (row["late"], row["replans"], row["on_time_rate"]) == (1, 1, 0.667)


def test_a_second_replan_keeps_the_verdicts_and_shows_the_finish_shift(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T18:00:00+01:00")
    run_cli("done", "quiz", "-l", "ann")
    first = _json(run_cli("status", "-l", "ann", "-f", "json"))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T09:00:00+01:00")
    run_cli("replan", "-l", "ann")
    run_cli("replan", "-l", "ann")
    later = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (later["late"], later["points"]) == (first["late"], first["points"]) == (1, 3)
    assert later["replans"] == 2
    assert later["finish_shift_days"] == 7  # Fri 8 Jan in the first plan, Fri 15 Jan now
    listing = _json(run_cli("enrollments", "-f", "json"))["enrollments"][0]
    assert (listing["replans"], listing["finish_shift_days"]) == (2, 7)
    text = run_cli("status", "-l", "ann").stdout.splitlines()
    assert "  Replans   2: the planned finish moved +7 days from the first plan" in text
    report = run_cli("report", "git").stdout
    assert "replans" in report


def test_replan_onto_an_edited_course_keeps_recorded_verdicts(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T18:00:00+01:00")
    run_cli("done", "quiz", "-l", "ann")  # a day late
    hard_quiz.write_text(HARD_QUIZ.replace('due = "day 3"', 'due = "day 5"'))
    assert run_cli("replan", "--course", hard_quiz, "-l", "ann").exit_code == 0
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["late"], status["points"]) == (1, 3)


def test_module_finished_before_its_deadline_is_on_time(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each task is planned for its own day; ann does them all on day 5, before the module's
    # deadline at the end of week 2: behind the plan, never late.
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(HARD_QUIZ.replace('due = "day 3"\n', ""))
    run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T18:00:00+01:00")
    run_cli("done", "read", "practise", "quiz", "wrap-up", "-l", "ann")
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["on_time"], status["late"], status["on_time_rate"]) == (4, 0, 1.0)
    assert status["points"] == 10 + 10 + 5 + 20


def test_optional_work_is_never_overdue_behind_or_counted_as_required(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-20T09:00:00+01:00")
    run_cli("done", "read", "practise", "quiz", "wrap-up", "-l", "ann")
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["overdue"], status["behind_minutes"], status["on_track"]) == ([], 0, True)
    assert status["counts"] == "4/4 required, 0/1 optional"
    courses = _json(run_cli("next", "-l", "ann", "-f", "json"))["courses"]
    assert courses[0]["overdue"] == []
    assert _json(run_cli("remind", "-f", "json"))["reminders"] == []


def test_next_deadline_names_a_passed_deadline_with_required_work_open(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T09:00:00+01:00")
    run_cli("done", "extra", "-l", "ann")
    milestone = _json(run_cli("next", "-l", "ann", "-f", "json"))["courses"][0]["milestone"]
    assert milestone == {
        "module": "basics",
        "item": "quiz",
        "due": "2027-01-06",
        "tasks_left": 1,
        "tasks": ["quiz"],
        "passed": True,
    }
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert status["next_deadline"] == {
        "date": "2027-01-06",
        "module": "basics",
        "item": "quiz",
        "tasks_left": 1,
        "tasks": ["quiz"],
        "passed": True,
    }


def test_every_command_shows_the_same_counts_for_one_enrollment(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+01:00")
    run_cli("done", "read", "extra", "-l", "ann")
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    listing = _json(run_cli("enrollments", "-f", "json"))["enrollments"][0]
    row = _json(run_cli("report", "git", "-f", "json"))["learners"][0]
    counts = "1/4 required, 1/1 optional"
    assert status["counts"] == listing["counts"] == row["counts"] == counts
    assert (status["done"], status["total"]) == (listing["done"], listing["total"]) == (1, 4)
    assert (row["done"], row["total"], row["optional_done"]) == (1, 4, 1)
    assert "1/4 required, 1/1 optional" in run_cli("status", "-l", "ann").stdout
    enrolled = run_cli("enroll", hard_quiz, "-l", "bob", "--start", "2027-01-04").stdout
    assert "  4 required tasks, 1 optional, done by" in enrolled


def test_new_york_learners_badge_is_dated_on_his_day(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(HARD_QUIZ)
    run_cli("enroll", path, "-l", "joe", "--start", "2027-01-04", "--timezone", "America/New_York")
    # Tuesday 12 January, 20:30 in New York, is already Wednesday in UTC and in Berlin.
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-13T01:30:00+00:00")
    run_cli("done", "read", "-l", "joe")
    status = _json(run_cli("status", "-l", "joe", "-f", "json"))
    assert status["today"] == "2027-01-12"
    assert status["badges"][0]["earned_at"] == "2027-01-12T20:30:00-05:00"
    assert "★ First step (Tue 12 Jan)" in run_cli("status", "-l", "joe").stdout
    badges = run_cli("badges", "-l", "joe").stdout
    assert "earned Tue 12 Jan" in badges


def test_roster_calendars_have_distinct_uids_per_learner(
    run_cli: Run, write_course: Write, tmp_path: Path
) -> None:
    from icalendar import Calendar

    roster = write_course('[[learner]]\nid = "ann"\n\n[[learner]]\nid = "bob"\n', "team.toml")
    path = write_course(HARD_QUIZ)
    out = tmp_path / "plans"
    result = run_cli(
        "plan", path, "--roster", roster, "--output-dir", out, "-f", "ics", "--start", "2027-01-04"
    )
    assert result.exit_code == 0, result.stderr
    uids: dict[str, set[str]] = {}
    for name in ("ann", "bob"):
        calendar = Calendar.from_ical((out / f"{name}.ics").read_text())
        uids[name] = {str(component["UID"]) for component in calendar.walk() if "UID" in component}
    assert uids["ann"] and not uids["ann"] & uids["bob"]
    team = Calendar()  # one shared team calendar holding both
    for name in ("ann", "bob"):
        for component in Calendar.from_ical((out / f"{name}.ics").read_text()).subcomponents:
            team.add_component(component)
    read_back = Calendar.from_ical(team.to_ical())
    assert len({str(c["UID"]) for c in read_back.walk() if "UID" in c}) == 2 * len(uids["ann"])


def test_a_learners_uids_survive_a_replan(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = run_cli("export", "-f", "ics", "-l", "ann").stdout
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T09:00:00+01:00")
    run_cli("replan", "-l", "ann")
    after = run_cli("export", "-f", "ics", "-l", "ann").stdout

    def uids(text: str) -> set[str]:
        return {line for line in text.splitlines() if line.startswith("UID:")}

    assert "UID:due-quiz.ann@git.learnsync" in uids(before) & uids(after)


# -- properties over generated courses and histories -------------------------------------------


@st.composite
def courses_and_histories(draw: st.DrawFn) -> tuple[Plan, Any, list[Event], datetime]:
    modules = []
    names = iter(f"t{number}" for number in range(100))
    for index in range(draw(st.integers(1, 3))):
        tasks = []
        for _ in range(draw(st.integers(1, 3))):
            keys: dict[str, Any] = {"optional": draw(st.booleans())}
            if draw(st.booleans()):
                keys["due"] = f"day {draw(st.integers(1, 12))}"
            tasks.append(task(next(names), draw(st.sampled_from([15, 30, 60, 90])), **keys))
        module_keys = {"due": f"week {draw(st.integers(1, 3))}"} if draw(st.booleans()) else {}
        modules.append(module(f"m{index}", *tasks, **module_keys))
    subject = course(modules, calendar={"daily": "8h"})
    try:
        made = plan(subject, start=MONDAY)
    except PlanError:
        assume(False)
        raise
    tasks_by_id = {planned.id: planned for planned in made.tasks}
    events: list[Event] = []
    for _ in range(draw(st.integers(0, 12))):
        identifier = draw(st.sampled_from(sorted(tasks_by_id)))
        moment = datetime(2027, 1, 4, 6, tzinfo=UTC) + timedelta(
            hours=draw(st.integers(0, 24 * 20))
        )
        if draw(st.integers(0, 4)) == 0:
            events.append(Event("undone", identifier, moment))
        else:
            deadline = rules.completion_deadline(tasks_by_id[identifier], made)
            events.append(Event("done", identifier, moment, None, None, deadline))
    events.sort(key=lambda event: event.at)
    now = datetime(2027, 1, 4, 6, tzinfo=UTC) + timedelta(hours=draw(st.integers(0, 24 * 25)))
    return made, subject, events, now


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(courses_and_histories())
def test_the_numbers_agree_and_a_replan_changes_no_verdict(
    case: tuple[Plan, Any, list[Event], datetime],
) -> None:
    made, subject, events, now = case
    result = progress(made, events, now)
    # every completion with a deadline is on time or late, never both
    assert result.on_time + result.late == result.with_due_done
    # optional work is never overdue, behind or due
    optional = {planned.id for planned in made.tasks if planned.optional}
    assert not optional & {planned.id for planned in result.overdue}
    assert not optional & {planned.id for planned in result.due_soon}
    done = done_items(events, session_ids(made))
    behind = rules.behind(made, done, result.today)
    assert behind is not None and not optional & {planned.id for planned in behind.tasks}
    # next and status show the same overdue work and the same next deadline
    view = next_view(made, done, now)
    assert [planned.id for planned in view.overdue] == [planned.id for planned in result.overdue]
    assert view.deadline == result.next_deadline
    # a replan from today keeps every recorded completion's verdict, points and badges
    fresh, _missed = replan(subject, start=MONDAY, today=result.today, done=frozenset(done))
    replanned = merge_done(made, fresh, set(done))
    again = progress(replanned, events, now)
    assert (again.on_time, again.late, again.points) == (result.on_time, result.late, result.points)
    assert [(s.badge.id, s.earned_at) for s in again.badges] == [
        (s.badge.id, s.earned_at) for s in result.badges
    ]
    assert [planned.id for planned in again.overdue] == [planned.id for planned in result.overdue]


def test_a_task_done_again_after_an_undo_counts_whatever_time_it_is_dated(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+01:00")
    run_cli("done", "read", "-l", "ann")
    run_cli("undo", "read", "-l", "ann")
    again = run_cli("done", "read", "--at", "2027-01-05 09:00", "-l", "ann", "-f", "json")
    assert json.loads(again.stdout)["points_gained"] == 10
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["done"], status["points"], status["streak_days"]) == (1, 10, 1)
    assert run_cli("done", "read", "-l", "ann").stdout.startswith("Already done: read (on Tue")


def test_after_a_replan_overdue_work_still_keeps_a_learner_off_track(
    run_cli: Run, hard_quiz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T09:00:00+01:00")
    run_cli("replan", "-l", "ann")
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["behind"], status["behind_minutes"]) == (False, 0)
    assert [task["id"] for task in status["overdue"]] == ["quiz"]
    assert status["on_track"] is False
    assert status["catch_up"] is not None
    # next asks for catch-up advice exactly when status does, and gives the same
    following = _json(run_cli("next", "-l", "ann", "-f", "json"))["courses"][0]
    assert following["catch_up"] == status["catch_up"]
    row = _json(run_cli("report", "git", "-f", "json"))["learners"][0]
    assert (row["on_track"], row["behind"], row["overdue"]) == (False, False, 1)
    text = run_cli("status", "-l", "ann").stdout
    assert "  On track  no: 1 task past its deadline" in text
    assert "  Advice    the overdue work comes first in your plan." in text


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["done", "attended", "undone", "noted"]),
            st.sampled_from(["a", "b", "kickoff"]),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=12,
    )
)
def test_the_done_set_is_one_rule_of_events_or_of_their_kinds_and_items(
    steps: list[tuple[str, str, int]],
) -> None:
    sessions = {"kickoff"}  # "a" and "b" are tasks
    events = [
        Event(kind, item, datetime(2027, 1, 4, 9, tzinfo=UTC) + timedelta(hours=hour), score=0.5)
        for kind, item, hour in steps
    ]
    done = done_items(events, sessions)
    # what the store reads for it (Store.event_kinds): the kind and the item of each event
    assert done_items([(event.kind, event.item) for event in events], sessions) == done
    states = item_states(events, sessions)
    assert {item for item, state in states.items() if state.done} == done
    for item in {event.item for event in events}:
        state = states.get(item, ItemState(False, None, None))
        # a done item is dated by the completion that made it done: the first since an undo,
        # of the kind the item takes (a task attended, a session done complete nothing)
        since_undo = [e for e in events if e.item == item][::-1]
        cut = next((n for n, e in enumerate(since_undo) if e.kind == "undone"), len(since_undo))
        making = [e for e in since_undo[:cut] if e.kind == completion_kind(item, sessions)]
        assert state == (
            ItemState(True, making[-1].at, making[-1].score)
            if making
            else ItemState(False, None, None)
        )
    # an event of the other kind changes nothing at all: the same done set, and dates, without it
    fitting = [e for e in events if e.kind in ("undone", completion_kind(e.item, sessions))]
    assert item_states(fitting, sessions) == states


# HARD_QUIZ with a live session on its third day, worth 5 points.
WITH_A_SESSION = (
    HARD_QUIZ
    + """
[[session]]
id = "kickoff"
title = "Kickoff"
at = "day 3 10:00"
duration = "30m"
points = 5
"""
)


def _write_by_hand(store: Path, *events: tuple[str, str, str]) -> None:
    """Append (kind, item, UTC instant) events as another program, a hand or an older learnsync
    would: by SQL, leaving the progress snapshot behind them."""
    import sqlite3

    connection = sqlite3.connect(store)
    connection.executemany(
        "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) VALUES (1, ?, ?, ?, ?)",
        [(kind, item, at, at) for kind, item, at in events],
    )
    connection.commit()
    connection.close()


@pytest.mark.parametrize("rebuilt", [False, True], ids=["replayed", "snapshot"])
def test_a_task_attended_and_a_session_done_complete_nothing_in_any_command(
    run_cli: Run,
    write_course: Write,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    rebuilt: bool,
) -> None:
    """An ``attended`` event of a task and a ``done`` event of a session (in a store written by
    hand or by an older learnsync) count in no command: next still offers the task and the
    session, status, report, leaderboard and enrollments count and score neither, the xAPI
    export makes no statement of them; ``done`` then records both, once, and undo of either
    before that finds nothing done."""
    store = tmp_path / "store.sqlite3"
    monkeypatch.setenv("LEARNSYNC_STORE", str(store))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(WITH_A_SESSION)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+01:00")
    assert run_cli("done", "read", "-l", "ann", "--at", "2027-01-05T17:00").exit_code == 0
    _write_by_hand(
        store,
        ("attended", "practise", "2027-01-05T17:30:00+00:00"),
        ("done", "kickoff", "2027-01-05T17:45:00+00:00"),
    )
    if rebuilt:  # the snapshot kept with them, as store rebuild (and migration 0022) write it
        assert run_cli("store", "rebuild").exit_code == 0
    following = _json(run_cli("next", "-l", "ann", "-f", "json"))["courses"][0]
    assert [task["id"] for task in following["now"]] == ["quiz", "practise"]
    assert [session["id"] for session in following["sessions"]] == ["kickoff"]
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["done"], status["counts"], status["points"]) == (
        1,
        "1/4 required, 0/1 optional",
        10,
    )
    assert (status["on_time"], status["late"], status["streak_days"]) == (1, 0, 1)
    assert [badge["id"] for badge in status["badges"]] == ["first-step"]
    text = run_cli("status", "-l", "ann").stdout
    assert "  Progress  ████░░░░░░░░░░░░  25.0%  1/4 required, 0/1 optional · 1h/4h30m\n" in text
    assert "  Points    10  level 1" in text
    row = _json(run_cli("report", "git", "-f", "json"))["learners"][0]
    assert (row["done"], row["counts"], row["points"], row["badges"]) == (
        1,
        "1/4 required, 0/1 optional",
        10,
        1,
    )
    [board] = _json(run_cli("leaderboard", "git", "-f", "json"))["leaderboard"]
    assert (board["points"], board["percent"]) == (10, 25.0)
    [listed] = _json(run_cli("enrollments", "-f", "json"))["enrollments"]
    assert (listed["done"], listed["counts"]) == (1, "1/4 required, 0/1 optional")
    statements = json.loads(run_cli("export", "-f", "xapi").stdout)
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in statements] == ["read"]
    # neither is done, so there is nothing to undo, and done records each, once
    for item in ("practise", "kickoff"):
        undone = run_cli("undo", item, "-l", "ann")
        assert (undone.exit_code, undone.stderr) == (
            1,
            f"error: '{item}' is not done, so there is nothing to undo\n",
        )
    recorded = _json(run_cli("done", "practise", "kickoff", "-l", "ann", "-f", "json"))
    assert [(entry["id"], entry["kind"]) for entry in recorded["recorded"]] == [
        ("practise", "done"),
        ("kickoff", "attended"),
    ]
    assert recorded["already_done"] == []
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["done"], status["points"]) == (2, 25)
    following = _json(run_cli("next", "-l", "ann", "-f", "json"))["courses"][0]
    assert [task["id"] for task in following["now"]] == ["quiz"]
    assert following["sessions"] == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["done", "attended", "undone"]),
            st.sampled_from(["a", "b", "d", "kick", "gone"]),  # tasks, a session, an unknown id
            st.integers(min_value=0, max_value=9 * 24),
        ),
        max_size=12,
    )
)
def test_points_counts_streak_days_and_the_study_calendar_follow_the_done_set(
    steps: list[tuple[str, str, int]],
) -> None:
    """Whatever the events (a task attended, a session done, an unknown id among them), what
    status counts and scores is what next counts done: the tasks it counts are the done set's,
    the sessions it scores are the done set's, and the study calendar of status --chart marks
    the days the streak counts."""
    made = sprint()
    start = datetime(2027, 1, 4, 7, tzinfo=UTC)
    events = [
        Event(kind, item, start + timedelta(hours=hours), id=number + 1)
        for number, (kind, item, hours) in enumerate(steps)
    ]
    sessions = session_ids(made)
    done = done_items(events, sessions)
    replayed = replay(made, events)
    assert replayed.done == done - sessions - {"gone"}
    assert replayed.items_done() == done - {"gone"}
    assert replayed.tally.attended == len(done & sessions)
    # an event of the other kind earns, counts and dates nothing, not even the last activity
    fitting = [e for e in events if e.kind in ("undone", completion_kind(e.item, sessions))]
    assert replay(made, fitting) == replayed
    calendar = study_calendar(made, events, date(2027, 1, 17))
    marked = {
        calendar.first_monday + timedelta(weeks=week, days=weekday)
        for week, days in enumerate(calendar.weeks)
        for weekday, count in enumerate(days)
        if count
    }
    assert marked == set(replayed.study_days)


def test_a_replan_onto_a_course_that_made_a_session_a_task_names_it_open_again(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session attended is a task in the edited course: its attendance completes nothing
    any more, so every command shows the task open, replan names it, and done records it."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(WITH_A_SESSION)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T12:00:00+01:00")
    assert run_cli("done", "read", "kickoff", "-l", "ann").exit_code == 0
    before = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (before["done"], before["points"]) == (1, 15)
    edited = write_course(
        WITH_A_SESSION.split("[[session]]")[0]
        + '[[module.task]]\nid = "kickoff"\ntitle = "Kickoff"\neffort = "30m"\n',
        "edited.toml",
    )
    replanned = _json(run_cli("replan", "-l", "ann", "--course", edited, "-f", "json"))
    assert (replanned["undone_by_course"], replanned["orphaned_events"]) == (["kickoff"], [])
    status = _json(run_cli("status", "-l", "ann", "-f", "json"))
    assert (status["done"], status["total"], status["points"]) == (1, 5, 10)
    undone = run_cli("undo", "kickoff", "-l", "ann")
    assert (undone.exit_code, undone.stderr) == (
        1,
        "error: 'kickoff' is not done, so there is nothing to undo\n",
    )
    recorded = _json(run_cli("done", "kickoff", "-l", "ann", "-f", "json"))
    assert [(entry["id"], entry["kind"]) for entry in recorded["recorded"]] == [("kickoff", "done")]
    assert _json(run_cli("status", "-l", "ann", "-f", "json"))["done"] == 2


def test_next_lists_a_session_after_midnight_as_today_s_while_the_learner_s_day_goes_on() -> None:
    late = {"id": "late", "title": "Late", "at": "day 2 01:00", "duration": "30m"}
    early = {"id": "early", "title": "Early", "at": "day 2 05:00", "duration": "30m"}
    made = plan(
        course([module("m", task("a", 30))], sessions=[late, early]), start=MONDAY
    )._replace(day_start=4 * 60)
    # 00:30 on Tuesday in Berlin: still Monday for a learner whose day starts at 04:00. The
    # session at 01:00 is on that day; the one at 05:00 on the next, among the coming week's.
    view = next_view(made, set(), datetime(2027, 1, 4, 23, 30, tzinfo=UTC))
    assert view.today == MONDAY
    assert [session.id for session in view.sessions] == ["late"]
    assert [session.id for session in view.upcoming_sessions] == ["early"]
    # with the day starting at midnight, both are Tuesday's, and Tuesday is today
    midnight = next_view(
        made._replace(day_start=0), set(), datetime(2027, 1, 4, 23, 30, tzinfo=UTC)
    )
    assert [session.id for session in midnight.sessions] == ["late", "early"]
