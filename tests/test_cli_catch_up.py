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
