"""``plan()``: a course and a start date in, a ``Plan`` out. Pure: no I/O, no printing."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

from learnsync.course.defaults import DEFAULT_FREEZE_MAX, WEEKDAYS
from learnsync.course.findings import Finding, KeyPath
from learnsync.course.model import Course
from learnsync.course.values import DayRef, format_minutes
from learnsync.errors import PlanError, PlanInputError
from learnsync.planning.backlog import backlog_order, focus_flags, forecast_finish
from learnsync.planning.calendar import (
    MAX_PLAN_DAYS,
    DayShift,
    SessionTimes,
    StudyCalendar,
    blackout_days,
    calendar_data,
    course_blackouts,
    course_workdays,
)
from learnsync.planning.explain import Rebuild, explain_infeasible
from learnsync.planning.model import (
    BadgeRule,
    Blackout,
    Forecast,
    Mode,
    Plan,
    PlannedModule,
    PlannedSession,
    PlannedTask,
    Scoring,
    Slot,
)
from learnsync.planning.problem import Problem, build_problem, module_modes
from learnsync.planning.schedule import HorizonExceeded, Schedule, edf_schedule

MODES: tuple[Mode, ...] = get_args(Mode)
STREAK_YEAR = 366  # a plan knows its days off until this long after its last day, for streaks


def resolve_zone(name: str, what: str = "time zone") -> ZoneInfo:
    from learnsync.course.values import is_time_zone

    if not is_time_zone(name):
        raise PlanInputError(
            f"{what} '{name}' does not exist: use an IANA name such as Europe/Berlin"
        )
    return ZoneInfo(name)


def session_times(
    course: Course, start: date, blackouts: Sequence[Blackout] = ()
) -> list[SessionTimes]:
    """Each session's start and end for a cohort that starts on ``start``, in UTC: a session
    lasts its duration in real time, whatever the clocks do meanwhile. When the course's
    blackouts shift, a session on ``day N`` moves past the ``blackouts`` before it."""
    from learnsync.course.values import local_instant

    zone = ZoneInfo(course.calendar.timezone)
    shift = None
    if course.calendar.blackout_mode == "shift" and blackouts:
        shift = DayShift(start, course_workdays(course), frozenset(blackout_days(blackouts)))
    times = []
    for session in course.sessions:
        at = session.at
        if shift is not None and at.day is not None and at.clock is not None:
            local = datetime.combine(shift.date_of(at.day), at.clock)
            begin = local_instant(local, zone).astimezone(UTC)
        else:
            begin = at.resolve(start, zone).astimezone(UTC)
        times.append(
            SessionTimes(session.id, begin, begin + timedelta(minutes=session.duration_minutes))
        )
    return times


def plan(
    course: Course,
    *,
    start: date,
    mode: Mode | None = None,
    focus: Sequence[str] = (),
    timezone: str | None = None,
    daily_minutes: int | None = None,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
) -> Plan:
    """Plan ``course`` for a cohort starting on ``start``.

    ``mode`` overrides the course's and every module's mode; ``focus`` tags come first in a
    backlog; ``timezone`` is the zone sessions are shown in; ``daily_minutes`` (and ``workdays``) override
    ``[calendar] daily``; ``blackouts`` are the learner's own, besides the course's. Raises ``PlanError`` when deadlines cannot be met or a session falls on
    a day off, and ``PlanInputError`` for an unknown mode, focus tag or time zone.
    """
    if mode is not None and mode not in MODES:
        raise PlanInputError(f"unknown mode '{mode}': use sync, async or hybrid")
    display_zone = resolve_zone(timezone) if timezone else ZoneInfo(course.calendar.timezone)
    _check_focus(course, focus)
    problem, schedule, calendar, sessions, _ = _schedule(
        course, start, mode, daily_minutes, workdays=workdays, blackouts=blackouts
    )
    return _assemble(course, problem, schedule, calendar, sessions, mode, focus, display_zone)


def replan(
    course: Course,
    *,
    start: date,
    today: date,
    done: frozenset[str],
    mode: Mode | None = None,
    timezone: str | None = None,
    daily_minutes: int | None = None,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
    give_up: frozenset[KeyPath] = frozenset(),
) -> tuple[Plan, list[Finding]]:
    """A new plan from ``today`` for a cohort that started on ``start``: tasks in ``done`` are
    left out, deadlines stay where the cohort's start puts them. Deadlines that can no longer be
    met do not stop the plan: they come back as findings, and the plan is the one that misses
    them by the fewest minutes. The deadlines in ``give_up`` (``CatchUp.lost``) are left out of
    the scheduling (their work comes after what can still be met); the plan still shows them."""
    display_zone = resolve_zone(timezone) if timezone else ZoneInfo(course.calendar.timezone)
    problem, schedule, calendar, sessions, missed = _schedule(
        course,
        start,
        mode,
        daily_minutes,
        not_before=today,
        done=done,
        allow_late=True,
        workdays=workdays,
        blackouts=blackouts,
        give_up=give_up,
    )
    if give_up:  # the plan shows the deadlines as they are, given up or not
        problem = build_problem(course, calendar, sessions, mode, drop=done)
    result = _assemble(course, problem, schedule, calendar, sessions, mode, (), display_zone)
    return result, missed


DEFAULT_MAX_DAILY = 8 * 60


def fit_to_end(
    course: Course,
    *,
    start: date,
    end: date,
    max_daily_minutes: int = DEFAULT_MAX_DAILY,
    mode: Mode | None = None,
    focus: Sequence[str] = (),
    timezone: str | None = None,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
) -> Plan:
    """The plan at the least daily time, in whole minutes, that finishes every scheduled task
    (sync and hybrid, optional ones too) by the end of ``end`` and meets every deadline; effort
    is never shrunk. Exact: feasibility is the planner's own (earliest deadline first, exact
    under the model), and it only grows with the daily time, so a binary search over whole
    minutes finds the least. Raises ``PlanError`` naming each deadline (the end date too) that
    even ``max_daily_minutes`` misses, and by how much; ``PlanInputError`` when ``end`` is
    before ``start`` or nothing is scheduled."""
    from learnsync.planning.explain import feasible_at, least_daily
    from learnsync.planning.problem import END_KEY

    if mode is not None and mode not in MODES:
        raise PlanInputError(f"unknown mode '{mode}': use sync, async or hybrid")
    if end < start:
        raise PlanInputError(f"--end {end.isoformat()} is before the start, {start.isoformat()}")
    display_zone = resolve_zone(timezone) if timezone else ZoneInfo(course.calendar.timezone)
    _check_focus(course, focus)
    reversed_ = reversed_blackouts(course, start)
    if reversed_:
        raise PlanError(reversed_)
    calendar, sessions = _calendar(course, start, None, workdays, None, blackouts)
    off_days = _sessions_on_days_off(course, sessions, calendar)
    if off_days:
        raise PlanError(off_days)
    end_day = calendar.day_of(end)
    if end_day >= MAX_PLAN_DAYS:
        last = calendar.date_of(MAX_PLAN_DAYS - 1)
        raise PlanInputError(
            f"--end {end.isoformat()} is past the longest plan there is (100 years of days, to "
            f"{last.isoformat()}), which would bind instead: use an --end on or before it"
        )

    def rebuild(drop: frozenset[str], overrides: dict[KeyPath, int]) -> Problem:
        return build_problem(
            course, calendar, sessions, mode, drop=drop, deadline_overrides=overrides,
            end_day=end_day,
        )  # fmt: skip

    problem = rebuild(frozenset(), {})
    if not problem.jobs:
        raise PlanInputError(
            "--end fits a schedule, and this course schedules nothing: every task is "
            "self-paced (try --mode sync)"
        )
    widest = calendar.with_daily(max_daily_minutes)
    if not feasible_at(problem, widest):
        try:
            schedule = edf_schedule(problem.jobs, widest.capacity, MAX_PLAN_DAYS)
        except HorizonExceeded:
            raise PlanError(
                [Finding("plan-too-long", "the work does not fit in 100 years", key=END_KEY)]
            ) from None
        where = (
            f"from a start on {start.isoformat()} at the most daily time, "
            f"{format_minutes(max_daily_minutes)} (--max-daily)"
        )
        raise PlanError(
            explain_infeasible(problem, schedule, widest, rebuild, where=where, fitting_end=True)
        )
    least = least_daily(problem, calendar, most=max_daily_minutes, failing=0)
    assert least is not None  # feasible at max_daily_minutes
    fitted = calendar.with_daily(least)
    schedule = edf_schedule(problem.jobs, fitted.capacity, MAX_PLAN_DAYS)
    authored = _authored_deadlines(problem, build_problem(course, calendar, sessions, mode))
    result = _assemble(course, authored, schedule, fitted, sessions, mode, focus, display_zone)
    return result._replace(end=end)


def _authored_deadlines(fitted: Problem, plain: Problem) -> Problem:
    """``fitted`` (whose every task is also due by an end date) with the deadlines of ``plain``:
    the end date bounds the schedule, it is no deadline of the author's, and the plan keeps the
    course's own, by which lateness, points and "overdue" are judged."""
    return replace(fitted, deadlines=plain.deadlines)


