"""The course model, format 1: every table and key a course file may hold.

Field names are Python names; the TOML key of each field is its alias (``effort`` is read into
``effort_minutes``). Unknown keys are errors. Validation is strict: a string is never read as a
number or a number as a string.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from learnsync.course import values
from learnsync.course.defaults import (
    DEFAULT_DAILY_MINUTES,
    DEFAULT_FREEZE_MAX,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
)
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

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
StreakUnit = Literal["days", "weeks"]

T = TypeVar("T")


def default_points(minutes: int) -> int:
    """Points of a task or session that sets none: 10 per hour of effort, rounded up."""
    return max(1, math.ceil(minutes / 6))


def _wrap(parse: Callable[[object], T], code: str) -> Callable[[object], T]:
    def validate(value: object) -> T:
        try:
            return parse(value)
        except ValueError as error:
            raise PydanticCustomError(code, str(error)) from None

    return validate


_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "description": "whole minutes"},
        {
            "type": "string",
            "pattern": r"^\s*(?:(?:\d+\s*h)?\s*(?:\d+\s*m(?:in)?)?|\d+)\s*$",
            "description": 'for example "45m", "1h" or "1h30m"',
        },
    ]
}
_DAY_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*(?:(?:[Dd][Aa][Yy]|[Ww][Ee][Ee][Kk])\s+\d+|\d{4}-\d{2}-\d{2})\s*$",
    "description": '"day N", "week N" (its last day) or a date',
}
_DUE_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*(?:(?:[Dd][Aa][Yy]|[Ww][Ee][Ee][Kk])\s+\d+|\d{4}-\d{2}-\d{2}"
    r"|[Bb][Ee][Ff][Oo][Rr][Ee]\s+[^\s,]+"
    r"|[^\s,]+?\s*\+\s*\d+\s*(?:[Dd][Aa][Yy]|[Ww][Ee][Ee][Kk])[Ss]?)\s*$",
    "description": '"day N", "week N" (its last day), a date, "SESSION + N days" (N days after '
    'a live session\'s day) or "before SESSION" (the day before it)',
}
_SESSION_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*(?:(?:[Dd][Aa][Yy]|[Ww][Ee][Ee][Kk])\s+\d+\s+\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[Tt ].+)\s*$",
    "description": '"day N HH:MM" from the cohort\'s start, or a date-time',
}
_ID_PATTERN = r"^[^\s\x00-\x1f\x7f,]{1,100}$"
_SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"

Minutes = Annotated[
    int,
    PlainValidator(_wrap(values.parse_duration, "invalid-duration")),
    WithJsonSchema(_DURATION_SCHEMA),
]
Day = Annotated[
    DayRef, PlainValidator(_wrap(values.parse_day, "invalid-day")), WithJsonSchema(_DUE_SCHEMA)
]
CalendarDay = Annotated[
    DayRef,
    PlainValidator(_wrap(values.parse_calendar_day, "invalid-day")),
    WithJsonSchema(_DAY_SCHEMA),
]
StartTime = Annotated[
    SessionTime,
    PlainValidator(_wrap(values.parse_session_time, "invalid-time")),
    WithJsonSchema(_SESSION_SCHEMA),
]
CalendarDate = Annotated[
    date,
    PlainValidator(_wrap(values.parse_calendar_date, "invalid-date")),
    WithJsonSchema({"type": "string", "format": "date"}),
]
WebUrl = Annotated[
    str,
    PlainValidator(_wrap(values.parse_web_url, "invalid-url")),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f\x7f-\x9f]+$",
            "description": "an http:// or https:// address",
        }
    ),
]
DayStart = Annotated[
    int,
    PlainValidator(_wrap(values.parse_day_start, "invalid-day-start")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\d{1,2}:\d{2}\s*$",
            "description": 'when the learner\'s day begins, "00:00" to "12:00"',
        }
    ),
]
Email = Annotated[
    str,
    PlainValidator(_wrap(values.parse_email, "invalid-email")),
    WithJsonSchema({"type": "string", "format": "email"}),
]
Identifier = Annotated[str, Field(pattern=_ID_PATTERN)]
Slug = Annotated[str, Field(pattern=_SLUG_PATTERN)]
Text = Annotated[str, Field(min_length=1)]
PositiveInt = Annotated[int, Field(gt=0)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CourseInfo(_Table):
    """[course]: what the course is."""

    id: Slug = Field(description="slug: lowercase letters, digits and '-'")
    title: Text
    summary: str = ""
    objectives: list[Text] = Field(default_factory=list)
    mode: Mode = Field("async", description="default mode of every module")
    iri: str | None = Field(
        None,
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$",
        description="absolute IRI naming the course in xAPI and Open Badges records",
    )


class Blackout(_Table):
    """[[calendar.blackout]]: days nobody studies (a break, an event), shown by their title."""

    first: CalendarDay = Field(alias="from", description='first day: "day N" or a date')
    last: CalendarDay | None = Field(None, alias="to", description="last day (default: from)")
    title: Text = "Blackout"


class Calendar(_Table):
    """[calendar]: when people study. Every key is optional."""

    timezone: str = Field("UTC", description="IANA time zone of the course")
    workdays: list[Weekday] = Field(default_factory=lambda: list(DEFAULT_WORKDAYS))  # type: ignore[arg-type]
    daily_minutes: Minutes = Field(DEFAULT_DAILY_MINUTES, alias="daily")
    holidays: list[CalendarDate] = Field(default_factory=list)
    country: str | None = Field(None, description="ISO 3166 code whose public holidays are off")
    subdivision: str | None = None
    workdays_extra: list[CalendarDate] = Field(
        default_factory=list,
        description="dates people study although they are public holidays or not workdays",
    )
    blackout_mode: Literal["fixed", "shift"] = Field(
        "fixed",
        alias="blackouts",
        description='"fixed": relative dates stay; "shift": each relative date moves past the '
        "blackout days before it",
    )
    blackouts: list[Blackout] = Field(default_factory=list, alias="blackout")


class Pace(_Table):
    """[pace]: the suggested self-paced rhythm."""

    weekly_minutes: Minutes | None = Field(None, alias="weekly")


class Scoring(_Table):
    """[scoring]: points, levels and how streaks count."""

    late_penalty: float = Field(DEFAULT_LATE_PENALTY, ge=0, le=1)
    levels: list[Annotated[int, Field(ge=0)]] = Field(default_factory=lambda: list(DEFAULT_LEVELS))
    freeze_every: int | None = Field(
        None,
        ge=2,
        le=100,
        description="a streak freeze is earned each time the streak reaches a multiple of this",
    )
    freeze_max: int | None = Field(
        None,
        ge=1,
        le=10,
        description=f"the most freezes held at once (default {DEFAULT_FREEZE_MAX})",
    )
    weekly_target: int | None = Field(
        None,
        ge=1,
        le=7,
        description="study days a week (Monday to Sunday) that make the streak count weeks",
    )


class Task(_Table):
    """[[module.task]]: one piece of work."""

    id: Identifier
    title: Text
    kind: TaskKind = "reading"
    effort_minutes: Minutes = Field(alias="effort")
    points: Annotated[int, Field(ge=0)] | None = None
    url: WebUrl | None = None
    description: str = ""
    tags: list[Text] = Field(default_factory=list)
    requires: list[Identifier] = Field(default_factory=list)
    due: Day | None = None
    optional: bool = False

    @property
    def points_value(self) -> int:
        """The task's points, or the default from its effort."""
        return self.points if self.points is not None else default_points(self.effort_minutes)


