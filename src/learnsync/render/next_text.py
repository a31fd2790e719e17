"""``learnsync next`` for a person: one short block per course."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from learnsync.course.values import format_minutes
from learnsync.render.agenda import time_span
from learnsync.render.terminal import Line, write_lines


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%a %d %b}"


def next_lines(learner: str, documents: Sequence[dict[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    for number, document in enumerate(documents):
        if number:
            lines.append(Line())
        heading = Line(str(document["title"]), "bold")
        heading.add(
            f"  ({document['course']}, {document['mode']}) for {learner}, {_day(document['today'])}"
        )
        lines.append(heading)
        empty = True
        for task in document["overdue"]:
            line = Line("  overdue  ", "bold red").add(f"{task['title']}  ")
            lines.append(line.add(f"[{task['id']}] was due {_day(task['deadline'])}", "dim"))
            empty = False
        for session in document["sessions"]:
            start = datetime.fromisoformat(session["start"])
            end = datetime.fromisoformat(session["end"])
            line = Line(f"  {time_span(start, end)}  ", "magenta").add(f"● {session['title']}  ")
            kind = "mandatory" if session["mandatory"] else "optional"
            if session["ended"]:
                kind += f"; it has ended: were you there? learnsync done {session['id']}"
            lines.append(line.add(f"[{session['id']}] {kind}", "dim"))
            empty = False
        for task in document["now"]:
            line = Line(f"  today {format_minutes(task['minutes_today']):>6}  ", "green")
            line.add(f"{task['title']}  ")
            due = f", deadline {_day(task['deadline'])}" if task["deadline"] else ""
            lines.append(line.add(f"[{task['id']}]{due}", "dim"))
            empty = False
        for task in document["due_soon"]:
            line = Line(f"  due {_day(task['deadline'])}  ", "yellow").add(f"{task['title']}  ")
            lines.append(line.add(f"[{task['id']}]", "dim"))
            empty = False
        if document["unlocked"]:
            lines.append(Line("  up next, at your pace:", "bold"))
            for task in document["unlocked"]:
                line = Line(f"  {format_minutes(task['effort_minutes']):>6}  ").add(
                    f"{task['title']}  "
                )
                optional = " optional" if task["optional"] else ""
                lines.append(line.add(f"[{task['id']}]{optional}", "dim"))
            empty = False
        if document["milestone"]:
            milestone = document["milestone"]
            left = milestone["tasks_left"]
            plural = "s" if left != 1 else ""
            if milestone["passed"]:
                line = Line("  deadline passed: ", "bold red")
                text = f"{_day(milestone['due'])}, {milestone['module']} ({left} required task{plural} still open)"
            else:
                line = Line("  next deadline: ", "dim")
                text = f"{_day(milestone['due'])}, {milestone['module']} ({left} required task{plural} left)"
            lines.append(line.add(text))
        if empty:
            lines.append(Line("  nothing to do right now: well done", "green"))
    return lines


def print_next(learner: str, documents: Sequence[dict[str, Any]]) -> None:
    write_lines(sys.stdout, next_lines(learner, documents))