def replan_to_end(
    course: Course,
    *,
    start: date,
    today: date,
    end: date,
    done: frozenset[str],
    max_daily_minutes: int = DEFAULT_MAX_DAILY,
    mode: Mode | None = None,
    timezone: str | None = None,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
) -> tuple[Plan, list[Finding]]:
    """A replan from ``today`` of a cohort fitted to an end date (``enroll --end``): the plan at
    the least daily time from ``today``, at most ``max_daily_minutes``, that finishes the open
    work by ``end`` and meets every deadline still ahead, as ``fit_to_end`` finds it. When
    even ``max_daily_minutes`` cannot, the plan is the one at that time, and the deadlines it
    misses (the end date among them) come back as findings."""
    from learnsync.planning.explain import least_daily
    from learnsync.planning.problem import END_KEY

    display_zone = resolve_zone(timezone) if timezone else ZoneInfo(course.calendar.timezone)
    reversed_ = reversed_blackouts(course, start)
    if reversed_:
        raise PlanError(reversed_)
    calendar, sessions = _calendar(course, start, None, workdays, today, blackouts)
    off_days = _sessions_on_days_off(course, sessions, calendar)
    if off_days:
        raise PlanError(off_days)
    end_day = calendar.day_of(end)

    def rebuild(drop: frozenset[str], overrides: dict[KeyPath, int]) -> Problem:
        return build_problem(
            course, calendar, sessions, mode, drop=drop | done, deadline_overrides=overrides,
            end_day=end_day,
        )  # fmt: skip

    problem = rebuild(frozenset(), {})
    # deadlines already past are lost: the work still open is fitted to the end date instead
    lost = sorted(
        {
            deadline
            for deadline in (problem.deadlines[task] for task in problem.job_tasks)
            if deadline is not None and deadline.key != END_KEY and deadline.date < today
        },
        key=lambda deadline: (deadline.day, deadline.key),
    )
    passed = {deadline.key: MAX_PLAN_DAYS - 1 for deadline in lost}

    def rebuild_ahead(drop: frozenset[str], overrides: dict[KeyPath, int]) -> Problem:
        return rebuild(drop, {**passed, **overrides})

    if passed:
        problem = rebuild_ahead(frozenset(), {})
    least = (
        least_daily(problem, calendar, most=max_daily_minutes, failing=0)
        if problem.jobs
        else calendar.daily_minutes
    )
    fitted = calendar.with_daily(max_daily_minutes if least is None else least)
    try:
        schedule = edf_schedule(problem.jobs, fitted.capacity, MAX_PLAN_DAYS)
    except HorizonExceeded:
        raise PlanError(
            [Finding("plan-too-long", "the work does not fit in 100 years", key=END_KEY)]
        ) from None
    missed = [
        Finding(
            "infeasible-deadline",
            f"{deadline.label} has passed ({deadline.date.isoformat()}) with work still open on "
            f"the replan's start, {today.isoformat()}: that work is planned by the end date "
            f"({end.isoformat()}) instead",
            "error",
            deadline.key,
        )
        for deadline in lost
    ]
    if not schedule.feasible:
        where = (
            f"from the replan's start on {today.isoformat()} at the most daily time, "
            f"{format_minutes(max_daily_minutes)} (--max-daily)"
        )
        # without hints: they name plan options (--max-daily, --end) a replan does not take
        missed += [
            replace(finding, hint=None)
            for finding in explain_infeasible(
                problem, schedule, fitted, rebuild_ahead, where=where, fitting_end=True
            )
        ]
    authored = _authored_deadlines(
        problem, build_problem(course, calendar, sessions, mode, drop=done)
    )
    result = _assemble(course, authored, schedule, fitted, sessions, mode, (), display_zone)
    return result._replace(end=end), missed


