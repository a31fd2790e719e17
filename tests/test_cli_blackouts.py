"""Blackouts through the CLI: shown by title in every plan format and in status, given with
--blackout or in a roster, kept with the enrollment for replans, checked on their lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import pytest
from typer.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]

COURSE = """\
[course]
id = "winter"
title = "Winter"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[[calendar.blackout]]
from = "day 2"
to = "day 3"
title = "Offsite; all hands, Berlin"

[[module]]
id = "m"
title = "M"
due = "week 2"

[[module.task]]
id = "a"
title = "A"
effort = "2h"

[[module.task]]
id = "b"
title = "B"
effort = "1h"
"""


def _plan(run_cli: Run, path: Path, *args: str) -> Result:
    return run_cli("plan", path, "--start", "2027-01-04", *args)


def test_the_table_shows_a_blackout_by_its_title_on_its_first_day(
    run_cli: Run, write_course: Write
) -> None:
    result = _plan(run_cli, write_course(COURSE))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[4:8] == [
        "Day         Time  Id  What                          Module    Note",
        "Mon 04 Jan    1h  a   A                             m         ",
        "Tue 05 Jan            ▪ Offsite; all hands, Berlin  blackout  to Wed 06 Jan",
        "Thu 07 Jan    1h  a   A                             m         last day",
    ]


def test_json_markdown_and_ics_show_the_blackout(run_cli: Run, write_course: Write) -> None:
    path = write_course(COURSE)
    document = json.loads(_plan(run_cli, path, "-f", "json").stdout)
    assert document["blackouts"] == [
        {"from": "2027-01-05", "to": "2027-01-06", "title": "Offsite; all hands, Berlin"}
    ]
    markdown = _plan(run_cli, path, "-f", "md").stdout
    assert (
        "| Tue 05 Jan |  | *Offsite; all hands, Berlin* (Tue 05 Jan – Wed 06 Jan) | blackout | "
        "no study |"
    ) in markdown
    text = _plan(run_cli, path, "-f", "ics").stdout
    assert "\nSUMMARY:Offsite\\; all hands\\, Berlin\n" in text
    calendar = icalendar.Calendar.from_ical(text)
    [event] = [e for e in calendar.walk("VEVENT") if "blackout" in str(e["UID"])]
    assert str(event["SUMMARY"]) == "Offsite; all hands, Berlin"
    assert event["DTSTART"].dt == date(2027, 1, 5)
    assert event["DTEND"].dt == date(2027, 1, 7)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["UID"]) == "blackout-20270105-20270106@winter.learnsync"


def test_plan_blackout_adds_the_learners_own_days_off(run_cli: Run, write_course: Write) -> None:
    result = _plan(
        run_cli, write_course(COURSE), "--blackout", "2027-01-07", "--blackout",
        "2027-01-11..2027-01-12", "-f", "json",
    )  # fmt: skip
    document = json.loads(result.stdout)
    assert [(b["from"], b["to"], b["title"]) for b in document["blackouts"]] == [
        ("2027-01-05", "2027-01-06", "Offsite; all hands, Berlin"),
        ("2027-01-07", "2027-01-07", "Blackout"),
        ("2027-01-11", "2027-01-12", "Blackout"),
    ]
    days = [slot["date"] for task in document["tasks"] for slot in task["slots"]]
    assert days == ["2027-01-04", "2027-01-08", "2027-01-13"]


def test_the_same_blackout_given_twice_is_one_blackout(run_cli: Run, write_course: Write) -> None:
    result = _plan(
        run_cli, write_course(COURSE), "--blackout", "2027-01-07", "--blackout", "2027-01-07",
        "-f", "json",
    )  # fmt: skip
    document = json.loads(result.stdout)
    assert [(b["from"], b["to"], b["title"]) for b in document["blackouts"]] == [
        ("2027-01-05", "2027-01-06", "Offsite; all hands, Berlin"),
        ("2027-01-07", "2027-01-07", "Blackout"),
    ]


def test_a_bad_blackout_option_is_a_usage_error(run_cli: Run, write_course: Write) -> None:
    for value, message in [
        ("2027-02-30", '"2027-02-30" is not a date (2027-02-15) or a range of dates'),
        ("2027-02-19..2027-02-15", '"2027-02-19..2027-02-15" ends before it begins'),
        ("1999-01-01", "1999-01-01 is outside the years learnsync plans"),
    ]:
        result = run_cli("enroll", write_course(COURSE), "--blackout", value)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: --blackout: {message}")


def test_enrolled_blackouts_are_kept_for_replans_and_shown_by_status(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE)
    result = run_cli(
        "enroll", path, "-l", "ann", "--start", "2027-01-04", "--blackout", "2027-01-07"
    )
    assert result.exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T12:00:00+00:00")
    status = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)
    assert status["blackouts"] == [
        {"from": "2027-01-05", "to": "2027-01-06", "title": "Offsite; all hands, Berlin"},
        {"from": "2027-01-07", "to": "2027-01-07", "title": "Blackout"},
    ]
    text = run_cli("status", "-l", "ann").stdout
    assert (
        "  Blackout  today, Offsite; all hands, Berlin, Tue 05 Jan – Wed 06 Jan, 1 more\n"
    ) in text
    assert run_cli("replan", "-l", "ann").exit_code == 0
    events = _events(run_cli("export", "-l", "ann", "-f", "ics").stdout)
    assert events["blackout-20270107-20270107"] == (date(2027, 1, 7), "Blackout")
    assert date(2027, 1, 7) not in {day for uid, (day, _) in events.items() if "study" in uid}


def _events(text: str) -> dict[str, tuple[date, str]]:
    """Each event's UID (less the @... suffix) with its first day and summary."""
    return {
        str(event["UID"]).split("@")[0].split(".")[0]: (event["DTSTART"].dt, str(event["SUMMARY"]))
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT")
    }


