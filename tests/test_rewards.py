"""Finishing work feels like something: done and undo say what changed; a learner who is behind
is told what to do and whether the deadlines ahead can still be met."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.course.loader import parse_course
from learnsync.planning.planner import catch_up
from tests.test_one_truth import HARD_QUIZ

Run = Callable[..., Result]
Write = Callable[..., Path]
# The quiz takes three of the three hours before its deadline: a day missed cannot be made up
# at an hour a day.
LONG_QUIZ = HARD_QUIZ.replace('kind = "quiz"\neffort = "30m"', 'kind = "quiz"\neffort = "3h"')


@pytest.fixture
def enrolled(run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(HARD_QUIZ)
    assert run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    return path


def test_done_says_what_was_gained_and_celebrates_the_course(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    assert run_cli("done", "read", "-l", "ann").stdout.splitlines() == [
        "Done: read (Read)",
        "  +10 points (10 in all, level 1; 40 to level 2) · streak 1 day",
        "  ★ Badge earned: First step",
    ]
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+01:00")
    document = json.loads(
        run_cli("done", "practise", "quiz", "wrap-up", "-l", "ann", "-f", "json").stdout
    )
    assert {key: document[key] for key in ("points_gained", "points", "level", "streak")} == {
        "points_gained": 35,
        "points": 45,
        "level": 1,
        "streak": 2,
    }
    assert [badge["id"] for badge in document["badges_earned"]] == ["graduate"]
    assert document["module_finished"] == ["basics"]
    assert (document["course_finished"], document["finished_on"]) == (True, "2027-01-05")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:30:00+01:00")
    run_cli("undo", "wrap-up", "-l", "ann")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T19:00:00+01:00")
    text = run_cli("done", "wrap-up", "-l", "ann").stdout.splitlines()
    assert text[-2:] == [
        "  ✔ Module finished: Basics",
        "  ★ Course finished on Tue 05 Jan 2027, 3 days before the plan. Well done!",
    ]
    status = run_cli("status", "-l", "ann").stdout.splitlines()
    assert status[-1] == "  Finish    finished on Tue 05 Jan 2027, 3 days before the plan"


def test_undo_says_what_was_taken_back(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    run_cli("done", "read", "-l", "ann")
    document = json.loads(run_cli("undo", "read", "-l", "ann", "-f", "json").stdout)
    assert (document["points_gained"], document["points"]) == (-10, 0)
    assert document["badges_earned"] == []


def test_a_learner_behind_is_told_to_replan_and_whether_the_deadlines_can_be_met(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    run_cli("enroll", write_course(LONG_QUIZ), "-l", "ann", "--start", "2027-01-04")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T09:00:00+01:00")
    lines = run_cli("status", "-l", "ann").stdout.splitlines()
    start = lines.index("  On track  no: behind by 1h (work started is behind its plan)")
    assert lines[start + 1 : start + 5] == [
        "  Advice    learnsync replan makes a plan from today.",
        "            Quiz (Wed 06 Jan): 1h short",
        "            catch up: 1h30m a day until Sun 17 Jan meets every deadline (now 1h)",
        "            learnsync replan --catch-up plans that.",
    ]
    advice = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)["catch_up"]
    assert advice == {
        "can_meet": False,
        "daily_minutes": 60,
        "least_daily_minutes": 90,
        "missed": [
            {
                "kind": "task",
                "id": "quiz",
                "title": "Quiz",
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
    replan = run_cli("replan", "-l", "ann").stdout.splitlines()
    assert replan[4:] == [
        "Some deadlines ahead can no longer be met at your daily time:",
        "  the task Quiz (deadline Wed 06 Jan): 1h short",
        "  1h30m a day (now 1h) would meet them all: learnsync replan --catch-up",
    ]


def test_a_learner_on_track_to_meet_the_deadlines_is_told_so(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T09:00:00+01:00")
    lines = run_cli("status", "-l", "ann").stdout.splitlines()
    start = lines.index(
        "  On track  no: behind by 1h (1 required task planned to end before today)"
    )
    assert lines[start + 1 : start + 3] == [
        "  Advice    learnsync replan makes a plan from today.",
        "            catch up: 34m a day until Sun 17 Jan meets every deadline (now 1h)",
    ]


def test_the_least_daily_time_to_catch_up_is_exact() -> None:
    subject = parse_course(LONG_QUIZ)
    done = frozenset({"read"})
    advice = catch_up(subject, start=date(2027, 1, 4), today=date(2027, 1, 5), done=done)
    least = advice.least_daily_minutes
    assert least is not None and not advice.can_meet
    meets = catch_up(
        subject, start=date(2027, 1, 4), today=date(2027, 1, 5), done=done, daily_minutes=least
    )
    short = catch_up(
        subject,
        start=date(2027, 1, 4),
        today=date(2027, 1, 5),
        done=done,
        daily_minutes=least - 1,
    )
    assert meets.can_meet and not short.can_meet


def test_passed_deadlines_do_not_make_the_ones_ahead_look_lost() -> None:
    subject = parse_course(HARD_QUIZ)
    advice = catch_up(subject, start=date(2027, 1, 4), today=date(2027, 1, 8), done=frozenset())
    assert advice.can_meet  # the quiz's deadline has passed; week 2 is still in reach at 1h