@dataclass(frozen=True, slots=True)
class MissedWork:
    """A deadline that work still open can no longer meet: what it is, when, how far short."""

    kind: str  # "task", "module" or "end" (the end date of enroll --end)
    id: str
    title: str
    deadline: date
    short_minutes: int


# Up to this many deadlines that could be given up, the fewest points lost is found exactly.
EXACT_GIVE_UP = 12


@dataclass(frozen=True, slots=True)
class LostDeadline:
    """A deadline given up: no daily time up to the maximum meets it together with the rest.
    ``tasks`` are its open required tasks (they are planned after it, and lose the late
    penalty: ``points_lost``)."""

    kind: str  # "task", "module" or "end" (the end date of enroll --end)
    id: str
    title: str
    deadline: date
    tasks: tuple[str, ...]
    points_lost: int
    key: KeyPath


@dataclass(frozen=True, slots=True)
class CatchUp:
    """Can a learner still meet every remaining deadline from ``today`` at their daily time,
    and the least daily time that would (None when no day up to ``max_daily_minutes`` is long
    enough), until ``until`` (the last deadline still ahead with work open; None when there is
    none). When none can, ``lost`` names the deadlines to give up that lose the fewest points,
    and ``rest_daily_minutes`` is the least daily time that meets all the others (the most
    daily time when the end date is given up, to be done as near it as can be; the learner's
    own daily time when every deadline ahead is given up, as nothing is left to meet)."""

    daily_minutes: int
    missed: tuple[MissedWork, ...]
    least_daily_minutes: int | None
    until: date | None = None
    max_daily_minutes: int = DEFAULT_MAX_DAILY
    lost: tuple[LostDeadline, ...] = ()
    rest_daily_minutes: int | None = None
    passed: tuple[KeyPath, ...] = ()  # deadlines already past with work open: lost already
    end: date | None = None  # the end date the open work is to be done by, too (enroll --end)

    @property
    def given_up(self) -> frozenset[KeyPath]:
        """The deadlines a catch-up plan does not schedule for: past, and lost."""
        return frozenset(self.passed) | {lost.key for lost in self.lost}

    @property
    def can_meet(self) -> bool:
        return not self.missed

    @property
    def points_lost(self) -> int:
        return sum(lost.points_lost for lost in self.lost)

    @property
    def daily_to_apply(self) -> int:
        """The daily time ``replan --catch-up`` applies: the least that meets every deadline,
        else the least that meets all but the lost ones (the learner's own when they are all
        lost), else the maximum."""
        if self.least_daily_minutes is not None:
            return self.least_daily_minutes
        if self.rest_daily_minutes is not None:
            return self.rest_daily_minutes
        return self.max_daily_minutes