def test_a_roster_row_gives_a_learner_blackouts(run_cli: Run, write_course: Write) -> None:
    roster = write_course(
        '[[learner]]\nid = "ann"\nblackout = ["2027-01-07..2027-01-08", 2027-01-11]\n',
        "team.toml",
    )
    result = run_cli(
        "enroll", write_course(COURSE), "--roster", roster, "--start", "2027-01-04", "-f", "json"
    )
    assert result.exit_code == 0
    events = _events(run_cli("export", "-l", "ann", "-f", "ics").stdout)
    assert sorted(uid for uid in events if uid.startswith("blackout")) == [
        "blackout-20270105-20270106",
        "blackout-20270107-20270108",
        "blackout-20270111-20270111",
    ]


def test_a_bad_roster_blackout_is_refused_on_its_line(run_cli: Run, write_course: Write) -> None:
    roster = write_course(
        '[[learner]]\nid = "ann"\nblackout = ["2027-01-08..2027-01-07"]\n', "r.toml"
    )
    result = run_cli("enroll", write_course(COURSE), "--roster", roster)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f'{roster}:3:13: error [invalid-date] "2027-01-08..2027-01-07" ends before it begins'
    )


CHECKED = """\
[course]
id = "c"
title = "C"
mode = "sync"

[[calendar.blackout]]
from = "day 9"
to = "day 3"
title = "Backwards"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "t"
title = "T"
effort = "30m"
requires = ["kickoff"]
due = "before kickoff"

[[module.task]]
id = "u"
title = "U"
effort = "30m"
due = "kickof + 2 days"

[[session]]
id = "kickoff"
title = "Kickoff"
at = "day 3 10:00"
duration = "1h"
"""


