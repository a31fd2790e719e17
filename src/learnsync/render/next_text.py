"""``learnsync next`` for a person: one short block per course."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from learnsync.course.durations import format_minutes
from learnsync.render.terminal import (
    Line,
    cells,
    clip,
    printable,
    terminal_width,
    write_lines,
)


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%a %d %b}"


def next_lines(
    learner: str, documents: Sequence[dict[str, Any]], width: int | None = None
) -> list[Line]:
    """One block per course: a heading, then a row per thing to do, its id first (what
    ``learnsync done`` takes), then when, the title and what to know about it."""
    lines: list[Line] = []
    for number, document in enumerate(documents):
        if number:
            lines.append(Line())
        heading = Line(str(document["title"]), "bold", flex=True)
        heading.add(
            f"  ({document['course']}, {document['mode']}) for {learner}, {_day(document['today'])}"
        )
        lines.append(heading)
        blackout = document.get("blackout")
        if blackout:
            lines.append(_blackout_line(blackout, document["today"]))
        rows: list[tuple[str, str, str, str, str]] = []  # id, when, style, title, detail
        for task in document["overdue"]:
            rows.append(
                (
                    task["id"],
                    "overdue",
                    "bold red",
                    task["title"],
                    f"was due {_day(task['deadline'])}",
                )
            )
        for session in document["sessions"]:
            from learnsync.render.agenda import time_span  # the plan's agenda: sessions only

            start = datetime.fromisoformat(session["start"])
            end = datetime.fromisoformat(session["end"])
            kind = "mandatory" if session["mandatory"] else "optional"
            if session["ended"]:
                kind += f"; it has ended: were you there? learnsync done {session['id']}"
            rows.append(
                (session["id"], time_span(start, end), "magenta", f"● {session['title']}", kind)
            )
        for task in document["now"]:
            deadline = f"deadline {_day(task['deadline'])}" if task["deadline"] else ""
            if task["optional"]:
                deadline = "optional"
            if task["minutes_today"]:
                when = f"today {format_minutes(task['minutes_today'])}"
                rows.append((task["id"], when, "green", task["title"], deadline))
            else:  # planned on earlier days only, and still open
                when = f"behind {format_minutes(task['minutes_before_today'])}"
                rows.append((task["id"], when, "yellow", task["title"], deadline))
        for task in document["due_soon"]:
            rows.append((task["id"], f"due {_day(task['deadline'])}", "yellow", task["title"], ""))
        unlocked = [
            (
                task["id"],
                format_minutes(task["effort_minutes"]),
                "",
                task["title"],
                "optional" if task["optional"] else "",
            )
            for task in document["unlocked"]
        ]
        lines += _table(rows, unlocked, width)
        for session in document.get("upcoming_sessions", []):
            start = datetime.fromisoformat(session["start"])
            lines.append(
                Line("  coming up: ", "magenta")
                .add(f"{start:%a %d %b %H:%M} ")
                .add(f"● {session['title']}", flex=True)
                .add(f"  {printable(session['id'])}, mandatory", "dim")
            )
        behind = document.get("behind_minutes") or 0
        if behind:
            lines.append(
                Line("  behind by ", "yellow")
                .add(format_minutes(behind), "bold yellow")
                .add(": learnsync replan makes a plan from today;")
            )
            lines += _catch_up_line(document.get("catch_up"))
        if document["milestone"]:
            milestone = document["milestone"]
            left = milestone["tasks_left"]
            plural = "s" if left != 1 else ""
            if milestone["passed"]:
                line = Line("  deadline passed: ", "bold red")
                text = f"{_day(milestone['due'])}, {milestone['item']} ({left} required task{plural} still open)"
            else:
                line = Line("  next deadline: ", "dim")
                text = f"{_day(milestone['due'])}, {milestone['item']} ({left} required task{plural} left)"
            lines.append(line.add(text))
        if not rows and not unlocked and not blackout:
            lines.append(Line("  nothing to do right now: well done", "green"))
    return lines


def _blackout_line(blackout: dict[str, Any], today: str) -> Line:
    """``today: Winter break (no study) until Tue 12 Jan; study again Wed 13 Jan``."""
    line = Line("  today: ", "bold cyan").add(printable(str(blackout["title"])), "cyan", flex=True)
    text = " (no study)"
    if blackout["to"] > today:
        text += f" until {_day(blackout['to'])}"
    if blackout["resume"]:
        text += f"; study again {_day(blackout['resume'])}"
    return line.add(text)


def _catch_up_line(advice: dict[str, Any] | None) -> list[Line]:
    from learnsync.render.status_text import catch_up_words

    words = catch_up_words(advice, 78) if advice else None
    if words is None:
        return [Line("  learnsync status says whether the deadlines can still be met")]
    return [
        Line(f"  {words}", "yellow" if advice and advice["least_daily_minutes"] is None else "")
    ]


Row = tuple[str, str, str, str, str]  # id, when, its style, title, what to know


def _table(rows: list[Row], unlocked: list[Row], width: int | None) -> list[Line]:
    """The rows with their ids, times and titles in columns; titles shortened to fit."""
    everything = rows + unlocked
    id_width = max((cells(printable(row[0])) for row in everything), default=0)
    when_width = max((cells(row[1]) for row in everything), default=0)
    title_width = max((cells(printable(row[3])) for row in everything), default=0)
    if width is not None:  # the title gives way to what comes after it, down to a minimum
        detail_width = max((cells(row[4]) for row in everything if len(row[4]) < 30), default=0)
        room = width - (2 + id_width + 2 + when_width + 2) - (detail_width + 2)
        title_width = max(16, min(title_width, room))

    def line(row: Row) -> Line:
        identifier, when, style, title, detail = row
        shown = printable(title)
        if width is not None:
            shown = clip(shown, title_width)
        out = Line("  ").add(_pad(printable(identifier), id_width), "bold")
        out.add(f"  {when:<{when_width}}  ", style)
        if not detail:
            return out.add(shown)
        return out.add(_pad(shown, title_width)).add(f"  {detail}", "dim")

    lines = [line(row) for row in rows]
    if unlocked:
        lines.append(Line("  up next, at your pace:", "bold"))
        lines += [line(row) for row in unlocked]
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def print_next(learner: str, documents: Sequence[dict[str, Any]]) -> None:
    write_lines(sys.stdout, next_lines(learner, documents, terminal_width(sys.stdout)))
