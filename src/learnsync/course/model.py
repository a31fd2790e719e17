"""The course model, format 1: every table and key a course file may hold, as plain records.

Field names are Python names; the TOML key of each field is in ``keys`` (``effort`` is read
into ``effort_minutes``). The records are built from parsed TOML by ``learnsync.course.build``
(valid files, without pydantic) or from the pydantic models of ``learnsync.course.validation``
(which validate, word the errors and give the JSON Schema); both build the same records. They
are plain classes so that a command reading a valid course never imports pydantic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, get_args

from learnsync.course.defaults import WEEKDAYS as WEEKDAYS  # defined once, for light readers
from learnsync.course.values import DayRef, SessionTime

if TYPE_CHECKING:
    from learnsync.course.graph import RequirementGraph

Mode = Literal["sync", "async", "hybrid"]
TaskKind = Literal["reading", "video", "exercise", "quiz", "project", "assessment"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
BadgeRule = Literal[
    "first-task",
    "tasks",
    "module",
    "course",
    "streak",
    "on-time",
    "points",
    "kind",
    "sessions",
    "early-finish",
]
StreakUnit = Literal["days", "weeks"]

# the same values, for the builder's membership tests: written once, in the types above
MODES: tuple[str, ...] = get_args(Mode)
TASK_KINDS: tuple[str, ...] = get_args(TaskKind)
BADGE_RULES: tuple[str, ...] = get_args(BadgeRule)
STREAK_UNITS: tuple[str, ...] = get_args(StreakUnit)

# Which parameters each badge rule needs; any other parameter is reported as unused.
BADGE_RULE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "first-task": (),
    "tasks": ("count",),
    "module": ("module",),
    "course": (),
    "streak": ("days",),
    "on-time": ("count",),
    "points": ("points",),
    "kind": ("kind", "count"),
    "sessions": ("count",),
    "early-finish": ("days",),
}
BADGE_PARAMETERS: tuple[str, ...] = ("count", "days", "points", "module", "kind")


def default_points(minutes: int) -> int:
    """Points of a task or session that sets none: 10 per hour of effort, rounded up."""
    return max(1, math.ceil(minutes / 6))


class _Table:
    """A table of the course file: its fields in ``fields`` (Python names, the order of the
    format) and its TOML keys in ``keys`` (the same order). Equal when every field is equal,
    hashable when every field is (as the frozen pydantic models were)."""

    __slots__ = ()
    fields: ClassVar[tuple[str, ...]] = ()
    keys: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({shown})"

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with the fields in ``update`` replaced (nothing is validated)."""
        values = {name: getattr(self, name) for name in self.fields}
        values.update(update or {})
        return type(self)(**values)

    @classmethod
    def model_validate(cls, data: object) -> Self:
        """This table validated from parsed TOML; raises pydantic's ``ValidationError``."""
        from learnsync.course.validation import validate_table

        return validate_table(cls, data)


class CourseInfo(_Table):
    """[course]: what the course is."""

    fields = ("id", "title", "summary", "objectives", "mode", "iri")
    __slots__ = fields
    keys = fields

    def __init__(
        self,
        id: str,
        title: str,
        summary: str,
        objectives: list[str],
        mode: Mode,
        iri: str | None,
    ) -> None:
        self.id = id
        self.title = title
        self.summary = summary
        self.objectives = objectives
        self.mode: Mode = mode
        self.iri = iri


class Blackout(_Table):
    """[[calendar.blackout]]: days nobody studies (a break, an event), shown by their title."""

    fields = ("first", "last", "title")
    __slots__ = fields
    keys = ("from", "to", "title")

    def __init__(self, first: DayRef, last: DayRef | None, title: str) -> None:
        self.first = first
        self.last = last
        self.title = title


