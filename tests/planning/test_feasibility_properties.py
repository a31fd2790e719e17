"""Feasibility is exact: on small courses, compare the planner with every order of the tasks.

An order is worked through one task after the other, each as early as the calendar, its
releases (a live session it requires) and the task before allow. If any order meets every
deadline, the planner must find a plan; a plan it returns must keep every rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsync.course.model import Course
from learnsync.errors import PlanError
from learnsync.planning import plan
from learnsync.planning.calendar import StudyCalendar
from learnsync.planning.planner import session_times
from tests.planning.helpers import course

START = date(2027, 1, 4)


@st.composite
def small_courses(draw: st.DrawFn, with_sessions: bool) -> Course:
    count = draw(st.integers(1, 6))
    module_count = draw(st.integers(1, 2))
    sessions: list[dict[str, Any]] = []
    if with_sessions:
        for index in range(draw(st.integers(1, 2))):
            day = draw(st.sampled_from([1, 2, 3, 4, 5, 8, 9]))
            sessions.append(
                {
                    "id": f"s{index}",
                    "title": "S",
                    "at": f"day {day} {9 + index}:00",
                    "duration": draw(st.sampled_from([15, 30])),
                }
            )
    modules: list[dict[str, Any]] = [
        {"id": f"m{index}", "title": "M", "task": []} for index in range(module_count)
    ]
    for index in range(count):
        keys: dict[str, Any] = {
            "id": f"t{index}",
            "title": "T",
            "effort": draw(st.integers(10, 150)),
        }
        earlier = [f"t{other}" for other in range(index)]
        requires = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        if sessions and draw(st.booleans()):
            requires.append(draw(st.sampled_from([session["id"] for session in sessions])))
        if requires:
            keys["requires"] = requires
        if draw(st.booleans()):
            keys["due"] = f"day {draw(st.integers(1, 10))}"
        modules[draw(st.integers(0, module_count - 1))]["task"].append(keys)
    for entry in modules:
        if draw(st.booleans()):
            entry["due"] = f"day {draw(st.integers(1, 12))}"
    return course(
        modules, calendar={"daily": draw(st.sampled_from([30, 45, 60, 90]))}, sessions=sessions
    )


def _rules(
    subject: Course,
) -> tuple[
    dict[str, int], dict[str, set[str]], dict[str, int], dict[str, int | None], StudyCalendar
]:
    times = session_times(subject, START)
    calendar = StudyCalendar.for_course(subject, START, times)
    session_day = {t.id: calendar.day_of(t.start.astimezone(calendar.zone).date()) for t in times}
    effort: dict[str, int] = {}
    requires: dict[str, set[str]] = {}
    release: dict[str, int] = {}
    deadline: dict[str, int | None] = {}
    for module in subject.modules:
        for task in module.tasks:
            effort[task.id] = task.effort_minutes
            requires[task.id] = {r for r in task.requires if r not in session_day}
            release[task.id] = max(
                [session_day[r] for r in task.requires if r in session_day], default=0
            )
            days = [calendar.day_of(due.resolve(START)) for due in (task.due, module.due) if due]
            deadline[task.id] = min(days) if days else None
    return effort, requires, release, deadline, calendar


def some_order_meets_every_deadline(
    subject: Course,
    *,
    off: Collection[int] = (),
    deadline_of: Mapping[str, int | None] | None = None,
    daily: int | None = None,
    end: int | None = None,
) -> bool:
    """Brute force: whether some order of the tasks that keeps their requirements meets every
    deadline (``deadline_of``, else the course's), with no study on the day indices ``off``,
    at ``daily`` minutes a study day (else the course's) and done by day index ``end``."""
    effort, requires, release, deadline, calendar = _rules(subject)
    deadlines = deadline if deadline_of is None else deadline_of
    capacity = (calendar if daily is None else calendar.with_daily(daily)).capacity
    for order in itertools.permutations(effort):
        position = {name: index for index, name in enumerate(order)}
        if any(position[r] > position[name] for name in order for r in requires[name]):
            continue
        day, used, ok = 0, 0, True
        for name in order:
            if release[name] > day:
                day, used = release[name], 0
            left = effort[name]
            while left and (end is None or day <= end):
                room = 0 if day in off else capacity(day) - used
                if room <= 0:
                    day, used = day + 1, 0
                    continue
                take = min(room, left)
                left -= take
                used += take
            limit = deadlines[name]
            if (end is not None and day > end) or (limit is not None and day > limit):
                ok = False
                break
        if ok:
            return True
    return False


def assert_plan_keeps_every_rule(subject: Course) -> None:
    result = plan(subject, start=START)
    effort, requires, release, deadline, calendar = _rules(subject)
    first = {t.id: calendar.day_of(t.slots[0].date) for t in result.tasks}
    last = {t.id: calendar.day_of(t.slots[-1].date) for t in result.tasks}
    per_day: dict[int, int] = {}
    for planned in result.tasks:
        assert sum(slot.minutes for slot in planned.slots) == effort[planned.id]
        for slot in planned.slots:
            per_day[calendar.day_of(slot.date)] = (
                per_day.get(calendar.day_of(slot.date), 0) + slot.minutes
            )
        assert first[planned.id] >= release[planned.id]
        for required in requires[planned.id]:
            assert last[required] <= first[planned.id]
        if deadline[planned.id] is not None:
            assert last[planned.id] <= deadline[planned.id]  # type: ignore[operator]
    for day, minutes in per_day.items():
        assert minutes <= calendar.capacity(day)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False))
def test_without_releases_a_plan_exists_exactly_when_some_order_meets_every_deadline(
    subject: Course,
) -> None:
    feasible = some_order_meets_every_deadline(subject)
    try:
        assert_plan_keeps_every_rule(subject)
    except PlanError:
        assert not feasible
    else:
        assert feasible


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=True))
def test_with_sessions_whenever_some_order_meets_every_deadline_the_planner_does(
    subject: Course,
) -> None:
    feasible = some_order_meets_every_deadline(subject)
    try:
        assert_plan_keeps_every_rule(subject)
    except PlanError as error:
        assert not feasible, error.findings
        assert all(f.code in {"infeasible-deadline", "session-off-day"} for f in error.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_courses(with_sessions=False))
def test_a_backlog_always_puts_what_a_task_requires_before_it(subject: Course) -> None:
    result = plan(subject, start=START, mode="async")
    position = {task.id: index for index, task in enumerate(result.tasks)}
    assert sorted(position) == sorted(task.id for _, task in subject.iter_tasks())
    modules = {
        module.id: [task.id for task in module.tasks if not task.optional]
        for module in subject.modules
    }
    for task in result.tasks:
        for required in task.requires:
            for before in modules.get(required, [required]):
                if before in position:
                    assert position[before] < position[task.id]
