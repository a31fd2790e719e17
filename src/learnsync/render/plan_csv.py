"""A plan as CSV, one row a task in plan order; safe against formula injection.

Columns: position, id, module, title, kind, mode, effort_minutes, optional, points, due, deadline,
first_day, last_day, slots (``date:minutes`` separated by ``;``), requires and tags (separated by
``;``), url.
"""

from __future__ import annotations

from learnsync.planning.model import Plan
from learnsync.render.safe_csv import render_rows

HEADER = (
    "position",
    "id",
    "module",
    "title",
    "kind",
    "mode",
    "effort_minutes",
    "optional",
    "points",
    "due",
    "deadline",
    "first_day",
    "last_day",
    "slots",
    "requires",
    "tags",
    "url",
)


def render_plan(plan: Plan) -> str:
    rows = []
    for position, task in enumerate(plan.tasks, start=1):
        rows.append(
            (
                position,
                task.id,
                task.module,
                task.title,
                task.kind,
                task.mode,
                task.effort_minutes,
                task.optional,
                task.points,
                task.due.isoformat() if task.due else "",
                task.deadline.isoformat() if task.deadline else "",
                task.slots[0].date.isoformat() if task.slots else "",
                task.slots[-1].date.isoformat() if task.slots else "",
                ";".join(f"{slot.date.isoformat()}:{slot.minutes}" for slot in task.slots),
                ";".join(task.requires),
                ";".join(task.tags),
                task.url or "",
            )
        )
    return render_rows(HEADER, rows)
