"""plan --end and enroll --end through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]

COURSE = """\
[course]
id = "sprint"
title = "Sprint"
mode = "sync"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "a"
title = "A"
effort = "3h"

[[module.task]]
id = "b"
title = "B"
effort = "2h"
due = "day 2"
"""


def test_plan_end_prints_the_least_daily_time_and_the_plan_at_it(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    result = run_cli("plan", path, "--start", "2027-01-04", "--end", "2027-01-08", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["daily_minutes"], document["end"], document["finish"]) == (
        60,
        "2027-01-08",
        "2027-01-08",
    )
    table = run_cli("plan", path, "--start", "2027-01-04", "--end", "2027-01-08").stdout
    assert table.splitlines()[1:3] == [
        "sync plan from Mon 04 Jan 2027 · 1h a study day · times in UTC",
        "1h a study day is the least that is done by Fri 08 Jan 2027",
    ]
    markdown = run_cli("plan", path, "--start", "2027-01-04", "--end", "2027-01-08", "-f", "md")
    assert markdown.stdout.splitlines()[2] == (
        "Sync plan from Mon 04 Jan 2027, 1h a study day (the least to end by Fri 08 Jan 2027); "
        "times in UTC."
    )
    plain = json.loads(run_cli("plan", path, "--start", "2027-01-04", "-f", "json").stdout)
    assert plain["end"] is None


def test_plan_end_that_cannot_be_met_exits_1_naming_the_shortfall(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    result = run_cli(
        "plan", path, "--start", "2027-01-04", "--end", "2027-01-04", "--max-daily", "2h"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: error [infeasible-deadline] the end date (2027-01-04) cannot be met from a "
        "start on 2027-01-04 at the most daily time, 2h (--max-daily): 3h short (180 minutes); "
        "the best plan gets there on 2027-01-06"
    )


def test_end_options_are_checked(run_cli: Run, write_course: Write) -> None:
    path = write_course(COURSE)
    for args, message in [
        (["--end", "soon"], "error: --end 'soon' is not a date: use YYYY-MM-DD (2027-03-26)"),
        (["--max-daily", "2h"], "error: --max-daily goes with --end"),
        (["--end", "2027-01-08", "--daily", "1h"], "error: --end finds the daily time itself"),
        (["--end", "2027-01-08", "--max-daily", "25h"], "error: --max-daily: a day has 24 hours"),
        (["--end", "2027-01-01"], "error: --end 2027-01-01 is before the start, 2027-01-04"),
    ]:
        result = run_cli("plan", path, "--start", "2027-01-04", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith(message), result.stderr


def test_enroll_end_keeps_the_daily_time_found_for_replans(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    result = run_cli(
        "enroll", path, "-l", "ann", "--start", "2027-01-04", "--end", "2027-01-08", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)["enrollment"]
    assert (record["daily_minutes"], record["end"]) == (60, "2027-01-08")
    text = run_cli(
        "enroll", path, "-l", "bob", "--start", "2027-01-04", "--end", "2027-01-15"
    ).stdout
    assert "  1h a study day, the least that is done by Fri 15 Jan 2027.\n" in text
    replanned = json.loads(run_cli("replan", "-l", "ann", "-f", "json").stdout)
    assert replanned["finish"] == "2027-01-08"


def test_plan_end_hints_more_daily_time_as_max_daily_for_a_missed_task_deadline(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    result = run_cli(
        "plan", path, "--start", "2027-01-04", "--end", "2027-01-29", "--max-daily", "30m"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[2] == (
        "  hint: any one of these would do: --max-daily 1h; due on 2027-01-07 or later"
    )


def test_plan_end_past_the_longest_plan_is_refused_not_fitted_to_the_plan_length(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    result = run_cli("plan", path, "--start", "2027-01-04", "--end", "2200-12-31")
    assert result.exit_code == 2, result.stderr
    assert result.stderr == (
        "error: --end 2200-12-31 is past the longest plan there is (100 years of days, to "
        "2127-03-20), which would bind instead: use an --end on or before it\n"
    )


def test_replan_of_an_end_enrollment_fits_the_least_daily_time_from_today_to_the_end_date(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE)
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+00:00")
    run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04", "--end", "2027-01-08")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T08:00:00+00:00")  # Thursday, nothing done
    document = json.loads(run_cli("replan", "-l", "ann", "-f", "json").stdout)
    # 5h left over Thursday and Friday: 2h30m a day; b's deadline (Tuesday) is lost
    assert (document["daily_minutes"], document["end"], document["finish"]) == (
        150,
        "2027-01-08",
        "2027-01-08",
    )
    assert [finding["message"] for finding in document["missed_deadlines"]] == [
        "task 'b' (due day 2) has passed (2027-01-05) with work still open on the replan's "
        "start, 2027-01-07: that work is planned by the end date (2027-01-08) instead"
    ]
    text = run_cli("replan", "-l", "ann").stdout
    assert "  2h30m a study day, the least that is done by the end date, Fri 08 Jan 2027.\n" in text


def test_replan_of_an_end_enrollment_names_the_end_date_when_even_the_most_daily_time_misses(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE)
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+00:00")
    run_cli(
        "enroll", path, "-l", "ann", "--start", "2027-01-04", "--end", "2027-01-08",
        "--max-daily", "2h",
    )  # fmt: skip
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T08:00:00+00:00")
    document = json.loads(run_cli("replan", "-l", "ann", "-f", "json").stdout)
    assert (document["daily_minutes"], document["finish"]) == (120, "2027-01-11")
    assert [finding["message"] for finding in document["missed_deadlines"]] == [
        "the end date (2027-01-08) cannot be met from the replan's start on 2027-01-07 at the "
        "most daily time, 2h (--max-daily): 1h short (60 minutes); the best plan gets there on "
        "2027-01-11",
        "task 'b' (due day 2) has passed (2027-01-05) with work still open on the replan's "
        "start, 2027-01-07: that work is planned by the end date (2027-01-08) instead",
    ]
    assert [finding["hint"] for finding in document["missed_deadlines"]] == [None, None]


def test_the_end_date_bounds_the_schedule_but_is_no_deadline_of_the_authors(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(COURSE)
    fitted = run_cli("plan", path, "--start", "2027-01-04", "--end", "2027-01-08", "-f", "json")
    plain = run_cli("plan", path, "--start", "2027-01-04", "-f", "json")
    deadlines = {task["id"]: task["deadline"] for task in json.loads(fitted.stdout)["tasks"]}
    assert deadlines == {"a": None, "b": "2027-01-05"}
    assert deadlines == {task["id"]: task["deadline"] for task in json.loads(plain.stdout)["tasks"]}
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04", "--end", "2027-01-08")
    status = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)
    assert status["last_deadline"] == "2027-01-05"  # never the end date


def test_enroll_through_the_python_api_keeps_the_end_date_as_enroll_end_does(
    run_cli: Run, write_course: Write
) -> None:
    from datetime import UTC, date, datetime

    from learnsync.course.loader import load_course
    from learnsync.enrollments import (
        Seat,
        enroll,
        one_enrollment,
        open_for,
        plans_for,
        read_enrollment,
    )
    from learnsync.store.records import PlanOptions

    path = write_course(COURSE)
    result = run_cli(
        "enroll", path, "-l", "cli", "--start", "2027-01-04", "--end", "2027-01-15",
        "--max-daily", "2h",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    course = load_course(path)
    end = date(2027, 1, 15)
    seats = [
        Seat("api", date(2027, 1, 4), None, end=end, max_daily_minutes=120),
        Seat("default", date(2027, 1, 4), None, end=end),  # no max daily: 8h, as the CLI's
    ]
    plans = plans_for(course, path, seats, None)
    with open_for(None, write=True) as store:
        enroll(store, course, path, seats, plans, mode=None, now=datetime(2027, 1, 1, tzinfo=UTC))
        cli, api, default = (
            read_enrollment(store, one_enrollment(store, name, None)).plan_record
            for name in ("cli", "api", "default")
        )
    expected = PlanOptions(daily_minutes=60, end=end, max_daily_minutes=120)
    assert (cli.options, api.options) == (expected, expected)
    assert default.options == PlanOptions(daily_minutes=60, end=end, max_daily_minutes=480)
    assert (api.plan.daily_minutes, api.plan.end) == (cli.plan.daily_minutes, end)


WITH_SESSIONS = (
    COURSE
    + """