def catch_up(
    course: Course,
    *,
    start: date,
    today: date,
    done: frozenset[str],
    mode: Mode | None = None,
    daily_minutes: int | None = None,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
    max_daily_minutes: int = DEFAULT_MAX_DAILY,
    end: date | None = None,
) -> CatchUp:
    """Whether the work still open can meet every deadline still ahead from ``today``: the
    deadlines the best plan misses (by how much), and the least daily time that meets them all
    (exact: ``least_daily``, the planner's own feasibility searched over whole minutes, up to
    ``max_daily_minutes`` or the learner's own daily time when longer). Deadlines already past
    are lost; their work still has to be done, and it is planned before nothing.

    When no daily time meets them all, the deadlines to give up are those that lose the fewest
    points (the late penalty of their open tasks; then the fewest deadlines, then the earliest):
    exact, by trying the sets of deadlines in order of the points they lose until the others
    can all be met at the maximum daily time, when at most ``EXACT_GIVE_UP`` deadlines come up
    to the last one missed (only those can make room for it); else one missed deadline at a
    time, earliest first, which loses no more deadlines than needed but may lose more points.

    With ``end`` (an enrollment fitted to an end date), the open work is also to be done by
    then: the end date is one more deadline of every scheduled task (``END_KEY``), never lost
    already (a past end is missed, by the work still open), and giving it up loses no points;
    the search then goes up to ``max_daily_minutes`` only, as the fit to the end date does,
    unless the learner's own daily time is longer and meets them all: the least is then at most
    that, and nothing is given up."""
    from learnsync.planning.explain import least_daily, missed_deadlines
    from learnsync.planning.problem import END_KEY

    problem, schedule, calendar, sessions, _ = _schedule(
        course,
        start,
        mode,
        daily_minutes,
        not_before=today,
        done=done,
        allow_late=True,
        workdays=workdays,
        blackouts=blackouts,
        end=end,
        explain=False,  # the missed deadlines are worded here, and their fixes searched
    )
    passed = {
        deadline.key: MAX_PLAN_DAYS - 1
        for deadline in problem.deadlines
        if deadline is not None and deadline.date < today and deadline.key != END_KEY
    }
    end_day = calendar.day_of(end) if end is not None else None

    def rebuild(overrides: dict[KeyPath, int]) -> Problem:
        return build_problem(
            course,
            calendar,
            sessions,
            mode,
            drop=done,
            deadline_overrides=passed | overrides,
            end_day=end_day,
        )

    if passed:  # lost already: what matters is the deadlines still ahead
        problem = rebuild({})
        schedule = edf_schedule(problem.jobs, calendar.capacity, MAX_PLAN_DAYS)
    missed = tuple(
        _missed_work(course, miss.deadline.key, miss.deadline.date, miss.short_minutes)
        for miss in missed_deadlines(problem, schedule)
    )
    # the deadlines an end date hides are there to give up too, once the end date is
    authored = rebuild({END_KEY: MAX_PLAN_DAYS - 1}) if end is not None else problem
    ahead = _deadlines_ahead(course, authored, set(passed), end)
    until = max((lost.deadline for lost in ahead), default=None)
    past = tuple(sorted(passed))
    if until is None:
        return CatchUp(
            calendar.daily_minutes,
            missed,
            calendar.daily_minutes,
            None,
            max_daily_minutes,
            passed=past,
            end=end,
        )
    # with an end date, the max daily bounds the search as it bounds the fit to that date;
    # else the learner's own daily time may be longer
    most = max_daily_minutes if end is not None else max(max_daily_minutes, calendar.daily_minutes)
    # the daily time meets them all when nothing is missed: the least is at most that, also
    # when the learner chose it longer than the max (replan --daily): nothing is given up then
    least = least_daily(
        problem, calendar, failing=0, most=calendar.daily_minutes if not missed else most
    )
    if least is not None:
        return CatchUp(
            calendar.daily_minutes, missed, least, until, max_daily_minutes, passed=past, end=end
        )
    lost = _fewest_points_lost(ahead, problem, rebuild, calendar.with_daily(most))
    given_up = {item.key for item in lost}
    rest: int | None
    if END_KEY in given_up:  # the end date cannot be met: as near it as the most daily time gets
        rest = most
    elif given_up.issuperset(deadline.key for deadline in ahead):
        rest = calendar.daily_minutes  # nothing left to meet: the learner's own, not a minute
    else:
        rest = least_daily(
            rebuild(dict.fromkeys(given_up, MAX_PLAN_DAYS - 1)), calendar, failing=0, most=most
        )
    return CatchUp(
        calendar.daily_minutes, missed, None, until, max_daily_minutes, tuple(lost), rest, past, end
    )


def _missed_work(course: Course, key: KeyPath, day: date, short: int) -> MissedWork:
    from learnsync.planning.problem import END_KEY

    if key == END_KEY:
        return MissedWork("end", "end", "the end date", day, short)
    module = course.modules[int(key[1])]
    if len(key) > 3:
        item = module.tasks[int(key[3])]
        return MissedWork("task", item.id, item.title, day, short)
    return MissedWork("module", module.id, module.title, day, short)


def _deadlines_ahead(
    course: Course, problem: Problem, passed: set[KeyPath], end: date | None = None
) -> list[LostDeadline]:
    """Each deadline still ahead with open required work scheduled: what giving it up costs.
    The end date (``end``) bounds every scheduled task, also those an earlier deadline hides
    (giving that one up leaves the end date); giving it up costs nothing: work done after it is
    not late."""
    from learnsync.planning.problem import END_KEY

    penalty = course.scoring.late_penalty
    found: dict[KeyPath, tuple[date, list[str], int]] = {}
    bounded: list[str] = []  # by the end date: every scheduled required task
    for position, deadline in enumerate(problem.deadlines):
        if not problem.scheduled[position]:
            continue
        task = problem.tasks[position][2]
        if not task.optional:  # optional work is never late
            bounded.append(task.id)
        if deadline is None or deadline.key in passed or deadline.key == END_KEY:
            continue
        day, tasks, points = found.get(deadline.key, (deadline.date, [], 0))
        if not task.optional:
            tasks.append(task.id)
            points += task.points_value - math.floor(task.points_value * (1 - penalty) + 0.5)
        found[deadline.key] = (day, tasks, points)
    ahead = []
    for key, (day, tasks, points) in found.items():
        work = _missed_work(course, key, day, 0)
        ahead.append(LostDeadline(work.kind, work.id, work.title, day, tuple(tasks), points, key))
    if end is not None and problem.jobs:
        ahead.append(LostDeadline("end", "end", "the end date", end, tuple(bounded), 0, END_KEY))
    return sorted(ahead, key=lambda item: (item.deadline, item.key))


def _fewest_points_lost(
    ahead: list[LostDeadline],
    problem: Problem,
    rebuild: Callable[[dict[KeyPath, int]], Problem],
    calendar: StudyCalendar,
) -> list[LostDeadline]:
    """The deadlines to give up so that every other one is met at ``calendar``'s daily time,
    losing the fewest points (``catch_up`` has the method). ``problem`` is ``rebuild({})``,
    built once: each set tried moves only its deadlines (``with_deadlines``)."""
    from learnsync.planning.explain import missed_deadlines
    from learnsync.planning.problem import with_deadlines

    far = MAX_PLAN_DAYS - 1
    try:
        first: Schedule | None = edf_schedule(problem.jobs, calendar.capacity, MAX_PLAN_DAYS)
    except HorizonExceeded:
        first = None
    if first is None:
        return list(ahead)
    last_missed = max(miss.deadline.date for miss in missed_deadlines(problem, first))
    candidates = [item for item in ahead if item.deadline <= last_missed]
    if any(item.kind == "end" for item in ahead):
        # giving a deadline up can leave its work to the end date, and giving the end date up
        # shows the later deadlines it hid: any of them can make room
        candidates = list(ahead)
    if len(candidates) <= EXACT_GIVE_UP:
        return _cheapest_to_give_up(candidates, problem, calendar)
    chosen: list[LostDeadline] = []
    by_key = {item.key: item for item in ahead}
    result: Schedule | None = first
    while result is not None and not result.feasible:
        misses = missed_deadlines(rebuild({item.key: far for item in chosen}), result)
        chosen.append(by_key[misses[0].deadline.key])
        try:
            jobs = with_deadlines(problem, {item.key: far for item in chosen})
            result = edf_schedule(jobs, calendar.capacity, MAX_PLAN_DAYS)
        except HorizonExceeded:
            result = None
    return sorted(chosen, key=lambda item: (item.deadline, item.key))


