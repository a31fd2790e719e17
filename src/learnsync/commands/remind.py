"""``learnsync remind``: what is overdue or due soon, for every enrollment, for cron."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

from learnsync.enrollments import find_learner, open_for, read_enrollment
from learnsync.options import parse_within
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run(within: str, learner: str | None, store_option: str | None, output_format: str) -> int:
    from learnsync import rules
    from learnsync.clock import now as current_time
    from learnsync.tracking import done_items

    window = parse_within(within)
    now = current_time()
    horizon = now + window
    entries: list[dict[str, Any]] = []
    with open_for(store_option, write=False) as store:
        if learner is not None:
            learner = find_learner(store, learner)
        for row in store.enrollments(learner=learner):
            enrollment = read_enrollment(store, row)
            plan = enrollment.plan
            done = done_items(enrollment.events)
            found = (
                ("overdue", rules.overdue(plan, done, now)),
                ("due", rules.due_within(plan, done, now, window)),
            )
            for state, tasks in found:
                for task in tasks:
                    end = rules.deadline_end(task, plan)
                    assert end is not None and task.deadline is not None
                    entries.append(
                        {
                            "learner": row.learner,
                            "course": row.course_id,
                            "kind": "task",
                            "id": task.id,
                            "title": task.title,
                            "state": state,
                            "at": end.isoformat(),
                            "due": task.deadline.isoformat(),
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