class Module(_Table):
    """[[module]]: a group of tasks with an optional deadline and mode."""

    id: Identifier
    title: Text
    description: str = ""
    due: Day | None = None
    mode: Mode | None = None
    tasks: list[Task] = Field(default_factory=list, alias="task")


class Session(_Table):
    """[[session]]: a live event at a fixed time."""

    id: Identifier
    title: Text
    at: StartTime
    duration_minutes: Minutes = Field(alias="duration")
    mandatory: bool = True
    points: Annotated[int, Field(ge=0)] | None = None
    url: WebUrl | None = None
    description: str = ""

    @property
    def points_value(self) -> int:
        return self.points if self.points is not None else default_points(self.duration_minutes)


class Badge(_Table):
    """[[badge]]: a reward and the rule that earns it."""

    id: Identifier
    title: Text
    description: str = ""
    rule: BadgeRule
    count: PositiveInt | None = None
    days: PositiveInt | None = None
    points: PositiveInt | None = None
    module: Identifier | None = None
    kind: TaskKind | None = None
    unit: StreakUnit | None = Field(
        None,
        description='streak: "days" in a row (with days = N, the default) or "weeks" in a row '
        "that meet [scoring] weekly_target (with count = N)",
    )

    def parameters(self) -> tuple[str, ...]:
        """The parameters this badge's rule needs (a weekly streak counts weeks: ``count``)."""
        if self.rule == "streak" and self.unit == "weeks":
            return ("count",)
        return BADGE_RULE_PARAMETERS[self.rule]


CohortStartDate = Annotated[
    date,
    PlainValidator(_wrap(values.parse_cohort_start, "invalid-date")),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class Cohort(_Table):
    """[[cohort]]: a cohort the course is run for; learnsync check tests its dates."""

    start: CohortStartDate = Field(description="the cohort's first day (years 2000 to 2200)")
    name: Text | None = None


class Course(_Table):
    """A learnsync course file, format 1."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, title="learnsync course, format 1"
    )

    info: CourseInfo = Field(alias="course")  # the [course] table
    calendar: Calendar = Field(default_factory=Calendar)
    pace: Pace = Field(default_factory=Pace)
    scoring: Scoring = Field(default_factory=Scoring)
    modules: list[Module] = Field(default_factory=list, alias="module")
    sessions: list[Session] = Field(default_factory=list, alias="session")
    badges: list[Badge] = Field(default_factory=list, alias="badge")
    cohorts: list[Cohort] = Field(default_factory=list, alias="cohort")

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


def allowed_keys() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The keys each table accepts, by table path without indices (``("module", "task")``)."""
    tables: dict[tuple[str, ...], type[BaseModel]] = {
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
    return {
        path: tuple(field.alias or name for name, field in model.model_fields.items())
        for path, model in tables.items()
    }
