"""Why no plan meets the deadlines, and what would: more daily time, a later date, fewer tasks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from learnsync.course.findings import Finding, KeyPath
from learnsync.course.values import format_minutes
from learnsync.planning.calendar import MAX_PLAN_DAYS, StudyCalendar
from learnsync.planning.problem import END_KEY, Deadline, Problem
from learnsync.planning.schedule import HorizonExceeded, Schedule, first_late

MINUTES_PER_DAY = 24 * 60
# Builds the problem again with tasks dropped or deadlines moved.
Rebuild = Callable[[frozenset[str], dict[KeyPath, int]], Problem]


@dataclass(frozen=True, slots=True)
class MissedDeadline:
    deadline: Deadline
    short_minutes: int
    reached_day: int


def missed_deadlines(problem: Problem, schedule: Schedule) -> list[MissedDeadline]:
    """Each deadline some task misses, with the most minutes any of its tasks is late by."""
    worst: dict[KeyPath, MissedDeadline] = {}
    for job, late in enumerate(schedule.lateness):
        if late is None or late <= 0:
            continue
        deadline = problem.deadlines[problem.job_tasks[job]]
        assert deadline is not None
        finish = schedule.finish_day[job]
        known = worst.get(deadline.key)
        if known is None or late > known.short_minutes:
            reached = max(finish, known.reached_day) if known else finish
            worst[deadline.key] = MissedDeadline(deadline, late, reached)
        elif finish > known.reached_day:
            worst[deadline.key] = MissedDeadline(deadline, known.short_minutes, finish)
    return sorted(worst.values(), key=lambda missed: (missed.deadline.day, missed.deadline.key))


def feasible_at(problem: Problem, calendar: StudyCalendar) -> bool:
    """Whether the planner meets every deadline of ``problem`` on ``calendar``."""
    return _feasible(problem, calendar)


def _feasible(problem: Problem, calendar: StudyCalendar) -> bool:
    try:
        return first_late(problem.jobs, calendar.capacity, MAX_PLAN_DAYS) is None
    except HorizonExceeded:
        return False


def least_daily(
    problem: Problem,
    calendar: StudyCalendar,
    *,
    most: int = MINUTES_PER_DAY,
    failing: int | None = None,
) -> int | None:
    """The least daily budget, in whole minutes and at most ``most``, that meets every deadline
    (the end date too, when ``problem`` has one), or None when even ``most`` does not.
    ``failing`` is a budget known to miss (by default the calendar's own). Exact: feasibility is
    the planner's own and only grows with the budget, so a binary search finds the least."""
    if not _feasible(problem, calendar.with_daily(most)):
        return None
    low = calendar.daily_minutes if failing is None else failing
    high = most  # low fails, high works
    while high - low > 1:
        middle = (low + high) // 2
        if _feasible(problem, calendar.with_daily(middle)):
            high = middle
        else:
            low = middle
    return high


def _least_day(
    missed: MissedDeadline, rebuild: Rebuild, calendar: StudyCalendar, latest: int
) -> int | None:
    """The earliest day this deadline could move to for every deadline to be met."""
    key = missed.deadline.key
    if not _feasible(rebuild(frozenset(), {key: latest}), calendar):
        return None
    low, high = missed.deadline.day, latest
    while high - low > 1:
        middle = (low + high) // 2
        if _feasible(rebuild(frozenset(), {key: middle}), calendar):
            high = middle
        else:
            low = middle
    return high


def _optional_to_drop(
    problem: Problem,
    schedule: Schedule,
    missed: MissedDeadline,
    rebuild: Rebuild,
    calendar: StudyCalendar,
) -> tuple[list[str], bool]:
    """Optional tasks worked on before the missed deadline is reached, and whether dropping them
    meets every deadline."""
    names: list[str] = []
    for job in schedule.started:
        _, _, task = problem.tasks[problem.job_tasks[job]]
        if task.optional and schedule.slots[job][0][0] <= missed.reached_day:
            names.append(task.id)
    if not names:
        return [], False
    return names, _feasible(rebuild(frozenset(names), {}), calendar)


def explain_infeasible(
    problem: Problem,
    schedule: Schedule,
    calendar: StudyCalendar,
    rebuild: Rebuild,
    *,
    where: str | None = None,
    relative: bool = False,
    fitting_end: bool = False,
) -> list[Finding]:
    """One finding per missed deadline; the first carries the fixes in its hint.

    ``where`` says for whom ("from a start on 2027-01-04", the default); with ``relative``,
    days are counted from the start ("day 9") instead of dated; with ``fitting_end`` (plan
    --end, which finds the daily time itself) more daily time is hinted as --max-daily."""
    if where is None:
        where = f"from a start on {calendar.start.isoformat()}"
    missed_list = missed_deadlines(problem, schedule)
    findings: list[Finding] = []
    for number, missed in enumerate(missed_list):
        deadline = missed.deadline
        message = (
            f"{deadline.label} cannot be met{' ' + where if where else ''}: "
            f"{format_minutes(missed.short_minutes)} short ({missed.short_minutes} minutes); "
            f"the best plan gets there on {_day(calendar, missed.reached_day, relative)}"
            + _blackouts_before(calendar, deadline.day, relative)
        )
        hint = None
        if number == 0:
            hint = _fixes(problem, schedule, calendar, rebuild, missed, relative, fitting_end)
        findings.append(Finding("infeasible-deadline", message, "error", deadline.key, hint))
    return findings


def _fixes(
    problem: Problem,
    schedule: Schedule,
    calendar: StudyCalendar,
    rebuild: Rebuild,
    missed: MissedDeadline,
    relative: bool,
    fitting_end: bool = False,
) -> str:
    fixes: list[str] = []
    end = missed.deadline.key == END_KEY
    daily = least_daily(problem, calendar)
    if daily is not None:
        fixes.append(
            f"--max-daily {format_minutes(daily)}"
            if end or fitting_end
            else f'daily = "{format_minutes(daily)}"'
        )
    latest = max(max(schedule.finish_day, default=0), missed.reached_day) + 1
    day = _least_day(missed, rebuild, calendar, latest)
    if day is not None:
        when = _day(calendar, day, relative)
        fixes.append(f"--end {when} or later" if end else f"due on {when} or later")
    names, enough = _optional_to_drop(problem, schedule, missed, rebuild, calendar)
    if names and enough:
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        fixes.append(f"leave out the optional tasks {shown}")
    if not fixes:
        return "no single change is enough: several deadlines fail, or work is required after its deadline"
    return "any one of these would do: " + "; ".join(fixes)


def _blackouts_before(calendar: StudyCalendar, day: int, relative: bool) -> str:
    """``; blackout 'Winter break' (2027-02-15 to 2027-02-19) comes before it``: the blackouts
    that take days from a deadline, by their titles."""
    taken = [
        blackout
        for blackout in calendar.blackouts
        if blackout.first <= calendar.date_of(day) and blackout.last >= calendar.start
    ]
    if not taken:
        return ""
    names = []
    for blackout in taken[:3]:
        first = max(0, calendar.day_of(blackout.first))
        last = calendar.day_of(blackout.last)
        span = _day(calendar, first, relative)
        if last != first:
            span += f" to {_day(calendar, last, relative)}"
        names.append(f"'{blackout.title}' ({span})")
    more = f" and {len(taken) - 3} more" if len(taken) > 3 else ""
    plural = "s" if len(taken) > 1 else ""
    return f"; blackout{plural} {', '.join(names)}{more} before it"


def _day(calendar: StudyCalendar, day: int, relative: bool) -> str:
    return f"day {day + 1}" if relative else calendar.date_of(day).isoformat()
