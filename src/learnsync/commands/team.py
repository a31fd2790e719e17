"""``learnsync leaderboard`` and ``learnsync report``: a team lead's views of one course."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from learnsync.commands.enrollment import open_for, print_json
from learnsync.errors import LearnsyncError
from learnsync.lrs import Lrs
from learnsync.planning.model import Plan
from learnsync.progress import PlanFacts, Progress, progress
from learnsync.store.database import EnrollmentRow
from learnsync.tracking import Event

SCHEMA_VERSION = 1
FAR_FUTURE = datetime.max.replace(tzinfo=None)


def course_progress(
    course: str, store_option: str | None, lrs: Lrs | None = None
) -> tuple[str, str, list[tuple[str, Progress]]]:
    """Every learner of a course (an id, or a course file's id) with their progress now: from
    the local store, or, with ``lrs``, from the statements a learning record store holds for the
    course (measured against the course's plan in the local store)."""
    from learnsync.clock import now as current_time
    from learnsync.planning.snapshot import plan_from_document

    course_id = course
    if Path(course).is_file():
        from learnsync.course.loader import load_course

        course_id = load_course(Path(course)).id
    now = current_time()
    with open_for(store_option, write=False) as store:
        rows = store.enrollments(course_id=course_id)
        if not rows:
            known = sorted({row.course_id for row in store.enrollments()})
            if not known:
                raise LearnsyncError("no one is enrolled in any course yet: learnsync enroll PATH")
            from learnsync.course.findings import did_you_mean

            hint = did_you_mean(course_id, known)
            raise LearnsyncError(
                f"no one is enrolled in '{course_id}'"
                + (f"; {hint}" if hint else "")
                + f" (courses in the store: {', '.join(known)})"
            )
        plans: dict[str, tuple[Plan, PlanFacts]] = {}  # a cohort shares one plan: read it once

        def plan_of(row: EnrollmentRow) -> tuple[Plan, PlanFacts]:
            text = store.current_plan(row.id).plan
            if text not in plans:
                plan = plan_from_document(json.loads(text))
                plans[text] = (plan, PlanFacts.of(plan))
            return plans[text]

        results = []
        if lrs is not None:
            from learnsync.lrs import events_from_statements

            plan, facts = plan_of(rows[0])
            own = {row.learner: row for row in rows}
            emails = {}
            for name in own:
                info = store.learner_info(name)
                if info and info[1]:
                    emails[info[1]] = name
            remote = events_from_statements(list(lrs.statements()), plan.iri, emails)
            for learner in sorted(set(own) | set(remote)):
                learner_plan, learner_facts = (
                    plan_of(own[learner]) if learner in own else (plan, facts)
                )
                learner_events = [Event(*event) for event in remote.get(learner, ())]
                results.append(
                    (learner, progress(learner_plan, learner_events, now, learner_facts))
                )
            return course_id, plan.course_title, results
        events = store.course_events(course_id)
        title = ""
        for row in rows:
            plan, facts = plan_of(row)
            title = plan.course_title
            learner_events = [Event(*event) for event in events.get(row.id, ())]
            results.append((row.learner, progress(plan, learner_events, now, facts)))
    return course_id, title, results


def _rate(result: Progress) -> float | None:
    rate = result.on_time_rate
    return round(rate, 3) if rate is not None else None


def _lrs(url: str | None, user: str | None, password: str | None) -> Lrs | None:
    if url is None:
        return None
    from learnsync.commands.sync import lrs_from

    return lrs_from(url, user, password, 30.0)


def run_leaderboard(
    course: str,
    top: int | None,
    store_option: str | None,
    output_format: str,
    lrs_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> int:
    course_id, title, results = course_progress(course, store_option, _lrs(lrs_url, user, password))

    def rank_key(entry: tuple[str, Progress]) -> tuple[int, float, datetime, str]:
        learner, result = entry
        reached = (
            result.points_reached_at.replace(tzinfo=None)
            if result.points_reached_at
            else FAR_FUTURE
        )
        return (-result.points, -(result.on_time_rate or 0.0), reached, learner)

    ranked = sorted(results, key=rank_key)[: top or None]
    rows = [
        {
            "rank": rank,
            "learner": learner,
            "points": result.points,
            "level": result.level.number,
            "on_time_rate": _rate(result),
            "badges": sum(1 for status in result.badges if status.earned),
            "percent": round(result.percent, 1),
            "points_reached_at": result.points_reached_at.isoformat()
            if result.points_reached_at
            else None,
        }
        for rank, (learner, result) in enumerate(ranked, start=1)
    ]
    columns = ["rank", "learner", "points", "level", "on_time_rate", "badges", "percent"]
    return _emit(output_format, course_id, title, "leaderboard", rows, columns, "Leaderboard")


def run_report(
    course: str,
    store_option: str | None,
    output_format: str,
    lrs_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> int:
    course_id, title, results = course_progress(course, store_option, _lrs(lrs_url, user, password))
    rows = [
        {
            "learner": learner,
            "percent": round(result.percent, 1),
            "done": result.done,
            "total": result.total,
            "on_track": result.on_track,
            "behind_minutes": result.behind_minutes,
            "overdue": len(result.overdue),
            "points": result.points,
            "level": result.level.number,
            "badges": sum(1 for status in result.badges if status.earned),
            "streak_days": result.streak_days,
            "last_activity": result.last_activity.isoformat() if result.last_activity else None,
        }
        for learner, result in sorted(results, key=lambda entry: entry[0])
    ]
    columns = list(rows[0]) if rows else []
    return _emit(output_format, course_id, title, "learners", rows, columns, "Report")


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


def _emit(
    output_format: str,
    course_id: str,
    title: str,
    key: str,
    rows: list[dict[str, Any]],
    columns: list[str],
    heading: str,
) -> int:
    if output_format == "json":
        print_json(
            {"schema_version": SCHEMA_VERSION, "course": course_id, "title": title, key: rows}
        )
        return 0
    if output_format == "csv":
        from learnsync.render.safe_csv import render_rows

        sys.stdout.write(
            render_rows(columns, ([row[column] for column in columns] for row in rows))
        )
        return 0
    if output_format == "md":
        from learnsync.render.plan_md import escape

        lines = [f"# {heading}: {escape(title)}", "", "| " + " | ".join(columns) + " |"]
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(escape(_cell(row[c])) for c in columns) + " |" for row in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return 0
    from learnsync.render.columns import column_lines
    from learnsync.render.terminal import write_lines

    headers = [column.replace("_", " ") for column in columns]
    table = column_lines(
        f"{heading}: {title} ({course_id})",
        headers,
        [[_cell(row[column]) for column in columns] for row in rows],
        left=("learner", "last activity"),
        rule=sys.stdout.isatty(),
    )
    write_lines(sys.stdout, table)
    return 0