def test_check_reports_bad_blackouts_and_session_deadlines_on_their_lines(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(CHECKED)
    result = run_cli("check", path, "-f", "json")
    assert result.exit_code == 1
    findings = [
        (f["line"], f["column"], f["code"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert findings == [
        (8, 6, "blackout-reversed", "blackout 'Backwards' ends (day 3) before it begins (day 9)"),
        (
            20,
            7,
            "due-before-session",
            "task 't' is due \"before kickoff\", but it requires session 'kickoff': it cannot "
            "start before that session",
        ),
        (
            26,
            7,
            "unknown-session",
            "due \"kickof + 2 days\" names 'kickof', which is not a session of this course",
        ),
    ]


def test_check_start_warns_of_a_blackout_after_the_plan_and_a_session_inside_one(
    run_cli: Run, write_course: Write
) -> None:
    course = COURSE.replace(
        "[[module]]", '[[calendar.blackout]]\nfrom = "day 40"\ntitle = "Too late"\n\n[[module]]'
    )
    course += '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 2 10:00"\nduration = "30m"\n'
    path = write_course(course)
    result = run_cli("check", path, "--start", "2027-01-04")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[0] == (
        f"{path}:16:8: warning [blackout-outside-plan] cohort starting 2027-01-04: blackout "
        "'Too late' begins on day 40, after the plan's last day (day 14): it changes nothing"
    )
    assert (
        "warning [session-in-blackout] cohort starting 2027-01-04: session 's' falls on Tuesday "
        "2027-01-05, in blackout 'Offsite; all hands, Berlin': it is held, and nobody studies "
        "that day"
    ) in result.stdout


LATE_SESSION = """\
[course]
id = "late"
title = "Late"
mode = "sync"
{calendar}
[[session]]
id = "s"
title = "S"
at = "{at}"
duration = "1h"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "a"
title = "A"
effort = "1h"
due = "{due}"
"""

SHIFTING = """
[calendar]
blackouts = "shift"

[[calendar.blackout]]
from = "day 2"
to = "day 36599"
"""


@pytest.mark.parametrize(
    ("calendar", "at", "due", "message"),
    [
        (
            "",
            "2200-12-30 10:00",
            "s + 5 days",
            'due "s + 5 days" falls on 2201-01-04, outside the years learnsync plans (2000 to '
            "2200)",
        ),
        (
            SHIFTING,
            "day 3 10:00",
            "s + 36600 days",
            'due "s + 36600 days" falls on day 36603 of the cohort: days count from 1 to 36600 '
            "(week 5228)",
        ),
        (
            SHIFTING,
            "day 3 10:00",
            "s + 36590 days",
            'due "s + 36590 days" falls on 2201-05-25 for a cohort starting on 2001-01-01, '
            "outside the years learnsync plans (2000 to 2200)",
        ),
    ],
)
def test_check_refuses_a_session_deadline_past_the_years_learnsync_plans_on_its_line(
    run_cli: Run, write_course: Write, calendar: str, at: str, due: str, message: str
) -> None:
    path = write_course(LATE_SESSION.format(calendar=calendar, at=at, due=due))
    result = run_cli("check", path, "-f", "json")
    assert result.exit_code == 1, result.stderr
    findings = [
        (f["line"], f["column"], f["code"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]
    line = 20 + calendar.count("\n")
    assert findings == [(line, 7, "invalid-day", message)]


def test_plan_refuses_a_session_deadline_shifted_past_the_years_learnsync_plans(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(
        LATE_SESSION.format(calendar=SHIFTING, at="day 3 10:00", due="s + 36590 days")
    )
    result = _plan(run_cli, path)
    assert result.exit_code == 2
    assert result.stderr == (
        'error: due "s + 36590 days" falls on 2227-05-28 for a cohort starting on 2027-01-04, '
        "outside the years learnsync plans (2000 to 2200)\n"
    )


def test_status_shows_an_untitled_blackout_by_its_dates_alone(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE)
    result = run_cli(
        "enroll", path, "-l", "ann", "--start", "2027-01-04", "--blackout", "2027-01-11..2027-01-12"
    )
    assert result.exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T12:00:00+00:00")
    text = run_cli("status", "-l", "ann").stdout
    assert "  Blackout  today, Mon 11 Jan – Tue 12 Jan\n" in text
    assert "Blackout, " not in text


@pytest.mark.parametrize(
    ("where", "title"),
    [("option", "Blackout"), ("roster", "Blackout"), ("course", "Offsite; all hands, Berlin")],
)
def test_next_says_the_learner_is_on_a_blackout_today_and_when_study_resumes(
    run_cli: Run,
    write_course: Write,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    title: str,
) -> None:
    course = COURSE
    if where != "course":  # the course's own blackout left out
        course = COURSE.replace(
            '[[calendar.blackout]]\nfrom = "day 2"\nto = "day 3"\n'
            'title = "Offsite; all hands, Berlin"\n',
            "",
        )
    path = write_course(course)
    learner: tuple[str, ...] = ("-l", "ann")
    if where == "option":
        learner += ("--blackout", "2027-01-05..2027-01-06")
    elif where == "roster":
        roster = write_course(
            '[[learner]]\nid = "ann"\nblackout = ["2027-01-05..2027-01-06"]\n', "team.toml"
        )
        learner = ("--roster", str(roster))
    result = run_cli("enroll", path, *learner, "--start", "2027-01-04")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T12:00:00+01:00")
    document = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]
    assert document["blackout"] == {
        "from": "2027-01-05",
        "to": "2027-01-06",
        "title": title,
        "resume": "2027-01-07",
    }
    assert [(task["id"], task["minutes_today"]) for task in document["now"]] == [("a", 0)]
    text = run_cli("next", "-l", "ann").stdout.splitlines()
    assert text[1] == f"  today: {title} (no study) until Wed 06 Jan; study again Thu 07 Jan"
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T12:00:00+01:00")
    after = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]
    assert after["blackout"] is None
    assert [(task["id"], task["minutes_today"]) for task in after["now"]] == [("a", 60)]
