"""``replan --catch-up`` and ``replan --daily``: the exact least daily time applied, a chosen
daily time kept, and the deadlines given up when none can, losing the fewest points."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.course.loader import parse_course
from learnsync.planning.planner import catch_up

Run = Callable[..., Result]

TWO_ON_DAY_ONE = """\
[course]
id = "crunch"
title = "Crunch"
mode = "sync"

[calendar]
workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
daily = "1h"

[scoring]
late_penalty = 0.5

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "small"
title = "Small"
kind = "reading"
effort = "1h"
points = 2
due = "day 2"

[[module.task]]
id = "big"
title = "Big"
kind = "project"
effort = "1h"
points = 30
due = "day 2"

[[module.task]]
id = "later"
title = "Later"
kind = "reading"
effort = "1h"
points = 4
due = "day 5"
"""


@pytest.fixture
def crunch(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Enrolled on Mon 4 Jan at 1h a day; on Tue 5 Jan nothing is done, and two 1h tasks are
    due that day (the one worth fewer points first in the file)."""
    path = tmp_path / "crunch.toml"
    path.write_text(TWO_ON_DAY_ONE, encoding="utf-8")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+00:00")
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T08:00:00+00:00")
    return path


def test_when_no_daily_time_can_the_deadline_given_up_is_the_one_losing_fewest_points() -> None:
    advice = catch_up(
        parse_course(TWO_ON_DAY_ONE),
        start=date(2027, 1, 4),
        today=date(2027, 1, 5),
        done=frozenset(),
        max_daily_minutes=60,
    )
    assert advice.least_daily_minutes is None
    assert [(lost.id, lost.points_lost) for lost in advice.lost] == [("small", 1)]
    assert advice.rest_daily_minutes == 60


def test_catch_up_applies_the_least_daily_time_that_meets_every_deadline(
    run_cli: Run, crunch: Path
) -> None:
    result = run_cli("replan", "--catch-up", "-l", "ann")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4:] == [
        "  Daily time 2h (was 1h): the least that meets every deadline ahead.",
    ]
    document = json.loads(run_cli("replan", "-l", "ann", "-f", "json").stdout)
    assert (document["daily_minutes"], document["missed_deadlines"]) == (120, [])


def test_catch_up_gives_up_the_deadline_that_loses_the_fewest_points(
    run_cli: Run, crunch: Path
) -> None:
    result = run_cli("replan", "--catch-up", "--max-daily", "1h", "-l", "ann")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4:] == [
        "No daily time up to 1h meets every deadline; giving up the fewest points (1):",
        "  the task Small (deadline Tue 05 Jan): 1 task planned after it, 1 point",
    ]
    today = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]["now"]
    assert [(task["id"], task["minutes_today"]) for task in today] == [("big", 60)]


def test_daily_applies_a_chosen_daily_time_and_later_replans_keep_it(
    run_cli: Run, crunch: Path
) -> None:
    result = run_cli("replan", "--daily", "1h30m", "-l", "ann", "-f", "json")
    document = json.loads(result.stdout)
    assert (document["daily_minutes"], document["daily_minutes_before"]) == (90, 60)
    again = json.loads(run_cli("replan", "-l", "ann", "-f", "json").stdout)
    assert (again["daily_minutes"], again["daily_minutes_before"]) == (90, None)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--catch-up", "--daily", "2h"), "give --catch-up or --daily"),
        (("--max-daily", "2h"), "--max-daily bounds --catch-up"),
        (("--daily", "soon"), "--daily:"),
        (("--catch-up", "--max-daily", "25h"), "--max-daily: a day has 24 hours"),
    ],
)
def test_bad_daily_options_are_usage_errors(
    run_cli: Run, crunch: Path, arguments: tuple[str, ...], message: str
) -> None:
    result = run_cli("replan", *arguments, "-l", "ann")
    assert result.exit_code == 2
    assert message in result.stderr


def test_status_and_next_say_how_to_catch_up(run_cli: Run, crunch: Path) -> None:
    status = run_cli("status", "-l", "ann").stdout.splitlines()
    assert "            catch up: 2h a day until Fri 08 Jan meets every deadline (now 1h)" in status
    lines = run_cli("next", "-l", "ann").stdout.splitlines()
    assert "  catch up: 2h a day until Fri 08 Jan meets every deadline (now 1h)" in lines
    document = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)
    assert document["courses"][0]["catch_up"]["least_daily_minutes"] == 120


BY_THE_END = """\
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
effort = "1h"
due = "day 2"

[[module.task]]
id = "b"
title = "B"
effort = "4h"
due = "day 9"

[[module.task]]
id = "c"
title = "C"
effort = "3h"
"""


