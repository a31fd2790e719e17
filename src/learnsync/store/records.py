"""What the store hands out: typed records, never JSON text to decode."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, get_args

from learnsync.course.defaults import WEEKDAYS
from learnsync.planning.model import Blackout, Mode, Plan
from learnsync.record import Record


class EnrollmentRow(Record):
    """A learner enrolled in a course."""

    id: int
    learner: str
    course_id: str
    created_at: datetime


class PlanOptions(Record):
    """What a plan was made with besides the course: kept so that ``replan`` makes the next plan
    the same way."""

    mode: str | None = None
    timezone: str | None = None
    daily_minutes: int | None = None
    workdays: tuple[str, ...] | None = None
    day_start: int | None = None  # minutes after midnight the learner's day begins at
    blackouts: tuple[Blackout, ...] = ()  # the learner's own, besides the course's
    end: date | None = None  # enroll --end: the date replans fit the daily time to
    max_daily_minutes: int | None = None  # the most daily time a fit to ``end`` may ask for

    def to_json(self) -> str:
        values: dict[str, Any] = {
            "mode": self.mode,
            "timezone": self.timezone,
            "daily_minutes": self.daily_minutes,
            "workdays": list(self.workdays) if self.workdays else None,
            **({"day_start": self.day_start} if self.day_start is not None else {}),
        }
        if self.blackouts:
            values["blackouts"] = [
                {"from": b.first.isoformat(), "to": b.last.isoformat(), "title": b.title}
                for b in self.blackouts
            ]
        if self.end is not None:
            values["end"] = self.end.isoformat()
            values["max_daily_minutes"] = self.max_daily_minutes
        return json.dumps(values)

    @classmethod
    def from_json(cls, text: str) -> PlanOptions:
        """The options ``to_json`` wrote. A value of another type or out of its range (a daily
        time that is no whole number, a day that is no weekday) is damage: ``ValueError`` or
        ``TypeError`` here, not a crash where the next plan is made with it."""
        values: dict[str, Any] = json.loads(text or "{}")
        if type(values) is not dict:
            raise TypeError("plan options that are not a table")
        mode, zone = values.get("mode"), values.get("timezone")
        workdays = values.get("workdays")
        day_start = values.get("day_start")
        if (
            (mode is not None and mode not in get_args(Mode))
            or (zone is not None and type(zone) is not str)
            or (workdays is not None and (type(workdays) is not list or not _weekdays(workdays)))
            or not _minutes(values.get("daily_minutes"), 24 * 60)
            or not _minutes(values.get("max_daily_minutes"), 24 * 60)
            or not _minutes(day_start, 24 * 60 - 1)
        ):
            raise ValueError("plan options holding a value of another type or out of range")
        blackouts = tuple(
            Blackout(date.fromisoformat(b["from"]), date.fromisoformat(b["to"]), b["title"])
            for b in values.get("blackouts", ())
        )
        if not all(type(blackout.title) is str for blackout in blackouts):
            raise TypeError("a blackout title that is not text")
        return cls(
            mode,
            zone,
            values.get("daily_minutes"),
            tuple(workdays) if workdays else None,
            day_start,
            blackouts,
            date.fromisoformat(values["end"]) if values.get("end") else None,
            values.get("max_daily_minutes"),
        )


def _weekdays(names: list[Any]) -> bool:
    return all(type(name) is str and name in WEEKDAYS for name in names)


def _minutes(value: object, most: int) -> bool:
    """``value`` is None or whole minutes from 0 to ``most``."""
    return value is None or (type(value) is int and 0 <= value <= most)


class PlanRecord(Record):
    """One of an enrollment's plans: the course source it was made from and the plan."""

    id: int
    enrollment_id: int
    created_at: datetime
    reason: str  # "enroll", "replan" or "course-change"
    source_path: str
    source_hash: str
    source: str
    plan: Plan
    options: PlanOptions


class PlanIds(Record):
    """The ids a plan holds (its tasks and sessions, and which are sessions), its learner's time
    zone and day start, kept beside it: what ``done`` needs of a plan to tell an id done already
    (``tracking.completion_kind``) and the learner's day it was done on. ``day_start`` is None
    where ids were kept before they said it (read from the plan until they are written again)."""

    display_timezone: str
    ids: frozenset[str]
    sessions: frozenset[str] = frozenset()
    day_start: int | None = None


class PlanChange(Record):
    """A line of an enrollment's plan history: when, why, and the planned finish."""

    created_at: datetime
    reason: str
    finish: date | None
