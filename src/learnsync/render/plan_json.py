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

from collections.abc import Iterable, Sequence
from datetime import date
from json.encoder import encode_basestring as _string  # the C encoder of json.dumps

from learnsync.planning.model import Plan, PlannedTask
from learnsync.planning.snapshot import plan_document
from learnsync.render.jsonfmt import dumps_document


def render_plan(plan: Plan) -> str:
    from learnsync.rules import sessions_after_end

    document = plan_document(plan, tasks=False) | {"warnings": sessions_after_end(plan)}
    return dumps_document(document, {"tasks": task_lines(plan.tasks)})


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(map(_string, values)) + "]" if values else "[]"


def task_lines(tasks: Iterable[PlannedTask]) -> list[str]:
    """Each task's ``task_record`` as ``jsonfmt.compact`` encodes it, byte for byte (a test holds
    them to it), written directly: a 10,000-task plan in a quarter of the time."""
    quoted: dict[date, str] = {}  # a plan's tasks share few days

    def day(value: date) -> str:
        text = quoted.get(value)
        if text is None:
            text = quoted[value] = f'"{value.isoformat()}"'
        return text

    lines = []
    for task in tasks:
        slots = ", ".join(
            [f'{{"date": {day(slot.date)}, "minutes": {slot.minutes}}}' for slot in task.slots]
        )
        due = "null" if task.due is None else day(task.due)
        deadline = "null" if task.deadline is None else day(task.deadline)
        url = "null" if task.url is None else _string(task.url)
        lines.append(
            f'{{"id": {_string(task.id)}, "module": {_string(task.module)}, '
            f'"title": {_string(task.title)}, "kind": {_string(task.kind)}, '
            f'"mode": {_string(task.mode)}, "effort_minutes": {task.effort_minutes}, '
            f'"requires": {_strings(task.requires)}, '
            f'"optional": {"true" if task.optional else "false"}, "points": {task.points}, '
            f'"tags": {_strings(task.tags)}, "url": {url}, "due": {due}, '
            f'"deadline": {deadline}, "slots": [{slots}]}}'
        )
    return lines
