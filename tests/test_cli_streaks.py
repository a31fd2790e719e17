"""Fair streaks through the command line: a day start kept with the enrollment (enroll
--day-start, a roster's day_start), freezes shown by status, and check's findings about streak
settings."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.planning import snapshot
from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]

FREEZES = COURSE.replace(
    'daily = "1h"\n', 'daily = "1h"\n\n[scoring]\nfreeze_every = 2\nfreeze_max = 1\n'
)


def enroll(run_cli: Run, course: Path, *options: str) -> None:
    result = run_cli("enroll", course, "-l", "ann", "--start", "2027-01-04", *options)
    assert result.exit_code == 0, result.stderr


def status(run_cli: Run) -> dict[str, object]:
    result = run_cli("status", "-l", "ann", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_with_a_day_start_work_after_midnight_counts_for_the_day_before(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", "04:00")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T20:00:00+01:00")
    assert run_cli("done", "intro", "--at", "2027-01-04 18:00").exit_code == 0
    assert run_cli("done", "practice", "--at", "2027-01-05 02:30").exit_code == 0
    document = status(run_cli)
    # Monday only: Tuesday 02:30 was still Monday night, and Tuesday is not over
    assert (document["streak_days"], document["longest_streak"]) == (1, 1)
    assert document["streak"] == {
        "unit": "days",
        "current": 1,
        "longest": 1,
        "weekly_target": None,
        "day_start": "04:00",
    }
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+01:00")
    assert status(run_cli)["streak_days"] == 0  # Tuesday had no study of its own


@pytest.mark.parametrize(
    ("day_start", "now", "today", "behind_minutes"),
    [
        ("04:00", "2027-01-05T02:30:00+01:00", "2027-01-04", 0),  # still Monday night
        ("04:00", "2027-01-05T04:00:00+01:00", "2027-01-05", 30),  # Tuesday has begun
        ("00:00", "2027-01-05T02:30:00+01:00", "2027-01-05", 30),
    ],
)
def test_a_learners_today_begins_at_their_day_start_as_their_streak_day_does(
    day_start: str,
    now: str,
    today: str,
    behind_minutes: int,
    run_cli: Run,
    write_course: Write,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", day_start)
    monkeypatch.setenv("LEARNSYNC_NOW", now)
    document = status(run_cli)
    # Monday's planned work is behind only once Monday is over for the learner
    assert (document["today"], document["behind_minutes"]) == (today, behind_minutes)
    heading = run_cli("next", "-l", "ann").stdout.splitlines()[0]
    weekday = {"2027-01-04": "Mon 04 Jan", "2027-01-05": "Tue 05 Jan"}[today]
    assert heading == f"Sprint  (sprint, sync) for ann, {weekday}"


def test_with_a_day_start_work_after_midnight_finishes_and_burns_down_on_the_learners_day(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", "04:00")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T02:30:00+01:00")  # Monday night
    assert run_cli("done", "intro", "practice", "quiz").exit_code == 0
    document = status(run_cli)
    assert (document["today"], document["finished_on"]) == ("2027-01-04", "2027-01-04")
    # the burndown's done line reaches zero on the learner's Monday, not after it
    from learnsync.charts import burndown
    from learnsync.enrollments import read_enrollment
    from learnsync.store.database import open_store

    with open_store(Path(os.environ["LEARNSYNC_STORE"])) as store:
        (row,) = store.enrollments("ann")
        enrollment = read_enrollment(store, row)
    chart = burndown(enrollment.plan, enrollment.events, date(2027, 1, 4), 0)
    assert (chart.days[0], chart.done) == (date(2027, 1, 4), (0,))


def test_with_a_day_start_yesterday_is_the_day_before_the_learners_today(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", "04:00")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T02:30:00+01:00")  # still Monday for ann
    result = run_cli("done", "intro", "--at", "yesterday 21:00", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert '"2027-01-03T21:00:00+01:00"' in result.stdout


CRUNCH = """\
[course]
id = "crunch"
title = "Crunch"
mode = "sync"

[calendar]
timezone = "UTC"
daily = "1h30m"

[[module]]
id = "m1"
title = "M1"
due = "day 3"

[[module.task]]
id = "t1"
title = "T1"
effort = "1h"
due = "day 1"

