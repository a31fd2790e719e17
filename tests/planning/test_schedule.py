"""The EDF schedule works each day on the released job with the least (key, rank, job number):
the same schedule as a heap of those tuples, whatever the jobs."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.planning.schedule import (
    NO_DEADLINE,
    HorizonExceeded,
    Job,
    Schedule,
    edf_schedule,
)


def _tuple_heap_schedule(
    jobs: Sequence[Job], capacity: Callable[[int], int], max_days: int
) -> Schedule:
    """The specification: released jobs in a heap of (key, rank, job number) tuples."""
    count = len(jobs)
    slots: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    finish_day = [-1] * count
    finish_minute = [0] * count
    remaining = [job.effort for job in jobs]
    by_release = sorted(range(count), key=lambda index: (jobs[index].release, jobs[index].rank))
    ready: list[tuple[int, int, int]] = []
    next_release = elapsed = done = day = 0
    prefix = [0]
    started: list[int] = []
    while done < count:
        while next_release < count and jobs[by_release[next_release]].release <= day:
            index = by_release[next_release]
            heapq.heappush(ready, (jobs[index].key, jobs[index].rank, index))
            next_release += 1
        if day >= max_days:
            raise HorizonExceeded
        today = capacity(day)
        left = today
        while left and ready:
            index = ready[0][2]
            minutes = min(left, remaining[index])
            if not slots[index]:
                started.append(index)
            slots[index].append((day, minutes))
            remaining[index] -= minutes
            left -= minutes
            if not remaining[index]:
                heapq.heappop(ready)
                finish_day[index] = day
                finish_minute[index] = elapsed + today - left
                done += 1
        elapsed += today
        prefix.append(elapsed)
        day += 1
    lateness: list[int | None] = []
    for index, job in enumerate(jobs):
        if job.deadline is None:
            lateness.append(None)
            continue
        end = job.deadline + 1
        if end >= len(prefix):
            lateness.append(min(0, finish_minute[index] - prefix[-1]))
            continue
        lateness.append(finish_minute[index] - (prefix[end] if end > 0 else 0))
    return Schedule(slots, finish_day, lateness, started)


JOBS = st.lists(
    st.builds(
        Job,
        effort=st.integers(1, 300),
        release=st.integers(-3, 12),
        deadline=st.none() | st.integers(-3, 40),
        key=st.integers(-3, 40) | st.just(NO_DEADLINE),
        rank=st.integers(0, 6) | st.integers(-2, 10_000),
    ),
    max_size=25,
)
CAPACITIES = st.lists(st.integers(0, 240), min_size=1, max_size=7)


def _outcome(schedule: Callable[..., Schedule], jobs: list[Job], week: list[int]) -> Schedule | str:
    try:
        return schedule(jobs, lambda day: week[day % len(week)], 60)
    except HorizonExceeded:
        return "horizon exceeded"


@settings(max_examples=400, deadline=None)
@given(JOBS, CAPACITIES)
def test_the_schedule_is_the_one_a_heap_of_key_rank_and_number_gives(
    jobs: list[Job], week: list[int]
) -> None:
    assert _outcome(edf_schedule, jobs, week) == _outcome(_tuple_heap_schedule, jobs, week)
