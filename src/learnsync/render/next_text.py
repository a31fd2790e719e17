"""``learnsync next`` for a person: one short block per course."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from rich.text import Text

from learnsync.course.values import format_minutes
from learnsync.render.console import make_console


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%a %d %b}"


def print_next(learner: str, documents: Sequence[dict[str, Any]]) -> None:
    console = make_console()
    for number, document in enumerate(documents):
        if number:
            console.print()
        heading = Text()
        heading.append(str(document["title"]), style="bold")
        heading.append(
            f"  ({document['course']}, {document['mode']}) for {learner}, {_day(document['today'])}"
        )
        console.print(heading)
        empty = True
        for task in document["overdue"]:
            line = Text("  overdue  ", style="bold red")
            line.append(f"{task['title']}  ")
            line.append(f"[{task['id']}] was due {_day(task['due'])}", style="dim")
            console.print(line)
            empty = False
        for session in document["sessions"]:
            start = datetime.fromisoformat(session["start"])
            end = datetime.fromisoformat(session["end"])
            line = Text(f"  {start:%H:%M}–{end:%H:%M}  ", style="magenta")
            line.append(f"● {session['title']}  ")
            line.append(
                f"[{session['id']}] {'mandatory' if session['mandatory'] else 'optional'}",
                style="dim",
            )
            console.print(line)
            empty = False
        for task in document["now"]:
            line = Text(f"  today {format_minutes(task['minutes_today']):>6}  ", style="green")
            line.append(f"{task['title']}  ")
            due = f", due {_day(task['due'])}" if task["due"] else ""
            line.append(f"[{task['id']}]{due}", style="dim")
            console.print(line)
            empty = False
        for task in document["due_soon"]:
            line = Text(f"  due {_day(task['due'])}  ", style="yellow")
            line.append(f"{task['title']}  ")
            line.append(f"[{task['id']}]", style="dim")
            console.print(line)
            empty = False
        if document["unlocked"]:
            console.print(Text("  up next, at your pace:", style="bold"))
            for task in document["unlocked"]:
                line = Text(f"  {format_minutes(task['effort_minutes']):>6}  ")
                line.append(f"{task['title']}  ")
                line.append(
                    f"[{task['id']}]" + (" optional" if task["optional"] else ""), style="dim"
                )
                console.print(line)
            empty = False
        if document["milestone"]:
            milestone = document["milestone"]
            line = Text("  next deadline: ", style="dim")
            left = milestone["tasks_left"]
            line.append(
                f"{_day(milestone['due'])}, {milestone['module']} ({left} task{'s' if left != 1 else ''} left)"
            )
            console.print(line)
        if empty:
            console.print(Text("  nothing to do right now: well done", style="green"))
