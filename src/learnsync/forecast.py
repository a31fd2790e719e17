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
  of indices into the history, ``Random(seed).choices(range(len(history)), k=runs)`` row after
  row, the same for every learner with a history of the same length (common random numbers).
  Nothing past ``HORIZON_DAYS`` is simulated: a finish beyond it is None. Only what a figure
  depends on is computed (``_simulate``): the same numbers as the method run day by day, for
  less. For ``SEED`` and ``RUNS`` the rows of the horizon can be given kept (``KeptDraws``: a
  byte a draw, what ``encode_kept_draws`` makes of the generator; ``learnsync.kept_draws`` reads them
  from the file kept with the package): the same draws, without calling the generator.
- **Deterministic forecast** (``steady_finish``): the same walk with the same minutes every
  study day. When every day of the history is the same, every run is that walk, so ``p50`` (and
  ``p90``) equal it.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import partial
from itertools import compress, repeat, starmap
from operator import itemgetter, mul, not_
from struct import Struct
from struct import error as struct_error
from typing import TYPE_CHECKING

from learnsync.planning.model import Plan, is_study_day, study_weekdays, task_column
from learnsync.planning.taskbits import TaskBits
from learnsync.record import Record

if TYPE_CHECKING:
    from _random import Random


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


def work_left(
    plan: Plan, done: Collection[str], today: date, deadlines_from: date | None = None
) -> WorkLeft:
    """The required tasks not in ``done``, in plan order: their minutes, and for each deadline
    on ``deadlines_from`` (``rules.first_deadline_ahead``; default ``today``) or later the
    minutes up to its last open task. What the plan alone decides is
    worked out once a plan (``_PlanWork``), and a learner's done set is one set of the plan's
    tasks (``TaskBits``): a cohort costs about a pass over each done set."""
    work = _PlanWork.of(plan)
    bits = work.bits
    left = work.required & ~bits.mask(done)
    ahead = []
    first = today if deadlines_from is None else deadlines_from
    for key, day, tasks in work.deadlines:
        if day < first:
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
        self.bits = TaskBits.of(plan)
        tasks = plan.tasks
        module_deadlines = {module.id: module.deadline for module in plan.modules}
        # the tasks alike in what decides their group (fetched in C), each kind looked at once
        alike: dict[tuple[bool, date | None, str, str], list[int]] = {}
        column = partial(task_column, tasks)  # read whole: no task made
        fields_of = zip(*map(column, ("optional", "deadline", "mode", "module")), strict=True)
        for position, fields in enumerate(fields_of):
            positions = alike.get(fields)
            if positions is None:
                alike[fields] = [position]
            else:
                positions.append(position)
        required = 0
        # a deadline's id (its module's when the task's deadline is its module's, else the
        # task's) -> the deadline of its first task in plan order, that task, the set of its tasks
        groups: dict[str, tuple[date, int, int]] = {}
        for (optional, deadline, mode, module), positions in alike.items():
            if optional:
                continue
            members = sum(map(_BIT, positions))  # distinct bits: the sum is the union
            required |= members
            if deadline is None or mode == "async":
                continue
            if module_deadlines.get(module) == deadline:
                keyed = [(module, positions[0], members)]
            else:
                ids = self.bits.ids
                keyed = [(ids[position], position, 1 << position) for position in positions]
            for key, first, tasks_of_key in keyed:
                known = groups.get(key)
                if known is None:
                    groups[key] = (deadline, first, tasks_of_key)
                elif first < known[1]:
                    groups[key] = (deadline, first, known[2] | tasks_of_key)
                else:
                    groups[key] = (known[0], known[1], known[2] | tasks_of_key)
        self.required = required
        self.deadlines = [(key, day, members) for key, (day, _, members) in groups.items()]
        self.scheduled = any(column("slots"))

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
_BIT = (1).__lshift__


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
    """The minutes the runs draw, a row a study day, in order from one ``Random(seed)``: a row
    is ``sample[i]`` for each ``i`` of ``Random(seed).choices(range(len(sample)), k=runs)``,
    the same numbers in the same order.

    Given the kept draws (``KeptDraws``) of the seed and runs, and a history of at most
    ``HISTORY_DAYS`` days, the rows are read from them (made by ``encode_kept_draws``): each draw
    kept as the interval of ``random()``'s values it fell in, between the points where
    ``floor(random() * size)`` changes for some size (243 points: a byte a draw), so that a row
    costs no float and no call of the generator. Otherwise, and past the rows kept, the
    generator's own draws (``floor(random() * size)``, as ``choices`` takes them, in C
    iterators rather than a Python loop)."""

    def __init__(
        self, seed: int, sample: Sequence[int], runs: int, kept: KeptDraws | None = None
    ) -> None:
        self.seed = seed
        self.sample = sample
        self.runs = runs
        self.size = float(len(sample))
        self.drawn = 0  # rows drawn
        if kept is not None and (kept.seed, kept.runs) != (seed, runs):
            kept = None  # the draws of another seed, or of another number of runs
        self.kept = kept if len(sample) <= HISTORY_DAYS else None
        self.random: Callable[[], float] | None = None
        # the live runs' numbers last asked about, and what picks their draws out of a row
        self.picking: tuple[Sequence[int], Callable[[bytes], tuple[int, ...]] | None] | None = None
        if self.kept is not None:  # the minutes of each interval
            size = len(sample)
            self.by_code = [sample[_index(low, size)] for low in self.kept.lows]
            self.codes = bytes(range(len(self.kept.lows)))  # the bytes a draw can be kept as

    def row(
        self, live: Sequence[bool] | None = None, numbers: Sequence[int] | None = None
    ) -> Sequence[int]:
        """The next row: the minutes drawn by each run, or with ``live`` by the live runs only
        (the other runs' draws are made and dropped, so that every later row stays the
        same); ``numbers``, when given, are the live runs' numbers (what ``live`` says)."""
        kept = self.kept
        number = self.drawn
        self.drawn += 1
        if kept is not None and number < kept.rows:
            row = kept.codes[number * self.runs : (number + 1) * self.runs]
            if row.translate(None, self.codes):  # a byte of no interval: a damaged file
                self.kept = kept = None  # this row and the rest drawn by the generator
        if kept is not None and number < kept.rows:
            codes: Sequence[int] = row
            if live is not None:  # the live runs' draws: picked by their numbers, in C
                if numbers is None:
                    numbers = list(compress(range(self.runs), live))
                if self.picking is None or self.picking[0] is not numbers:
                    self.picking = (numbers, itemgetter(*numbers) if len(numbers) > 1 else None)
                pick = self.picking[1]
                codes = pick(row) if pick is not None else [row[numbers[0]]]
            return itemgetter(*codes)(self.by_code) if len(codes) > 1 else [self.by_code[codes[0]]]
        if self.random is None:
            generator = _generator(self.seed)
            if number:  # past the rows kept: two 32-bit words a draw were used
                generator.getrandbits(64 * self.runs * number)
            self.random = generator.random
        draws: Iterator[float] = starmap(self.random, repeat((), self.runs))
        if live is not None:
            draws = compress(draws, live)
        # trunc() is floor() here: random() * size is never below 0
        indices = list(map(_trunc, map(mul, draws, repeat(self.size))))
        sample = self.sample
        return itemgetter(*indices)(sample) if len(indices) > 1 else [sample[indices[0]]]


