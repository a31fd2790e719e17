"""A learner's finish date as a range, and their chance of meeting each deadline still ahead,
simulated from the minutes they actually worked. Pure: the same inputs and seed always give the
same forecast, byte for byte.

The method, exactly:

- **Study days**: the plan's workdays less its days off (holidays, public holidays, blackouts:
  ``Plan.days_off``), plus its extra study days. Days are the learner's (``day_start`` applied by
  the replay that counts the minutes).
- **History**: the study days of the last ``HISTORY_DAYS`` days before the
  learner's today (today is not over, so it is left out), and none before the cohort's start.
  A day's minutes are the effort of the tasks completed that day (``Replay.minutes_by_day``,
  counted once, undone work taken back), plus the effort completed on the days off right after
  it, so that weekend work counts and the total worked is kept.
- **Prior**: when the history holds fewer than ``MIN_HISTORY_DAYS`` study days (a cohort that has
  just started), it is topped up to that many with the plan's own daily time
  (``prior_daily_minutes``: ``Plan.daily_minutes`` when the plan schedules work, else a backlog's
  ``Plan.weekly_minutes`` spread over the workdays): a learner with no history is expected to
  work as planned, and every day worked replaces one assumed day.
- **Work left**: the required tasks not done, in plan order (the planner's order: deadlines
  first). A deadline still ahead (its date today or later) is met when the work up to and
  including its last open task is done by the end of its date. Its id is its module's when the
  task's deadline is its module's, else the task's.
- **Simulation**: ``RUNS`` runs. In each, every study day from today on draws one day of the
  history at random (uniformly, with replacement) and that many minutes are worked, in order,
  off the work left. The run finishes on the day its total reaches the work left. ``p50`` and
  ``p90`` are the first days by which at least 50% and 90% of the runs have finished; a
  deadline's probability is the share of runs whose total by the end of its date covers the work
  up to it. The draws come from ``random.Random(seed)``: the day's draw of every run is one row
  of indices into the history, and rows are shared by every learner with a history of the same
  length (common random numbers), so a team's forecasts cost one list operation per run and
  simulated day. Nothing past ``HORIZON_DAYS`` is simulated: a finish beyond it is None.
- **Deterministic forecast** (``steady_finish``): the same walk with the same minutes every
  study day. When every day of the history is the same, every run is that walk, so ``p50`` (and
  ``p90``) equal it.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta
from itertools import repeat, starmap
from operator import add, mul

from learnsync.planning.model import Plan, PlannedTask, is_study_day, study_weekdays
from learnsync.planning.taskbits import TaskBits
from learnsync.record import Record

HISTORY_DAYS = 28
MIN_HISTORY_DAYS = 10
RUNS = 1000
SEED = 20270104
HORIZON_YEARS = 2
HORIZON_DAYS = 365 * HORIZON_YEARS  # nothing past it is simulated: a finish beyond it is None
HORIZON_WORDS = "two years"  # HORIZON_YEARS, as status says it


class DeadlineOdds(Record):
    """A deadline still ahead: its task or module id, its date, the minutes of work left up to
    it (in plan order) and the chance of meeting it."""

    id: str
    date: date
    minutes_before: int
    probability: float


class FinishForecast(Record):
    """When a learner finishes the required work (p50: half the runs have by then, p90: nine in
    ten have; None when more than that many runs do not within ``HORIZON_DAYS``), and the chance
    of meeting each deadline still ahead, earliest first."""

    today: date
    p50: date | None
    p90: date | None
    deadlines: tuple[DeadlineOdds, ...]
    remaining_minutes: int
    history: tuple[int, ...]  # the minutes of each study day drawn from, prior days included
    history_days: int  # study days of real history in the sample
    prior_days: int  # days of the prior added to them
    runs: int
    seed: int

    @property
    def riskiest(self) -> DeadlineOdds | None:
        """The deadline least likely to be met (the earliest of equals), or None."""
        return min(self.deadlines, key=lambda odds: (odds.probability, odds.date), default=None)


class WorkLeft(Record):
    """The required work still open, and where each deadline still ahead falls in it."""

    minutes: int
    deadlines: tuple[tuple[str, date, int], ...]  # id, date, minutes up to its last open task


def prior_daily_minutes(plan: Plan) -> int:
    """The daily minutes assumed for days of history a learner does not have yet: the plan's
    daily time when it schedules work (a replan's ``--daily`` or ``--catch-up`` included), else
    the weekly pace of a backlog spread over the workdays."""
    if _PlanWork.of(plan).scheduled or not plan.weekly_minutes:
        return plan.daily_minutes
    return round(plan.weekly_minutes / len(study_weekdays(plan)))


def daily_history(
    minutes_by_day: Mapping[date, int],
    *,
    today: date,
    start: date,
    workdays: Collection[int],
    days: int = HISTORY_DAYS,
    days_off: Collection[date] = frozenset(),
    extra_days: Collection[date] = frozenset(),
) -> list[int]:
    """The minutes worked on each study day of the ``days`` days before ``today`` (none before
    ``start``), oldest first; minutes done on a day off count for the study day before it (or,
    before the first study day of the window, for the first)."""
    slots, slot_of = _window(
        max(start, today - timedelta(days=days)),
        today,
        frozenset(workdays),
        frozenset(days_off),
        frozenset(extra_days),
    )
    history = [0] * slots
    if slots:
        for day, minutes in minutes_by_day.items():
            slot = slot_of.get(day)
            if slot is not None:
                history[slot] += minutes
    return history


def _window(
    first: date,
    today: date,
    workdays: frozenset[int],
    days_off: frozenset[date],
    extra_days: frozenset[date],
) -> tuple[int, dict[date, int]]:
    """How many study days lie from ``first`` to the day before ``today``, and which one each
    day counts for (a day off: the study day before it, or the first one); made once a window."""
    key = (first, today, workdays, days_off, extra_days)
    known = _WINDOWS.get(key)
    if known is None:
        slots = 0
        slot_of: dict[date, int] = {}
        leading: list[date] = []
        day = first
        while day < today:
            if is_study_day(day, workdays, days_off, extra_days):
                slot_of[day] = slots
                slots += 1
            elif slots:
                slot_of[day] = slots - 1
            else:
                leading.append(day)
            day += timedelta(days=1)
        if slots:
            slot_of.update(dict.fromkeys(leading, 0))
        if len(_WINDOWS) >= 64:
            _WINDOWS.clear()
        known = _WINDOWS[key] = (slots, slot_of)
    return known


_WINDOWS: dict[tuple[object, ...], tuple[int, dict[date, int]]] = {}


def work_left(plan: Plan, done: Collection[str], today: date) -> WorkLeft:
    """The required tasks not in ``done``, in plan order: their minutes, and for each deadline
    on ``today`` or later the minutes up to its last open task. What the plan alone decides is
    worked out once a plan (``_PlanWork``), and a learner's done set is one set of the plan's
    tasks (``TaskBits``): a cohort costs about a pass over each done set."""
    work = _PlanWork.of(plan)
    bits = work.bits
    left = work.required & ~bits.mask(done)
    ahead = []
    for key, day, tasks in work.deadlines:
        if day < today:
            continue
        open_here = tasks & left
        if open_here:  # up to its last open task, in plan order
            up_to_last = (1 << open_here.bit_length()) - 1
            ahead.append((key, day, bits.effort(left & up_to_last)))
    ahead.sort(key=lambda item: (item[1], item[2], item[0]))
    return WorkLeft(bits.effort(left), tuple(ahead))


class _PlanWork:
    """A plan's required tasks, and its deadlines (id, date, their tasks), as sets of the plan's
    tasks (``TaskBits``): shared by every learner of a plan, and made once for the last few
    plans seen."""

    def __init__(self, plan: Plan) -> None:
        self.bits = bits = TaskBits.of(plan)
        module_deadlines = {module.id: module.deadline for module in plan.modules}
        required: list[PlannedTask] = []
        groups: dict[str, tuple[date, list[PlannedTask]]] = {}
        for task in plan.tasks:
            if task.optional:
                continue
            required.append(task)
            deadline = task.deadline
            if deadline is None or task.mode == "async":
                continue
            key = task.module if module_deadlines.get(task.module) == deadline else task.id
            groups.setdefault(key, (deadline, []))[1].append(task)
        self.required = bits.set_of(required)
        self.deadlines = [(key, day, bits.set_of(tasks)) for key, (day, tasks) in groups.items()]
        self.scheduled = any(task.slots for task in plan.tasks)

    @classmethod
    def of(cls, plan: Plan) -> _PlanWork:
        for known, work in _PLAN_WORK:
            if known is plan:
                return work
        work = cls(plan)
        _PLAN_WORK.insert(0, (plan, work))
        del _PLAN_WORK[4:]
        return work


_PLAN_WORK: list[tuple[Plan, _PlanWork]] = []


def steady_finish(
    daily_minutes: int,
    remaining_minutes: int,
    *,
    today: date,
    workdays: Collection[int],
    horizon_days: int = HORIZON_DAYS,
    days_off: Collection[date] = frozenset(),
    extra_days: Collection[date] = frozenset(),
) -> date | None:
    """The day the work left is done at ``daily_minutes`` every study day from today on (today
    included); None when it is not done within ``horizon_days``."""
    if remaining_minutes <= 0:
        return today
    if daily_minutes <= 0:
        return None
    worked = 0
    for offset in range(horizon_days + 1):
        day = today + timedelta(days=offset)
        if is_study_day(day, workdays, days_off, extra_days):
            worked += daily_minutes
            if worked >= remaining_minutes:
                return day
    return None


class _Draws:
    """The rows of history indices every run draws, one row a study day: the same for every
    history of the same length and seed, and made once.

    A row is what ``Random(seed).choices(range(size), k=runs)`` gives, worked out the way
    ``choices`` does (``floor(random() * size)``, the same numbers in the same order), but in C
    iterators rather than a Python loop: status draws a row for each of some 60 study days."""

    def __init__(self, seed: int, size: int, runs: int) -> None:
        from random import Random  # only a simulation draws: report's closed form does not

        self.random = Random(seed)
        self.size = float(size)
        self.runs = runs
        self.rows: list[list[int]] = []

    @classmethod
    def of(cls, seed: int, size: int, runs: int) -> _Draws:
        key = (seed, size, runs)
        if key not in _MADE:
            _MADE[key] = cls(seed, size, runs)
        return _MADE[key]

    def row(self, number: int) -> list[int]:
        uniform, size, runs = self.random.random, self.size, self.runs
        while len(self.rows) <= number:  # int() is floor() here: random() * size is never < 0
            draws = starmap(uniform, repeat((), runs))
            self.rows.append(list(map(int, map(mul, draws, repeat(size)))))
        return self.rows[number]


_MADE: dict[tuple[int, int, int], _Draws] = {}
_SIMULATED: dict[tuple[object, ...], FinishForecast] = {}


def simulate(
    history: Sequence[int],
    work: WorkLeft,
    *,
    today: date,
    workdays: Collection[int],
    runs: int = RUNS,
    seed: int = SEED,
    history_days: int | None = None,
    horizon_days: int = HORIZON_DAYS,
    with_p90: bool = True,
    days_off: Collection[date] = frozenset(),
    extra_days: Collection[date] = frozenset(),
) -> FinishForecast:
    """Monte Carlo over ``history`` (minutes a study day, drawn with replacement) of the
    ``work`` left from ``today``: the finish as p50 and p90, and each deadline's probability.
    Without ``with_p90`` the simulation stops at p50 (and the last deadline), and ``p90`` is
    None: what a team view that shows p50 alone needs, for less. The same arguments give the
    same forecast, computed once in a process (a cohort of new learners shares its prior)."""
    key = (
        tuple(history),
        work,
        today,
        frozenset(workdays),
        runs,
        seed,
        history_days,
        horizon_days,
        with_p90,
        frozenset(days_off),
        frozenset(extra_days),
    )
    known = _SIMULATED.get(key)
    if known is None:
        if len(_SIMULATED) >= 4096:
            _SIMULATED.clear()
        known = _SIMULATED[key] = _simulate(
            history,
            work,
            today,
            (frozenset(workdays), frozenset(days_off), frozenset(extra_days)),
            runs,
            seed,
            history_days,
            horizon_days,
            with_p90,
        )
    return known


def _simulate(
    history: Sequence[int],
    work: WorkLeft,
    today: date,
    calendar: tuple[frozenset[int], frozenset[date], frozenset[date]],
    runs: int,
    seed: int,
    history_days: int | None,
    horizon_days: int,
    with_p90: bool,
) -> FinishForecast:
    if runs < 1:
        raise ValueError("runs must be at least 1")
    sample = list(history) or [0]
    remaining = work.minutes
    odds: list[DeadlineOdds] = []
    p50: date | None = None
    p90: date | None = None
    needed50, needed90 = math.ceil(runs * 0.5), math.ceil(runs * 0.9)
    pending = list(work.deadlines)
    if remaining <= 0:
        p50 = p90 = today
    if max(sample) <= 0:
        # nothing is ever worked: only what needs no more work is met
        for key, day, minutes in pending:
            odds.append(DeadlineOdds(key, day, minutes, 1.0 if minutes <= 0 else 0.0))
        pending = []
        if remaining > 0:
            return _result(today, None, None, odds, work, sample, history_days, runs, seed)
    draws = _Draws.of(seed, len(sample), runs) if remaining > 0 or pending else None
    totals = [0] * runs
    study_day = 0
    most = 0  # no run has more than this
    fetch = sample.__getitem__
    top = max(sample)
    for offset in range(horizon_days + 1):
        if (p90 is not None or (p50 is not None and not with_p90)) and not pending:
            break
        day = today + timedelta(days=offset)
        if draws is not None and is_study_day(day, *calendar):
            totals = list(map(add, totals, map(fetch, draws.row(study_day))))
            study_day += 1
            most += top
        while pending and pending[0][1] == day:
            key, when, minutes = pending.pop(0)
            met = sum(map(minutes.__le__, totals)) if most >= minutes else 0
            odds.append(DeadlineOdds(key, when, minutes, round(met / runs, 3)))
        if p90 is None and most >= remaining and (with_p90 or p50 is None):
            finished = sum(map(remaining.__le__, totals))
            if p50 is None and finished >= needed50:
                p50 = day
            if finished >= needed90 and with_p90:
                p90 = day
    for key, when, minutes in pending:  # beyond the horizon: as far as it went
        met = sum(map(minutes.__le__, totals))
        odds.append(DeadlineOdds(key, when, minutes, round(met / runs, 3)))
    return _result(today, p50, p90, odds, work, sample, history_days, runs, seed)


def _result(
    today: date,
    p50: date | None,
    p90: date | None,
    odds: list[DeadlineOdds],
    work: WorkLeft,
    sample: list[int],
    history_days: int | None,
    runs: int,
    seed: int,
) -> FinishForecast:
    real = len(sample) if history_days is None else history_days
    return FinishForecast(
        today=today,
        p50=p50,
        p90=p90,
        deadlines=tuple(sorted(odds, key=lambda o: (o.date, o.minutes_before, o.id))),
        remaining_minutes=work.minutes,
        history=tuple(sample),
        history_days=real,
        prior_days=len(sample) - real,
        runs=runs,
        seed=seed,
    )


P90_Z = 1.2815515655446004  # the standard normal's 90th percentile


def closed_form(
    history: Sequence[int],
    work: WorkLeft,
    *,
    today: date,
    workdays: Collection[int],
    history_days: int | None = None,
    horizon_days: int = HORIZON_DAYS,
    days_off: Collection[date] = frozenset(),
    extra_days: Collection[date] = frozenset(),
) -> FinishForecast:
    """The forecast ``simulate`` estimates, in closed form: the sum of n study days' draws taken
    as normal, with n times the history's mean and variance (a draw's, from the history as it
    is). p50 is then the steady walk at the mean (``steady_finish``), p90 the first day the
    mean's lead over the work left reaches 1.28 standard deviations, and a deadline's probability
    the normal's. Exact when every day of the history is the same; otherwise within the
    simulation's noise far ahead, rougher for the next few days, where a skewed history is far
    from normal. It costs no runs: team views (``report``) use it for every learner."""
    sample = list(history) or [0]
    mean = sum(sample) / len(sample)
    variance = sum((value - mean) ** 2 for value in sample) / len(sample)
    days = _study_days(
        today, horizon_days, frozenset(workdays), frozenset(days_off), frozenset(extra_days)
    )

    def chance(count: int, minutes: int) -> float:
        if minutes <= 0:
            return 1.0
        if count == 0 or mean == 0:
            return 0.0
        lead = count * mean - minutes
        if variance == 0:
            return 1.0 if lead >= 0 else 0.0
        return 0.5 * (1 + math.erf(lead / math.sqrt(2 * count * variance)))

    def first_day(enough: Callable[[int], bool]) -> date | None:
        low, high = 0, len(days)  # the first count of study days that is enough
        if not days or not enough(high):
            return None
        while high - low > 1:
            middle = (low + high) // 2
            if enough(middle):
                high = middle
            else:
                low = middle
        return days[high - 1]

    remaining = work.minutes
    p50 = first_day(lambda count: count * mean >= remaining) if remaining > 0 else today
    p90 = (
        first_day(lambda count: count * mean - remaining >= P90_Z * math.sqrt(count * variance))
        if remaining > 0
        else today
    )
    odds = [
        DeadlineOdds(key, day, minutes, round(chance(bisect_right(days, day), minutes), 3))
        for key, day, minutes in work.deadlines
    ]
    return _result(today, p50, p90, odds, work, sample, history_days, 0, 0)


def _study_days(
    today: date,
    horizon_days: int,
    workdays: frozenset[int],
    days_off: frozenset[date],
    extra_days: frozenset[date],
) -> list[date]:
    """The study days from ``today`` (included) to the horizon, made once a day and calendar."""
    key = (today, horizon_days, workdays, days_off, extra_days)
    days = _STUDY_DAYS.get(key)
    if days is None:
        if len(_STUDY_DAYS) >= 64:
            _STUDY_DAYS.clear()
        days = _STUDY_DAYS[key] = [
            day
            for day in (today + timedelta(days=offset) for offset in range(horizon_days + 1))
            if is_study_day(day, workdays, days_off, extra_days)
        ]
    return days


_STUDY_DAYS: dict[tuple[object, ...], list[date]] = {}


def forecast(
    plan: Plan,
    done: Collection[str],
    minutes_by_day: Mapping[date, int],
    today: date,
    *,
    runs: int = RUNS,
    seed: int = SEED,
    with_p90: bool = True,
    simulated: bool = True,
) -> FinishForecast | None:
    """A learner's forecast from their plan, the tasks they have done and the minutes they
    worked by day (``Replay.minutes_by_day``), as of their ``today``; None when no required work
    is left. Without ``with_p90``, ``p90`` is None (and it costs less). Without ``simulated``,
    the closed form (``closed_form``): what team views use, as it costs no runs."""
    work = work_left(plan, done, today)
    if work.minutes <= 0:
        return None
    workdays = study_weekdays(plan)
    days_off, extra_days = frozenset(plan.days_off), frozenset(plan.extra_days)
    observed = daily_history(
        minutes_by_day,
        today=today,
        start=plan.start,
        workdays=workdays,
        days_off=days_off,
        extra_days=extra_days,
    )
    prior = [prior_daily_minutes(plan)] * max(0, MIN_HISTORY_DAYS - len(observed))
    if not simulated:
        return closed_form(
            observed + prior,
            work,
            today=today,
            workdays=workdays,
            history_days=len(observed),
            days_off=days_off,
            extra_days=extra_days,
        )
    return simulate(
        observed + prior,
        work,
        today=today,
        workdays=workdays,
        runs=runs,
        seed=seed,
        history_days=len(observed),
        with_p90=with_p90,
        days_off=days_off,
        extra_days=extra_days,
    )
