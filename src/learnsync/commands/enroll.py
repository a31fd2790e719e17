"""``learnsync enroll`` and ``learnsync enrollments``."""

from __future__ import annotations

import json
from pathlib import Path

from learnsync.commands.enrollment import (
    learner_name,
    open_for,
    print_json,
    read_enrollment,
    source_of,
)
from learnsync.errors import PlanError

SCHEMA_VERSION = 1


def run_enroll(
    path: Path,
    learner: str | None,
    mode: str | None,
    start: str | None,
    timezone: str | None,
    store_option: str | None,
    output_format: str,
) -> int:
    from zoneinfo import ZoneInfo

    from learnsync.clock import next_monday, now
    from learnsync.commands.plan import located, parse_start
    from learnsync.course.loader import load_course
    from learnsync.planning import plan
    from learnsync.planning.snapshot import plan_document

    name = learner_name(learner)
    course = load_course(path)
    start_date = parse_start(start, next_monday(ZoneInfo(course.calendar.timezone)))
    try:
        result = plan(course, start=start_date, mode=mode, timezone=timezone)  # type: ignore[arg-type]
    except PlanError as error:
        raise located(error, path) from None
    source, digest = source_of(path)
    options = {"mode": mode, "timezone": timezone}
    with open_for(store_option, write=True) as store:
        row = store.enroll(
            name,
            course.id,
            now=now(),
            source_path=str(path.resolve()),
            source_hash=digest,
            source=source,
            plan=json.dumps(plan_document(result), ensure_ascii=False, separators=(",", ":")),
            options=json.dumps(options),
        )
    record = {
        "learner": name,
        "course": course.id,
        "title": course.title,
        "mode": result.mode,
        "start": result.start.isoformat(),
        "finish": result.finish.isoformat() if result.finish else None,
        "tasks": len(result.tasks),
        "enrolled_at": row.created_at.isoformat(),
    }
    if output_format == "json":
        print_json({"schema_version": SCHEMA_VERSION, "enrollment": record})
        return 0
    import sys

    from learnsync.render.terminal import Line, write_lines

    finish = f", done by {result.finish:%a %d %b %Y}" if result.finish else ""
    line = Line("Enrolled ").add(name, "bold")
    line.add(f" in {course.id} ({result.mode}, from {result.start:%a %d %b %Y}): ")
    line.add(f"{len(result.tasks)} tasks{finish}. Next: learnsync next")
    write_lines(sys.stdout, [line])
    return 0


def run_enrollments(learner: str | None, store_option: str | None, output_format: str) -> int:
    from learnsync.tracking import done_items

    with open_for(store_option, write=False) as store:
        rows = store.enrollments(learner=learner)
        records = []
        for row in rows:
            enrollment = read_enrollment(store, row)
            done = done_items(enrollment.events) & {task.id for task in enrollment.plan.tasks}
            last = max((event.at for event in enrollment.events), default=None)
            records.append(
                {
                    "learner": row.learner,
                    "course": row.course_id,
                    "title": enrollment.plan.course_title,
                    "mode": enrollment.plan.mode,
                    "start": enrollment.plan.start.isoformat(),
                    "done": len(done),
                    "total": len(enrollment.plan.tasks),
                    "enrolled_at": row.created_at.isoformat(),
                    "last_activity": last.isoformat() if last else None,
                }
            )
    if output_format == "json":
        print_json({"schema_version": SCHEMA_VERSION, "enrollments": records})
        return 0
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from learnsync.render.console import make_console
    from learnsync.render.terminal import printable

    console = make_console()
    if not records:
        console.print("No enrollments yet: learnsync enroll PATH")
        return 0
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("Learner", "Course", "Mode", "Start", "Done", "Last activity"):
        table.add_column(column, justify="right" if column == "Done" else "left")
    for record in records:
        table.add_row(
            Text(printable(str(record["learner"]))),
            Text(printable(str(record["course"]))),
            str(record["mode"]),
            str(record["start"]),
            f"{record['done']}/{record['total']}",
            str(record["last_activity"] or "-")[:16].replace("T", " "),
        )
    console.print(table)
    return 0
