"""The rules behind every number learnsync shows about an enrollment: one function each, called
by every command that shows it. Pure: the same plan, events and instant give the same answer.

Every task of a plan has two dates:

| date | what it is | past it with the task open | moved by |
|---|---|---|---|
| planned (``PlannedTask.due``) | the day the plan puts the task's last minute on | *behind* | ``replan`` |
| deadline (``PlannedTask.deadline``) | the task's own ``due``, else its module's; none in async work | *overdue* (required tasks) | only an edited course file |

A completion after the end of its deadline (midnight in the course's time zone) is *late*: it
loses the late penalty and is not on time. The verdict is taken when the completion is recorded
(``Event.deadline``) and kept: a later plan never changes it. Optional work is never overdue,
behind or late. Days are the learner's days: "today" is the date in the learner's zone
(``Plan.display_timezone``), a deadline ends in the course's zone (``Plan.timezone``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import attrgetter
from zoneinfo import ZoneInfo

from learnsync.planning.model import Blackout, Plan, PlannedTask, learner_day
from learnsync.planning.taskbits import TaskBits
from learnsync.record import Record

DUE_SOON = timedelta(days=7)
# ``Event.deadline`` of a completion recorded when its task had no deadline: never late.
NO_DEADLINE = datetime.max.replace(tzinfo=UTC)


def learner_today(plan: Plan, now: datetime) -> date:
    """The learner's today: the day of ``now`` in their time zone, their ``day_start`` applied
    (``planning.model.learner_day``), the day their streak counts too."""
    return learner_day(now.astimezone(ZoneInfo(plan.display_timezone)), plan.day_start)


def plan_today(plan: Plan, now: datetime) -> date:
    """The day a replan or the catch-up advice starts from: the date of ``now`` in the learner's
    zone, ``day_start`` not applied. Deadlines end at midnight whatever the learner's day start,
    so at 02:30 on Tuesday Monday's deadline is past even while ``learner_today`` is still
    Monday: planning from Monday would count it as still ahead."""
    return now.astimezone(ZoneInfo(plan.display_timezone)).date()


def sessions_after_end(plan: Plan) -> list[str]:
    """What a plan fitted to an end date (``plan --end``, ``enroll --end``) leaves to come after
    it: "mandatory session 'demo-day' is on Fri 22 Jan 2027, after the end date (Fri 15 Jan
    2027)", one for each mandatory live session on a later day in the course's zone."""
    if plan.end is None:
        return []
    zone = ZoneInfo(plan.timezone)
    found = []
    for session in plan.sessions:
        day = session.start.astimezone(zone).date()
        if session.mandatory and day > plan.end:
            found.append(
                f"mandatory session '{session.id}' is on {day:%a %d %b %Y}, after the end date "
                f"({plan.end:%a %d %b %Y})"
            )
    return found


def blackouts_ahead(plan: Plan, today: date) -> list[Blackout]:
    """The plan's blackouts (the course's and the learner's) going on ``today`` or still to
    come, first day first: the first holds ``today`` when any does."""
    return [blackout for blackout in plan.blackouts if blackout.last >= today]


def blackout_today(plan: Plan, today: date) -> Blackout | None:
    """The blackout the learner is on ``today`` (no study), or None."""
    ahead = blackouts_ahead(plan, today)
    return ahead[0] if ahead and ahead[0].first <= today else None


def deadline_end(task: PlannedTask, plan: Plan) -> datetime | None:
    """The instant a task's deadline ends (midnight after its day, in the course's zone); None
    for a task that has none: optional, self-paced, or no ``due`` set by the author."""
    if task.deadline is None or task.optional or task.mode == "async":
        return None
    return day_end(task.deadline, plan.timezone)


def day_end(day: date, zone: str) -> datetime:
    """The instant ``day`` ends in ``zone`` (an IANA name): its next midnight, or the first
    instant after it when the clocks skip midnight. The one day boundary of deadlines: a
    deadline ends at the end of its day in the course's zone (``deadline_end``), and the
    calendar's to-dos are due the second before."""
    return _midnight_after(day, zone)


def first_deadline_ahead(plan: Plan, now: datetime) -> date:
    """The first deadline day whose end is still ahead at ``now``: the date of ``now`` in the
    course's zone (a deadline ends at midnight after its day there, ``deadline_end``). Earlier
    deadline days are past, whatever the learner's today (their zone, their ``day_start``)."""
    return now.astimezone(ZoneInfo(plan.timezone)).date()


