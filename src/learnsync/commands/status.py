"""``learnsync status`` and ``learnsync badges``: one learner's progress and rewards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnsync.enrollments import (
    Enrollment,
    find_learner,
    learner_outlook,
    learner_progress,
    open_for,
    read_enrollment,
    select_enrollments,
)
from learnsync.errors import UsageError
from learnsync.options import learner_names
from learnsync.progress import Progress
from learnsync.render.status_text import catch_up_document, forecast_document
from learnsync.rules import NextDeadline, blackouts_ahead

if TYPE_CHECKING:
    from datetime import datetime

    from learnsync.store.database import EnrollmentRow, Store

SCHEMA_VERSION = 1


def _day(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _rate(result: Progress) -> float | None:
    rate = result.on_time_rate
    return round(rate, 3) if rate is not None else None


def _next_deadline(deadline: NextDeadline | None, now: datetime) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "date": deadline.date.isoformat(),
        "module": deadline.module,
        "item": deadline.item,
        "tasks_left": len(deadline.tasks),
        "tasks": [task.id for task in deadline.tasks],
        "passed": deadline.is_past(now),  # as next says: its end (course's midnight) is past
    }


def _streak(result: Progress) -> dict[str, Any]:
    """The streak in the course's unit (weeks with a weekly target, else days)."""
    return {
        "unit": result.streak_unit,
        "current": result.streak.length,
        "longest": result.streak.longest,
        "weekly_target": result.streak_target,
        "day_start": f"{result.day_start // 60:02d}:{result.day_start % 60:02d}",
    }


def _freezes(result: Progress) -> dict[str, Any] | None:
    """The streak's freezes: held, and spent keeping the current streak alive (the days, or the
    Mondays of the weeks, they stood for); None when the course has none."""
    if result.freeze_every is None:
        return None
    return {
        "left": result.streak.freezes_left,
        "used": [day.isoformat() for day in result.streak.freezes_used],
        "every": result.freeze_every,
        "max": result.freeze_max,
    }


