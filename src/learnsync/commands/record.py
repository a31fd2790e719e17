"""``learnsync done`` and ``learnsync undo``: append events, never change them."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from learnsync.commands.enrollment import (
    Enrollment,
    learner_name,
    open_for,
    parse_moment,
    print_json,
    read_enrollment,
    select_enrollments,
)
from learnsync.errors import LearnsyncError, UsageError
from learnsync.store.database import NewEvent, Store

SCHEMA_VERSION = 1


def _enrollment_for(
    store: Store, learner: str, course: str | None, items: Sequence[str]
) -> Enrollment:
    """The enrollment whose plan holds every id; refuse unknown ids with a did-you-mean."""
    candidates = [read_enrollment(store, row) for row in select_enrollments(store, learner, course)]

    def known(enrollment: Enrollment) -> set[str]:
        plan = enrollment.plan
        return {task.id for task in plan.tasks} | {session.id for session in plan.sessions}

    holding = [e for e in candidates if all(item in known(e) for item in items)]
    if len(holding) == 1:
        return holding[0]
    if len(holding) > 1:
        courses = ", ".join(e.row.course_id for e in holding)
        raise UsageError(
            f"{', '.join(items)} is in several of {learner}'s courses ({courses}): pass --course ID"
        )
    from learnsync.course.findings import did_you_mean

    everything = set().union(*(known(e) for e in candidates))
    for item in items:
        if item not in everything:
            hint = did_you_mean(item, sorted(everything))
            where = candidates[0].row.course_id if len(candidates) == 1 else f"{learner}'s courses"
            raise LearnsyncError(
                f"'{item}' is not a task or session of {where}" + (f"; {hint}" if hint else "")
            )
    raise LearnsyncError(
        f"{', '.join(items)} are not all in one course: record them one course at a time"
    )


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
    from learnsync.tracking import Requirements, item_states

    name = learner_name(learner)
    now = current_time()
    with open_for(store_option, write=True) as store:
        enrollment = _enrollment_for(store, name, course, items)
        moment = parse_moment(at, enrollment.zone, now)
        states = item_states(enrollment.events)
        sessions = {session.id for session in enrollment.plan.sessions}
        tasks = {task.id: task for task in enrollment.plan.tasks}
        done_now = {item for item, state in states.items() if state.done}
        requirements = Requirements(enrollment.plan)
        new_events: list[NewEvent] = []
        already: list[dict[str, object]] = []
        warnings: list[str] = []
        for item in dict.fromkeys(items):
            state = states.get(item)
            if state is not None and state.done:
                already.append({"id": item, "at": state.at.isoformat() if state.at else None})
                continue
            if item in tasks:
                missing = requirements.missing(tasks[item], done_now | {e.item for e in new_events})
                if missing:
                    warnings.append(
                        f"'{item}' requires {', '.join(missing)}, not done yet; recorded anyway"
                    )
            kind = "attended" if item in sessions else "done"
            new_events.append(NewEvent(kind, item, moment, score, note))
        ids = store.append_events(enrollment.row.id, new_events, now=now) if new_events else []
    recorded = [
        {"id": event.item, "kind": event.kind, "at": event.at.isoformat(), "event": event_id}
        for event, event_id in zip(new_events, ids, strict=True)
    ]
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": enrollment.row.course_id,
                "recorded": recorded,
                "already_done": already,
                "warnings": warnings,
            }
        )
        return 0
    from learnsync.render.terminal import Line, write_lines

    titles = {task.id: task.title for task in enrollment.plan.tasks} | {
        session.id: session.title for session in enrollment.plan.sessions
    }
    lines = []
    for entry in recorded:
        verb = "Attended" if entry["kind"] == "attended" else "Done"
        lines.append(Line(f"{verb}: ", "green").add(f"{entry['id']} ({titles[str(entry['id'])]})"))
    for entry in already:
        lines.append(
            Line("Already done: ", "yellow").add(
                f"{entry['id']} (on {str(entry['at'])[:10]}); not counted twice"
            )
        )
    write_lines(sys.stdout, lines)
    write_lines(sys.stderr, [Line("warning: ", "yellow").add(warning) for warning in warnings])
    return 0


def run_undo(
    item: str, course: str | None, learner: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.tracking import item_states

    name = learner_name(learner)
    now = current_time()
    with open_for(store_option, write=True) as store:
        enrollment = _enrollment_for(store, name, course, [item])
        state = item_states(enrollment.events).get(item)
        if state is None or not state.done:
            raise LearnsyncError(f"'{item}' is not done, so there is nothing to undo")
        [event_id] = store.append_events(
            enrollment.row.id, [NewEvent("undone", item, now)], now=now
        )
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

        when = state.at.date() if state.at else "?"
        write_lines(sys.stdout, [Line("Undone: ", "yellow").add(f"{item} (it was done on {when})")])
    return 0