[[session]]
id = "check-in"
title = "Check-in"
at = "day 3 10:00"
duration = "30m"

[[session]]
id = "demo-day"
title = "Demo day"
at = "day 12 10:00"
duration = "1h"

[[session]]
id = "social"
title = "Social"
at = "day 11 16:00"
duration = "1h"
mandatory = false
"""
)
AFTER_END = (
    "mandatory session 'demo-day' is on Fri 15 Jan 2027, after the end date (Fri 08 Jan 2027)"
)


def test_plan_end_before_a_mandatory_session_warns_naming_the_session(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(WITH_SESSIONS)
    args = ("plan", path, "--start", "2027-01-04", "--end", "2027-01-08")
    table = run_cli(*args)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[2] == (  # the check-in takes 30m of Wed 6 Jan
        "1h06m a study day is the least that is done by Fri 08 Jan 2027"
    )
    assert table.stderr == f"warning: {AFTER_END}\n"
    document = json.loads(run_cli(*args, "-f", "json").stdout)
    assert document["warnings"] == [AFTER_END]
    assert run_cli(*args, "-f", "csv").stderr == f"warning: {AFTER_END}\n"
    later = run_cli("plan", path, "--start", "2027-01-04", "--end", "2027-01-15", "-f", "json")
    assert json.loads(later.stdout)["warnings"] == []  # on the end date itself: done by then
    plain = run_cli("plan", path, "--start", "2027-01-04", "-f", "json")
    assert (json.loads(plain.stdout)["warnings"], plain.stderr) == ([], "")


def test_enroll_end_before_a_mandatory_session_warns_naming_the_session(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(WITH_SESSIONS)
    args = ("enroll", path, "--start", "2027-01-04", "--end", "2027-01-08")
    text = run_cli(*args, "-l", "ann")
    assert text.exit_code == 0
    assert text.stderr == f"warning: {AFTER_END}\n"
    document = json.loads(run_cli(*args, "-l", "bob", "-f", "json").stdout)
    assert document["enrollment"]["warnings"] == [AFTER_END]