def status_document(learner: str, result: Progress, now: datetime) -> dict[str, Any]:
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
        "counts": result.counts.describe(),
        "behind": result.behind,
        "overdue": [
            {"id": t.id, "title": t.title, "due": _day(t.due), "deadline": _day(t.deadline)}
            for t in result.overdue
        ],
        "due_soon": [
            {"id": t.id, "title": t.title, "due": _day(t.due), "deadline": _day(t.deadline)}
            for t in result.due_soon
        ],
        "on_time": result.on_time,
        "late": result.late,
        "with_deadline_done": result.with_due_done,
        "on_time_rate": _rate(result),
        "next_deadline": _next_deadline(result.next_deadline, now),
        "replans": result.history.replans,
        "finish_shift_days": result.history.finish_shift_days,
        "points": result.points,
        "level": result.level.number,
        "next_level_at": result.level.next_at,
        "points_to_next_level": result.level.points_to_next(result.points),
        "streak_days": result.streak_days,
        "longest_streak": result.longest_streak,
        "streak": _streak(result),
        "freezes": _freezes(result),
        "badges": [
            {
                "id": s.badge.id,
                "title": s.badge.title,
                "earned_at": s.earned_at.isoformat() if s.earned_at else None,
                "earned_on": result.day_of(s.earned_at).isoformat() if s.earned_at else None,
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
        "finished_on": _day(result.finished_on),
        "last_deadline": _day(result.last_deadline),
        "last_activity": result.last_activity.isoformat() if result.last_activity else None,
    }


def _enrollments(
    store: Store, learner: str | None, course: str | None, output_format: str
) -> tuple[str, list[EnrollmentRow]]:
    """Who the command is about, and which of their enrollments it shows."""
    name = find_learner(store, *learner_names(learner))
    rows = select_enrollments(store, name, course)
    if output_format in ("json", "html") and len(rows) > 1:
        courses = ", ".join(row.course_id for row in rows)
        raise UsageError(
            f"{name} is enrolled in several courses ({courses}): "
            f"pass --course ID for {output_format.upper()}"
        )
    return name, rows


def run_status(
    learner: str | None,
    course: str | None,
    store_option: str | None,
    output_format: str,
    chart: bool = False,
    output: Path | None = None,
) -> int:
    from learnsync.clock import now as current_time

    if output is not None and output_format == "text":
        raise UsageError("--output needs --format json or html (the text is for a terminal)")
    if output_format == "html":
        return _html_status(learner, course, store_option, output)
    documents = []
    results = []
    enrollments = []
    with open_for(store_option, write=False) as store:
        name, rows = _enrollments(store, learner, course, output_format)
        now = current_time()
        for row in rows:
            # with its progress snapshot; the events only for the charts
            enrollment = read_enrollment(store, row, events=chart, snapshot=True)
            result, outlook = learner_outlook(enrollment, now)
            advice = None
            if result.on_track is False:  # the advice counts what is done: the done set
                from learnsync.enrollments import catch_up_for

                advice = catch_up_for(read_enrollment(store, row, events=False, done=True), now)
            document = status_document(name, result, now)
            document["forecast"] = forecast_document(outlook)
            document["catch_up"] = catch_up_document(advice)
            document["blackouts"] = [  # now or ahead: days the plan leaves without study
                {"from": b.first.isoformat(), "to": b.last.isoformat(), "title": b.title}
                for b in blackouts_ahead(enrollment.plan, result.today)
            ]
            documents.append(document)
            results.append(result)
            enrollments.append(enrollment)
    if output_format == "json":
        from learnsync.output import emit
        from learnsync.render.jsonfmt import dumps_document

        emit(dumps_document(documents[0]), output)
        return 0
    from learnsync.render.status_text import print_status

    print_status(documents)
    if chart:
        _print_charts(enrollments, results)
    return 0


def _html_status(
    learner: str | None, course: str | None, store_option: str | None, output: Path | None
) -> int:
    from learnsync.clock import now
    from learnsync.enrollments import learner_dashboard
    from learnsync.output import emit
    from learnsync.render.dashboard import learner_page

    names = learner_names(learner)
    with open_for(store_option, write=False) as store:
        name = find_learner(store, *names)
        rows = select_enrollments(store, name, course)
        if len(rows) > 1:
            courses = ", ".join(row.course_id for row in rows)
            raise UsageError(
                f"{name} is enrolled in several courses ({courses}): pass --course ID for HTML"
            )
        enrollment = read_enrollment(store, rows[0])
        info = store.learner_info(name)
    emit(learner_page(learner_dashboard(enrollment, now(), info[0] if info else None)), output)
    return 0


def _print_charts(enrollments: list[Enrollment], results: list[Progress]) -> None:
    import sys

    from learnsync.charts import burndown, study_calendar
    from learnsync.render.charts_text import burndown_lines, calendar_lines
    from learnsync.render.terminal import Line, colour_enabled, terminal_width, write_lines

    width = min(terminal_width(sys.stdout) or 80, 100)
    colour = colour_enabled(sys.stdout)
    for enrollment, result in zip(enrollments, results, strict=True):
        plan, events = enrollment.plan, enrollment.events
        lines = [Line()]
        if any(task.slots for task in plan.tasks):
            chart = burndown(plan, events, result.today, result.weekly_pace_minutes)
            sys.stdout.write("\n" + "\n".join(burndown_lines(chart, width, colour=colour)) + "\n")
        lines += calendar_lines(study_calendar(plan, events, result.today), width)
        write_lines(sys.stdout, lines)


def run_badges(
    learner: str | None, course: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.badges import criteria
    from learnsync.clock import now as current_time

    with open_for(store_option, write=False) as store:
        name, rows = _enrollments(store, learner, course, output_format)
        enrollments = [read_enrollment(store, row, events=False, snapshot=True) for row in rows]
    now = current_time()
    documents = []
    for enrollment in enrollments:
        result = learner_progress(enrollment, now)
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
                        "earned_on": (
                            result.day_of(status.earned_at).isoformat()
                            if status.earned_at
                            else None
                        ),
                        "current": min(status.current, status.target),
                        "target": status.target,
                        "progress": status.progress,
                    }
                    for status in result.badges
                ],
            }
        )
    if output_format == "json":
        from learnsync.output import print_json

        print_json(documents[0])
        return 0
    from learnsync.render.status_text import print_badges

    print_badges(documents)
    return 0
