"""Calendars that never drift: two independent parsers read the same instants across a
daylight-saving change, components keep their UIDs, and reminders are there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import vobject
from typer.testing import Result

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
