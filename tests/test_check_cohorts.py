"""check's verdict never depends on the day it runs; date-bound checks run for the cohorts named."""

from __future__ import annotations

import functools
import json
import types
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.checking import Cohorts, check_files
from learnsync.course import toml_text
from learnsync.render.findings_json import render_check_results
from tests.conftest import EXAMPLES, MINIMAL_COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]

# Live sessions around Christmas and New Year: on fixed dates and relative to the start.
HOLIDAY_SEASON = """\
[course]
id = "winter"
title = "Winter"
mode = "sync"

[calendar]
timezone = "America/New_York"
daily = "1h"
country = "US"
holidays = [2026-12-24, 2027-01-01]

[[module]]
id = "m"
title = "M"
due = "week 2"

[[module.task]]
id = "a"
title = "A"
effort = "3h"

[[module.task]]
id = "b"
title = "B"
effort = "2h"
requires = ["party"]

[[session]]
id = "party"
title = "Party"
at = 2026-12-25T18:00:00
duration = "1h"

[[session]]
id = "toast"
title = "Toast"
at = 2027-01-01T00:30:00
duration = "30m"

[[session]]
id = "kickoff"
title = "Kickoff"
at = "day 1 10:00"
duration = "30m"

[[session]]
id = "review"
title = "Review"
at = "day 5 10:00"
duration = "30m"
"""

SYNC_COURSE = """\
[course]
id = "c"
title = "C"
mode = "sync"

[calendar]
daily = "1h"
country = "US"

[[module]]
id = "m"
title = "M"
due = "week 1"

[[module.task]]
id = "t"
title = "T"
effort = "2h"
"""


def test_the_verdict_without_start_is_the_same_on_every_day_of_a_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    winter = tmp_path / "winter.toml"
    winter.write_text(HOLIDAY_SEASON)
    # Parsing is text in, data out: caching it keeps 365 runs fast, and every step after it,
    # where a clock could creep in, runs each day.
    cached = types.SimpleNamespace(
        loads=functools.cache(toml_text.loads), TOMLDecodeError=toml_text.TOMLDecodeError
    )
    monkeypatch.setattr("learnsync.course.loader.toml_text", cached)
    paths = [*sorted(EXAMPLES.glob("*.toml")), winter]
    verdicts = set()
    day = date(2026, 7, 1)
    for _ in range(366):
        monkeypatch.setenv("LEARNSYNC_NOW", f"{day.isoformat()}T12:00:00+00:00")
        verdicts.add(render_check_results(check_files(paths).results))
        day += timedelta(days=1)
    [verdict] = verdicts
    document = json.loads(verdict)
    assert document["valid"] is True
    assert document["summary"] == {"files": 4, "errors": 0, "warnings": 0, "skipped": 0}
    assert [file["cohorts"] for file in document["files"]] == [
        [{"start": "2027-01-04", "name": "January"}, {"start": "2027-09-06", "name": "September"}],
        [],
        [],
        [],
    ]


def test_the_holiday_season_course_fails_only_for_the_cohorts_named(tmp_path: Path) -> None:
    winter = tmp_path / "winter.toml"
    winter.write_text(HOLIDAY_SEASON)
    starts = Cohorts(starts=(date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)))
    [result] = check_files([winter], starts).results
    assert [(f.severity, f.code, f.line, f.column, f.message) for f in result.findings] == [
        (
            "error",
            "infeasible-deadline",
            15,
            7,
            "cohort starting 2026-12-14: module 'm' (due week 2) cannot be met: 2h short "
            "(120 minutes); the best plan gets there on day 16",
        ),
        (
            "warning",
            "session-on-public-holiday",
            31,
            6,
            "cohorts starting 2026-12-14, 2026-12-21 and 2026-12-28: session 'party' falls on "
            "Friday 2026-12-25, Christmas Day (US): it is held, and nobody studies that day",
        ),
        (
            "error",
            "session-off-day",
            37,
            6,
            "cohorts starting 2026-12-14, 2026-12-21 and 2026-12-28: session 'toast' falls on "
            "Friday 2027-01-01, a day off in [calendar] holidays",
        ),
        (
            "warning",
            "session-on-public-holiday",
            49,
            6,
            "cohort starting 2026-12-21: session 'review' falls on Friday 2026-12-25, Christmas "
            "Day (US): it is held, and nobody studies that day",
        ),
        (
            "error",
            "session-off-day",
            49,
            6,
            "cohort starting 2026-12-28: session 'review' falls on Friday 2027-01-01, a day off "
            "in [calendar] holidays",
        ),
    ]
    assert all(finding.date_bound for finding in result.findings)
    assert result.cohorts[0].start == date(2026, 12, 14)


