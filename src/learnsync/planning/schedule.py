"""The scheduling core: one learner, one task at a time, a capacity in minutes per day.

Jobs carry a release day, an own deadline day, and an EDF key: the deadline propagated back
through what requires them. ``edf_schedule`` works each day on the released job with the
earliest key (ties by rank, a topological position that follows the file), so it may pause a
job only when a job with an earlier key is released (at a day's start, after a live session).

This is preemptive EDF on consistent releases and deadlines, which minimises the maximum
lateness on one machine (Horn 1974; with precedence, Blazewicz 1976): when it misses a
deadline, no order of the tasks meets them all.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from learnsync.record import Record

NO_DEADLINE = 1 << 40


class HorizonExceeded(Exception):
    """The work does not fit in the longest plan learnsync makes."""


class Job(Record):  # a tuple: a course's 10,000 jobs are made at every plan and check
    effort: int
    release: int
    deadline: int | None
    key: int
    rank: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """Per job: its slots ``(day, minutes)``, its finish day, and its lateness in minutes
    against its own deadline (positive when late, None without a deadline)."""

    slots: list[list[tuple[int, int]]]
    finish_day: list[int]
    lateness: list[int | None]
    started: list[int]  # job indices in the order they first got minutes

    @property
    def feasible(self) -> bool:
        return all(late is None or late <= 0 for late in self.lateness)


def edf_schedule(jobs: Sequence[Job], capacity: Callable[[int], int], max_days: int) -> Schedule:
    count = len(jobs)
    slots: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    finish_day = [-1] * count
    finish_minute = [0] * count
    remaining = [job.effort for job in jobs]
    by_release = sorted(range(count), key=lambda index: (jobs[index].release, jobs[index].rank))
    # A ready job is one integer that orders as (key, rank, index) does: cheaper to heap than
    # the tuple (ranks and indices are below their bounds; keys may be negative).
    ranks = max((job.rank for job in jobs), default=0) + 1
    if min((job.rank for job in jobs), default=0) < 0:
        ranks = 0  # never in a plan: order by the tuples themselves
    entry = [
        ((job.key * ranks + job.rank) * count + index) if ranks else (job.key, job.rank, index)
        for index, job in enumerate(jobs)
    ]
    released = 0  # the jobs released by the first day go into the heap at once
    while released < count and jobs[by_release[released]].release <= 0:
        released += 1
    ready: list[Any] = [entry[index] for index in by_release[:released]]
    heapq.heapify(ready)
    next_release = released
    elapsed = 0  # capacity minutes of the days before ``day``
    prefix = [0]  # prefix[d] = capacity of the days before day d
    done = 0
    day = 0
    started: list[int] = []
    while done < count:
        while next_release < count and jobs[by_release[next_release]].release <= day:
            heapq.heappush(ready, entry[by_release[next_release]])
            next_release += 1
        if day >= max_days:
            raise HorizonExceeded
        today = capacity(day)
        left = today
        while left and ready:
            top = ready[0]
            index = top % count if ranks else top[2]
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
            # The deadline lies past the last day anything was worked on: the job is early by
            # at least the capacity left after it. The days up to a far deadline are not
            # walked (a deadline years ahead would cost a day of capacity each).
            lateness.append(min(0, finish_minute[index] - prefix[-1]))
            continue
        lateness.append(finish_minute[index] - (prefix[end] if end > 0 else 0))
    return Schedule(slots, finish_day, lateness, started)


def first_late(jobs: Sequence[Job], capacity: Callable[[int], int], max_days: int) -> int | None:
    """The deadline day of the first job ``edf_schedule`` finishes late, None when it meets every
    deadline (its ``feasible``): the same days worked the same way, without keeping the schedule
    and stopping there (for searches that try many deadlines: catch-up's give-up). Raises
    ``HorizonExceeded`` as it does, unless a job is late before.

    Jobs with an EDF key after the day returned never come before the late job, so moving
    only deadlines after that day leaves it late."""
    count = len(jobs)
    remaining = [job.effort for job in jobs]
    by_release = sorted(range(count), key=lambda index: (jobs[index].release, jobs[index].rank))
    ready: list[tuple[int, int, int]] = []
    next_release = 0
    elapsed = 0
    prefix = [0]
    done = 0
    day = 0
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
            remaining[index] -= minutes
            left -= minutes
            if not remaining[index]:
                heapq.heappop(ready)
                done += 1
                deadline = jobs[index].deadline
                # late: finished after the capacity up to the end of its deadline day (the
                # days after ``day`` only add to that capacity, so only a past one can be)
                if (
                    deadline is not None
                    and deadline < day
                    and elapsed + today - left > prefix[max(0, deadline + 1)]
                ):
                    return deadline
        elapsed += today
        prefix.append(elapsed)
        day += 1
    return None
