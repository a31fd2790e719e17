"""The catch-up's give-up search tries many sets of deadlines on one problem built once: moving
deadlines (``with_deadlines``) gives the jobs building the problem again gives, the early-stopping
schedule (``first_late``) tells what the planner's schedule tells, a missed deadline stays
missed whatever happens to the deadlines after it, and the search still loses the fewest points
on courses with more deadlines than the permutation brute force can take."""

from __future__ import annotations

import contextlib
import math
from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.findings import KeyPath
from learnsync.course.loader import parse_course
from learnsync.course.model import Course
from learnsync.planning.calendar import MAX_PLAN_DAYS
from learnsync.planning.planner import _calendar, catch_up
from learnsync.planning.problem import END_KEY, Problem, build_problem, with_deadlines
from learnsync.planning.schedule import HorizonExceeded, edf_schedule, first_late

START = date(2027, 1, 4)
FAR = MAX_PLAN_DAYS - 1

# a module: its mode, its due day or None, and its tasks: effort, own due day or None, and
# whether it requires the task before it
Module = tuple[str, int | None, list[tuple[int, int | None, bool]]]
MODULES = st.lists(
    st.tuples(
        st.sampled_from(["sync", "hybrid", "async"]),
        st.one_of(st.none(), st.integers(1, 12)),
        st.lists(
            st.tuples(
                st.integers(10, 300), st.one_of(st.none(), st.integers(1, 12)), st.booleans()
            ),
            min_size=1,
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=4,
)


def course_of(modules: list[Module]) -> Course:
    lines = [
        '[course]\nid = "c"\ntitle = "C"\nmode = "sync"\n',
        '[calendar]\nworkdays = ["mon", "tue", "wed", "thu", "fri"]\ndaily = "1h"\n',
    ]
    number = 0
    for index, (mode, due, tasks) in enumerate(modules):
        lines.append(f'[[module]]\nid = "m{index}"\ntitle = "M{index}"\nmode = "{mode}"\n')
        if due is not None:
            lines.append(f'due = "day {due}"\n')
        for effort, task_due, requires in tasks:
            lines.append(
                f'[[module.task]]\nid = "t{number}"\ntitle = "T{number}"\nkind = "reading"\n'
                f"effort = {effort}\n"
                + (f'due = "day {task_due}"\n' if task_due is not None else "")
                + (f'requires = ["t{number - 1}"]\n' if requires and number else "")
            )
            number += 1
    return parse_course("\n".join(lines))


def problem_of(
    course: Course, overrides: dict[KeyPath, int], daily: int = 60, end: int | None = None
) -> Problem:
    calendar, sessions = _calendar(course, START, daily, None, None, ())
    return build_problem(
        course, calendar, sessions, None, deadline_overrides=overrides, end_day=end
    )


def keys_of(problem: Problem) -> list[KeyPath]:
    return sorted({deadline.key for bound in problem.bounds for deadline in bound}, key=str)


@settings(max_examples=80, deadline=None)
@given(modules=MODULES, end=st.one_of(st.none(), st.integers(0, 20)), data=st.data())
def test_moving_deadlines_gives_the_jobs_a_rebuilt_problem_has(
    modules: list[Module], end: int | None, data: st.DataObject
) -> None:
    course = course_of(modules)
    keys = keys_of(problem_of(course, {}, end=end))
    days = st.one_of(st.just(FAR), st.integers(-2, 30))
    base = data.draw(st.dictionaries(st.sampled_from(keys), days) if keys else st.just({}))
    moved = data.draw(st.dictionaries(st.sampled_from(keys), days) if keys else st.just({}))
    problem = problem_of(course, base, end=end)
    assert with_deadlines(problem, moved) == problem_of(course, base | moved, end=end).jobs


@settings(max_examples=80, deadline=None)
@given(
    modules=MODULES,
    end=st.one_of(st.none(), st.integers(0, 20)),
    daily=st.integers(5, 200),
    horizon=st.sampled_from([3, 10, MAX_PLAN_DAYS]),
    data=st.data(),
)
def test_the_first_late_job_is_found_as_the_planners_schedule_finds_it_and_stays_late(
    modules: list[Module], end: int | None, daily: int, horizon: int, data: st.DataObject
) -> None:
    course = course_of(modules)
    problem = problem_of(course, {}, daily, end)
    calendar, _ = _calendar(course, START, daily, None, None, ())
    try:
        feasible = edf_schedule(problem.jobs, calendar.capacity, horizon).feasible
    except HorizonExceeded:  # no plan: a late job found before, or the horizon exceeded too
        with contextlib.suppress(HorizonExceeded):
            assert first_late(problem.jobs, calendar.capacity, horizon) is not None
        return
    late = first_late(problem.jobs, calendar.capacity, horizon)
    assert (late is None) == feasible
    if late is None:
        return
    assert late in {job.deadline for job in problem.jobs}
    # moving any deadlines after that day leaves a deadline missed
    after = [key for key in keys_of(problem) if problem_day(problem, key) > late]
    moved = data.draw(st.lists(st.sampled_from(after), unique=True) if after else st.just([]))
    jobs = with_deadlines(problem, dict.fromkeys(moved, FAR))
    assert not edf_schedule(jobs, calendar.capacity, horizon).feasible


def problem_day(problem: Problem, key: KeyPath) -> int:
    return next(
        deadline.day for bound in problem.bounds for deadline in bound if deadline.key == key
    )


PENALTY = 0.5
Task = tuple[int, int, int | None]  # effort, points, due day (1 = the start) or None


def meets(tasks: list[Task], daily: int, kept: set[int]) -> bool:
    """Brute force for independent tasks all there from the start, every day a study day: the
    kept deadlines are met when, for each day, the work due by it fits the days up to it (the
    earliest deadline first meets them all exactly then, Jackson 1955)."""
    due_days = {tasks[number][2] for number in kept if tasks[number][2] is not None}
    return all(
        sum(tasks[n][0] for n in kept if (tasks[n][2] or 0) and tasks[n][2] <= day) <= daily * day
        for day in due_days
        if day is not None
    )


def lost_points(points: int) -> int:
    return points - math.floor(points * (1 - PENALTY) + 0.5)


def text_of(tasks: list[Task]) -> str:
    lines = [
        '[course]\nid = "t"\ntitle = "T"\nmode = "sync"\n',
        '[calendar]\nworkdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n',
        f"[scoring]\nlate_penalty = {PENALTY}\n",
    ]
    for number, (effort, points, due) in enumerate(tasks):
        lines.append(f'[[module]]\nid = "m{number}"\ntitle = "M{number}"\n')
        lines.append(
            f'[[module.task]]\nid = "t{number}"\ntitle = "T{number}"\nkind = "reading"\n'
            f"effort = {effort}\npoints = {points}\n" + (f'due = "day {due}"\n' if due else "")
        )
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(
    tasks=st.lists(
        st.tuples(
            st.integers(10, 240), st.integers(1, 30), st.one_of(st.none(), st.integers(1, 8))
        ),
        min_size=5,
        max_size=10,
    ),
    most=st.integers(30, 200),
)
def test_with_many_deadlines_the_fewest_points_and_then_the_fewest_deadlines_are_given_up(
    tasks: list[Task], most: int
) -> None:
    advice = catch_up(
        parse_course(text_of(tasks)),
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=most,
        max_daily_minutes=most,
    )
    with_deadline = {number for number, task in enumerate(tasks) if task[2] is not None}
    if advice.least_daily_minutes is not None or not with_deadline:
        return
    best = min(
        (sum(lost_points(tasks[n][1]) for n in given_up), size)
        for size in range(len(with_deadline) + 1)
        for given_up in combinations(sorted(with_deadline), size)
        if meets(tasks, most, with_deadline - set(given_up))
    )
    assert (advice.points_lost, len(advice.lost)) == best
    given_up = {int(lost.id[1:]) for lost in advice.lost}
    assert meets(tasks, most, with_deadline - given_up)


def test_the_end_date_is_a_deadline_moved_like_the_others() -> None:
    course = course_of([("sync", 3, [(60, 2, False), (60, None, True)])])
    problem = problem_of(course, {}, end=1)
    assert [job.deadline for job in with_deadlines(problem, {})] == [1, 1]
    assert [job.deadline for job in with_deadlines(problem, {END_KEY: FAR})] == [1, 2]
