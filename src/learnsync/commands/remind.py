"""``learnsync remind``: what is overdue or due soon, for every enrollment, for cron."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from learnsync.enrollments import find_learner, open_for, read_enrollment
from learnsync.options import parse_within
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run(within: str, learner: str | None, store_option: str | None, output_format: str) -> int:
    from learnsync import rules
    from learnsync.clock import now as current_time

    window = parse_within(within)
    now = current_time()
    horizon = now + window
    entries: list[dict[str, Any]] = []
    people: dict[str, tuple[str | None, str | None]] = {}
    zones: dict[tuple[str, str], str] = {}
    with open_for(store_option, write=False) as store:
        if learner is not None:
            learner = find_learner(store, learner)
        for row in store.enrollments(learner=learner):
            enrollment = read_enrollment(store, row)
            plan = enrollment.plan
            info = store.learner_info(row.learner)
            people[row.learner] = (info[0], info[1]) if info else (None, None)
            zones[(row.learner, row.course_id)] = plan.display_timezone
            done = enrollment.done
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
    groups = _by_learner(entries, people, zones)
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "now": now.isoformat(),
                "within_minutes": int(window.total_seconds() // 60),
                "overdue": overdue,
                "reminders": entries,
                "learners": groups,
            }
        )
    else:
        from learnsync.render.remind_text import remind_lines
        from learnsync.render.terminal import write_lines

        write_lines(sys.stdout, remind_lines(groups, within))
    return 1 if overdue else 0


def _by_learner(
    entries: list[dict[str, Any]],
    people: dict[str, tuple[str | None, str | None]],
    zones: dict[tuple[str, str], str],
) -> list[dict[str, Any]]:
    """The reminders grouped by learner (by id), each with their name, email and time zone, and
    each item with its moment in the learner's zone: one message a learner."""
    from zoneinfo import ZoneInfo

    groups: dict[str, dict[str, Any]] = {}
    for entry in entries:
        learner = entry["learner"]
        zone = zones[(learner, entry["course"])]
        group = groups.setdefault(
            learner,
            {
                "learner": learner,
                "name": people[learner][0],
                "email": people[learner][1],
                "timezone": zone,
                "items": [],
            },
        )
        local = datetime.fromisoformat(entry["at"]).astimezone(ZoneInfo(zone))
        group["items"].append({**entry, "timezone": zone, "local_at": local.isoformat()})
    return [groups[learner] for learner in sorted(groups)]