@pytest.fixture
def by_the_end(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Enrolled on Mon 4 Jan to be done by Fri 15 Jan at most 1h30m a day (48m found); nothing
    is done since: A's deadline (Tue 5 Jan) has passed, B is due Tue 12 Jan."""
    path = tmp_path / "sprint.toml"
    path.write_text(BY_THE_END, encoding="utf-8")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+00:00")
    enrolled = run_cli(
        "enroll", path, "-l", "ann", "--start", "2027-01-04", "--end", "2027-01-15",
        "--max-daily", "1h30m",
    )  # fmt: skip
    assert enrolled.exit_code == 0, enrolled.stderr
    return path


def _advice_lines(text: str) -> list[str]:
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("  Advice"))
    last = next(n for n, line in enumerate(lines) if line.startswith("  Overdue"))
    return lines[first:last]


def test_catch_up_advice_also_meets_the_enrollments_end_date(
    run_cli: Run, by_the_end: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 8h left from Fri 8 Jan: B's 4h by Tue 12 Jan and all of it by Fri 15 Jan, 6 workdays
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T08:00:00+00:00")
    assert _advice_lines(run_cli("status", "-l", "ann").stdout) == [
        "  Advice    learnsync replan makes a plan from today.",
        "            B (Tue 12 Jan): 1h36m short",
        "            the end date (Fri 15 Jan): 3h12m short",
        "            catch up: 1h20m a day meets every deadline and the end, Fri 15 Jan",
        "            learnsync replan --catch-up plans that.",
    ]
    assert run_cli("next", "-l", "ann").stdout.splitlines()[-2] == (
        "  catch up: 1h20m a day meets every deadline and the end, Fri 15 Jan (now 48m)"
    )
    advice = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)["catch_up"]
    assert (
        advice["least_daily_minutes"],
        advice["max_daily_minutes"],
        advice["until"],
        advice["end"],
        [(miss["kind"], miss["deadline"], miss["short_minutes"]) for miss in advice["missed"]],
    ) == (
        80,
        90,
        "2027-01-15",
        "2027-01-15",
        [("task", "2027-01-12", 96), ("end", "2027-01-15", 192)],
    )
    nxt = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)
    assert nxt["courses"][0]["catch_up"] == advice
    replanned = run_cli("replan", "--catch-up", "-l", "ann").stdout.splitlines()
    assert replanned[1] == "  3 required tasks left, done by Fri 15 Jan 2027."
    assert replanned[4] == (
        "  Daily time 1h20m (was 48m): the least that meets every deadline ahead and the end date."
    )


def test_catch_up_advice_never_passes_the_enrollments_max_daily(
    run_cli: Run, by_the_end: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # from Mon 11 Jan, B alone asks 2h a day: more than --max-daily 1h30m
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T08:00:00+00:00")
    assert _advice_lines(run_cli("status", "-l", "ann").stdout) == [
        "  Advice    learnsync replan makes a plan from today.",
        "            B (Tue 12 Jan): 2h24m short",
        "            the end date (Fri 15 Jan): 4h short",
        "            catch up: no daily time up to 1h30m meets every deadline and the end",
        "            fewest points lost (20): give up B, the end date",
        "            learnsync replan --catch-up plans that.",
    ]
    assert run_cli("next", "-l", "ann").stdout.splitlines()[-2] == (
        "  catch up: no daily time up to 1h30m meets every deadline and the end"
    )
    advice = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)["catch_up"]
    assert (
        advice["least_daily_minutes"],
        advice["rest_daily_minutes"],
        [(lost["kind"], lost["id"], lost["points_lost"]) for lost in advice["lost"]],
    ) == (None, 90, [("task", "b", 20), ("end", "end", 0)])
    assert run_cli("replan", "--catch-up", "-l", "ann").stdout.splitlines()[4:] == [
        "  Daily time 1h30m (was 48m): the most there is, as near the end date as it gets.",
        "No daily time up to 1h30m meets every deadline; giving up the fewest points (20):",
        "  the task B (deadline Tue 12 Jan): 1 task planned after it, 20 points",
        "  the end date (Fri 15 Jan): 3 tasks planned after it, 0 points",
    ]


def test_the_python_api_gives_the_catch_up_advice_status_gives(
    run_cli: Run, by_the_end: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from learnsync.enrollments import catch_up_for, one_enrollment, open_for, read_enrollment
    from learnsync.render.status_text import catch_up_document

    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T08:00:00+00:00")
    status = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)["catch_up"]
    with open_for(None, write=False) as store:
        enrollment = read_enrollment(store, one_enrollment(store, "ann", None))
    advice = catch_up_for(enrollment, datetime(2027, 1, 11, 8, tzinfo=UTC))
    assert advice is not None
    assert (advice.max_daily_minutes, advice.end) == (90, date(2027, 1, 15))
    assert catch_up_document(advice) == status


