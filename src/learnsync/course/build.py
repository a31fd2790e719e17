"""A valid course file's records, built from parsed TOML without pydantic.

Importing pydantic and building its models costs more than validating a 10,000-task course,
so ``build_course`` reads a document itself when it can: it applies the rules of the pydantic
models in ``learnsync.course.validation`` (strict types, the same patterns, lengths and bounds,
the same value parsers of ``learnsync.course.values``) and gives the same records. It gives up
(returns None) on anything it is not sure of, and then pydantic validates the document: it words
every error, or builds the records of a document only it accepts. So this module never decides
an error; tests hold it to pydantic's result on every course file they know and on generated
documents.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from learnsync.course import values
from learnsync.course.defaults import (
    DEFAULT_DAILY_MINUTES,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
)
from learnsync.course.model import (
    BADGE_RULES,
    MODES,
    STREAK_UNITS,
    TASK_KINDS,
    WEEKDAYS,
    Badge,
    Blackout,
    Calendar,
    Cohort,
    Course,
    CourseInfo,
    Module,
    Pace,
    Scoring,
    Session,
    Task,
)
from learnsync.course.values import DayRef

# the patterns of validation.py's Identifier, Slug and CourseInfo.iri (Python's \s matches all
# that the Rust engine's does, and more: a string only Rust accepts is left to pydantic)
_IDENTIFIER = re.compile(r"[^\s\x00-\x1f\x7f,]{1,100}")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")

_MODES = frozenset(MODES)
_TASK_KINDS = frozenset(TASK_KINDS)
_WEEKDAYS = frozenset(WEEKDAYS)
_BADGE_RULES = frozenset(BADGE_RULES)
_STREAK_UNITS = frozenset(STREAK_UNITS)
_BLACKOUT_MODES = frozenset({"fixed", "shift"})
_NONE: list[Any] = []  # an absent array (never changed: every array is copied)
_ABSENT: dict[str, Any] = {}  # an absent table


class _GiveUp(Exception):
    """The document is left to pydantic."""


def build_course(data: object) -> Course | None:
    """The records of a valid course document, as pydantic would build them; None when this
    module is not sure the document is valid (pydantic then decides)."""
    try:
        return _course(data)
    except Exception:  # a wrong type, a missing key, a bad value: pydantic says what it is
        return None


def _table(value: object, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not keys.issuperset(value):
        raise _GiveUp
    return value


def _text(value: object) -> str:
    if type(value) is not str or not value:
        raise _GiveUp
    return value


def _string(value: object) -> str:
    if type(value) is not str:
        raise _GiveUp
    return value


def _optional_string(value: object) -> str | None:
    return None if value is None else _string(value)


def _choice(value: object, choices: frozenset[str]) -> Any:
    if type(value) is not str or value not in choices:
        raise _GiveUp
    return value


def _optional_choice(value: object, choices: frozenset[str]) -> Any:
    return None if value is None else _choice(value, choices)


def _identifier(value: object, known: set[str]) -> str:
    if value in known:  # checked already (a task id named again in requires)
        return value
    if type(value) is not str or _IDENTIFIER.fullmatch(value) is None:
        raise _GiveUp
    known.add(value)
    return value


def _optional_identifier(value: object, known: set[str]) -> str | None:
    return None if value is None else _identifier(value, known)


def _whole(value: object, least: int, most: int = values.MAX_WHOLE) -> int:
    if type(value) is not int or value < least or value > most:
        raise _GiveUp
    return value


def _optional_whole(value: object, least: int, most: int = values.MAX_WHOLE) -> int | None:
    return None if value is None else _whole(value, least, most)


def _minutes(value: object) -> int:
    if type(value) is int and 0 < value <= values.MAX_DURATION_MINUTES:
        return value
    return values.parse_duration(value)


def _texts(value: object) -> list[str]:
    if type(value) is not list:
        raise _GiveUp
    return [_text(item) for item in value]


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise _GiveUp
    return value


def _optional_day(value: object) -> DayRef | None:
    return None if value is None else values.parse_day(value)


def _optional_url(value: object) -> str | None:
    return None if value is None else values.parse_web_url(value)


def _course(data: object) -> Course:
    document = _table(data, _COURSE_KEYS)
    known: set[str] = set()
    return Course(
        _info(document["course"]),
        _calendar(document.get("calendar", _ABSENT)),
        _pace(document.get("pace", _ABSENT)),
        _scoring(document.get("scoring", _ABSENT)),
        [_module(item, known) for item in _list(document.get("module", _NONE))],
        [_session(item, known) for item in _list(document.get("session", _NONE))],
        [_badge(item, known) for item in _list(document.get("badge", _NONE))],
        [_cohort(item) for item in _list(document.get("cohort", _NONE))],
    )


def _info(value: object) -> CourseInfo:
    table = _table(value, _INFO_KEYS)
    slug = table["id"]
    if type(slug) is not str or _SLUG.fullmatch(slug) is None:
        raise _GiveUp
    iri = table.get("iri")
    if iri is not None and (type(iri) is not str or _IRI.fullmatch(iri) is None):
        raise _GiveUp
    return CourseInfo(
        slug,
        _text(table["title"]),
        _string(table.get("summary", "")),
        _texts(table.get("objectives", _NONE)),
        _choice(table.get("mode", "async"), _MODES),
        iri,
    )


def _dates(value: object) -> list[date]:
    return [values.parse_calendar_date(item) for item in _list(value)]


def _calendar(value: object) -> Calendar:
    table = _table(value, _CALENDAR_KEYS)
    workdays = table.get("workdays")
    return Calendar(
        _string(table.get("timezone", "UTC")),
        list(DEFAULT_WORKDAYS)  # type: ignore[arg-type]
        if workdays is None
        else [_choice(day, _WEEKDAYS) for day in _list(workdays)],
        _minutes(table.get("daily", DEFAULT_DAILY_MINUTES)),
        _dates(table.get("holidays", _NONE)),
        _optional_string(table.get("country")),
        _optional_string(table.get("subdivision")),
        _dates(table.get("workdays_extra", _NONE)),
        _choice(table.get("blackouts", "fixed"), _BLACKOUT_MODES),
        [_blackout(item) for item in _list(table.get("blackout", _NONE))],
    )


def _blackout(value: object) -> Blackout:
    table = _table(value, _BLACKOUT_KEYS)
    last = table.get("to")
    return Blackout(
        values.parse_calendar_day(table["from"]),
        None if last is None else values.parse_calendar_day(last),
        _text(table.get("title", "Blackout")),
    )


def _pace(value: object) -> Pace:
    table = _table(value, _PACE_KEYS)
    weekly = table.get("weekly")
    return Pace(None if weekly is None else _minutes(weekly))


def _scoring(value: object) -> Scoring:
    table = _table(value, _SCORING_KEYS)
    penalty = table.get("late_penalty", DEFAULT_LATE_PENALTY)
    if type(penalty) is not float or not 0 <= penalty <= 1:
        raise _GiveUp  # a whole number is read as a float by pydantic: left to it
    levels = table.get("levels")
    return Scoring(
        penalty,
        list(DEFAULT_LEVELS) if levels is None else [_whole(level, 0) for level in _list(levels)],
        _optional_whole(table.get("freeze_every"), 2, 100),
        _optional_whole(table.get("freeze_max"), 1, 10),
        _optional_whole(table.get("weekly_target"), 1, 7),
    )


def _module(value: object, known: set[str]) -> Module:
    table = _table(value, _MODULE_KEYS)
    return Module(
        _identifier(table["id"], known),
        _text(table["title"]),
        _string(table.get("description", "")),
        _optional_day(table.get("due")),
        _optional_choice(table.get("mode"), _MODES),
        [_task(item, known) for item in _list(table.get("task", _NONE))],
    )


def _task(value: object, known: set[str]) -> Task:
    # the other tables' rules, written out: a course may hold 10,000 tasks
    if type(value) is not dict or not _TASK_KEYS.issuperset(value):
        raise _GiveUp
    get = value.get
    identifier = value["id"]
    if identifier not in known:
        _identifier(identifier, known)
    title = value["title"]
    if type(title) is not str or not title:
        raise _GiveUp
    kind = _choice(get("kind", "reading"), _TASK_KINDS)
    effort = value["effort"]
    if type(effort) is not int or not 0 < effort <= values.MAX_DURATION_MINUTES:
        effort = values.parse_duration(effort)
    points = get("points")
    if points is not None:
        points = _whole(points, 0)
    url = get("url")
    if url is not None:
        url = values.parse_web_url(url)
    description = get("description", "")
    if type(description) is not str:
        raise _GiveUp
    tags = get("tags", _NONE)
    tags = [] if tags is _NONE else _texts(tags)
    requires = get("requires", _NONE)
    if type(requires) is not list:
        raise _GiveUp
    requires = [
        required if required in known else _identifier(required, known) for required in requires
    ]
    due = get("due")
    if due is not None:
        due = values.parse_day(due)
    optional = get("optional", False)
    if type(optional) is not bool:
        raise _GiveUp
    return Task(
        identifier, title, kind, effort, points, url, description, tags, requires, due, optional
    )


def _session(value: object, known: set[str]) -> Session:
    table = _table(value, _SESSION_KEYS)
    mandatory = table.get("mandatory", True)
    if type(mandatory) is not bool:
        raise _GiveUp
    return Session(
        _identifier(table["id"], known),
        _text(table["title"]),
        values.parse_session_time(table["at"]),
        _minutes(table["duration"]),
        mandatory,
        _optional_whole(table.get("points"), 0),
        _optional_url(table.get("url")),
        _string(table.get("description", "")),
    )


def _badge(value: object, known: set[str]) -> Badge:
    table = _table(value, _BADGE_KEYS)
    return Badge(
        _identifier(table["id"], known),
        _text(table["title"]),
        _string(table.get("description", "")),
        _choice(table["rule"], _BADGE_RULES),
        _optional_whole(table.get("count"), 1),
        _optional_whole(table.get("days"), 1),
        _optional_whole(table.get("points"), 1),
        _optional_identifier(table.get("module"), known),
        _optional_choice(table.get("kind"), _TASK_KINDS),
        _optional_choice(table.get("unit"), _STREAK_UNITS),
    )


def _cohort(value: object) -> Cohort:
    table = _table(value, _COHORT_KEYS)
    name = table.get("name")
    return Cohort(values.parse_cohort_start(table["start"]), None if name is None else _text(name))


_COURSE_KEYS = frozenset(Course.keys)
_INFO_KEYS = frozenset(CourseInfo.keys)
_CALENDAR_KEYS = frozenset(Calendar.keys)
_BLACKOUT_KEYS = frozenset(Blackout.keys)
_PACE_KEYS = frozenset(Pace.keys)
_SCORING_KEYS = frozenset(Scoring.keys)
_MODULE_KEYS = frozenset(Module.keys)
_TASK_KEYS = frozenset(Task.keys)
_SESSION_KEYS = frozenset(Session.keys)
_BADGE_KEYS = frozenset(Badge.keys)
_COHORT_KEYS = frozenset(Cohort.keys)