def test_cohort_tables_name_the_cohorts_checked(run_cli: Run, write_course: Write) -> None:
    path = write_course(
        SYNC_COURSE.replace(
            'daily = "1h"', 'daily = "1h"\nholidays = [2027-01-05, 2027-01-06]'
        ).replace('"2h"', '"4h"')
        + '\n[[cohort]]\nname = "spring"\nstart = 2027-01-04\n\n[[cohort]]\nstart = 2027-02-01\n'
    )
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["files"][0]["cohorts"] == [
        {"start": "2027-01-04", "name": "spring"},
        {"start": "2027-02-01", "name": None},
    ]
    [finding] = document["findings"]
    assert finding["message"] == (
        "cohort starting spring (2027-01-04): module 'm' (due week 1) cannot be met: 1h short "
        "(60 minutes); the best plan gets there on day 8"
    )
    assert finding["date_bound"] is True
    assert finding["cohorts"] == [{"start": "2027-01-04", "name": "spring"}]
    # --start names other cohorts instead; --start none runs no date-bound check
    assert run_cli("check", path, "--start", "2027-02-01").exit_code == 0
    assert run_cli("check", path, "--start", "none").exit_code == 0


def test_starts_checks_every_first_workday_in_a_range_and_groups_them(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(
        SYNC_COURSE + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 6 10:00"\nduration = "1h"\n'
    )
    result = run_cli("check", path, "--starts", "2026-12-01..2027-01-31", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    mondays = [
        "2026-12-07",
        "2026-12-14",
        "2026-12-21",
        "2026-12-28",
        "2027-01-04",
        "2027-01-11",
        "2027-01-18",
        "2027-01-25",
    ]
    assert [cohort["start"] for cohort in document["files"][0]["cohorts"]] == mondays
    [finding] = document["findings"]
    assert finding["message"] == (
        "cohorts starting 2026-12-07, 2026-12-14, 2026-12-21, 2026-12-28, 2027-01-04, "
        "2027-01-11, 2027-01-18 and 2027-01-25: session 's' falls on a Saturday, which is not "
        "one of the course's workdays"
    )
    assert [cohort["start"] for cohort in finding["cohorts"]] == mondays
    # a course studied from Tuesday starts its cohorts on Tuesdays
    tuesdays = write_course(
        SYNC_COURSE.replace('daily = "1h"', 'daily = "1h"\nworkdays = ["tue", "wed"]'), "tue.toml"
    )
    result = run_cli("check", tuesdays, "--starts", "2027-01-01..2027-01-12", "--format", "json")
    assert json.loads(result.stdout)["files"][0]["cohorts"] == [
        {"start": "2027-01-05", "name": None},
        {"start": "2027-01-12", "name": None},
    ]


def test_a_deadline_no_cohort_can_meet_is_an_error_without_any_start(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(SYNC_COURSE.replace('due = "week 1"', 'due = "day 1"'))
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding == {
        "path": str(path),
        "line": 13,
        "column": 7,
        "severity": "error",
        "code": "infeasible-deadline",
        "message": "module 'm' (due day 1) cannot be met by any cohort, even one starting on a "
        "Monday without holidays: 1h short (60 minutes); the best plan gets there on day 2",
        "key": "module[0].due",
        "hint": 'any one of these would do: daily = "2h"; due on day 2 or later',
        "date_bound": False,
        "cohorts": [],
    }


def test_capacity_takes_the_best_weekday_to_start_on(run_cli: Run, write_course: Write) -> None:
    # Three hours due in the first four days fit only when the four days hold three workdays:
    # a Monday start has four, a Friday start only two; some cohort can make it.
    path = write_course(SYNC_COURSE.replace('"2h"', '"4h"').replace('"week 1"', '"day 4"'))
    assert run_cli("check", path).exit_code == 0
    friday = run_cli("check", path, "--start", "2027-01-08")
    assert friday.exit_code == 1
    assert "cohort starting 2027-01-08: module 'm' (due day 4) cannot be met" in friday.stdout
    assert run_cli("check", path, "--start", "2027-01-04").exit_code == 0


def test_a_session_on_a_public_holiday_is_held_with_a_warning(
    run_cli: Run, write_course: Write
) -> None:
    text = (
        SYNC_COURSE + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 5 10:00"\nduration = "1h"\n'
    )
    path = write_course(text)
    check = run_cli("check", path, "--start", "2026-12-21")
    assert check.exit_code == 0
    assert check.stdout.splitlines()[0] == (
        f"{path}:23:6: warning [session-on-public-holiday] cohort starting 2026-12-21: session "
        "'s' falls on Friday 2026-12-25, Christmas Day (US): it is held, and nobody studies "
        "that day"
    )
    assert run_cli("check", path, "--start", "2026-12-21", "--strict").exit_code == 1
    plan = run_cli("plan", path, "--start", "2026-12-21", "--format", "json")
    assert plan.exit_code == 0
    assert plan.stderr.splitlines()[0] == (
        f"{path}:23:6: warning [session-on-public-holiday] session 's' falls on Friday "
        "2026-12-25, Christmas Day (US): it is held, and nobody studies that day"
    )
    slots = [slot for task in json.loads(plan.stdout)["tasks"] for slot in task["slots"]]
    assert "2026-12-25" not in [slot["date"] for slot in slots]
    enroll = run_cli("enroll", path, "--start", "2026-12-21", "--learner", "ann")
    assert enroll.exit_code == 0
    assert "Christmas Day (US): it is held" in enroll.stderr


def test_a_session_on_a_day_the_course_excludes_is_an_error_only_for_cohorts_checked(
    run_cli: Run, write_course: Write
) -> None:
    text = (
        SYNC_COURSE.replace('daily = "1h"', 'daily = "1h"\nholidays = [2027-01-08]')
        + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 5 10:00"\nduration = "1h"\n'
    )
    path = write_course(text)
    assert run_cli("check", path).exit_code == 0
    result = run_cli("check", path, "--start", "2027-01-04", "--start", "2027-01-06")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[::3] == [
        f"{path}:24:6: error [session-off-day] cohort starting 2027-01-04: session 's' falls on "
        "Friday 2027-01-08, a day off in [calendar] holidays",
        f"{path}:24:6: error [session-off-day] cohort starting 2027-01-06: session 's' falls on "
        "a Sunday, which is not one of the course's workdays",
        "Checked 1 file: 2 errors, 0 warnings in 1 file.",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--start", "none", "--start", "2027-01-04"], "--start none runs no date-bound check"),
        (["--start", "soon"], "--start 'soon' is not a date"),
        (["--starts", "2027-01-04"], "--starts '2027-01-04' is not a range"),
        (["--starts", "2027-02-01..2027-01-04"], "2027-01-04 is before 2027-02-01"),
        (["--starts", "2027-01-01..2030-01-01"], "a range may span at most two years"),
        (["--start", "9999-12-20"], "--start 9999-12-20: a cohort starts in the years 2000 to"),
        (["--starts", "2200-12-01..2201-01-31"], "--starts 2201-01-31: a cohort starts in the"),
    ],
)
def test_bad_cohort_options_are_usage_errors(
    arguments: list[str], message: str, run_cli: Run, write_course: Write
) -> None:
    result = run_cli("check", write_course(MINIMAL_COURSE), *arguments)
    assert result.exit_code == 2
    assert message in result.stderr


def test_sarif_names_the_cohorts_of_a_date_bound_finding(run_cli: Run, write_course: Write) -> None:
    text = (
        SYNC_COURSE + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 6 10:00"\nduration = "1h"\n'
    )
    path = write_course(text)
    result = run_cli("check", path, "--format", "sarif", "--start", "2027-01-04")
    [finding] = json.loads(result.stdout)["runs"][0]["results"]
    assert finding["message"]["text"].startswith(
        "cohort starting 2027-01-04: session 's' falls on a Saturday"
    )
    assert finding["properties"] == {"dateBound": True, "cohorts": ["2027-01-04"]}


def test_a_type_error_a_misspelt_requires_and_a_session_on_a_day_off_in_one_run(
    run_cli: Run, write_course: Write
) -> None:
    text = (
        SYNC_COURSE.replace('effort = "2h"', 'effort = "2 hours"')
        + '\n[[module.task]]\nid = "u"\ntitle = "U"\neffort = "1h"\nrequires = ["tt"]\n'
        + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 6 10:00"\nduration = "1h"\n'
        + "\n[[cohort]]\nstart = 2027-01-04\n"
    )
    result = run_cli("check", write_course(text), "--format", "json")
    assert result.exit_code == 1
    assert [
        (f["code"], f["key"], f["date_bound"]) for f in json.loads(result.stdout)["findings"]
    ] == [
        ("invalid-duration", "module[0].task[0].effort", False),
        ("unknown-reference", "module[0].task[1].requires[0]", False),
        ("session-off-day", "session[0].at", True),
    ]
    # a course whose types are right but whose references are not: the same
    fixed = text.replace('"2 hours"', '"2h"')
    result = run_cli("check", write_course(fixed), "--format", "json")
    assert [(f["code"], f["key"]) for f in json.loads(result.stdout)["findings"]] == [
        ("unknown-reference", "module[0].task[1].requires[0]"),
        ("session-off-day", "session[0].at"),
    ]


def test_check_takes_no_relative_start_that_would_move_with_the_day(
    run_cli: Run, write_course: Write
) -> None:
    result = run_cli("check", write_course(MINIMAL_COURSE), "--start", "monday")
    assert result.exit_code == 2
    assert "check takes dates only, so that its verdict never depends on the day" in result.stderr


def test_a_cohort_table_outside_the_years_planned_is_an_invalid_date(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(MINIMAL_COURSE + "\n[[cohort]]\nstart = 9999-12-20\n")
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"], finding["column"], finding["message"]) == (
        "invalid-date",
        15,
        9,
        "a cohort starts in the years 2000 to 2200, not on 9999-12-20",
    )