[[module.task]]
id = "t2"
title = "T2"
effort = "2h"
requires = ["t1"]

[[module.task]]
id = "t3"
title = "T3"
effort = "1h"

[[module]]
id = "m2"
title = "M2"
due = "week 2"

[[module.task]]
id = "t4"
title = "T4"
effort = "3h"
"""


def test_with_a_day_start_catch_up_and_replan_count_a_deadline_past_at_midnight_as_past(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T09:00:00Z")
    enroll(run_cli, write_course(CRUNCH), "--day-start", "04:00")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T02:30:00Z")  # still Monday for ann
    document = status(run_cli)
    assert document["today"] == "2027-01-04"
    # t1's deadline ended at Monday's midnight: M1 (Wed) is an hour short from Tuesday on, not
    # met by planning t1 into the learner's Monday night
    assert document["catch_up"] == {
        "can_meet": False,
        "daily_minutes": 90,
        "least_daily_minutes": 120,
        "missed": [
            {
                "kind": "module",
                "id": "m1",
                "title": "M1",
                "deadline": "2027-01-06",
                "short_minutes": 60,
            }
        ],
        "until": "2027-01-17",
        "max_daily_minutes": 480,
        "lost": [],
        "points_lost": 0,
        "rest_daily_minutes": None,
        "end": None,
    }
    replanned = run_cli("replan", "-l", "ann")
    assert replanned.exit_code == 0, replanned.stderr
    assert "Replanned crunch for ann from Tue 05 Jan 2027:" in replanned.stdout
    assert "the module M1 (deadline Wed 06 Jan): 1h short" in replanned.stdout + replanned.stderr


def test_without_a_day_start_the_same_work_makes_two_days(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "-f", "json")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T20:00:00+01:00")
    run_cli("done", "intro", "--at", "2027-01-04 18:00")
    run_cli("done", "practice", "--at", "2027-01-05 02:30")
    document = status(run_cli)
    assert (document["streak_days"], document["freezes"]) == (2, None)
    assert document["streak"]["day_start"] == "00:00"  # type: ignore[index]


@pytest.mark.parametrize("value", ["25:00", "13:00", "4", "04:60", "noon"])
def test_a_bad_day_start_option_is_a_usage_error(
    value: str, run_cli: Run, write_course: Write
) -> None:
    result = run_cli("enroll", write_course(COURSE), "-l", "ann", "--day-start", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --day-start: ")
    assert result.stderr.count("\n") <= 2


def test_a_roster_gives_each_learner_their_day_start(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    roster = write_course(
        '[[learner]]\nid = "ann"\nday_start = "03:30"\n\n[[learner]]\nid = "bo"\n', "team.toml"
    )
    result = run_cli(
        "enroll", write_course(COURSE), "--roster", roster, "--day-start", "01:00", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    starts = {e["learner"]: e["day_start"] for e in json.loads(result.stdout)["enrollments"]}
    assert starts == {"ann": "03:30", "bo": "01:00"}
    assert status(run_cli)["streak"]["day_start"] == "03:30"  # type: ignore[index]
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T08:00:00+01:00")
    assert run_cli("replan", "-l", "ann").exit_code == 0
    assert status(run_cli)["streak"]["day_start"] == "03:30"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "column"), [('"25:00"', 13), ('"13:00"', 13), ("4", 13), ("04:00:30", 13)]
)
def test_a_bad_day_start_in_a_roster_is_refused_on_its_line_and_column(
    value: str, column: int, run_cli: Run, write_course: Write
) -> None:
    roster = write_course(f'[[learner]]\nid = "ann"\nday_start = {value}\n', "team.toml")
    result = run_cli("enroll", write_course(COURSE), "--roster", roster)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{roster}:3:{column}: error [invalid-day-start] ")


def test_status_shows_the_freeze_used_and_the_freezes_left(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(FREEZES))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T20:00:00+01:00")
    run_cli("done", "intro", "--at", "2027-01-04 18:00")
    run_cli("done", "practice", "--at", "2027-01-05 18:00")  # two days: a freeze
    run_cli("done", "quiz", "--at", "2027-01-07 18:00")  # Wednesday missed: the freeze is spent
    document = status(run_cli)
    assert (document["streak_days"], document["longest_streak"]) == (3, 3)
    assert document["freezes"] == {"left": 0, "used": ["2027-01-06"], "every": 2, "max": 1}
    text = run_cli("status", "-l", "ann").stdout
    assert (
        "  Streak    3 study days in a row (longest 3) · 1 freeze used on Wed 06 Jan · 0 left\n"
        in text
    )


def test_a_weekly_target_makes_status_count_weeks(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    weekly = COURSE.replace('daily = "1h"\n', 'daily = "1h"\n\n[scoring]\nweekly_target = 2\n')
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(weekly))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T20:00:00+01:00")
    run_cli("done", "intro", "--at", "2027-01-04 18:00")
    run_cli("done", "practice", "--at", "2027-01-06 18:00")
    run_cli("done", "quiz", "--at", "2027-01-12 18:00")
    document = status(run_cli)
    assert document["streak"] == {
        "unit": "weeks",
        "current": 1,
        "longest": 1,
        "weekly_target": 2,
        "day_start": "00:00",
    }
    text = run_cli("status", "-l", "ann").stdout
    assert "  Streak    1 week in a row with 2+ study days (longest 1)\n" in text
    badges = json.loads(run_cli("badges", "-l", "ann", "-f", "json").stdout)["badges"]
    weekly_badge = next(badge for badge in badges if badge["rule"] == "streak")
    assert (weekly_badge["id"], weekly_badge["progress"]) == ("steady-weeks", "1/4 weeks in a row")


CHECKS = [
    ("[scoring]\nfreeze_every = 1\n", "invalid-value", "error", "scoring.freeze_every"),
    ("[scoring]\nfreeze_every = 101\n", "invalid-value", "error", "scoring.freeze_every"),
    (
        "[scoring]\nfreeze_every = 5\nfreeze_max = 0\n",
        "invalid-value",
        "error",
        "scoring.freeze_max",
    ),
    (
        "[scoring]\nfreeze_every = 5\nfreeze_max = 11\n",
        "invalid-value",
        "error",
        "scoring.freeze_max",
    ),
    ("[scoring]\nweekly_target = 0\n", "invalid-value", "error", "scoring.weekly_target"),
    ("[scoring]\nweekly_target = 8\n", "invalid-value", "error", "scoring.weekly_target"),
    ('[scoring]\nweekly_target = "3"\n', "wrong-type", "error", "scoring.weekly_target"),
    (
        "[scoring]\nfreeze_max = 2\n",
        "freeze-max-without-freeze-every",
        "error",
        "scoring.freeze_max",
    ),
    (
        '[scoring]\nfreeze_every = 5\n\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "course"\n',
        "streak-setting-unused",
        "warning",
        "scoring.freeze_every",
    ),
    (
        '[scoring]\nweekly_target = 3\n\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "streak"\n'
        "days = 3\n",
        "streak-setting-unused",
        "warning",
        "scoring.weekly_target",
    ),
    (
        '[[badge]]\nid = "b"\ntitle = "B"\nrule = "streak"\nunit = "weeks"\ncount = 2\n',
        "weekly-streak-without-target",
        "error",
        "badge[0].unit",
    ),
    (
        '[scoring]\nweekly_target = 3\n\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "streak"\n'
        'unit = "weeks"\n',
        "badge-missing-parameter",
        "error",
        "badge[0].rule",
    ),
    (
        '[[badge]]\nid = "b"\ntitle = "B"\nrule = "tasks"\ncount = 1\nunit = "days"\n',
        "badge-unused-parameter",
        "warning",
        "badge[0].unit",
    ),
    (
        '[[badge]]\nid = "b"\ntitle = "B"\nrule = "streak"\nunit = "months"\ndays = 2\n',
        "invalid-value",
        "error",
        "badge[0].unit",
    ),
]


@pytest.mark.parametrize(("extra", "code", "severity", "key"), CHECKS)
def test_check_reports_streak_settings_that_cannot_work(
    extra: str, code: str, severity: str, key: str, run_cli: Run, write_course: Write
) -> None:
    result = run_cli("check", "-f", "json", write_course(COURSE + "\n" + extra))
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"], f["key"]) for f in findings] == [(code, severity, key)]
    assert result.exit_code == (1 if severity == "error" else 0)


def test_check_accepts_complete_streak_settings_used_by_badges(
    run_cli: Run, write_course: Write
) -> None:
    extra = (
        "[scoring]\nfreeze_every = 5\nfreeze_max = 2\nweekly_target = 3\n\n"
        '[[badge]]\nid = "w"\ntitle = "W"\nrule = "streak"\nunit = "weeks"\ncount = 4\n\n'
        '[[badge]]\nid = "d"\ntitle = "D"\nrule = "streak"\ndays = 10\n'
    )
    result = run_cli("check", "-f", "json", write_course(COURSE + "\n" + extra))
    assert (result.exit_code, json.loads(result.stdout)["findings"]) == (0, [])


def test_done_and_report_speak_in_weeks_with_a_weekly_target(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    weekly = COURSE.replace('daily = "1h"\n', 'daily = "1h"\n\n[scoring]\nweekly_target = 2\n')
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(weekly))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T20:00:00+01:00")
    run_cli("done", "intro", "--at", "2027-01-04 18:00")
    result = run_cli("done", "practice", "-f", "json")
    document = json.loads(result.stdout)
    assert (document["streak"], document["streak_weeks"]) == (2, 1)
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T20:00:00+01:00")
    text = run_cli("done", "quiz").stdout
    assert "· streak 1 week\n" in text
    rows = json.loads(run_cli("report", "sprint", "-f", "json").stdout)["learners"]
    assert [(row["streak_days"], row["streak_weeks"]) for row in rows] == [(3, 1)]
    report = run_cli("report", "sprint").stdout
    assert " 1w " in report


def test_done_and_report_keep_days_without_a_weekly_target(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T20:00:00+01:00")
    document = json.loads(run_cli("done", "intro", "-f", "json").stdout)
    assert (document["streak"], document["streak_weeks"]) == (1, None)
    rows = json.loads(run_cli("report", "sprint", "-f", "json").stdout)["learners"]
    assert [(row["streak_days"], row["streak_weeks"]) for row in rows] == [(1, None)]


def test_the_streak_line_wraps_between_words_at_80_columns(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = COURSE.replace(
        'daily = "1h"\n', 'daily = "1h"\n\n[scoring]\nfreeze_every = 2\nfreeze_max = 2\n'
    ).replace('due = "week 1"', 'due = "week 3"')
    enroll(run_cli, write_course(course))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T20:00:00+01:00")
    for item, moment in (
        ("intro", "2027-01-04 18:00"),
        ("practice", "2027-01-05 18:00"),
        ("quiz", "2027-01-06 18:00"),
        ("kickoff", "2027-01-07 18:00"),  # four days: two freezes, spent on Fri 8 and Mon 11
    ):
        assert run_cli("done", item, "--at", moment).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    lines = run_cli("status", "-l", "ann").stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("  Streak"))
    assert lines[start : start + 2] == [
        "  Streak    4 study days in a row (longest 4) · 2 freezes used on Fri 08 Jan and",
        "            Mon 11 Jan · 0 left",
    ]
    assert max(len(line) for line in lines) <= 80


BLACKOUT = COURSE.replace(
    'daily = "1h"\n',
    'daily = "1h"\n\n[[calendar.blackout]]\nfrom = 2027-01-06\nto = 2027-01-08\n'
    'title = "Offsite"\n',
).replace('due = "week 1"', 'due = "week 3"')


def test_a_blackout_of_the_course_or_of_the_learner_never_breaks_a_streak(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = write_course(BLACKOUT)
    enroll(run_cli, course)
    result = run_cli(
        "enroll",
        course,
        "-l",
        "bo",
        "--start",
        "2027-01-04",
        "--blackout",
        "2027-01-11..2027-01-12",
    )
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-13T20:00:00+01:00")
    # the course's blackout: Wed 6 to Fri 8; bo's own: Mon 11 and Tue 12
    for learner, done in (
        ("ann", (("intro", 4), ("practice", 5), ("kickoff", 11), ("quiz", 12))),
        ("bo", (("intro", 4), ("practice", 5), ("quiz", 13))),
    ):
        for item, day in done:
            moment = f"2027-01-{day:02d} 18:00"
            assert run_cli("done", item, "--at", moment, "-l", learner).exit_code == 0
    ann = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)
    bo = json.loads(run_cli("status", "-l", "bo", "-f", "json").stdout)
    assert (ann["streak_days"], bo["streak_days"]) == (4, 3)


def test_the_study_calendar_counts_the_streaks_days_day_start_and_blackouts(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", "04:00", "--blackout", "2027-01-05")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T20:00:00+01:00")
    # Thursday 02:30 is still Wednesday night: the streak counts it for Wednesday
    assert run_cli("done", "intro", "--at", "2027-01-07 02:30").exit_code == 0
    result = run_cli("status", "-l", "ann", "-f", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    calendar = page[page.index('<table class="calendar"') :]
    week = calendar[calendar.index("2027-01-04</th>") :]
    week = week[: week.index("</tr>")]
    # Tuesday is a blackout: not a study day, not a missed one; Sat and Sun are still to come
    assert re.findall(r"<td[^>]*>([^<]*)</td>", week) == ["0", "·", "1", "0", "0", "", ""]
    summary = re.search(r'<p id="calendar-summary">([^<]*)</p>', page)
    assert summary is not None
    assert summary.group(1) == (
        "Studied on 1 of the 4 study days since 2027-01-04; current streak 0, longest 1."
    )
    result = run_cli("status", "-l", "ann", "--chart")
    assert result.exit_code == 0, result.stderr
    rows = {line[:3]: line[4:].rstrip() for line in result.stdout.splitlines() if line[:3] in DAYS}
    assert (rows["Mon"], rows["Tue"], rows["Wed"], rows["Thu"]) == (" ·", "", " ░", " ·")


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def test_the_study_calendar_forgets_a_day_whose_only_completion_is_undone(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T20:00:00+01:00")
    assert run_cli("done", "intro", "--at", "2027-01-06 10:00").exit_code == 0
    assert run_cli("done", "intro", "--at", "2027-01-06 11:00").exit_code == 0  # counted once
    assert run_cli("undo", "intro").exit_code == 0
    page = run_cli("status", "-l", "ann", "-f", "html").stdout
    calendar = page[page.index('<table class="calendar"') :]
    week = calendar[calendar.index("2027-01-04</th>") :]
    week = week[: week.index("</tr>")]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", week) == ["0", "0", "0", "0", "0", "", ""]
    summary = re.search(r'<p id="calendar-summary">([^<]*)</p>', page)
    assert summary is not None and summary.group(1).startswith("Studied on 0 of the 5 study days")


@pytest.fixture
def night_owl(run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    """ann, whose day starts at 04:00, did intro at 02:30 on Tuesday: Monday night."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    enroll(run_cli, write_course(COURSE), "--day-start", "04:00")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T20:00:00+01:00")
    assert run_cli("done", "intro", "--at", "2027-01-05 02:30").exit_code == 0