def _cheapest_to_give_up(
    candidates: list[LostDeadline], problem: Problem, calendar: StudyCalendar
) -> list[LostDeadline]:
    """The sets of ``candidates`` in order of the points they lose (then the fewest, then the
    earliest): the first whose giving up meets every other deadline, else all of them.

    A set that fails with a deadline on day d missed rules out, untried, every set that gives
    up no more of the candidates due by day d (a subset of those: giving up fewer never helps;
    the same ones: the deadlines after d come after the late job in the planner's order, so
    moving them leaves it late)."""
    from learnsync.planning.problem import with_deadlines
    from learnsync.planning.schedule import first_late

    far = MAX_PLAN_DAYS - 1
    everything = (1 << len(candidates)) - 1
    days = [calendar.day_of(item.deadline) for item in candidates]
    masks = sorted(
        range(1, 1 << len(candidates)),
        key=lambda mask: (
            sum(c.points_lost for i, c in enumerate(candidates) if mask >> i & 1),
            mask.bit_count(),
            [i for i in range(len(candidates)) if mask >> i & 1],
        ),
    )
    ruled_out: list[tuple[int, int]] = []  # (what the set gave up, the candidates that count)
    for mask in masks:
        if any(mask & due & ~failed == 0 for failed, due in ruled_out):
            continue
        chosen = [c for i, c in enumerate(candidates) if mask >> i & 1]
        jobs = with_deadlines(problem, {item.key: far for item in chosen})
        try:
            late = first_late(jobs, calendar.capacity, MAX_PLAN_DAYS)
        except HorizonExceeded:
            ruled_out.append((mask, everything))
            continue
        if late is None:
            return chosen
        due = sum(1 << i for i, day in enumerate(days) if day <= late)
        ruled_out.append((mask, due))
    return list(candidates)


def feasibility(
    course: Course,
    *,
    start: date,
    mode: Mode | None = None,
    relative: bool = False,
    blackouts: Sequence[Blackout] = (),
) -> list[Finding]:
    """Why no plan can be made for a cohort starting on ``start`` (errors; empty when one can),
    and the warnings about its calendar (live sessions on public holidays). With ``relative``,
    days in the messages are counted from the start ("day 9") rather than dated, so that the
    findings of several cohorts can be told apart from what they share."""
    warnings = holiday_sessions(course, start=start, blackouts=blackouts)
    try:
        problem, schedule, calendar, _, _ = _schedule(
            course, start, mode, None, relative=relative, blackouts=blackouts
        )
    except PlanError as error:
        return error.findings + warnings
    return (
        warnings
        + sessions_in_blackouts(course, calendar)
        + blackouts_after_plan(course, problem, schedule, calendar)
        + dues_after_modules(course, calendar)
    )


def dues_after_modules(course: Course, calendar: StudyCalendar) -> list[Finding]:
    """Warnings for tasks due after their module on this cohort's days, where ``check`` could
    not tell without a start (a day of the cohort, or of a session on one, against a date)."""
    from learnsync.course.checks import due_after_module, due_later

    findings = []
    for module_index, module in enumerate(course.modules):
        if module.due is None:
            continue
        for task_index, task in enumerate(module.tasks):
            if task.due is None or due_later(task.due, module.due, course) is not None:
                continue
            if calendar.resolve(task.due) > calendar.resolve(module.due):
                findings.append(due_after_module(course, module_index, task_index))
    return findings


def sessions_in_blackouts(course: Course, calendar: StudyCalendar) -> list[Finding]:
    """Warnings for live sessions held on a blackout day: held, and nobody studies that day."""
    findings = []
    for index, session in enumerate(course.sessions):
        day = calendar.session_days.get(session.id)
        blackout = calendar.blackout_on(day) if day is not None else None
        if blackout is None or day is None:
            continue
        findings.append(
            Finding(
                "session-in-blackout",
                f"session '{session.id}' falls on {day:%A} {day.isoformat()}, in blackout "
                f"'{blackout.title}': it is held, and nobody studies that day",
                "warning",
                ("session", index, "at"),
                "move the session or the blackout if people will be away",
            )
        )
    return findings


def blackouts_after_plan(
    course: Course, problem: Problem, schedule: Schedule, calendar: StudyCalendar
) -> list[Finding]:
    """Warnings for the course's blackouts on days of the course (``day N``) that begin after
    the plan's last day (its last study day, deadline or live session): they change nothing.
    Blackouts on dates are a calendar cohorts share, and are never warned about."""
    last = max(
        [
            *schedule.finish_day,
            *(d.day for d in problem.deadlines if d is not None),
            *(calendar.day_of(day) for day in calendar.session_days.values()),
        ],
        default=0,
    )
    findings = []
    for index, entry in enumerate(course.calendar.blackouts):
        if entry.first.day is None or entry.first.day - 1 <= last:
            continue
        findings.append(
            Finding(
                "blackout-outside-plan",
                f"blackout '{entry.title}' begins on {entry.first}, after the plan's last day "
                f"(day {last + 1}): it changes nothing",
                "warning",
                ("calendar", "blackout", index, "from"),
                "move it inside the course, or remove it",
            )
        )
    return findings


REFERENCE_MONDAY = date(2001, 1, 1)


