"""``learnsync next``: what to do now, for each of the learner's enrollments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from learnsync import rules
from learnsync.enrollments import find_learner, open_for, read_enrollment, select_enrollments
from learnsync.options import learner_names
from learnsync.planning.model import PlannedTask
from learnsync.planning.snapshot import session_record
from learnsync.tracking import NextView, next_view

SCHEMA_VERSION = 1


def _task(task: PlannedTask, **extra: Any) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "module": task.module,
        "kind": task.kind,
        "effort_minutes": task.effort_minutes,
        "due": task.due.isoformat() if task.due else None,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "optional": task.optional,
        **extra,
    }


def _now_task(task: PlannedTask, minutes_today: int, today: date) -> dict[str, Any]:
    """A task of ``now``: the minutes the plan puts on it today (0 when all of its started
    slots are on earlier days), and those of its slots before today that are still open."""
    earlier = [slot for slot in task.slots if slot.date < today]
    return _task(
        task,
        minutes_today=minutes_today,
        planned_from=task.slots[0].date.isoformat(),
        minutes_before_today=sum(slot.minutes for slot in earlier),
    )


def view_document(
    course: str, title: str, mode: str, view: NextView, now: datetime
) -> dict[str, Any]:
    return {
        "course": course,
        "title": title,
        "mode": mode,
        "today": view.today.isoformat(),
        "behind_minutes": view.behind.minutes if view.behind else 0,
        "behind_tasks": [task.id for task in view.behind.tasks] if view.behind else [],
        "overdue": [_task(task) for task in view.overdue],
        "now": [_now_task(task, minutes, view.today) for task, minutes in view.now],
        "blackout": None
        if view.blackout is None
        else {
            "from": view.blackout.first.isoformat(),
            "to": view.blackout.last.isoformat(),
            "title": view.blackout.title,
            "resume": view.resume.isoformat() if view.resume else None,
        },
        "sessions": [
            {**session_record(session), "ended": session.end <= now} for session in view.sessions
        ],
        "upcoming_sessions": [session_record(session) for session in view.upcoming_sessions],
        "due_soon": [_task(task) for task in view.due_soon],
        "unlocked": [_task(task) for task in view.unlocked],
        "milestone": None
        if view.deadline is None
        else {
            "module": view.deadline.module,
            "item": view.deadline.item,
            "due": view.deadline.date.isoformat(),
            "tasks_left": len(view.deadline.tasks),
            "tasks": [task.id for task in view.deadline.tasks],
            "passed": view.deadline.is_past(now),
        },
    }


def run(
    learner: str | None,
    course: str | None,
    focus: Sequence[str],
    limit: int,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time

    names = learner_names(learner)
    now = current_time()
    documents = []
    with open_for(store_option, write=False) as store:
        name = find_learner(store, *names)
        for row in select_enrollments(store, name, course):
            enrollment = read_enrollment(store, row, events=False, done=True)
            view = next_view(enrollment.plan, enrollment.done, now, focus=focus, limit=limit)
            document = view_document(
                row.course_id, enrollment.plan.course_title, enrollment.plan.mode, view, now
            )
            advice = None
            if rules.on_track(view.behind, view.overdue) is False:  # as status asks it
                from learnsync.enrollments import catch_up_for
                from learnsync.render.status_text import catch_up_document

                advice = catch_up_document(catch_up_for(enrollment, now))
            document["catch_up"] = advice
            documents.append(document)
    if output_format == "json":
        from learnsync.output import print_json

        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "now": now.isoformat(),
                "courses": documents,
            }
        )
        return 0
    from learnsync.render.next_text import print_next

    print_next(name, documents)
    return 0
