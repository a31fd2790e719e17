"""A plan as Markdown to paste into a wiki: one table a week, then the self-paced backlog."""

from __future__ import annotations

import re

from learnsync.course.durations import format_minutes
from learnsync.planning.model import Plan
from learnsync.render.agenda import (
    agenda,
    blackout_span,
    forecast_sentence,
    self_paced,
    time_span,
)
from learnsync.render.safe_text import printable

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Course text shown literally: one line (line breaks become spaces), control characters
    as ``printable`` shows them, Markdown and HTML characters escaped."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def render_plan(plan: Plan) -> str:
    lines = [
        f"# {escape(plan.course_title)}",
        "",
        f"{plan.mode.capitalize()} plan from {plan.start:%a %d %b %Y}, "
        f"{format_minutes(plan.daily_minutes)} a study day"
        + (f" (the least to end by {plan.end:%a %d %b %Y})" if plan.end else "")
        + f"; times in {plan.display_timezone}.",
        "",
    ]
    for week in agenda(plan):
        lines += [
            f"## Week {week.number}: {week.first:%a %d %b} – {week.last:%a %d %b}",
            "",
            "| Day | Time | What | Module | Note |",
            "|---|---:|---|---|---|",
        ]
        for day in week.days:
            label = f"{day.date:%a %d %b}"
            for blackout in day.blackouts:
                lines.append(
                    f"| {label} |  | *{escape(blackout.title)}* ({blackout_span(blackout)}) | "
                    "blackout | no study |"
                )
                label = ""
            for session in day.sessions:
                note = "mandatory" if session.mandatory else "optional"
                lines.append(
                    f"| {label} | {time_span(session.start, session.end)} | "
                    f"**{escape(session.title)}** | live session | {note} |"
                )
                label = ""
            for task, minutes in day.work:
                note = "due" if task.due == day.date and task.mode != "async" else ""
                if task.optional:
                    note = (note + " optional").strip()
                lines.append(
                    f"| {label} | {format_minutes(minutes)} | {escape(task.title)} | "
                    f"{escape(task.module)} | {note} |"
                )
                label = ""
            for task in day.due:
                if not any(task is worked for worked, _ in day.work):
                    lines.append(
                        f"| {label} |  | {escape(task.title)} | {escape(task.module)} | deadline |"
                    )
                    label = ""
        lines.append("")
    backlog = self_paced(plan)
    if backlog:
        lines += [
            "## Self-paced backlog",
            "",
            "| # | Task | Module | Kind | Effort | Tags |",
            "|---:|---|---|---|---:|---|",
        ]
        for number, task in enumerate(backlog, start=1):
            title = escape(task.title) + (" *(optional)*" if task.optional else "")
            tags = ", ".join(escape(tag) for tag in task.tags)
            lines.append(
                f"| {number} | {title} | {escape(task.module)} | {task.kind} | "
                f"{format_minutes(task.effort_minutes)} | {tags} |"
            )
        lines.append("")
        sentence = forecast_sentence(plan)
        if sentence is not None:
            lines += [sentence, ""]
    return "\n".join(lines)