_trunc = float.__trunc__


def _generator(seed: int) -> Random:
    """``random.Random(seed)``'s generator, imported when first needed (the kept draws need
    none) and without the random module (a start-up cost)."""
    try:
        from _random import Random as generator
    except ImportError:  # pragma: no cover - a Python without it
        from random import Random as generator  # type: ignore[assignment]
    return generator(seed)


def _index(numerator: int, size: int) -> int:
    """``floor(random() * size)`` for the ``random()`` of 53-bit ``numerator`` (``random()`` is
    ``numerator / 2**53``), computed as ``random()`` and ``choices`` compute it."""
    high, low = numerator >> 26, numerator & 0x3FFFFFF
    return int((high * 67108864.0 + low) * (1.0 / 9007199254740992.0) * size)


def _changes(sizes: range) -> list[int]:
    """The numerators at which ``floor(random() * size)`` changes for some size of ``sizes``,
    in order: the smallest numerator giving each index but the first, of each size."""
    points = set()
    for size in sizes:
        for index in range(1, size):
            low, high = index * 2**53 // size - 4, index * 2**53 // size + 4
            if _index(low, size) >= index or _index(high, size) < index:  # pragma: no cover
                low, high = 0, 2**53  # rounding never strays this far; search all to be sure
            while low < high:
                middle = (low + high) // 2
                if _index(middle, size) >= index:
                    high = middle
                else:
                    low = middle + 1
            points.add(low)
    return sorted(points)


