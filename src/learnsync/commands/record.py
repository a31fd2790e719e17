"""``learnsync done`` and ``learnsync undo``: append events, never change them."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from learnsync.enrollments import open_for
from learnsync.options import learner_name, parse_at
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run_done(
    items: Sequence[str],
    at: str | None,
    score: float | None,
    note: str | None,
    course: str | None,
    learner: str | None,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import record

    name = learner_name(learner)
    moment = parse_at(at)
    with open_for(store_option, write=True) as store:
        result = record(
            store, name, items, now=current_time(), at=moment, score=score, note=note, course=course
        )
    plan = result.enrollment.plan
    recorded = [
        {
            "id": event.item,
            "kind": event.kind,
            "at": event.at.isoformat(),
            "event": event_id,
            "late": _late(event),
        }
        for event_id, event in result.events
    ]
    already = [
        {"id": item, "at": when.isoformat() if when else None} for item, when in result.already
    ]
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": result.enrollment.row.course_id,
                "recorded": recorded,
                "already_done": already,
                "warnings": result.warnings,
            }
        )
        return 0
    from learnsync.render.terminal import Line, write_lines

    titles = {task.id: task.title for task in plan.tasks} | {
        session.id: session.title for session in plan.sessions
    }
    zone = result.enrollment.zone
    lines = []
    for entry in recorded:
        verb = "Attended" if entry["kind"] == "attended" else "Done"
        line = Line(f"{verb}: ", "green").add(f"{entry['id']} ({titles[str(entry['id'])]})")
        if entry["late"]:
            line.add(" late: after its deadline", "yellow")
        lines.append(line)
    for item, when in result.already:
        day = f"{when.astimezone(zone):%Y-%m-%d}" if when else "?"
        lines.append(Line("Already done: ", "yellow").add(f"{item} (on {day}); not counted twice"))
    write_lines(sys.stdout, lines)
    write_lines(sys.stderr, [Line("warning: ", "yellow").add(text) for text in result.warnings])
    return 0


def _late(event: object) -> bool | None:
    """The verdict a completion was recorded with: None for an attendance."""
    from learnsync.rules import NO_DEADLINE, is_late
    from learnsync.tracking import Event

    assert isinstance(event, Event)
    if event.kind != "done":
        return None
    return is_late(event.at, None if event.deadline == NO_DEADLINE else event.deadline)


def run_undo(
    item: str, course: str | None, learner: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import undo

    name = learner_name(learner)
    now = current_time()
    with open_for(store_option, write=True) as store:
        enrollment, event_id, done_at = undo(store, name, item, now=now, course=course)
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": enrollment.row.course_id,
                "undone": {"id": item, "at": now.isoformat(), "event": event_id},
            }
        )
    else:
        from learnsync.render.terminal import Line, write_lines

        when = f"{done_at.astimezone(enrollment.zone):%Y-%m-%d}" if done_at else "?"
        write_lines(sys.stdout, [Line("Undone: ", "yellow").add(f"{item} (it was done on {when})")])
    return 0
