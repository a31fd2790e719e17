"""``learnsync remind`` for a person: what each learner has overdue, due soon or starting soon,
grouped by learner (name and email on the first line, then their items), with times in the
learner's own zone, shown once in their heading."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from learnsync.render.terminal import Line, cells

MAX_ID = 24  # ids longer than this push their title along rather than widen the column
LABELS = {
    "overdue": ("overdue", "bold red"),
    "due": ("due", "yellow"),
    "starts": ("starts", "magenta"),
}


def when(item: dict[str, Any]) -> str:
    """When an item is due or starts, in the learner's zone: "Wed 13 Jan" for a deadline at the
    end of that day (midnight), else with the time, "Thu 07 Jan 04:30"."""
    local = datetime.fromisoformat(item["local_at"])
    if item["kind"] == "task" and local.hour == 0 and local.minute == 0:
        return f"{local - timedelta(days=1):%a %d %b}"
    return f"{local:%a %d %b %H:%M}"


def remind_lines(groups: Sequence[dict[str, Any]], within: str) -> list[Line]:
    """A heading per learner ("Chen Wei (chen) <chen@example.org>, times in Europe/Berlin"), then
    one line per item in columns: state, when, id, and the title (shortened with … to fit)."""
    if not groups:
        return [Line(f"Nothing overdue or due within {within}.", "green")]
    lines: list[Line] = []
    for group in groups:
        if lines:
            lines.append(Line())
        heading = Line(group["name"] or group["learner"], "bold")
        if group["name"]:
            heading.add(f" ({group['learner']})")
        if group["email"]:
            heading.add(f" <{group['email']}>")
        lines.append(heading.add(f", times in {group['timezone']}", "dim"))
        courses = {item["course"] for item in group["items"]}
        names = [
            item["id"] if len(courses) == 1 else f"{item['course']}/{item['id']}"
            for item in group["items"]
        ]
        moments = [when(item) for item in group["items"]]
        name_width = min(MAX_ID, max(cells(name) for name in names))
        moment_width = max(cells(moment) for moment in moments)
        for item, name, moment in zip(group["items"], names, moments, strict=True):
            label, style = LABELS[item["state"]]
            line = Line("  ").add(f"{label:<9}", style).add(moment.ljust(moment_width + 2))
            line.add(name + " " * max(2, name_width + 2 - cells(name)), "bold")
            line.add(item["title"], flex=True)
            if item["timezone"] != group["timezone"]:
                line.add(f" (times in {item['timezone']})", "dim")
            lines.append(line)
    return lines
