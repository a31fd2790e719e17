"""``learnsync unenroll``: withdraw a learner from a course, keeping or erasing their events."""

from __future__ import annotations

import sys

from learnsync.enrollments import find_learner, open_for, unenroll
from learnsync.errors import UsageError
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run(
    learner: str,
    course: str | None,
    keep_events: bool,
    delete_events: bool,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time

    if keep_events == delete_events:
        raise UsageError(
            "say what happens to the learner's events: --keep-events (withdraw, keeping the "
            "record) or --delete-events (erase the enrollment and its events)"
            if not keep_events
            else "--keep-events and --delete-events cannot be used together"
        )
    now = current_time()
    with open_for(store_option, write=True) as store:
        name = find_learner(store, learner, withdrawn=delete_events)
        result = unenroll(store, name, course, keep_events=keep_events, now=now)
    course_id = result.row.course_id
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": course_id,
                "action": "erased" if result.erased else "withdrawn",
                "events": result.events,
                "at": now.isoformat(),
            }
        )
        return 0
    from learnsync.render.terminal import Line, write_lines

    events = f"{result.events} event{'s' if result.events != 1 else ''}"
    if result.erased:
        line = Line("Erased ", "yellow").add(name, "bold").add(f"'s enrollment in {course_id}")
        line.add(f" with its {events} and plans.")
    else:
        line = Line("Withdrew ", "yellow").add(name, "bold").add(f" from {course_id}; ")
        line.add(f"their {events} are kept, out of the team views.")
    write_lines(sys.stdout, [line])
    return 0
