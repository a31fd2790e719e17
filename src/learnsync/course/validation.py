"""The course format 1 as pydantic models: what words the errors of a course file that is not
valid, and what the JSON Schema is generated from.

Field names are Python names; the TOML key of each field is its alias (``effort`` is read into
``effort_minutes``). Unknown keys are errors. Validation is strict: a string is never read as a
number or a number as a string. A validated model becomes the plain records of
``learnsync.course.model`` (``to_records``); a valid file is read into those records without
pydantic (``learnsync.course.build``), and a test holds the two to the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from learnsync.course import model as model_module
from learnsync.course import values
from learnsync.course.defaults import (
    DEFAULT_DAILY_MINUTES,
    DEFAULT_FREEZE_MAX,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
)
from learnsync.course.model import BadgeRule, Mode, StreakUnit, TaskKind, Weekday
from learnsync.course.values import DayRef, SessionTime

T = TypeVar("T")
RecordT = TypeVar("RecordT", bound="model_module._Table")


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
PositiveInt = Annotated[int, Field(gt=0, le=values.MAX_WHOLE)]
WholeNumber = Annotated[int, Field(ge=0, le=values.MAX_WHOLE)]


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
    levels: list[WholeNumber] = Field(default_factory=lambda: list(DEFAULT_LEVELS))
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
    points: WholeNumber | None = None
    url: WebUrl | None = None
    description: str = ""
    tags: list[Text] = Field(default_factory=list)
    requires: list[Identifier] = Field(default_factory=list)
    due: Day | None = None
    optional: bool = False


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
    points: WholeNumber | None = None
    url: WebUrl | None = None
    description: str = ""


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


MODELS: dict[str, type[_Table]] = {
    model.__name__: model
    for model in (
        Course,
        CourseInfo,
        Calendar,
        Blackout,
        Pace,
        Scoring,
        Module,
        Task,
        Session,
        Badge,
        Cohort,
    )
}


def to_records(value: Any) -> Any:
    """A validated model (or a list of them) as the plain records of ``learnsync.course.model``
    with the same fields."""
    if isinstance(value, BaseModel):
        record = getattr(model_module, type(value).__name__)
        return record(*(to_records(getattr(value, name)) for name in record.fields))
    if isinstance(value, list):
        return [to_records(item) for item in value]
    return value


def validate_course(data: object) -> model_module.Course:
    """The course in parsed TOML: without pydantic when the file is valid
    (``learnsync.course.build``), else validated here (raising ``ValidationError`` with every
    error)."""
    from learnsync.course.build import build_course

    built = build_course(data)
    if built is not None:
        return built
    result: model_module.Course = to_records(Course.model_validate(data))
    return result


def validate_table(record: type[RecordT], data: object) -> RecordT:
    """One table of the course format (a record class of ``learnsync.course.model``) validated
    from parsed TOML; raises ``ValidationError``."""
    if record is model_module.Course:
        return validate_course(data)  # type: ignore[return-value]
    result: RecordT = to_records(MODELS[record.__name__].model_validate(data))
    return result
