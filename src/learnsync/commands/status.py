"""``learnsync status`` and ``learnsync badges``: one learner's progress and rewards."""

from __future__ import annotations

from typing import Any

from learnsync.commands.enrollment import (
    Enrollment,
    learner_name,
    open_for,
    print_json,
    read_enrollment,
    select_enrollments,
)
from learnsync.errors import UsageError
from learnsync.progress import Progress, progress

SCHEMA_VERSION = 1


def _day(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def status_document(learner: str, result: Progress) -> dict[str, Any]:
    earned = [status for status in result.badges if status.earned]
    locked = sorted(
        (status for status in result.badges if not status.earned), key=lambda s: -s.share
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "learner": learner,
        "course": result.course_id,
        "title": result.title,
        "mode": result.mode,
        "today": result.today.isoformat(),
        "done": result.done,
        "total": result.total,
        "percent": round(result.percent, 1),
        "done_minutes": result.done_minutes,
        "total_minutes": result.total_minutes,
        "effort_percent": round(result.effort_percent, 1),
        "optional_done": result.optional_done,
        "optional_total": result.optional_total,
        "modules": [
            {
                "id": module.id,
                "title": module.title,
                "done": module.done,
                "total": module.total,
                "percent": round(module.percent, 1),
                "done_minutes": module.done_minutes,
                "total_minutes": module.total_minutes,
            }
            for module in result.modules
        ],
        "on_track": result.on_track,
        "behind_tasks": result.behind_tasks,
        "behind_minutes": result.behind_minutes,
        "overdue": [{"id": t.id, "title": t.title, "due": _day(t.due)} for t in result.overdue],
        "due_soon": [{"id": t.id, "title": t.title, "due": _day(t.due)} for t in result.due_soon],
        "points": result.points,
        "level": result.level.number,
        "next_level_at": result.level.next_at,
        "points_to_next_level": result.level.points_to_next(result.points),
        "streak_days": result.streak_days,
        "longest_streak": result.longest_streak,
        "badges": [
            {
                "id": s.badge.id,
                "title": s.badge.title,
                "earned_at": s.earned_at.isoformat() if s.earned_at else None,
            }
            for s in earned
        ],
        "next_badges": [
            {
                "id": s.badge.id,
                "title": s.badge.title,
                "progress": s.progress,
                "share": round(s.share, 3),
            }
            for s in locked[:3]
        ],
        "planned_finish": _day(result.planned_finish),
        "weekly_pace_minutes": result.weekly_pace_minutes,
        "forecast_finish": _day(result.forecast_finish),
        "last_activity": result.last_activity.isoformat() if result.last_activity else None,
    }


def _enrollments(
    learner: str | None, course: str | None, store_option: str | None, output_format: str
) -> tuple[str, list[Enrollment]]:
    name = learner_name(learner)
    with open_for(store_option, write=False) as store:
        rows = select_enrollments(store, name, course)
        if output_format == "json" and len(rows) > 1:
            courses = ", ".join(row.course_id for row in rows)
            raise UsageError(
                f"{name} is enrolled in several courses ({courses}): pass --course ID for JSON"
            )
        return name, [read_enrollment(store, row) for row in rows]


def run_status(
    learner: str | None, course: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.clock import now as current_time

    name, enrollments = _enrollments(learner, course, store_option, output_format)
    now = current_time()
    documents = [status_document(name, progress(e.plan, e.events, now)) for e in enrollments]
    if output_format == "json":
        print_json(documents[0])
        return 0
    from learnsync.render.status_text import print_status

    print_status(documents)
    return 0


def run_badges(
    learner: str | None, course: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.badges import criteria
    from learnsync.clock import now as current_time

    name, enrollments = _enrollments(learner, course, store_option, output_format)
    now = current_time()
    documents = []
    for enrollment in enrollments:
        result = progress(enrollment.plan, enrollment.events, now)
        documents.append(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": result.course_id,
                "title": result.title,
                "badges": [
                    {
                        "id": status.badge.id,
                        "title": status.badge.title,
                        "description": status.badge.description,
                        "rule": status.badge.rule,
                        "criteria": criteria(status.badge),
                        "earned": status.earned,
                        "earned_at": status.earned_at.isoformat() if status.earned_at else None,
                        "current": min(status.current, status.target),
                        "target": status.target,
                        "progress": status.progress,
                    }
                    for status in result.badges
                ],
            }
        )
    if output_format == "json":
        print_json(documents[0])
        return 0
    from learnsync.render.status_text import print_badges

    print_badges(documents)
    return 0
