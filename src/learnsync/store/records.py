"""What the store hands out: typed records, never JSON text to decode."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from learnsync.planning.model import Blackout, Plan
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
        values: dict[str, Any] = json.loads(text or "{}")
        workdays = values.get("workdays")
        return cls(
            values.get("mode"),
            values.get("timezone"),
            values.get("daily_minutes"),
            tuple(workdays) if workdays else None,
            values.get("day_start"),
            tuple(
                Blackout(date.fromisoformat(b["from"]), date.fromisoformat(b["to"]), b["title"])
                for b in values.get("blackouts", ())
            ),
            date.fromisoformat(values["end"]) if values.get("end") else None,
            values.get("max_daily_minutes"),
        )


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
    """The ids a plan holds (its tasks and sessions, and which are sessions) and its learner's
    time zone, kept beside it: what ``done`` needs of a plan to tell an id done already
    (``tracking.completion_kind``)."""

    display_timezone: str
    ids: frozenset[str]
    sessions: frozenset[str] = frozenset()


class PlanChange(Record):
    """A line of an enrollment's plan history: when, why, and the planned finish."""

    created_at: datetime
    reason: str
    finish: date | None