def capacity_findings(course: Course, mode: Mode | None = None) -> list[Finding]:
    """Deadlines relative to the start that no cohort can meet, whatever day of the week it
    starts on and whatever holidays it misses: the date-free part of feasibility.

    Deadlines on fixed dates and sessions at fixed times are left out (they depend on the
    cohort's dates); leaving them out only adds room, so what fails here fails for every cohort.
    """
    modes = module_modes(course, mode)
    relative_sessions = {session.id for session in course.sessions if session.at.day is not None}

    def relative(due: DayRef | None) -> bool:
        if due is None:
            return False
        return due.day is not None or (due.session is not None and due.session in relative_sessions)

    if not any(
        modes[index] != "async"
        and (relative(module.due) or any(relative(task.due) for task in module.tasks))
        for index, module in enumerate(course.modules)
    ):
        return []
    if not course.calendar.workdays or course.calendar.workdays_extra:
        return []  # extra workdays are dates: what they add depends on the cohort
    if course.calendar.blackout_mode == "shift" and any(
        entry.first.day is None or (entry.last or entry.first).day is None
        for entry in course.calendar.blackouts
    ):
        return []  # a dated blackout that shifts deadlines may add room: it depends on the cohort
    first = min(WEEKDAYS.index(day) for day in course.calendar.workdays)
    best: tuple[int, Problem, Schedule, StudyCalendar, Rebuild] | None = None
    for weekday in sorted(range(7), key=lambda day: (day - first) % 7):
        start = REFERENCE_MONDAY + timedelta(days=weekday)
        blackouts = [  # dated blackouts are left out: that only adds room
            Blackout(entry.first.resolve(start), (entry.last or entry.first).resolve(start), "")
            for entry in course.calendar.blackouts
            if entry.first.day is not None and (entry.last or entry.first).day is not None
        ]
        sessions = [
            times
            for times, session in zip(
                session_times(course, start, blackouts), course.sessions, strict=True
            )
            if session.at.day is not None
        ]
        calendar = StudyCalendar.for_course(
            course, start, sessions, with_holidays=False, blackouts=blackouts
        )
        outside = _deadlines_outside_years(course, calendar)
        if outside:
            return outside

        rebuild = _relative_rebuild(course, calendar, sessions, mode)
        problem = rebuild(frozenset(), {})
        try:
            schedule = edf_schedule(problem.jobs, calendar.capacity, MAX_PLAN_DAYS)
        except HorizonExceeded:
            return []
        if schedule.feasible:
            return []
        short = sum(late for late in schedule.lateness if late is not None and late > 0)
        if best is None or short < best[0]:
            best = (short, problem, schedule, calendar, rebuild)
    assert best is not None
    _, problem, schedule, calendar, rebuild = best
    where = f"by any cohort, even one starting on a {calendar.start:%A} without holidays"
    return explain_infeasible(problem, schedule, calendar, rebuild, where=where, relative=True)


def _deadlines_outside_years(course: Course, calendar: StudyCalendar) -> list[Finding]:
    """An ``invalid-day`` error for each deadline relative to a session on a day of the cohort
    that blackouts which shift carry past the years learnsync plans."""
    found = []
    for module_index, module in enumerate(course.modules):
        dues: list[tuple[DayRef | None, KeyPath]] = [(module.due, ("module", module_index, "due"))]
        dues += [
            (task.due, ("module", module_index, "task", task_index, "due"))
            for task_index, task in enumerate(module.tasks)
        ]
        for due, key in dues:
            if due is None or due.session not in calendar.session_numbers:
                continue
            try:
                calendar.resolve(due)
            except PlanInputError as error:
                found.append(Finding("invalid-day", str(error), "error", key))
    return found


def _relative_rebuild(
    course: Course, calendar: StudyCalendar, sessions: list[SessionTimes], mode: Mode | None
) -> Rebuild:
    def rebuild(drop: frozenset[str], overrides: dict[KeyPath, int]) -> Problem:
        return build_problem(
            course,
            calendar,
            sessions,
            mode,
            drop=drop,
            deadline_overrides=overrides,
            relative_only=True,
        )

    return rebuild


def _schedule(
    course: Course,
    start: date,
    mode: Mode | None,
    daily_minutes: int | None,
    *,
    workdays: Sequence[str] | None = None,
    not_before: date | None = None,
    done: frozenset[str] = frozenset(),
    allow_late: bool = False,
    relative: bool = False,
    blackouts: Sequence[Blackout] = (),
    give_up: frozenset[KeyPath] = frozenset(),
    end: date | None = None,
    explain: bool = True,
) -> tuple[Problem, Schedule, StudyCalendar, list[SessionTimes], list[Finding]]:
    """The problem and its schedule; the deadlines missed explained (findings: an error unless
    ``allow_late``; without ``explain``, a late schedule comes back unexplained)."""
    reversed_ = reversed_blackouts(course, start, relative=relative)
    if reversed_:
        raise PlanError(reversed_)
    calendar, sessions = _calendar(course, start, daily_minutes, workdays, not_before, blackouts)
    # sessions on days off are reported with any deadline missed, not instead of it
    off_days = _sessions_on_days_off(course, sessions, calendar)

    given_up = dict.fromkeys(give_up, MAX_PLAN_DAYS - 1)
    end_day = calendar.day_of(end) if end is not None else None

    def rebuild(drop: frozenset[str], overrides: dict[KeyPath, int]) -> Problem:
        return build_problem(
            course,
            calendar,
            sessions,
            mode,
            drop=drop | done,
            deadline_overrides=given_up | overrides,
            end_day=end_day,
        )

    problem = rebuild(frozenset(), {})
    try:
        schedule = edf_schedule(problem.jobs, calendar.capacity, MAX_PLAN_DAYS)
    except HorizonExceeded:
        raise PlanError(
            [
                *off_days,
                Finding(
                    "plan-too-long",
                    "the work does not fit in 100 years of study days",
                    key=("calendar",),
                ),
            ]
        ) from None
    missed: list[Finding] = []
    if not schedule.feasible and (explain or not allow_late):
        if relative:
            where = ""
        elif not_before is not None:
            where = f"from the replan's start on {not_before.isoformat()}"
        else:
            where = f"from a start on {calendar.start.isoformat()}"
        missed = explain_infeasible(
            problem, schedule, calendar, rebuild, where=where, relative=relative
        )
        if not allow_late:
            raise PlanError(off_days + missed)
    if off_days:
        raise PlanError(off_days)
    return problem, schedule, calendar, sessions, missed


