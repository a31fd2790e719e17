"""Calendars that never drift: two independent parsers read the same instants across a
daylight-saving change, components keep their UIDs, and reminders are there."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import vobject
from typer.testing import Result

from tests import clock_changes

# Berlin moves its clocks forward on Sunday 28 March 2027: 10:00 is 09:00 UTC before, 08:00 after.
ACROSS_DST = """\
[course]
id = "spring"
title = "Spring term"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[[module]]
id = "m"
title = "M"
due = "week 2"

[[module.task]]
id = "a"
title = "A"
effort = "3h"

[[session]]
id = "before"
title = "Before the change"
at = "day 5 10:00"
duration = "1h"

[[session]]
id = "after"
title = "After the change"
at = "day 8 10:00"
duration = "1h"
"""


def _calendar(
    run_cli: Callable[..., Result], write_course: Callable[..., Path], *extra: str
) -> str:
    result = run_cli(
        "plan", write_course(ACROSS_DST), "--start", "2027-03-22", "--format", "ics", *extra
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


EXPECTED = {
    "session-before@spring.learnsync": datetime(2027, 3, 26, 9, 0, tzinfo=UTC),
    "session-after@spring.learnsync": datetime(2027, 3, 29, 8, 0, tzinfo=UTC),
}


def test_icalendar_reads_each_session_at_its_true_instant(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    calendar = icalendar.Calendar.from_ical(_calendar(run_cli, write_course))
    starts = {
        str(event["uid"]): event.decoded("dtstart")
        for event in calendar.walk("VEVENT")
        if str(event["uid"]).startswith("session-")
    }
    assert starts == EXPECTED
    assert all(not component.errors for component in calendar.walk())


def test_vobject_validates_it_and_reads_the_same_instants(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    parsed = vobject.readOne(_calendar(run_cli, write_course), validate=True)
    parsed.validate(raiseException=True)
    starts = {
        event.uid.value: event.dtstart.value.astimezone(UTC)
        for event in parsed.vevent_list
        if event.uid.value.startswith("session-")
    }
    assert starts == EXPECTED


def test_times_do_not_depend_on_the_zone_they_are_shown_in(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    shown_in_tokyo = icalendar.Calendar.from_ical(
        _calendar(run_cli, write_course, "--timezone", "Asia/Tokyo")
    )
    starts = {
        str(e["uid"]): e.decoded("dtstart")
        for e in shown_in_tokyo.walk("VEVENT")
        if str(e["uid"]).startswith("session-")
    }
    assert starts == EXPECTED


def test_sessions_and_deadlines_carry_reminders(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    calendar = icalendar.Calendar.from_ical(_calendar(run_cli, write_course))
    session = next(
        e for e in calendar.walk("VEVENT") if str(e["uid"]) == "session-before@spring.learnsync"
    )
    [alarm] = session.walk("VALARM")
    assert str(alarm["trigger"].to_ical(), "ascii") == "-PT15M"
    [todo] = calendar.walk("VTODO")
    [due_alarm] = todo.walk("VALARM")
    assert due_alarm["trigger"].params["RELATED"] == "END"


def test_uids_stay_when_the_plan_moves(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    early = icalendar.Calendar.from_ical(_calendar(run_cli, write_course))
    later = icalendar.Calendar.from_ical(
        run_cli("plan", write_course(ACROSS_DST), "--start", "2027-04-05", "--format", "ics").stdout
    )

    def uids(calendar: icalendar.Calendar) -> set[str]:
        return {
            str(component["uid"])
            for component in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]
        }

    assert uids(early) == uids(later)
    assert "study-a-1@spring.learnsync" in uids(early)


def _clock_changes(
    run_cli: Callable[..., Result], write_course: Callable[..., Path], fmt: str
) -> str:
    result = run_cli(
        "plan", write_course(clock_changes.COURSE), "--start", clock_changes.START, "-f", fmt
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_sessions_last_their_real_length_across_both_clock_changes_in_json(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    document = json.loads(_clock_changes(run_cli, write_course, "json"))
    shown = {s["id"]: (s["start"], s["end"]) for s in document["sessions"]}
    assert shown == clock_changes.SESSIONS_AS_SHOWN
    instants = {
        s["id"]: (
            datetime.fromisoformat(s["start"]).astimezone(UTC),
            datetime.fromisoformat(s["end"]).astimezone(UTC),
        )
        for s in document["sessions"]
    }
    assert instants == clock_changes.SESSIONS


def test_icalendar_reads_the_real_length_across_both_clock_changes(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    calendar = icalendar.Calendar.from_ical(_clock_changes(run_cli, write_course, "ics"))
    read = {
        str(event["uid"]).split("@")[0].removeprefix("session-"): (
            event.decoded("dtstart"),
            event.decoded("dtend"),
        )
        for event in calendar.walk("VEVENT")
        if str(event["uid"]).startswith("session-")
    }
    assert read == clock_changes.SESSIONS
    assert all(not component.errors for component in calendar.walk())


def test_vobject_reads_the_real_length_across_both_clock_changes(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    parsed = vobject.readOne(_clock_changes(run_cli, write_course, "ics"), validate=True)
    parsed.validate(raiseException=True)
    read = {
        event.uid.value.split("@")[0].removeprefix("session-"): (
            event.dtstart.value.astimezone(UTC),
            event.dtend.value.astimezone(UTC),
        )
        for event in parsed.vevent_list
        if event.uid.value.startswith("session-")
    }
    assert read == clock_changes.SESSIONS


def test_a_todo_is_due_at_its_deadline_from_its_planned_day(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    text = _clock_changes(run_cli, write_course, "ics")
    todos = {str(t["uid"]): t for t in icalendar.Calendar.from_ical(text).walk("VTODO")}
    a = todos["due-a@clocks.learnsync"]
    # task a: planned for Monday 2027-03-22, its own deadline 2027-04-04 (end of day, CEST)
    assert a.decoded("due") == datetime(2027, 4, 4, 21, 59, 59, tzinfo=UTC)
    assert a.decoded("dtstart") == datetime(2027, 3, 21, 23, 0, tzinfo=UTC)
    # task b has its module's deadline, 2027-11-05 (CET by then)
    assert todos["due-b@clocks.learnsync"].decoded("due") == datetime(
        2027, 11, 5, 22, 59, 59, tzinfo=UTC
    )
    # the study slots keep the planned days
    study = [e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if "study" in e["uid"]]
    assert sorted((str(e["uid"]), e.decoded("dtstart").isoformat()) for e in study) == [
        ("study-a-1@clocks.learnsync", "2027-03-22"),
        ("study-b-1@clocks.learnsync", "2027-03-22"),
    ]
    parsed = vobject.readOne(text, validate=True)
    [vobject_a] = [t for t in parsed.vtodo_list if t.uid.value == "due-a@clocks.learnsync"]
    assert vobject_a.due.value.astimezone(UTC) == datetime(2027, 4, 4, 21, 59, 59, tzinfo=UTC)


def test_a_todo_without_a_deadline_is_due_on_its_planned_day(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    [todo] = icalendar.Calendar.from_ical(_calendar(run_cli, write_course)).walk("VTODO")
    # ACROSS_DST: module due "week 2", so a has a deadline; drop it to see the planned day
    assert todo.decoded("due") == datetime(2027, 4, 4, 21, 59, 59, tzinfo=UTC)
    no_deadline = ACROSS_DST.replace('due = "week 2"\n', "")
    result = run_cli("plan", write_course(no_deadline), "--start", "2027-03-22", "-f", "ics")
    [todo] = icalendar.Calendar.from_ical(result.stdout).walk("VTODO")
    # 3h at 1h a day from Monday 22 March: done on Wednesday 24 March
    assert todo.decoded("due") == datetime(2027, 3, 24, 22, 59, 59, tzinfo=UTC)
    assert todo.decoded("dtstart") == datetime(2027, 3, 23, 23, 0, tzinfo=UTC)


def test_a_todo_planned_after_its_deadline_is_due_at_the_deadline_without_a_start() -> None:
    # a replan that can no longer meet a deadline plans the task after it; DTSTART may not
    # follow DUE (RFC 5545 3.8.2.3), so the to-do keeps its deadline and leaves the start out
    from datetime import date

    import learnsync
    from learnsync.course.loader import parse_course
    from learnsync.render.plan_ics import render_plan

    course = parse_course(clock_changes.COURSE, "clocks.toml")
    made = learnsync.plan(course, start=clock_changes.START)
    late = made._replace(tasks=(made.tasks[0]._replace(deadline=date(2027, 3, 21)),))
    [todo] = icalendar.Calendar.from_ical(render_plan(late)).walk("VTODO")
    assert "dtstart" not in todo
    assert todo.decoded("due") == datetime(2027, 3, 21, 22, 59, 59, tzinfo=UTC)