@lru_cache(maxsize=4096)
def _midnight_after(day: date, zone: str) -> datetime:
    # a plan's tasks share few deadline days: each midnight is worked out once a process
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))


def completion_deadline(task: PlannedTask, plan: Plan) -> datetime:
    """What a completion of ``task`` recorded now is judged against, kept with the event:
    the deadline's end, or ``NO_DEADLINE``."""
    return deadline_end(task, plan) or NO_DEADLINE


def is_late(at: datetime, deadline: datetime | None) -> bool:
    """A completion at ``at`` is late when it comes at or after the end of its deadline."""
    return deadline is not None and at >= deadline


def is_overdue(task: PlannedTask, plan: Plan, done: Collection[str], now: datetime) -> bool:
    """A required task, still open, whose deadline has ended."""
    if task.id in done:
        return False
    end = deadline_end(task, plan)
    return end is not None and end <= now


def overdue(plan: Plan, done: Collection[str], now: datetime) -> list[PlannedTask]:
    """The overdue tasks, in plan order."""
    return PlanIndex(plan).overdue(done, now)


def due_within(
    plan: Plan, done: Collection[str], now: datetime, window: timedelta = DUE_SOON
) -> list[PlannedTask]:
    """Required open tasks whose deadline ends after ``now`` and within ``window``, by deadline."""
    return PlanIndex(plan).due_within(done, now, window)


class Behind(Record):
    """How far a learner is behind the plan: planned minutes of required work on days before
    today not covered by required work done, and the required tasks whose planned day is past."""

    minutes: int
    tasks: tuple[PlannedTask, ...]

    @property
    def on_track(self) -> bool:
        """Work done ahead of the plan makes up for work that is late on it."""
        return self.minutes == 0


def behind(plan: Plan, done: Collection[str], today: date) -> Behind | None:
    """Behind the plan on the learner's ``today``; None when nothing is scheduled (self-paced)."""
    return PlanIndex(plan).behind(done, today)


def on_track(behind: Behind | None, late_work: Sequence[PlannedTask]) -> bool | None:
    """On track: not behind the plan and nothing overdue (a replan can put the plan right,
    never an overdue task). None for self-paced work, which has no plan to keep up with."""
    if behind is None:
        return None if not late_work else False
    return behind.on_track and not late_work


class NextDeadline(Record):
    """The earliest deadline that still waits for required work (past or future)."""

    date: date
    end: datetime
    module: str
    tasks: tuple[PlannedTask, ...]
    item: str = ""  # what the deadline belongs to: the module, or the task whose own due it is

    def is_past(self, now: datetime) -> bool:
        return self.end <= now


def next_deadline(plan: Plan, done: Collection[str]) -> NextDeadline | None:
    """The earliest deadline with required tasks still open, and those tasks."""
    return PlanIndex(plan).next_deadline(done)


def work_due_by(plan: Plan, done: Collection[str], day: date) -> list[PlannedTask]:
    """Required open tasks whose deadline is ``day`` or earlier (overdue ones too), in plan
    order: what must be done for the deadline of ``day`` to be met."""
    return PlanIndex(plan).due_by(done, day)


def likely_to_miss(open_minutes: int, weekly_pace_minutes: int, today: date, day: date) -> bool:
    """A learner will likely miss the deadline of ``day`` when the required work still open for
    it (``work_due_by``) is more than their measured weekly pace gets done from ``today`` to the
    end of ``day``; with no measured pace, any open work is likely missed."""
    if open_minutes <= 0:
        return False
    days_left = (day - today).days + 1
    return days_left <= 0 or open_minutes > weekly_pace_minutes * days_left / 7


class Counts(Record):
    """Tasks done and in all, required and optional kept apart."""

    required_done: int
    required_total: int
    optional_done: int
    optional_total: int

    def describe(self) -> str:
        """``"11/14 required, 1/1 optional"`` (the optional part only when there is any)."""
        text = f"{self.required_done}/{self.required_total} required"
        if self.optional_total:
            text += f", {self.optional_done}/{self.optional_total} optional"
        return text


def counts(plan: Plan, done: Collection[str]) -> Counts:
    """Required and optional tasks done, of those in the plan."""
    return PlanIndex(plan).counts(done)