def test_the_learner_page_gives_the_catch_up_advice_status_gives(
    run_cli: Run, by_the_end: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "me.html"
    assert run_cli("status", "-l", "ann", "-f", "html", "-o", page).exit_code == 0
    assert 'data-summary="catch_up"' not in page.read_text(encoding="utf-8")  # on track
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-08T08:00:00+00:00")
    assert run_cli("status", "-l", "ann", "-f", "html", "-o", page).exit_code == 0
    found = [
        line
        for line in page.read_text(encoding="utf-8").splitlines()
        if 'data-summary="catch_up"' in line
    ]
    assert found == [
        '<p data-summary="catch_up">Catch up: 1h20m a day meets every deadline and the end, '
        "Fri 15 Jan (now 48m).</p>"
    ]


def test_a_daily_time_chosen_above_the_max_daily_that_meets_every_deadline_gives_nothing_up(
    run_cli: Run, by_the_end: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the learner's own 3h a day meets B and the end from Mon 11 Jan, where the max daily
    # (1h30m) cannot: the advice is the least that does, 2h, and nothing is given up (it was
    # "give up B and the end date, 20 points", and replan --catch-up cut the 3h to 1h30m)
    assert run_cli("replan", "--daily", "3h", "-l", "ann").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T08:00:00+00:00")
    advice = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)["catch_up"]
    assert (
        advice["can_meet"],
        advice["daily_minutes"],
        advice["max_daily_minutes"],
        advice["least_daily_minutes"],
        advice["lost"],
        advice["points_lost"],
        advice["rest_daily_minutes"],
    ) == (True, 180, 90, 120, [], 0, None)
    assert _advice_lines(run_cli("status", "-l", "ann").stdout) == [
        "  Advice    learnsync replan makes a plan from today.",
        "            catch up: 2h a day meets every deadline and the end, Fri 15 Jan",
    ]
    assert run_cli("replan", "--catch-up", "-l", "ann").stdout.splitlines()[1:] == [
        "  3 required tasks left, done by Thu 14 Jan 2027.",
        "  Replan 2: the planned finish moved -1 day from the first plan.",
        "  Deadlines stay, and so does the lateness of work already done.",
        "  Daily time 2h (was 3h): the least that meets every deadline ahead and the end date.",
    ]


ONE_DEADLINE = """\
[course]
id = "one"
title = "One"
mode = "sync"

[calendar]
daily = "4h"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "a"
title = "A"
effort = "10h"
due = "day 3"

[[module.task]]
id = "b"
title = "B"
effort = "2h"
"""


def test_catch_up_that_gives_up_every_deadline_ahead_keeps_the_learners_daily_time(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A's 10h by Wed 6 Jan cannot be met from Tue 5 Jan; once it is given up nothing is left to
    # meet, and the plan keeps the learner's 4h a day (it was the least for no deadline at all:
    # 1m a day, done in October 2029)
    path = tmp_path / "one.toml"
    path.write_text(ONE_DEADLINE, encoding="utf-8")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+00:00")
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T08:00:00+00:00")
    document = json.loads(
        run_cli("replan", "--catch-up", "--max-daily", "2h", "-l", "ann", "-f", "json").stdout
    )
    advice = document["catch_up"]
    assert (advice["least_daily_minutes"], advice["rest_daily_minutes"]) == (None, 240)
    assert [(lost["id"], lost["points_lost"]) for lost in advice["lost"]] == [("a", 50)]
    assert (document["daily_minutes"], document["finish"]) == (240, "2027-01-07")


def test_status_gives_the_same_advice_from_the_snapshot_as_from_the_events_alone(
    run_cli: Run, crunch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """status reads the events only for its charts, and the done set for its catch-up advice:
    from the progress snapshot it says what a replay of the events says. Ann did the task due
    Fri 08 Jan on Tue 05 Jan, and on Thu 07 Jan is behind on the two due Tue 05 Jan."""
    import os
    import sqlite3

    assert run_cli("done", "later", "-l", "ann").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T08:00:00+00:00")
    commands = [("status", "-l", "ann"), ("status", "-l", "ann", "-f", "json")]
    commands.append(("status", "-l", "ann", "--chart"))
    with_snapshot = [run_cli(*command).stdout for command in commands]
    document = json.loads(with_snapshot[1])
    assert document["done"] == 1
    assert (document["catch_up"]["least_daily_minutes"], document["catch_up"]["until"]) == (
        60,  # the task due Fri 08 Jan is done: nothing is due ahead (without it, 30m until Fri)
        None,
    )
    connection = sqlite3.connect(os.environ["LEARNSYNC_STORE"])
    connection.execute("DELETE FROM progress_snapshots")
    connection.commit()
    connection.close()
    assert [run_cli(*command).stdout for command in commands] == with_snapshot
