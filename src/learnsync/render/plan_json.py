"""A plan as JSON (``plan --format json``), schema_version 1.

Document::

    {"schema_version": 1, "course": {"id", "title"}, "mode", "start", "finish",
     "timezone", "display_timezone", "daily_minutes", "focus": [tag],
     "tasks": [{"id", "module", "title", "kind", "mode", "effort_minutes", "requires",
                "optional", "points", "tags", "url", "due", "deadline",
                "slots": [{"date", "minutes"}]}],
     "sessions": [{"id", "title", "start", "end", "mandatory", "points", "url"}],
     "forecast": {"finish", "weekly_minutes", "effort_minutes"} | null,
     "warnings": [text]}

Tasks are in plan order. Dates are ISO dates; session ``start`` and ``end`` are ISO date-times
with the offset of ``display_timezone``. ``due`` is the planned finish day in sync, the module's
deadline in hybrid and null when self-paced; ``deadline`` is the hard limit, or null.
``warnings``: what a plan fitted to an end date leaves after it (``rules.sessions_after_end``).
"""

from __future__ import annotations

from learnsync.planning.model import Plan
from learnsync.planning.snapshot import plan_document
from learnsync.render.jsonfmt import dumps_document


def render_plan(plan: Plan) -> str:
    from learnsync.rules import sessions_after_end

    return dumps_document(plan_document(plan) | {"warnings": sessions_after_end(plan)})