# The format of what ``PlanIndex.kept`` writes (a kept index of another is worked out again).
INDEX_FORMAT = 1
# the kept index text of the plans last read from a store (``keep_index``), by the plan's id()
_KEPT: dict[int, tuple[Plan, str]] = {}
_KEPT_PLANS = 64  # a script going over many stores holds no more plans than these


def keep_index(plan: Plan, text: str) -> None:
    """``PlanIndex(plan)`` is to be read from ``text`` (``PlanIndex.kept`` of the same plan,
    as the store keeps it) rather than worked out from the tasks; text that cannot be read
    is read past. Only the last ``_KEPT_PLANS`` plans given are held."""
    _KEPT.pop(id(plan), None)
    while len(_KEPT) >= _KEPT_PLANS:
        del _KEPT[next(iter(_KEPT))]
    _KEPT[id(plan)] = (plan, text)


def _days_in_order(texts: list[str]) -> list[date]:
    days = [date.fromisoformat(text) for text in texts]
    if any(later <= earlier for earlier, later in pairwise(days)):
        raise ValueError("days out of order")
    return days


def _sets(texts: list[str], count: int) -> list[int]:
    """Disjoint sets of ``count`` tasks, from their hexadecimal digits."""
    sets = [int(text, 16) for text in texts]
    union = 0
    for tasks in sets:
        if tasks < 0 or tasks >> count or tasks & union:
            raise ValueError("not a set of the plan's tasks")
        union |= tasks
    return sets


# what ``PlanIndex`` reads of each task, fetched for all tasks in one pass in C
_DEADLINE_FIELDS = attrgetter("deadline", "optional", "mode")
_SLOTS_FIELDS = attrgetter("slots", "optional")


def _set_of(positions: Iterable[int]) -> int:
    """The set (``TaskBits``) of the tasks at ``positions`` (distinct: the sum is the union)."""
    return sum(map(_BIT, positions))


_BIT = (1).__lshift__


