"""What planning produces: typed, immutable plans that every renderer reads.

The records are named tuples rather than dataclasses: a frozen dataclass compiles its methods
from source each time its module is imported (about 4 million instructions a class), and every
command that reads a stored plan imports these. They are made by ``learnsync.record.Record``,
which builds the class ``typing.NamedTuple`` would without compiling anything either."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta
from operator import attrgetter, itemgetter
from typing import Literal

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
    tasks: tuple[PlannedTask, ...]
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
        lasts = list(map(_LAST, filter(None, map(_TASK_SLOTS, self.tasks))))
        if lasts:
            last: date = max(map(_SLOT_DATE, lasts))
            return last
        return self.forecast.finish if self.forecast else None


_TASK_SLOTS = attrgetter("slots")
_LAST = itemgetter(-1)
_SLOT_DATE = attrgetter("date")


def item_ids(plan: Plan) -> list[str]:
    """The ids of what a learner can do in ``plan``: its tasks, then its sessions."""
    return [task.id for task in plan.tasks] + [session.id for session in plan.sessions]


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