def _calendar(
    course: Course,
    start: date,
    daily_minutes: int | None,
    workdays: Sequence[str] | None,
    not_before: date | None,
    blackouts: Sequence[Blackout],
) -> tuple[StudyCalendar, list[SessionTimes]]:
    """The study calendar of a cohort with every blackout (the course's and ``blackouts``, the
    learner's own) and its sessions. Only the course's blackouts shift relative dates: a
    learner's days off move neither the cohort's sessions nor their deadlines."""
    own = course_blackouts(course, start)
    every = (*own, *blackouts)
    sessions = session_times(course, start, own)
    calendar = StudyCalendar.for_course(
        course,
        start,
        sessions,
        daily_minutes=daily_minutes,
        not_before=not_before,
        workdays=workdays,
        blackouts=every,
        shifting=own,
    )
    return calendar, sessions


def reversed_blackouts(course: Course, start: date, *, relative: bool = False) -> list[Finding]:
    """Errors for the course's blackouts that end before they begin for a cohort starting on
    ``start`` (one day relative, the other a date: the date-free check cannot tell)."""
    findings = []
    for index, entry in enumerate(course.calendar.blackouts):
        if entry.last is None:
            continue
        first, last = entry.first.resolve(start), entry.last.resolve(start)
        if last < first:
            when = "" if relative else f" for a start on {start.isoformat()}"
            findings.append(
                Finding(
                    "blackout-reversed",
                    f"blackout '{entry.title}' ends on {last.isoformat()}, before it begins "
                    f"on {first.isoformat()}{when}",
                    "error",
                    ("calendar", "blackout", index, "to"),
                    "make 'to' the blackout's last day, on or after 'from'",
                )
            )
    return findings


def _check_focus(course: Course, focus: Sequence[str]) -> None:
    known = sorted({tag for _, task in course.iter_tasks() for tag in task.tags})
    for tag in focus:
        if tag not in known:
            from learnsync.course.findings import did_you_mean

            hint = did_you_mean(tag, known)
            listed = ", ".join(known) if known else "none"
            raise PlanInputError(
                f"no task has the focus tag '{tag}'"
                + (f"; {hint}" if hint else "")
                + f" (tags: {listed})"
            )


def _sessions_on_days_off(
    course: Course, sessions: Sequence[SessionTimes], calendar: StudyCalendar
) -> list[Finding]:
    """Errors for live sessions on days the course itself excludes: a weekday that is not one
    of its workdays, or one of its ``holidays``."""
    findings = []
    for index, times in enumerate(sessions):
        local_day = times.start.astimezone(calendar.zone).date()
        if calendar.not_before is not None and local_day < calendar.not_before:
            continue  # past: it happened, or it did not
        session = course.sessions[index]
        key: KeyPath = ("session", index, "at")
        if local_day in calendar.extra:
            continue  # a day the course works although it is off
        if local_day.weekday() not in calendar.workdays:
            when = (
                f"a {local_day:%A}"
                if session.at.day is not None
                else f"{local_day:%A} {local_day.isoformat()}"
            )
            findings.append(
                Finding(
                    "session-off-day",
                    f"session '{session.id}' falls on {when}, which is not one of the "
                    "course's workdays",
                    "error",
                    key,
                    "move it to a workday, or add that weekday to [calendar] workdays",
                )
            )
        elif local_day in calendar.holidays:
            findings.append(
                Finding(
                    "session-off-day",
                    f"session '{session.id}' falls on {local_day:%A} {local_day.isoformat()}, "
                    "a day off in [calendar] holidays",
                    "error",
                    key,
                    f"move it, or take {local_day.isoformat()} out of [calendar] holidays",
                )
            )
    return findings


def _sessions_on_public_holidays(
    course: Course, sessions: Sequence[SessionTimes], calendar: StudyCalendar
) -> list[Finding]:
    findings = []
    for index, times in enumerate(sessions):
        local_day = times.start.astimezone(calendar.zone).date()
        if calendar.not_before is not None and local_day < calendar.not_before:
            continue
        if local_day in calendar.extra:
            continue  # worked although it is a holiday
        if local_day.weekday() not in calendar.workdays or local_day in calendar.holidays:
            continue  # an error already
        name = calendar.public_holiday(local_day)
        if name is not None:
            findings.append(
                Finding(
                    "session-on-public-holiday",
                    f"session '{course.sessions[index].id}' falls on {local_day:%A} "
                    f"{local_day.isoformat()}, {name}: it is held, and nobody studies that day",
                    "warning",
                    ("session", index, "at"),
                    "move it if people will be away, or add the date to [calendar] holidays "
                    "to make it an error",
                )
            )
    return findings


def session_day_findings(course: Course, *, start: date) -> list[Finding]:
    """The live sessions of a cohort starting on ``start`` that fall on a day the course excludes
    (errors) or on a public holiday (warnings), without planning the tasks."""
    if not course.sessions:
        return []
    calendar, sessions = _calendar(course, start, None, None, None, ())
    return _sessions_on_days_off(course, sessions, calendar) + _sessions_on_public_holidays(
        course, sessions, calendar
    )


def holiday_sessions(
    course: Course,
    *,
    start: date,
    workdays: Sequence[str] | None = None,
    blackouts: Sequence[Blackout] = (),
) -> list[Finding]:
    """Warnings for the live sessions of a cohort starting on ``start`` that fall on a public
    holiday of the course's country: they are held, and nobody studies that day."""
    if not course.sessions or course.calendar.country is None:
        return []
    calendar, sessions = _calendar(course, start, None, workdays, None, blackouts)
    return _sessions_on_public_holidays(course, sessions, calendar)


