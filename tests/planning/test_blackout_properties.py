"""Blackouts keep feasibility exact: on small courses, the planner finds a plan exactly when some
order of the tasks meets every deadline with no study on a blackout day (brute force, as in
test_feasibility_properties); no plan puts study on a blackout day; without "shift" every
deadline is where it is without blackouts, and with "shift" where a day-by-day count of the
workdays the blackouts take puts it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsync.course.model import Blackout, Course
from learnsync.errors import PlanError
from learnsync.planning import plan
from learnsync.planning.model import Plan
from tests.planning.test_feasibility_properties import (
    START,
    _rules,
    small_courses,
    some_order_meets_every_deadline,
)

WORKDAYS = range(5)  # the helpers' courses study Monday to Friday


@st.composite
def blackout_ranges(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Up to three ranges of day numbers (1 is the start), overlapping or not."""
    ranges = []
    for _ in range(draw(st.integers(1, 3))):
        first = draw(st.integers(1, 12))
        ranges.append((first, first + draw(st.integers(0, 4))))
    return ranges


def with_blackouts(subject: Course, ranges: list[tuple[int, int]], shift: bool) -> Course:
    blackouts = [
        Blackout.model_validate({"from": f"day {first}", "to": f"day {last}", "title": f"B{i}"})
        for i, (first, last) in enumerate(ranges)
    ]
    calendar = subject.calendar.model_copy(
        update={"blackouts": blackouts, "blackout_mode": "shift" if shift else "fixed"}
    )
    return subject.model_copy(update={"calendar": calendar})


def off_days(ranges: list[tuple[int, int]]) -> set[int]:
    """Day indices (0 is the start) of the blackouts."""
    return {day - 1 for first, last in ranges for day in range(first, last + 1)}


def reference_shift(day: int, off: set[int]) -> int:
    """Day index ``day`` moved by the workdays the blackouts take, counted day by day: a
    workday keeps its count of workdays from the start over the workdays that are no blackout;
    a day off moves with the workday before it, never up to the next one."""

    def workday(index: int) -> bool:
        return (START + timedelta(days=index)).weekday() in WORKDAYS

    def image(count: int) -> int:  # the count-th workday that is no blackout (0: before start)
        index, seen = -1, 0
        while seen < count:
            index += 1
            if workday(index) and index not in off:
                seen += 1
        return index

    count = sum(1 for index in range(day + 1) if workday(index))
    if workday(day):
        return image(count)
    previous = max((index for index in range(day) if workday(index)), default=-1)
    return min(image(count) + day - previous, image(count + 1) - 1)


def _check(subject: Course, ranges: list[tuple[int, int]], shift: bool) -> None:
    blacked = with_blackouts(subject, ranges, shift)
    off = off_days(ranges)
    _, _, _, plain_deadlines, _ = _rules(subject)
    if shift:
        deadline_of = {
            name: None if day is None else reference_shift(day, off)
            for name, day in plain_deadlines.items()
        }
    else:
        deadline_of = plain_deadlines
    feasible = some_order_meets_every_deadline(subject, off=off, deadline_of=deadline_of)
    try:
        result: Plan = plan(blacked, start=START)
    except PlanError as error:
        assert not feasible, error.findings
        assert {f.code for f in error.findings} <= {"infeasible-deadline", "session-off-day"}
        return
    assert feasible
    for task in result.tasks:
        for slot in task.slots:
            assert (slot.date - START).days not in off
        limit = deadline_of[task.id]
        expected = None if limit is None else START + timedelta(days=limit)
        assert task.deadline == expected
        if expected is not None:
            assert task.slots[-1].date <= expected
    assert {(b.first, b.last) for b in result.blackouts} == {
        (START + timedelta(days=first - 1), START + timedelta(days=last - 1))
        for first, last in ranges
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False), blackout_ranges())
def test_with_blackouts_a_plan_exists_exactly_when_some_order_meets_every_deadline(
    subject: Course, ranges: list[tuple[int, int]]
) -> None:
    _check(subject, ranges, shift=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False), blackout_ranges())
def test_with_shifting_blackouts_deadlines_move_by_the_workdays_taken_and_stay_exact(
    subject: Course, ranges: list[tuple[int, int]]
) -> None:
    _check(subject, ranges, shift=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=True), blackout_ranges())
def test_with_sessions_and_blackouts_whenever_some_order_meets_every_deadline_the_planner_does(
    subject: Course, ranges: list[tuple[int, int]]
) -> None:
    blacked = with_blackouts(subject, ranges, shift=False)
    off = off_days(ranges)
    _, _, _, deadlines, _ = _rules(subject)
    feasible = some_order_meets_every_deadline(subject, off=off, deadline_of=deadlines)
    try:
        result = plan(blacked, start=START)
    except PlanError as error:
        assert not feasible, error.findings
        return
    for task in result.tasks:
        assert all((slot.date - START).days not in off for slot in task.slots)


def test_reference_shift_agrees_with_the_documented_examples() -> None:
    week = off_days([(8, 12)])
    assert reference_shift(11, week) == 18  # Friday -> next Friday
    assert reference_shift(13, week) == 20  # Sunday -> next Sunday
    assert START + timedelta(days=reference_shift(4, off_days([(2, 3)]))) == date(2027, 1, 12)