class Calendar(_Table):
    """[calendar]: when people study. Every key is optional."""

    fields = (
        "timezone",
        "workdays",
        "daily_minutes",
        "holidays",
        "country",
        "subdivision",
        "workdays_extra",
        "blackout_mode",
        "blackouts",
    )
    __slots__ = fields
    keys = (
        "timezone",
        "workdays",
        "daily",
        "holidays",
        "country",
        "subdivision",
        "workdays_extra",
        "blackouts",
        "blackout",
    )

    def __init__(
        self,
        timezone: str,
        workdays: list[Weekday],
        daily_minutes: int,
        holidays: list[date],
        country: str | None,
        subdivision: str | None,
        workdays_extra: list[date],
        blackout_mode: Literal["fixed", "shift"],
        blackouts: list[Blackout],
    ) -> None:
        self.timezone = timezone
        self.workdays = workdays
        self.daily_minutes = daily_minutes
        self.holidays = holidays
        self.country = country
        self.subdivision = subdivision
        self.workdays_extra = workdays_extra
        self.blackout_mode: Literal["fixed", "shift"] = blackout_mode
        self.blackouts = blackouts


class Pace(_Table):
    """[pace]: the suggested self-paced rhythm."""

    fields = ("weekly_minutes",)
    __slots__ = fields
    keys = ("weekly",)

    def __init__(self, weekly_minutes: int | None) -> None:
        self.weekly_minutes = weekly_minutes


class Scoring(_Table):
    """[scoring]: points, levels and how streaks count."""

    fields = ("late_penalty", "levels", "freeze_every", "freeze_max", "weekly_target")
    __slots__ = fields
    keys = fields

    def __init__(
        self,
        late_penalty: float,
        levels: list[int],
        freeze_every: int | None,
        freeze_max: int | None,
        weekly_target: int | None,
    ) -> None:
        self.late_penalty = late_penalty
        self.levels = levels
        self.freeze_every = freeze_every
        self.freeze_max = freeze_max
        self.weekly_target = weekly_target


class Task(_Table):
    """[[module.task]]: one piece of work."""

    fields = (
        "id",
        "title",
        "kind",
        "effort_minutes",
        "points",
        "url",
        "description",
        "tags",
        "requires",
        "due",
        "optional",
    )
    __slots__ = fields
    keys = (
        "id",
        "title",
        "kind",
        "effort",
        "points",
        "url",
        "description",
        "tags",
        "requires",
        "due",
        "optional",
    )

    def __init__(
        self,
        id: str,
        title: str,
        kind: TaskKind,
        effort_minutes: int,
        points: int | None,
        url: str | None,
        description: str,
        tags: list[str],
        requires: list[str],
        due: DayRef | None,
        optional: bool,
    ) -> None:
        self.id = id
        self.title = title
        self.kind: TaskKind = kind
        self.effort_minutes = effort_minutes
        self.points = points
        self.url = url
        self.description = description
        self.tags = tags
        self.requires = requires
        self.due = due
        self.optional = optional

    @property
    def points_value(self) -> int:
        """The task's points, or the default from its effort."""
        return self.points if self.points is not None else default_points(self.effort_minutes)


class Module(_Table):
    """[[module]]: a group of tasks with an optional deadline and mode."""

    fields = ("id", "title", "description", "due", "mode", "tasks")
    __slots__ = fields
    keys = ("id", "title", "description", "due", "mode", "task")

    def __init__(
        self,
        id: str,
        title: str,
        description: str,
        due: DayRef | None,
        mode: Mode | None,
        tasks: list[Task],
    ) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.due = due
        self.mode: Mode | None = mode
        self.tasks = tasks


class Session(_Table):
    """[[session]]: a live event at a fixed time."""

    fields = (
        "id",
        "title",
        "at",
        "duration_minutes",
        "mandatory",
        "points",
        "url",
        "description",
    )
    __slots__ = fields
    keys = ("id", "title", "at", "duration", "mandatory", "points", "url", "description")

    def __init__(
        self,
        id: str,
        title: str,
        at: SessionTime,
        duration_minutes: int,
        mandatory: bool,
        points: int | None,
        url: str | None,
        description: str,
    ) -> None:
        self.id = id
        self.title = title
        self.at = at
        self.duration_minutes = duration_minutes
        self.mandatory = mandatory
        self.points = points
        self.url = url
        self.description = description

    @property
    def points_value(self) -> int:
        return self.points if self.points is not None else default_points(self.duration_minutes)