def _assemble(
    course: Course,
    problem: Problem,
    schedule: Schedule,
    calendar: StudyCalendar,
    sessions: Sequence[SessionTimes],
    mode: Mode | None,
    focus: Sequence[str],
    display_zone: ZoneInfo,
) -> Plan:
    planned: list[PlannedTask] = []
    slots_of: dict[int, tuple[Slot, ...]] = {}
    dates: dict[int, date] = {}  # the tasks of a plan share few days: one date object each
    for task_position, job_slots in zip(problem.job_tasks, schedule.slots, strict=True):
        slots_of[task_position] = tuple(
            [
                Slot(dates.get(day) or dates.setdefault(day, calendar.date_of(day)), minutes)
                for day, minutes in job_slots
            ]
        )
    order = [problem.job_tasks[job] for job in schedule.started]
    self_paced = [position for position, flag in enumerate(problem.scheduled) if not flag]
    if self_paced:
        nodes = [problem.tasks[position][0] for position in self_paced]
        tasks_of = [problem.tasks[position][2] for position in self_paced]
        flags = focus_flags([task.tags for task in tasks_of], set(focus))
        ranked = backlog_order(problem.graph, nodes, [task.optional for task in tasks_of], flags)
        order += [self_paced[index] for index in ranked]
    for position in order:
        _, module, task = problem.tasks[position]
        task_mode = problem.modes[position]
        slots = slots_of.get(position, ())
        deadline = problem.deadlines[position]
        if task_mode == "sync":
            due = slots[-1].date if slots else None
        elif task_mode == "hybrid":
            due = deadline.date if deadline else None
        else:
            due = None
        planned.append(
            PlannedTask(
                id=task.id,
                module=module.id,
                title=task.title,
                kind=task.kind,
                mode=task_mode,
                effort_minutes=task.effort_minutes,
                requires=tuple(task.requires),
                optional=task.optional,
                points=task.points_value,
                tags=tuple(task.tags),
                url=task.url,
                due=due,
                deadline=deadline.date if deadline else None,
                slots=slots,
            )
        )
    modules = _planned_modules(course, mode, calendar)
    forecast = None
    if self_paced:
        effort = sum(
            problem.tasks[p][2].effort_minutes
            for p in self_paced
            if not problem.tasks[p][2].optional
        )
        last_slot = max((day for job_slots in schedule.slots for day, _ in job_slots), default=-1)
        finish = forecast_finish(calendar, course.weekly_minutes, effort, last_slot + 1)
        forecast = Forecast(
            finish=finish, weekly_minutes=course.weekly_minutes, effort_minutes=effort
        )
    planned_sessions = tuple(
        PlannedSession(
            id=session.id,
            title=session.title,
            start=times.start.astimezone(display_zone),
            end=times.end.astimezone(display_zone),
            mandatory=session.mandatory,
            points=session.points_value,
            url=session.url,
        )
        for session, times in sorted(
            zip(course.sessions, sessions, strict=True),
            key=lambda pair: (pair[1].start, pair[0].id),
        )
    )
    scheduled_days = [task.finish for task in planned if task.finish is not None]
    deadlines = [task.deadline for task in planned if task.deadline is not None]
    session_days = [session.end.date() for session in planned_sessions]
    forecast_days = [forecast.finish] if forecast and forecast.finish else []
    last_day = max([calendar.start, *scheduled_days, *deadlines, *session_days, *forecast_days])
    days_off, extra_days = calendar.exceptions(
        min(last_day, calendar.start + timedelta(days=MAX_PLAN_DAYS)) + timedelta(days=STREAK_YEAR)
    )
    scoring = course.scoring
    return Plan(
        course_id=course.id,
        course_title=course.title,
        mode=mode or course.info.mode,
        start=calendar.start,
        timezone=course.calendar.timezone,
        display_timezone=str(display_zone.key),
        daily_minutes=calendar.daily_minutes,
        tasks=tuple(planned),
        sessions=planned_sessions,
        forecast=forecast,
        focus=tuple(focus),
        modules=modules,
        workdays=tuple(WEEKDAYS[day] for day in sorted(calendar.workdays)),
        weekly_minutes=course.weekly_minutes,
        scoring=Scoring(
            scoring.late_penalty,
            tuple(scoring.levels),
            scoring.freeze_every,
            DEFAULT_FREEZE_MAX if scoring.freeze_max is None else scoring.freeze_max,
            scoring.weekly_target,
        ),
        course_iri=course.info.iri or f"urn:learnsync:course:{course.id}",
        badges=_badges(course, modules, len(planned), any(task.deadline for task in planned)),
        calendar_data=calendar_data(course.calendar.country),
        days_off=days_off,
        extra_days=extra_days,
        blackouts=tuple(sorted(calendar.blackouts, key=lambda b: (b.first, b.last, b.title))),
    )


def _planned_modules(
    course: Course, mode: Mode | None, calendar: StudyCalendar
) -> tuple[PlannedModule, ...]:
    modes = module_modes(course, mode)
    return tuple(
        PlannedModule(
            module.id,
            module.title,
            modes[index],
            calendar.resolve(module.due) if module.due and modes[index] != "async" else None,
        )
        for index, module in enumerate(course.modules)
    )


def _badges(
    course: Course, modules: tuple[PlannedModule, ...], task_count: int, has_deadlines: bool
) -> tuple[BadgeRule, ...]:
    if not course.badges:
        from learnsync.badges import builtin_badges

        return builtin_badges(
            modules,
            task_count,
            len(course.sessions),
            has_deadlines,
            weekly=course.scoring.weekly_target is not None,
        )
    return tuple(
        BadgeRule(
            badge.id,
            badge.title,
            badge.description,
            badge.rule,
            badge.count,
            badge.days,
            badge.points,
            badge.module,
            badge.kind,
            badge.unit,
        )
        for badge in course.badges
    )
