"""What planning produces: typed, immutable plans that every renderer reads.

The records are named tuples rather than dataclasses: a frozen dataclass compiles its methods
from source each time its module is imported (about 4 million instructions a class), and every
command that reads a stored plan imports these. They are made by ``learnsync.record.Record``,
which builds the class ``typing.NamedTuple`` would without compiling anything either."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from typing import Any, Literal, overload

from learnsync.course.defaults import (
    DEFAULT_FREEZE_MAX,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
    WEEKDAYS,
)
from learnsync.record import Record

Mode = Literal["sync", "async", "hybrid"]


class Slot(Record):
    """Minutes of study for one task on one day."""

    date: date
    minutes: int


class Blackout(Record):
    """Days nobody studies, from ``first`` to ``last`` (inclusive), shown by ``title``."""

    first: date
    last: date
    title: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


class PlannedTask(Record):
    """A task in plan order. ``due`` is the planned finish day in sync, the module's deadline in
    hybrid, and None when self-paced; ``slots`` is empty when self-paced."""

    id: str
    module: str
    title: str
    kind: str
    mode: Mode
    effort_minutes: int
    requires: tuple[str, ...]
    optional: bool
    points: int
    tags: tuple[str, ...]
    url: str | None
    due: date | None
    deadline: date | None
    slots: tuple[Slot, ...]

    @property
    def finish(self) -> date | None:
        return self.slots[-1].date if self.slots else None


class TaskTable(Sequence[PlannedTask]):
    """A plan's tasks kept by column, as the store keeps them (``planning.snapshot``): a task is
    made when it is first asked for, and a column read whole (``task_column``) without making
    any. A command that records or shows one task of a thousand makes that one; going over
    them all makes each once, as a tuple of them would be. It equals, hashes, prints and
    pickles as the tuple of its tasks.

    ``columns`` holds one entry per field of ``PlannedTask``: the column (a list), or what it
    is made of when first read, ``(convert, raw)``: each value ``convert(raw[n])``, or with no
    ``convert``, ``raw.whole()`` the column and ``raw.one(n)`` a value. The columns were checked
    where they were decoded; each holds ``size`` values."""

    __slots__ = ("_columns", "_listed", "_made", "_rows", "_size")

    def __init__(self, size: int, columns: dict[str, Any]) -> None:
        self._size = size
        self._columns = columns
        self._rows: tuple[PlannedTask, ...] | None = None
        self._made: dict[int, PlannedTask] = {}  # the tasks made one at a time, by position
        self._listed = False  # whether a listing (``chosen``) made some already

    def column(self, name: str) -> Sequence[Any]:
        """The values of field ``name`` over the tasks, in plan order."""
        values = self._columns[name]
        if type(values) is tuple:
            convert, raw = values
            values = self._columns[name] = (
                raw.whole() if convert is None else list(map(convert, raw))
            )
        column: Sequence[Any] = values
        return column

    def _value(self, name: str, position: int) -> Any:
        """Field ``name`` of the task at ``position``, made alone if its column is not."""
        values = self._columns[name]
        if type(values) is tuple:
            convert, raw = values
            return raw.one(position) if convert is None else convert(raw[position])
        return values[position]

    def tasks(self) -> tuple[PlannedTask, ...]:
        """Every task, made once (those made one at a time before are kept as they are)."""
        rows = self._rows
        if rows is None:
            made = list(
                map(
                    _NEW,
                    repeat(PlannedTask),
                    zip(*map(self.column, PlannedTask._fields), strict=True),
                )
            )
            for position, task in self._made.items():
                made[position] = task
            rows = self._rows = tuple(made)
            self._made = {}
        return rows

    def chosen(self, flags: bytes) -> list[PlannedTask]:
        """The tasks whose byte of ``flags`` is not 0 (byte n for task n), in plan order. The
        first listing (``next``'s tasks of a deadline) makes only those, from their columns in
        passes in C; a second one (a team view lists tasks for each learner) makes them all,
        once, and reads them from there."""
        made = self._made
        if self._rows is not None or self._listed:
            return list(compress(self.tasks(), flags))
        self._listed = True
        positions = list(compress(range(self._size), flags))
        tasks = list(
            map(
                _NEW,
                repeat(PlannedTask),
                zip(
                    *(compress(self.column(name), flags) for name in PlannedTask._fields),
                    strict=True,
                ),
            )
        )
        if made:  # a task made before stays the one made
            tasks = list(map(made.get, positions, tasks))
        made.update(zip(positions, tasks, strict=True))
        return tasks

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> PlannedTask: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PlannedTask, ...]: ...

    def __getitem__(self, index: int | slice) -> PlannedTask | tuple[PlannedTask, ...]:
        if self._rows is not None or isinstance(index, slice):
            return self.tasks()[index]
        position = range(self._size)[index]  # an IndexError past the end, -1 the last
        task = self._made.get(position)
        if task is None:
            row = [self._value(name, position) for name in PlannedTask._fields]
            task = self._made[position] = _NEW(PlannedTask, row)
        return task

    def __iter__(self) -> Iterator[PlannedTask]:
        return iter(self.tasks())

    def __contains__(self, value: object) -> bool:
        return value in self.tasks()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TaskTable):
            return self.tasks() == other.tasks()
        if isinstance(other, tuple):
            return self.tasks() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.tasks())

    def __add__(self, other: object) -> tuple[PlannedTask, ...]:
        if isinstance(other, TaskTable | tuple):
            return self.tasks() + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[PlannedTask, ...]:
        if isinstance(other, tuple):
            return other + self.tasks()
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.tasks())

    def __reduce__(self) -> tuple[type[tuple[PlannedTask, ...]], tuple[tuple[PlannedTask, ...]]]:
        return tuple, (self.tasks(),)


def task_column(tasks: Sequence[PlannedTask], name: str) -> Sequence[Any]:
    """The values of field ``name`` over ``tasks``, in order: read whole from a ``TaskTable``,
    else fetched from each task in C."""
    if type(tasks) is TaskTable:
        return tasks.column(name)
    return list(map(attrgetter(name), tasks))


_NEW: Callable[..., Any] = tuple.__new__


class PlannedSession(Record):
    """A live session at its true instant (``start`` and ``end`` are aware)."""

    id: str
    title: str
    start: datetime
    end: datetime
    mandatory: bool
    points: int
    url: str | None


class Forecast(Record):
    """When a self-paced learner finishes the required tasks at a weekly pace."""

    finish: date | None
    weekly_minutes: int
    effort_minutes: int


class PlannedModule(Record):
    """A module as planned: ``deadline`` is its firm due date in sync and hybrid, else None."""

    id: str
    title: str
    mode: Mode
    deadline: date | None


class BadgeRule(Record):
    """A badge and the rule that earns it, with the rule's parameters (``count`` is the field,
    not the tuple's method)."""

    id: str
    title: str
    description: str
    rule: str
    count: int | None = None  # type: ignore[assignment]
    days: int | None = None
    points: int | None = None
    module: str | None = None
    kind: str | None = None
    unit: str | None = None  # streak: "days" (also when None) or "weeks"


class Scoring(Record):
    """``[scoring]``: the share of points lost when late, the points each level needs, and how
    streaks count: a freeze earned every ``freeze_every`` streak days or weeks (at most
    ``freeze_max`` held), and weeks with ``weekly_target`` study days as a weekly streak."""

    late_penalty: float = DEFAULT_LATE_PENALTY
    levels: tuple[int, ...] = DEFAULT_LEVELS
    freeze_every: int | None = None
    freeze_max: int = DEFAULT_FREEZE_MAX
    weekly_target: int | None = None


class Plan(Record):
    """A course turned into a plan for a cohort that starts on ``start``.

    ``calendar_data`` names the data sets its days off came from, with their release
    (``(("holidays", "0.109"),)``), so a stored plan says what it was made with.

    Streaks read the learner's calendar from the plan: ``days_off`` are the workdays that are no
    study day (holidays, public holidays, blackouts) from the start to a year after the plan's
    last day, ``extra_days`` the study days that are not workdays (``workdays_extra``), and
    ``day_start`` the minutes after midnight at which the learner's day begins (a completion
    at 02:30 with ``day_start`` 240 counts for the day before).
    """

    course_id: str
    course_title: str
    mode: Mode
    start: date
    timezone: str
    display_timezone: str
    daily_minutes: int
    tasks: Sequence[PlannedTask]  # a tuple, or a TaskTable for a plan read from the store
    sessions: tuple[PlannedSession, ...]
    forecast: Forecast | None
    focus: tuple[str, ...] = ()
    modules: tuple[PlannedModule, ...] = ()
    workdays: tuple[str, ...] = DEFAULT_WORKDAYS
    weekly_minutes: int = 0
    scoring: Scoring = Scoring()
    badges: tuple[BadgeRule, ...] = ()
    course_iri: str = ""
    calendar_data: tuple[tuple[str, str], ...] = ()
    day_start: int = 0
    days_off: tuple[date, ...] = ()
    extra_days: tuple[date, ...] = ()
    blackouts: tuple[Blackout, ...] = ()
    end: date | None = None  # plan --end: the day everything scheduled is done by

    @property
    def iri(self) -> str:
        """The course's IRI: ``[course] iri``, else ``urn:learnsync:course:ID``."""
        return self.course_iri or f"urn:learnsync:course:{self.course_id}"

    @property
    def finish(self) -> date | None:
        """The last planned study day, or the forecast finish of a backlog."""
        # each scheduled task's last slot (PlannedTask.finish), fetched in C
        lasts = list(map(_LAST, filter(None, task_column(self.tasks, "slots"))))
        if lasts:
            last: date = max(map(_SLOT_DATE, lasts))
            return last
        return self.forecast.finish if self.forecast else None


_LAST = itemgetter(-1)
_SLOT_DATE = attrgetter("date")


def item_ids(plan: Plan) -> list[str]:
    """The ids of what a learner can do in ``plan``: its tasks, then its sessions."""
    return [*task_column(plan.tasks, "id"), *(session.id for session in plan.sessions)]


def study_weekdays(plan: Plan) -> frozenset[int]:
    """The plan's workdays as ``date.weekday()`` numbers (every day when it names none)."""
    days = frozenset(WEEKDAYS.index(day) for day in plan.workdays if day in WEEKDAYS)
    return days or frozenset(range(7))


def learner_day(local: datetime, day_start: int) -> date:
    """The one rule of which day a moment belongs to for a learner: the date of ``local`` (a
    date-time in their zone), or the day before while it is earlier than ``day_start`` (minutes
    after midnight): with ``day_start`` 240, 02:30 on Tuesday is still Monday. Their "today"
    (what is due, overdue or behind, what ``next`` lists) and their streak days both follow it."""
    if local.hour * 60 + local.minute < day_start:
        return local.date() - timedelta(days=1)
    return local.date()


def is_study_day(
    day: date,
    workdays: Container[int],
    days_off: Container[date],
    extra_days: Container[date],
    *,
    public: Container[date] = (),
    blackouts: Container[date] = (),
) -> bool:
    """The one rule of whether a learner studies on ``day`` (the planner's capacity, streaks,
    the pace and the forecast): never on a blackout; always on an extra study day
    (``workdays_extra``); else on a workday (``date.weekday()`` numbers) that is no day off (a
    holiday, or one of the ``public`` holidays). A plan's ``days_off`` hold its holidays,
    public holidays and blackouts already, and its ``extra_days`` none of its blackouts."""
    if day in blackouts:
        return False
    if day in extra_days:
        return True
    return day.weekday() in workdays and day not in days_off and day not in public
