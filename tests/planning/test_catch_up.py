"""Exact catch-up (issue 15 item 4): the least daily time that meets every deadline ahead, and,
when none up to the maximum can, the deadlines to give up that lose the fewest points, both
checked against brute force on small courses."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import combinations, permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.loader import parse_course
from learnsync.planning.planner import catch_up

START = date(2027, 1, 4)
PENALTY = 0.5

Task = tuple[int, int, int | None]  # effort, points, due day (1 = the start) or None


def course_text(tasks: list[Task]) -> str:
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


def meets(tasks: list[Task], daily: int, kept: set[int]) -> bool:
    """Brute force: some order of the tasks, worked one after the other ``daily`` minutes a day,
    meets the deadline of every task in ``kept``."""
    for order in permutations(range(len(tasks))):
        worked = 0
        ok = True
        for number in order:
            effort, _, due = tasks[number]
            worked += effort
            if number in kept and due is not None and worked > daily * due:
                ok = False
                break
        if ok:
            return True
    return False


def lost_points(points: int) -> int:
    return points - math.floor(points * (1 - PENALTY) + 0.5)


TASKS = st.lists(
    st.tuples(
        st.integers(10, 240),
        st.integers(1, 30),
        st.one_of(st.none(), st.integers(1, 4)),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(tasks=TASKS, max_daily=st.integers(30, 300))
def test_the_least_daily_time_is_exact_and_the_fewest_points_are_lost_against_brute_force(
    tasks: list[Task], max_daily: int
) -> None:
    course = parse_course(course_text(tasks))
    advice = catch_up(
        course,
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=60,
        max_daily_minutes=max_daily,
    )
    with_deadline = {number for number, task in enumerate(tasks) if task[2] is not None}
    if not with_deadline:
        assert advice.until is None
        return
    least = next(
        (d for d in range(1, max(max_daily, 60) + 1) if meets(tasks, d, with_deadline)), None
    )
    assert advice.least_daily_minutes == least
    if least is not None:
        assert meets(tasks, least, with_deadline)
        assert least == 1 or not meets(tasks, least - 1, with_deadline)
        assert advice.lost == ()
        return
    most = max(max_daily, 60)
    best = min(
        sum(lost_points(tasks[n][1]) for n in given_up)
        for size in range(len(with_deadline) + 1)
        for given_up in combinations(sorted(with_deadline), size)
        if meets(tasks, most, with_deadline - set(given_up))
    )
    assert advice.points_lost == best
    given_up = {int(lost.id[1:]) for lost in advice.lost}
    assert meets(tasks, most, with_deadline - given_up)
    rest = advice.rest_daily_minutes
    if given_up == with_deadline:  # nothing left to meet: the learner's own time, not a minute
        assert rest == 60
        return
    assert rest is not None and meets(tasks, rest, with_deadline - given_up)
    assert rest == 1 or not meets(tasks, rest - 1, with_deadline - given_up)


def test_giving_up_an_earlier_deadline_that_is_met_can_save_a_later_one_worth_more() -> None:
    # At 80m a day, doing A first meets A and misses B; giving up A (1 point) meets B (20)
    tasks: list[Task] = [(60, 2, 1), (120, 40, 2)]
    advice = catch_up(
        parse_course(course_text(tasks)),
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=60,
        max_daily_minutes=80,
    )
    assert [(lost.id, lost.points_lost) for lost in advice.lost] == [("t0", 1)]
    assert [miss.id for miss in advice.missed] == ["t1"]
    assert advice.rest_daily_minutes == 60


def test_past_twelve_deadlines_one_missed_deadline_at_a_time_is_given_up() -> None:
    tasks: list[Task] = [(60, 10, 1)] * 14
    advice = catch_up(
        parse_course(course_text(tasks)),
        start=START,
        today=START,
        done=frozenset(),
        max_daily_minutes=60,
    )
    assert len(advice.lost) == 13
    assert advice.points_lost == 13 * 5
    kept = set(range(14)) - {int(lost.id[1:]) for lost in advice.lost}
    assert meets(tasks, 60, kept)


def meets_by(tasks: list[Task], daily: int, kept: set[int], end: int | None) -> bool:
    """Brute force with an end day (1 = the start): some order meets the deadline of every task
    in ``kept`` and, with ``end``, finishes all the work by the end of that day."""
    total = sum(effort for effort, _, _ in tasks)
    return (end is None or total <= daily * end) and meets(tasks, daily, kept)


@settings(max_examples=60, deadline=None)
@given(
    tasks=TASKS,
    max_daily=st.integers(60, 300),
    end=st.integers(1, 6),
    daily=st.integers(30, 400),  # the learner's own, at times longer than the max
)
def test_with_an_end_date_the_least_daily_time_also_finishes_by_it_within_the_max_or_own_time(
    tasks: list[Task], max_daily: int, end: int, daily: int
) -> None:
    """The max daily bounds the search, unless the learner's own daily time is longer and
    meets every deadline and the end: the least is then at most that, and nothing is lost."""
    course = parse_course(course_text(tasks))
    end_date = START + timedelta(days=end - 1)
    advice = catch_up(
        course,
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=daily,
        max_daily_minutes=max_daily,
        end=end_date,
    )
    with_deadline = {number for number, task in enumerate(tasks) if task[2] is not None}
    last = max([end] + [task[2] for task in tasks if task[2]])  # the end date or a later due
    assert (advice.end, advice.until) == (end_date, START + timedelta(days=last - 1))
    own_meets = meets_by(tasks, daily, with_deadline, end)
    assert advice.can_meet is own_meets
    most = max(max_daily, daily) if own_meets else max_daily
    least = next((d for d in range(1, most + 1) if meets_by(tasks, d, with_deadline, end)), None)
    assert advice.least_daily_minutes == least
    if least is not None:
        assert least <= (daily if own_meets else max_daily)
        assert (advice.lost, advice.points_lost) == ((), 0)
        return
    # the end date costs no points: the points lost are those of the deadlines alone
    best = min(
        sum(lost_points(tasks[n][1]) for n in given_up)
        for size in range(len(with_deadline) + 1)
        for given_up in combinations(sorted(with_deadline), size)
        if meets(tasks, max_daily, with_deadline - set(given_up))
    )
    assert advice.points_lost == best
    given_up = {int(lost.id[1:]) for lost in advice.lost if lost.kind == "task"}
    end_kept = all(lost.kind != "end" for lost in advice.lost)
    assert meets_by(tasks, max_daily, with_deadline - given_up, end if end_kept else None)
    rest = advice.rest_daily_minutes
    assert rest is not None and rest <= max_daily
    if not end_kept:
        assert rest == max_daily  # as near the end date as the most daily time gets


def test_an_end_date_that_cannot_be_met_is_missed_by_the_work_left_and_given_up_first() -> None:
    tasks: list[Task] = [(120, 10, None), (60, 4, 3)]
    advice = catch_up(
        parse_course(course_text(tasks)),
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=60,
        max_daily_minutes=80,
        end=START + timedelta(days=1),
    )
    assert advice.least_daily_minutes is None
    assert [
        (miss.kind, miss.title, miss.deadline, miss.short_minutes) for miss in advice.missed
    ] == [("end", "the end date", date(2027, 1, 5), 60)]
    assert [(lost.kind, lost.id, lost.tasks, lost.points_lost) for lost in advice.lost] == [
        ("end", "end", ("t0", "t1"), 0)
    ]
    assert advice.rest_daily_minutes == 80


def test_a_deadline_the_end_date_hides_can_be_given_up_once_the_end_date_is() -> None:
    # 5h by an end on day 1 or a deadline on day 3, at most 1h a day: both are given up
    tasks: list[Task] = [(300, 10, 3)]
    advice = catch_up(
        parse_course(course_text(tasks)),
        start=START,
        today=START,
        done=frozenset(),
        daily_minutes=60,
        max_daily_minutes=60,
        end=START,
    )
    assert [(lost.kind, lost.id, lost.points_lost) for lost in advice.lost] == [
        ("end", "end", 0),
        ("task", "t0", 5),
    ]
    assert (advice.points_lost, advice.rest_daily_minutes) == (5, 60)