def encode_kept_draws(seed: int = SEED, runs: int = RUNS, rows: int = HORIZON_DAYS + 1) -> bytes:
    """What the file of kept draws holds (``python tools/forecast_draws.py`` writes it; read
    back by ``kept_from_bytes``): a header
    (seed, runs, rows and how many change points), the change points of histories of 1 to
    ``HISTORY_DAYS`` days (``_changes``) as 8-byte numerators, then a byte a draw, row after
    row: the interval between change points the draw's ``random()`` falls in."""
    points = _changes(range(1, HISTORY_DAYS + 1))
    generator = _generator(seed).random
    scale = float(2**53)  # random() * 2**53 is its numerator, exactly
    codes = bytes(bisect_right(points, int(generator() * scale)) for _ in range(rows * runs))
    header = _HEADER.pack(seed, runs, rows, len(points))
    return header + b"".join(point.to_bytes(8, "little") for point in points) + codes


class KeptDraws(Record):
    """The draws ``encode_kept_draws`` keeps, decoded (``kept_from_bytes``): for ``seed`` and
    ``runs``, ``rows`` rows of a byte a run (``codes``, row after row), each the interval of
    ``random()``'s values its draw fell in, the intervals beginning at ``lows``."""

    seed: int
    runs: int
    rows: int
    lows: tuple[int, ...]  # each interval's lowest numerator
    codes: bytes


def kept_from_bytes(data: bytes) -> KeptDraws | None:
    """The draws ``encode_kept_draws`` wrote; None for bytes that are not that (cut short, longer
    than they say, or too many intervals for a byte): the generator then draws the same."""
    try:
        seed, runs, rows, count = _HEADER.unpack_from(data)
    except struct_error:
        return None
    start = _HEADER.size + 8 * count
    if count > 255 or len(data) != start + rows * runs:
        return None
    lows = (0, *Struct(f"<{count}Q").unpack_from(data, _HEADER.size))
    if any(low >= high for low, high in zip(lows, (*lows[1:], 2**53), strict=True)):
        return None  # intervals out of order, or beyond random()'s values: not what it wrote
    return KeptDraws(seed, runs, rows, lows, data[start:])