@pytest.mark.usefixtures("night_owl")
def test_already_done_names_the_learners_day_the_completion_counted_for(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("done", "practice", "--at", "2027-01-05 13:00").exit_code == 0
    monkeypatch.setattr(snapshot, "plan_from_document", refuse_to_decode)
    again = run_cli("done", "intro", "practice")  # the day start is kept beside the plan
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines() == [
        "Already done: intro (on Mon 04 Jan); not counted twice",
        "Already done: practice (on Tue 05 Jan); not counted twice",
    ]


@pytest.mark.usefixtures("night_owl")
def test_ids_kept_before_they_held_the_day_start_name_the_same_day_from_the_plan(
    run_cli: Run,
) -> None:
    with sqlite3.connect(os.environ["LEARNSYNC_STORE"]) as connection:
        (kept,) = connection.execute("SELECT ids FROM plan_ids").fetchone()
        older = {key: value for key, value in json.loads(kept).items() if key != "day_start"}
        connection.execute("UPDATE plan_ids SET ids = ?", (json.dumps(older),))
    connection.close()
    again = run_cli("done", "intro")
    assert again.stdout == "Already done: intro (on Mon 04 Jan); not counted twice\n"


def refuse_to_decode(document: object) -> None:
    raise AssertionError("the plan was decoded")
