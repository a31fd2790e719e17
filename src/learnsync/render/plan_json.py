"""A plan as JSON (``plan --format json``), schema_version 1.

Document::

    {"schema_version": 1, "course": {"id", "title"}, "mode", "start", "finish",
     "timezone", "display_timezone", "daily_minutes", "focus": [tag],
     "tasks": [{"id", "module", "title", "kind", "mode", "effort_minutes", "requires",
                "optional", "points", "tags", "url", "due", "deadline",
                "slots": [{"date", "minutes"}]}],
     "sessions": [{"id", "title", "start", "end", "mandatory", "points", "url"}],
     "forecast": {"finish", "weekly_minutes", "effort_minutes"} | null}

Tasks are in plan order. Dates are ISO dates; session ``start`` and ``end`` are ISO date-times
with the offset of ``display_timezone``. ``due`` is the planned finish day in sync, the module's
deadline in hybrid and null when self-paced; ``deadline`` is the hard limit, or null.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from learnsync.planning.model import Plan
from learnsync.render.jsonfmt import dumps_document

SCHEMA_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plan_document(plan: Plan) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "course": {"id": plan.course_id, "title": plan.course_title},
        "mode": plan.mode,
        "start": plan.start.isoformat(),
        "finish": _day(plan.finish),
        "timezone": plan.timezone,
        "display_timezone": plan.display_timezone,
        "daily_minutes": plan.daily_minutes,
        "focus": list(plan.focus),
        "tasks": [
            {
                "id": task.id,
                "module": task.module,
                "title": task.title,
                "kind": task.kind,
                "mode": task.mode,
                "effort_minutes": task.effort_minutes,
                "requires": list(task.requires),
                "optional": task.optional,
                "points": task.points,
                "tags": list(task.tags),
                "url": task.url,
                "due": _day(task.due),
                "deadline": _day(task.deadline),
                "slots": [
                    {"date": slot.date.isoformat(), "minutes": slot.minutes} for slot in task.slots
                ],
            }
            for task in plan.tasks
        ],
        "sessions": [
            {
                "id": session.id,
                "title": session.title,
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "mandatory": session.mandatory,
                "points": session.points,
                "url": session.url,
            }
            for session in plan.sessions
        ],
        "forecast": None
        if plan.forecast is None
        else {
            "finish": _day(plan.forecast.finish),
            "weekly_minutes": plan.forecast.weekly_minutes,
            "effort_minutes": plan.forecast.effort_minutes,
        },
    }


def render_plan(plan: Plan) -> str:
    return dumps_document(plan_document(plan))