class PlanIndex:
    """The rules above for one plan, answered for many learners: what depends only on the plan
    (deadline ends in order, planned minutes by day) is worked out once, what depends on the
    instant once per instant, and each learner costs one pass over their done set (made a set
    of the plan's tasks, ``TaskBits``, shared by every rule asked about the same done set) and
    a few integer operations. The functions above are this class on a plan of their own.

    It is made in about one pass over the tasks: tasks alike in what ``deadline_end`` reads of
    them (their deadline, whether optional, their mode) are grouped first, and the rule is asked
    once a group; a task's deadline ends when its day does, so the tasks with a deadline are
    kept by day, each day's as one set. A plan read from a store is not even gone over: what
    depends on it alone is kept beside it (``kept``, ``keep_index``), unless ``kept`` is False."""

    def __init__(self, plan: Plan, *, kept: bool = True) -> None:
        self.plan = plan
        self.bits = TaskBits.of(plan)
        self._module_deadlines = {module.id: module.deadline for module in plan.modules}
        self._sets: dict[tuple[str, object], int] = {}
        held = _KEPT.get(id(plan)) if kept else None
        if held is None or held[0] is not plan or not self._read(held[1]):
            self._work_out()

    def _work_out(self) -> None:
        plan = self.plan
        tasks = plan.tasks
        alike: dict[tuple[date | None, bool, str], list[int]] = {}
        for position, fields in enumerate(map(_DEADLINE_FIELDS, tasks)):
            group = alike.get(fields)
            if group is None:
                alike[fields] = [position]
            else:
                group.append(position)
        deadline_sets: dict[date, int] = {}  # required tasks by deadline day
        optional = 0
        for (day, is_optional, _), positions in alike.items():
            members = _set_of(positions)
            if is_optional:
                optional |= members
            if day is not None and deadline_end(tasks[positions[0]], plan) is not None:
                deadline_sets[day] = deadline_sets.get(day, 0) | members
        planned: dict[date, int] = {}  # minutes of required scheduled work by day
        lasts: dict[date, list[int]] = {}  # required scheduled tasks by their last planned day
        has_schedule = False
        for position, (slots, is_optional) in enumerate(map(_SLOTS_FIELDS, tasks)):
            if not slots:
                continue
            has_schedule = True
            if not is_optional:
                for day, minutes in slots:
                    planned[day] = planned.get(day, 0) + minutes
                last = lasts.get(slots[-1][0])
                if last is None:
                    lasts[slots[-1][0]] = [position]
                else:
                    last.append(position)
        days = sorted(deadline_sets)
        slot_days = sorted(planned)
        last_days = sorted(lasts)
        self._set_up(
            days,
            [deadline_sets[day] for day in days],
            optional,
            has_schedule,
            slot_days,
            [planned[day] for day in slot_days],
            last_days,
            [_set_of(lasts[day]) for day in last_days],
        )

    def _set_up(
        self,
        days: list[date],
        day_sets: list[int],
        optional: int,
        has_schedule: bool,
        slot_days: list[date],
        planned: list[int],
        last_days: list[date],
        lasts: list[int],
    ) -> None:
        """What depends only on the plan, worked out (``_work_out``) or kept (``_read``)."""
        tasks = self.plan.tasks
        self._days = days
        self._day_sets = day_sets
        self._deadline_sets = dict(zip(days, day_sets, strict=True))
        self._day_ends = list(map(self._end_of, day_sets))
        self.has_schedule = has_schedule
        self._slot_days = slot_days
        self._planned = planned
        self._planned_before = [0, *accumulate(planned)]
        self._last_days = last_days
        self._lasts = lasts
        self._scheduled_set = sum(lasts)  # disjoint sets: the sum is the union
        self._required_set = ((1 << len(tasks)) - 1) & ~optional
        self._optional_set = optional

    def _end_of(self, tasks_of_day: int) -> datetime:
        """When the deadline of a day's tasks ends (a deadline ends when its day does: the
        first of them tells)."""
        tasks = self.plan.tasks
        end = deadline_end(tasks[(tasks_of_day & -tasks_of_day).bit_length() - 1], self.plan)
        if end is None:  # only kept data can name such a task
            raise ValueError("a task without a deadline")
        return end

    def kept(self) -> str:
        """What this index keeps of its plan, as the store keeps it beside the plan's document
        (``keep_index``): JSON, the days ISO dates and the sets of tasks hexadecimal."""
        import json

        return json.dumps(
            {
                "v": INDEX_FORMAT,
                "days": [day.isoformat() for day in self._days],
                "day_sets": [f"{tasks:x}" for tasks in self._day_sets],
                "optional": f"{self._optional_set:x}",
                "scheduled": self.has_schedule,
                "slot_days": [day.isoformat() for day in self._slot_days],
                "planned": self._planned,
                "last_days": [day.isoformat() for day in self._last_days],
                "lasts": [f"{tasks:x}" for tasks in self._lasts],
            },
            separators=(",", ":"),
        )

    def _read(self, text: str) -> bool:
        """Set up from ``kept`` text; False (nothing set up) when it is not what ``kept``
        writes for a plan of this many tasks: the store was damaged, or kept it in another
        format."""
        import json

        try:
            value = json.loads(text)
            if value["v"] != INDEX_FORMAT:
                return False
            count = len(self.plan.tasks)
            days, last_days, slot_days = (
                _days_in_order(value[name]) for name in ("days", "last_days", "slot_days")
            )
            day_sets, lasts = (_sets(value[name], count) for name in ("day_sets", "lasts"))
            (optional,) = _sets([value["optional"]], count)
            planned = value["planned"]
            if (
                len(days) != len(day_sets)
                or len(last_days) != len(lasts)
                or len(slot_days) != len(planned)
                or not all(type(minutes) is int for minutes in planned)
                or type(value["scheduled"]) is not bool
                or 0 in day_sets
                or 0 in lasts
            ):
                return False
            self._set_up(
                days, day_sets, optional, value["scheduled"], slot_days, planned, last_days, lasts
            )
        except (ValueError, TypeError, LookupError, AttributeError, RecursionError):
            return False
        return True

    def _ended(self, now: datetime) -> int:
        """The required tasks whose deadline has ended at ``now``."""
        key = ("ended", now)
        ended = self._sets.get(key)
        if ended is None:  # the days' sets are disjoint: their sum is their union
            ended = self._sets[key] = sum(self._day_sets[: bisect_right(self._day_ends, now)])
        return ended

    def open_set(self, done: Collection[str]) -> int:
        """The set (``TaskBits``) of the tasks not in ``done``."""
        return (self._required_set | self._optional_set) & ~self.bits.mask(done)

    def open_tasks(self, done: Collection[str]) -> list[PlannedTask]:
        """The tasks not in ``done``, in plan order."""
        return self.bits.listed(self.open_set(done))

    def overdue(self, done: Collection[str], now: datetime) -> list[PlannedTask]:
        """``overdue``: required open tasks whose deadline has ended, in plan order."""
        return self.bits.listed(self._ended(now) & ~self.bits.mask(done))

    def due_within(
        self, done: Collection[str], now: datetime, window: timedelta = DUE_SOON
    ) -> list[PlannedTask]:
        """``due_within``: open tasks whose deadline ends in (now, now + window], by deadline
        (then in plan order)."""
        low = bisect_right(self._day_ends, now)
        high = bisect_right(self._day_ends, now + window)
        if low == high:
            return []
        left = ~self.bits.mask(done)
        listed = self.bits.listed
        return [task for day_set in self._day_sets[low:high] for task in listed(day_set & left)]

    def behind(self, done: Collection[str], today: date) -> Behind | None:
        """``behind``: None when nothing is scheduled."""
        if not self.has_schedule:
            return None
        bits = self.bits
        done_set = bits.mask(done)
        planned = self._planned_before[bisect_left(self._slot_days, today)]
        credited = bits.effort(self._scheduled_set & done_set)
        key = ("late", today)
        late = self._sets.get(key)
        if late is None:  # the days' sets are disjoint: their sum is their union
            late = self._sets[key] = sum(self._lasts[: bisect_left(self._last_days, today)])
        late_tasks = tuple(bits.listed(late & ~done_set))
        return Behind(max(0, planned - credited), late_tasks)

    def next_deadline(self, done: Collection[str]) -> NextDeadline | None:
        """``next_deadline``: the earliest deadline with required tasks still open."""
        done_set = self.bits.mask(done)
        for day in self._days:
            left = self._deadline_sets[day] & ~done_set
            if left:
                tasks = tuple(self.bits.listed(left))
                end = _midnight_after(day, self.plan.timezone)
                module = tasks[0].module
                # a task's own deadline names the task, when it alone is left on that day
                alone = len(tasks) == 1 and self._module_deadlines.get(module) != day
                item = tasks[0].id if alone else module
                return NextDeadline(day, end, module, tasks, item)
        return None

    def due_by(self, done: Collection[str], day: date) -> list[PlannedTask]:
        """``work_due_by``: required open tasks whose deadline is ``day`` or earlier."""
        due = sum(self._day_sets[: bisect_right(self._days, day)])
        return self.bits.listed(due & ~self.bits.mask(done))

    def due_on(self, day: date) -> list[PlannedTask]:
        """Required tasks whose deadline is ``day``, in plan order."""
        return self.bits.listed(self._deadline_sets.get(day, 0))

    def deadline_days(self) -> list[date]:
        """The days on which required work is due, earliest first."""
        return list(self._days)

    def counts(self, done: Collection[str]) -> Counts:
        """``counts``: required and optional tasks done, of those in the plan."""
        done_set = self.bits.mask(done)
        return Counts(
            (self._required_set & done_set).bit_count(),
            self._required_set.bit_count(),
            (self._optional_set & done_set).bit_count(),
            self._optional_set.bit_count(),
        )


class PlanHistory(Record):
    """The plans an enrollment has had: how many times it was replanned, and how far the planned
    finish moved from the first plan."""

    replans: int
    first_finish: date | None
    finish: date | None

    @property
    def finish_shift_days(self) -> int:
        if self.first_finish is None or self.finish is None:
            return 0
        return (self.finish - self.first_finish).days

    def describe(self) -> str:
        """``"finish +6 days, 2 replans"``; empty when never replanned."""
        if not self.replans:
            return ""
        shift = self.finish_shift_days
        plural = "s" if abs(shift) != 1 else ""
        moved = f"finish {shift:+d} day{plural}" if shift else "finish unchanged"
        return f"{moved}, {self.replans} replan{'s' if self.replans != 1 else ''}"


NO_HISTORY = PlanHistory(0, None, None)


def plan_history(reasons: Sequence[str], finishes: Sequence[date | None]) -> PlanHistory:
    """The history of plans given oldest first: their reasons and planned finishes."""
    replans = sum(1 for reason in reasons[1:] if reason != "enroll")
    return PlanHistory(
        replans, finishes[0] if finishes else None, finishes[-1] if finishes else None
    )
