"""``learnsync remind``: what is overdue or due soon, for every enrollment, for cron."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from learnsync.commands.enrollment import open_for, print_json, read_enrollment
from learnsync.errors import UsageError

SCHEMA_VERSION = 1


def parse_within(text: str) -> timedelta:
    """``"1d"``, ``"2d12h"``, ``"36h"``, ``"90m"``."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*", text.lower())
    if not text.strip() or match is None or not any(match.groups()):
        raise UsageError(f"--within '{text}' is not a duration: use 1d, 12h, 2d12h or 90m")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def run(within: str, learner: str | None, store_option: str | None, output_format: str) -> int:
    from learnsync.clock import now as current_time
    from learnsync.tracking import done_items

    window = parse_within(within)
    now = current_time()
    horizon = now + window
    entries: list[dict[str, Any]] = []
    with open_for(store_option, write=False) as store:
        for row in store.enrollments(learner=learner):
            enrollment = read_enrollment(store, row)
            plan = enrollment.plan
            zone = ZoneInfo(plan.timezone)
            done = done_items(enrollment.events)
            for task in plan.tasks:
                if task.due is None or task.optional or task.id in done:
                    continue
                deadline = datetime.combine(task.due + timedelta(days=1), time(0), tzinfo=zone)
                if deadline <= now:
                    state = "overdue"
                elif deadline <= horizon:
                    state = "due"
                else:
                    continue
                entries.append(
                    {
                        "learner": row.learner,
                        "course": row.course_id,
                        "kind": "task",
                        "id": task.id,
                        "title": task.title,
                        "state": state,
                        "at": deadline.isoformat(),
                        "due": task.due.isoformat(),
                    }
                )
            for session in plan.sessions:
                if session.mandatory and session.id not in done and now <= session.start <= horizon:
                    entries.append(
                        {
                            "learner": row.learner,
                            "course": row.course_id,
                            "kind": "session",
                            "id": session.id,
                            "title": session.title,
                            "state": "starts",
                            "at": session.start.isoformat(),
                            "due": None,
                        }
                    )
    entries.sort(
        key=lambda entry: (entry["state"] != "overdue", entry["at"], entry["learner"], entry["id"])
    )
    overdue = sum(1 for entry in entries if entry["state"] == "overdue")
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "now": now.isoformat(),
                "within_minutes": int(window.total_seconds() // 60),
                "overdue": overdue,
                "reminders": entries,
            }
        )
    else:
        from learnsync.render.terminal import Line, write_lines

        lines = []
        for entry in entries:
            moment = datetime.fromisoformat(entry["at"])
            label = {"overdue": "overdue", "due": "due", "starts": "starts"}[entry["state"]]
            style = {"overdue": "bold red", "due": "yellow", "starts": "magenta"}[entry["state"]]
            line = Line(f"{entry['learner']}  ", "bold").add(f"{label:<8}", style)
            line.add(f"{entry['title']} [{entry['course']}/{entry['id']}]  ")
            if entry["kind"] == "task":
                verb = "was due" if entry["state"] == "overdue" else "due by the end of"
                when = f"{date.fromisoformat(entry['due']):%a %d %b}"
            else:
                verb, when = "at", f"{moment:%a %d %b %H:%M}"
            lines.append(line.add(f"{verb} {when}", "dim"))
        if not entries:
            lines.append(Line(f"Nothing overdue or due within {within}.", "green"))
        write_lines(sys.stdout, lines)
    return 1 if overdue else 0
