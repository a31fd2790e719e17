"""``learnsync replan``: a new plan from today, or onto an edited course file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from learnsync.commands.enrollment import (
    learner_name,
    one_enrollment,
    open_for,
    print_json,
    read_enrollment,
    source_of,
)
from learnsync.planning.model import Plan

SCHEMA_VERSION = 1


def merge_done(old: Plan, new: Plan, done: set[str]) -> Plan:
    """The new plan, with the done tasks as the old plan had them (their slots and due dates are
    history), first and in their old order."""
    kept = [task for task in old.tasks if task.id in done]
    kept_ids = {task.id for task in kept}
    fresh = [task for task in new.tasks if task.id not in kept_ids]
    return replace(new, tasks=tuple(kept + fresh))


def run(
    learner: str | None, course: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.course.loader import load_course, locate_in_text, parse_course
    from learnsync.planning.planner import replan
    from learnsync.planning.snapshot import plan_document
    from learnsync.tracking import done_items

    name = learner_name(learner)
    course_file = Path(course) if course and Path(course).is_file() else None
    new_course = load_course(course_file) if course_file else None
    selector = new_course.id if new_course else course
    now = current_time()
    with open_for(store_option, write=True) as store:
        row = one_enrollment(store, name, selector)
        enrollment = read_enrollment(store, row)
        if course_file and new_course:
            source, digest = source_of(course_file)
            source_path, subject = str(course_file.resolve()), new_course
        else:
            source, digest = enrollment.plan_row.source, enrollment.plan_row.source_hash
            source_path = enrollment.plan_row.source_path
            subject = parse_course(source, source_path)
        options = enrollment.options
        today = now.astimezone(enrollment.zone).date()
        known = {task.id for _, task in subject.iter_tasks()} | {s.id for s in subject.sessions}
        done = done_items(enrollment.events)
        orphaned = sorted({event.item for event in enrollment.events} - known)
        fresh, missed = replan(
            subject,
            start=enrollment.plan.start,
            today=today,
            done=frozenset(done & known),
            mode=options.get("mode"),  # type: ignore[arg-type]
            timezone=options.get("timezone"),  # type: ignore[arg-type]
            daily_minutes=options.get("daily_minutes"),  # type: ignore[arg-type]
            workdays=options.get("workdays"),  # type: ignore[arg-type]
        )
        result = merge_done(enrollment.plan, fresh, done & known)
        store.add_plan(
            row.id,
            now=now,
            reason="course-change" if course_file else "replan",
            source_path=source_path,
            source_hash=digest,
            source=source,
            plan=json.dumps(plan_document(result), ensure_ascii=False, separators=(",", ":")),
            options=enrollment.plan_row.options,
        )
    missed = locate_in_text(missed, source, source_path)
    left = [task for task in result.tasks if task.id not in done]
    if output_format == "json":
        from learnsync.render.findings_json import finding_record

        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": row.course_id,
                "from": today.isoformat(),
                "tasks_left": len(left),
                "finish": result.finish.isoformat() if result.finish else None,
                "course_changed": course_file is not None,
                "orphaned_events": orphaned,
                "missed_deadlines": [finding_record(finding) for finding in missed],
            }
        )
        return 0
    import sys

    from learnsync.render.terminal import Line, write_lines

    finish = f", done by {result.finish:%a %d %b %Y}" if result.finish else ""
    lines = [
        Line(f"Replanned {row.course_id} for {name} from {today:%a %d %b %Y}: ").add(
            f"{len(left)} tasks left{finish}."
        )
    ]
    if orphaned:
        lines.append(
            Line("Events kept for ids the course no longer has (they no longer count): ").add(
                ", ".join(orphaned)
            )
        )
    if missed:
        lines.append(Line("Deadlines that can no longer be met:", "bold red"))
        for finding in missed:
            where = f"{finding.file}:{finding.line}:{finding.column}"
            lines.append(Line(f"{where}: ", "bold").add(finding.message))
            if finding.hint:
                lines.append(Line("  hint: ", "dim").add(finding.hint))
    write_lines(sys.stdout, lines)
    return 0