_HEADER = Struct("<QIII")
_SIMULATED: dict[tuple[object, ...], FinishForecast] = {}
_CHUNK = 10  # rows drawn between two settlings of the runs


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
    kept: KeptDraws | None = None,
) -> FinishForecast:
    """Monte Carlo over ``history`` (minutes a study day, never below 0, drawn with replacement)
    of the ``work`` left from ``today``: the finish as p50 and p90, and each deadline's
    probability. Without ``with_p90`` the simulation stops at p50 (and the last deadline), and
    ``p90`` is None. With ``kept`` (the kept draws of the seed and runs: ``KeptDraws``), the
    same draws are read from it instead of made. The same arguments give the same forecast,
    computed once in a process (``kept`` or not: it changes nothing of it)."""
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
            kept,
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
    kept: KeptDraws | None = None,
) -> FinishForecast:
    """The method of the module, computed run by run only as far as a figure depends on it.

    A run's total never falls (no day of history is below 0), so a run whose total reaches the
    work left and every deadline's work is *settled*: it has finished and meets every deadline
    still to count, whatever it draws next. Every so many rows (``_CHUNK``) the settled runs
    are set aside and only counted; their draws are still made, so every other run draws what
    it would have. The share of runs finished by a day only grows, so p50 and p90 are found by
    halving the rows of the chunk in which they are first reached, not by counting every day;
    and no row is drawn once every figure is decided."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    sample = list(history) or [0]
    if min(sample) < 0:
        raise ValueError("the minutes of a day of history are never below 0")
    remaining = work.minutes
    p50 = p90 = today if remaining <= 0 else None
    days = _StudyDays.of(today, horizon_days, *calendar)  # walked as far as asked
    # each deadline is counted after the study days up to its date, when the walk, day by day,
    # reaches it in the order given; one it never reaches (past the horizon, or dated before one
    # given ahead of it) after every study day of the horizon, where the walk ends
    points: list[tuple[int, str, date, int]] = []
    reached: date | None = today
    for key, when, minutes in work.deadlines:
        if reached is not None and reached <= when <= today + timedelta(days=horizon_days):
            reached = when
            points.append((days.count_to(when), key, when, minutes))
        else:
            reached = None
            points.append((days.upto(horizon_days + 1), key, when, minutes))
    odds = [DeadlineOdds(key, when, minutes, 0.0) for _, key, when, minutes in points]
    settle_at = max([remaining, *(minutes for *_, minutes in points)])
    if max(sample) <= 0 or settle_at <= 0:  # no run ever works, or every run is settled now
        odds = [o._replace(probability=1.0 if o.minutes_before <= 0 else 0.0) for o in odds]
        return _result(today, p50, p90, odds, work, sample, history_days, runs, seed)
    needed = []  # how many runs finish by p50, and by p90
    # enough study days that the best day of history, every day, finishes by the horizon
    if remaining > 0 and days.upto(-(-remaining // max(sample))) * max(sample) >= remaining:
        needed = [math.ceil(runs * 0.5), math.ceil(runs * 0.9)][: 2 if with_p90 else 1]
    found: list[date | None] = [None] * len(needed)
    order = sorted(range(len(points)), key=lambda number: points[number][0])
    draws = _Draws(seed, sample, runs, kept)
    settled = 0  # runs set aside
    live: list[bool] | None = None  # which runs are not (None: every run)
    numbers: Sequence[int] = range(runs)  # the live runs
    base = 0  # the rows drawn before the chunk
    start = [0] * runs  # the live runs' totals after them
    picked: list[Sequence[int]] = []  # the minutes each live run drew on each row of the chunk
    totals: dict[int, list[int]] = {}

    def after(rows: int) -> list[int]:  # the live runs' totals after base + rows rows
        if rows not in totals:
            totals[rows] = (
                list(map(sum, zip(start, *picked[:rows], strict=True))) if rows else start
            )
        return totals[rows]

    pace = 0  # runs finished by the last chunk
    finished = 0
    while True:
        while order and points[order[0]][0] <= base + len(picked):  # the deadlines on these rows
            number = order.pop(0)
            rows, key, when, minutes = points[number]
            met = settled + sum(map(minutes.__le__, after(rows - base)))
            odds[number] = DeadlineOdds(key, when, minutes, round(met / runs, 3))
        end = after(len(picked))
        keep = list(map(settle_at.__gt__, end))  # the runs not settled
        if needed:
            if settle_at == remaining:  # the runs settled are those finished
                pace = settled + len(keep) - sum(keep) - finished
            else:
                pace = settled + sum(map(remaining.__le__, end)) - finished
            finished += pace
        for which, count in enumerate(needed):
            if found[which] is None and finished >= count:
                low, high = 0, len(picked)  # first reached after base + high rows, not + low
                while high - low > 1:
                    middle = (low + high) // 2
                    if settled + sum(map(remaining.__le__, after(middle))) >= count:
                        high = middle
                    else:
                        low = middle
                found[which] = days.known[base + high - 1]
        drawn = base + len(picked)
        # the rows still needed: to the horizon while a finish is not found, else to the deadlines
        if None in found:  # as far as the horizon, at most a chunk on (its study days walked)
            last = days.upto(drawn + _CHUNK)
        else:
            last = points[order[-1]][0] if order else drawn
        if drawn >= last:
            break
        start = end
        if not all(keep):  # set the settled runs aside
            settled += len(keep) - sum(keep)
            if live is None:
                live = keep
            else:
                for gone in compress(numbers, map(not_, keep)):
                    live[gone] = False
            numbers = list(compress(numbers, keep))
            start = list(compress(start, keep))
            if not start:  # every run is settled: the deadlines left are met in every run
                for number in order:
                    odds[number] = odds[number]._replace(probability=1.0)
                break
        size = min(_CHUNK, last - drawn)
        if None in found and pace > 0:  # no further than the last chunk's pace says it is found
            size = min(
                size, max(1, -(-(needed[found.index(None)] - finished) * len(picked) // pace))
            )
        base, picked, totals = drawn, [], {}
        for _ in range(size):
            picked.append(draws.row(live, numbers))
    if needed:
        p50 = found[0]
        p90 = found[1] if with_p90 else None
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


class _StudyDays:
    """The study days from ``today`` (included) to the horizon, in order, walked only as far
    as asked (``upto``, ``count_to``), and shared by the forecasts of one day and calendar."""

    def __init__(
        self,
        today: date,
        horizon_days: int,
        workdays: frozenset[int],
        days_off: frozenset[date],
        extra_days: frozenset[date],
    ) -> None:
        self.known: list[date] = []
        self.next = today.toordinal()  # the first day not walked yet
        self.end = self.next + horizon_days  # the last day of the horizon
        self.calendar = (workdays, days_off, extra_days)

    @classmethod
    def of(
        cls,
        today: date,
        horizon_days: int,
        workdays: frozenset[int],
        days_off: frozenset[date],
        extra_days: frozenset[date],
    ) -> _StudyDays:
        key = (today, horizon_days, workdays, days_off, extra_days)
        days = _WALKS.get(key)
        if days is None:
            if len(_WALKS) >= 64:
                _WALKS.clear()
            days = _WALKS[key] = cls(today, horizon_days, workdays, days_off, extra_days)
        return days

    def _walk(self, days: int) -> bool:
        """Walk ``days`` more days (fewer at the horizon); False when none was left."""
        if self.next > self.end:
            return False
        stop = min(self.end + 1, self.next + days)
        workdays, days_off, extra_days = self.calendar
        self.known += [
            day
            for day in map(date.fromordinal, range(self.next, stop))
            if is_study_day(day, workdays, days_off, extra_days)
        ]
        self.next = stop
        return True

    def upto(self, count: int) -> int:
        """How many study days there are, when fewer than ``count``; else at least ``count``
        (as many as are walked)."""
        while len(self.known) < count and self._walk(max(7, count - len(self.known))):
            pass
        return len(self.known)

    def count_to(self, day: date) -> int:
        """How many study days fall on ``day`` or before (within the horizon)."""
        while self.next <= day.toordinal() and self._walk(day.toordinal() - self.next + 1):
            pass
        return bisect_right(self.known, day)


_WALKS: dict[tuple[object, ...], _StudyDays] = {}


def _study_days(
    today: date,
    horizon_days: int,
    workdays: frozenset[int],
    days_off: frozenset[date],
    extra_days: frozenset[date],
) -> list[date]:
    """The study days from ``today`` (included) to the horizon, made once a day and calendar."""
    days = _StudyDays.of(today, horizon_days, workdays, days_off, extra_days)
    days.upto(horizon_days + 1)
    return days.known


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
    kept: KeptDraws | None = None,
    deadlines_from: date | None = None,
) -> FinishForecast | None:
    """A learner's forecast from their plan, the tasks they have done and the minutes they
    worked by day (``Replay.minutes_by_day``), as of their ``today``; None when no required work
    is left. ``deadlines_from``: the first deadline day still ahead (``rules.
    first_deadline_ahead``; default ``today``): the odds are of those deadlines only. Without ``with_p90``, ``p90`` is None (and it costs less). Without ``simulated``,
    the closed form (``closed_form``): what team views use, as it costs no runs. ``kept``: the
    kept draws to read instead of making them (``simulate``; the same forecast)."""
    work = work_left(plan, done, today, deadlines_from)
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
        kept=kept,
    )
