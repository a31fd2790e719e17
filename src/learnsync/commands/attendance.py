"""``learnsync done SESSION --learner A --learner B`` (or ``--roster FILE``): a session's
attendance for several learners in one command. Only sessions: tasks are done one learner at a
time."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from learnsync.enrollments import enrollment_holding, find_learner, open_for
from learnsync.errors import LearnsyncError, UsageError
from learnsync.options import parse_at
from learnsync.output import print_json
from learnsync.tracking import completion_kind

SCHEMA_VERSION = 1


def run(
    items: Sequence[str],
    at: str | None,
    note: str | None,
    course: str | None,
    learners: Sequence[str],
    roster: Path | None,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import record

    if roster is not None and learners:
        raise UsageError("--learner and --roster cannot be used together")
    if roster is not None:
        from learnsync.course.roster import load_roster

        learners = [entry.id for entry in load_roster(roster).learners]
    names = list(dict.fromkeys(learners))
    moment = parse_at(at)
    now = current_time()
    results = []
    with open_for(store_option, write=True) as store:
        names = [find_learner(store, name) for name in names]
        held = []
        for name in names:  # every learner and every id checked before anything is recorded
            enrollment = enrollment_holding(store, name, course, items, events=False)
            held.append(enrollment)
            sessions = enrollment.sessions
            tasks = [item for item in items if completion_kind(item, sessions) == "done"]
            if tasks:  # what the id is in this learner's course decides: a refused action
                raise LearnsyncError(
                    f"'{tasks[0]}' is a task of {enrollment.row.course_id}, not a live session: "
                    "several learners at once is for a session's attendance; record tasks one "
                    f"learner at a time: learnsync done {tasks[0]} --learner {name}"
                )
        for name in names:
            results.append(record(store, name, items, now=now, at=moment, note=note, course=course))
    documents: list[dict[str, Any]] = [
        {
            "learner": name,
            "course": result.enrollment.row.course_id,
            "recorded": [
                {"id": event.item, "kind": event.kind, "at": event.at.isoformat(), "event": key}
                for key, event in result.events
            ],
            "already_done": [
                {"id": item, "at": when.isoformat() if when else None}
                for item, when in result.already
            ],
        }
        for name, result in zip(names, results, strict=True)
    ]
    if output_format == "json":
        print_json({"schema_version": SCHEMA_VERSION, "learners": documents})
        return 0
    from learnsync.render.terminal import Line, write_lines

    titles = {session.id: session.title for session in held[0].plan.sessions}
    lines = []
    for item in items:
        present = [d["learner"] for d in documents if any(r["id"] == item for r in d["recorded"])]
        before = [
            d["learner"] for d in documents if any(a["id"] == item for a in d["already_done"])
        ]
        title = titles.get(item, item)
        for label, style, who in (
            ("Attended: ", "green", present),
            ("Already recorded, not counted twice: ", "yellow", before),
        ):
            if who:
                line = Line(label, style).add(f"{item} (").add(title, flex=True).add("): ")
                lines.append(line.add(", ".join(who), "bold"))
    write_lines(sys.stdout, lines)
    return 0