class Badge(_Table):
    """[[badge]]: a reward and the rule that earns it."""

    fields = (
        "id",
        "title",
        "description",
        "rule",
        "count",
        "days",
        "points",
        "module",
        "kind",
        "unit",
    )
    __slots__ = fields
    keys = fields

    def __init__(
        self,
        id: str,
        title: str,
        description: str,
        rule: BadgeRule,
        count: int | None,
        days: int | None,
        points: int | None,
        module: str | None,
        kind: TaskKind | None,
        unit: StreakUnit | None,
    ) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.rule: BadgeRule = rule
        self.count = count
        self.days = days
        self.points = points
        self.module = module
        self.kind: TaskKind | None = kind
        self.unit: StreakUnit | None = unit

    def parameters(self) -> tuple[str, ...]:
        """The parameters this badge's rule needs (a weekly streak counts weeks: ``count``)."""
        if self.rule == "streak" and self.unit == "weeks":
            return ("count",)
        return BADGE_RULE_PARAMETERS[self.rule]


class Cohort(_Table):
    """[[cohort]]: a cohort the course is run for; learnsync check tests its dates."""

    fields = ("start", "name")
    __slots__ = fields
    keys = fields

    def __init__(self, start: date, name: str | None) -> None:
        self.start = start
        self.name = name


class Course(_Table):
    """A learnsync course file, format 1."""

    fields = ("info", "calendar", "pace", "scoring", "modules", "sessions", "badges", "cohorts")
    __slots__ = (*fields, "__dict__")  # a __dict__ for the cached properties
    keys = ("course", "calendar", "pace", "scoring", "module", "session", "badge", "cohort")

    def __init__(
        self,
        info: CourseInfo,
        calendar: Calendar,
        pace: Pace,
        scoring: Scoring,
        modules: list[Module],
        sessions: list[Session],
        badges: list[Badge],
        cohorts: list[Cohort],
    ) -> None:
        self.info = info
        self.calendar = calendar
        self.pace = pace
        self.scoring = scoring
        self.modules = modules
        self.sessions = sessions
        self.badges = badges
        self.cohorts = cohorts

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    def iter_tasks(self) -> Iterator[tuple[Module, Task]]:
        """Every task with its module, in file order."""
        for module in self.modules:
            for task in module.tasks:
                yield module, task

    @cached_property
    def requirements(self) -> RequirementGraph:
        """What must be done before what, computed once per course."""
        from learnsync.course.graph import requirement_graph

        return requirement_graph(self)

    @cached_property
    def task_count(self) -> int:
        return sum(len(module.tasks) for module in self.modules)

    def module_mode(self, module: Module) -> Mode:
        """The mode a module runs in: its own, else the course's."""
        return module.mode or self.info.mode

    @property
    def weekly_minutes(self) -> int:
        """The self-paced rhythm: ``[pace] weekly``, else daily capacity times workdays."""
        if self.pace.weekly_minutes is not None:
            return self.pace.weekly_minutes
        return self.calendar.daily_minutes * len(set(self.calendar.workdays))


TABLES: dict[tuple[str, ...], type[_Table]] = {
    (): Course,
    ("course",): CourseInfo,
    ("calendar",): Calendar,
    ("calendar", "blackout"): Blackout,
    ("pace",): Pace,
    ("scoring",): Scoring,
    ("module",): Module,
    ("module", "task"): Task,
    ("session",): Session,
    ("badge",): Badge,
    ("cohort",): Cohort,
}


def allowed_keys() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The keys each table accepts, by table path without indices (``("module", "task")``)."""
    return {path: table.keys for path, table in TABLES.items()}
