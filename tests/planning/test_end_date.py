"""plan --end: the exact least daily time that finishes everything by a date and meets every
deadline. Checked against brute force on small courses (every order of the tasks, as in
test_feasibility_properties): at the suggested daily time some order is done in time, at one
minute less none is (with live sessions, which the planner may pause a task for, only the
latter); when even the most daily time cannot, no order can."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsync.course.model import Course
from learnsync.errors import PlanError, PlanInputError
from learnsync.planning.planner import fit_to_end, plan
from learnsync.planning.snapshot import plan_document, plan_from_document
from tests.planning.helpers import course, module, task
from tests.planning.test_blackout_properties import blackout_ranges, off_days, with_blackouts
from tests.planning.test_feasibility_properties import (
    START,
    small_courses,
    some_order_meets_every_deadline,
)


def some_order_is_done_in_time(
    subject: Course,
    daily: int,
    end: int,
    off: set[int] = frozenset(),  # type: ignore[assignment]
) -> bool:
    """Whether some order of the tasks, at ``daily`` minutes a study day, meets every deadline
    and finishes by day index ``end``."""
    return some_order_meets_every_deadline(subject, off=off, daily=daily, end=end)


MAX_DAILY = 240


def _check(subject: Course, end_index: int, off: set[int], planned: Course | None = None) -> None:
    """``planned`` is ``subject`` with the blackouts ``off`` (day indices) in its calendar."""
    end = START + timedelta(days=end_index)
    try:
        result = fit_to_end(planned or subject, start=START, end=end, max_daily_minutes=MAX_DAILY)
    except PlanError as error:
        assert not some_order_is_done_in_time(subject, MAX_DAILY, end_index, off)
        assert {f.code for f in error.findings} <= {"infeasible-deadline", "session-off-day"}
        return
    daily = result.daily_minutes
    assert 1 <= daily <= MAX_DAILY
    assert result.end == end
    assert some_order_is_done_in_time(subject, daily, end_index, off)
    assert not some_order_is_done_in_time(subject, daily - 1, end_index, off)
    assert result.finish is not None and result.finish <= end
    assert sum(t.effort_minutes for t in result.tasks) == sum(
        slot.minutes for t in result.tasks for slot in t.slots
    )  # effort is never shrunk
    for planned in result.tasks:
        assert all((slot.date - START).days not in off for slot in planned.slots)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False), st.integers(0, 20))
def test_the_daily_time_for_an_end_date_is_the_least_that_any_order_needs(
    subject: Course, end_index: int
) -> None:
    _check(subject, end_index, set())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False), st.integers(0, 20), blackout_ranges())
def test_with_blackouts_the_daily_time_for_an_end_date_is_the_least_that_any_order_needs(
    subject: Course, end_index: int, ranges: list[tuple[int, int]]
) -> None:
    blacked = with_blackouts(subject, ranges, shift=False)
    _check(subject, end_index, off_days(ranges), blacked)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=True), st.integers(0, 20), blackout_ranges())
def test_with_sessions_and_blackouts_the_daily_time_for_an_end_date_is_still_the_least(
    subject: Course, end_index: int, ranges: list[tuple[int, int]]
) -> None:
    blacked = with_blackouts(subject, ranges, shift=False)
    _check_blacked(subject, blacked, end_index, off_days(ranges))


def _check_blacked(subject: Course, blacked: Course, end_index: int, off: set[int]) -> None:
    end = START + timedelta(days=end_index)
    try:
        result = fit_to_end(blacked, start=START, end=end, max_daily_minutes=MAX_DAILY)
    except PlanError:
        assert not some_order_is_done_in_time(subject, MAX_DAILY, end_index, off)
        return
    # With releases (a task waits for a session) the brute force works one task after the
    # other, which the planner beats by pausing a task: so only "no order does it with less".
    daily = result.daily_minutes
    assert not some_order_is_done_in_time(subject, daily - 1, end_index, off)
    assert result.finish is not None and result.finish <= end
    for planned in result.tasks:
        assert all((slot.date - START).days not in off for slot in planned.slots)
        if planned.deadline is not None:
            assert planned.slots[-1].date <= planned.deadline


WEEK = course(
    [
        module(
            "m",
            task("a", "3h"),
            task("b", "2h", due="day 2"),
            task("c", "1h", optional=True),
        )
    ]
)


def test_an_end_date_gives_the_least_daily_time_and_the_plan_at_it() -> None:
    result = fit_to_end(WEEK, start=START, end=date(2027, 1, 8))  # Monday to Friday
    assert result.daily_minutes == 72  # 6h over 5 days
    assert result.finish == date(2027, 1, 8)
    assert result.end == date(2027, 1, 8)
    assert plan_from_document(plan_document(result)) == result


def test_a_deadline_can_need_more_than_the_end_date_does() -> None:
    result = fit_to_end(WEEK, start=START, end=date(2027, 1, 29))
    assert result.daily_minutes == 60  # b: 2h by Tuesday
    at_that_time = plan(WEEK, start=START, daily_minutes=60)
    assert [t.slots for t in result.tasks] == [t.slots for t in at_that_time.tasks]


def test_when_even_the_most_daily_time_cannot_the_end_date_is_named_with_the_shortfall() -> None:
    with pytest.raises(PlanError) as caught:
        fit_to_end(WEEK, start=START, end=date(2027, 1, 4), max_daily_minutes=120)
    messages = [finding.message for finding in caught.value.findings]
    assert messages == [
        "the end date (2027-01-04) cannot be met from a start on 2027-01-04 at the most daily "
        "time, 2h (--max-daily): 4h short (240 minutes); the best plan gets there on 2027-01-06",
    ]
    assert caught.value.findings[0].hint == (
        "any one of these would do: --max-daily 6h; --end 2027-01-06 or later"
    )


def test_a_missed_course_deadline_is_named_too() -> None:
    with pytest.raises(PlanError) as caught:
        fit_to_end(WEEK, start=START, end=date(2027, 1, 29), max_daily_minutes=30)
    assert [f.key for f in caught.value.findings] == [("module", 0, "task", 1, "due")]
    assert caught.value.findings[0].message.startswith(
        "task 'b' (due day 2) cannot be met from a start on 2027-01-04 at the most daily time, "
        "30m (--max-daily): 1h short (60 minutes)"
    )


def test_an_end_before_the_start_or_a_backlog_is_refused() -> None:
    with pytest.raises(PlanInputError, match="before the start"):
        fit_to_end(WEEK, start=START, end=date(2027, 1, 3))
    with pytest.raises(PlanInputError, match="schedules nothing"):
        fit_to_end(WEEK, start=START, end=date(2027, 1, 8), mode="async")
