"""``learnsync enroll`` and ``learnsync enrollments``."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.commands.enrollment import (
    learner_name,
    open_for,
    print_json,
    read_enrollment,
    source_of,
)
from learnsync.errors import PlanError, UsageError

if TYPE_CHECKING:
    from learnsync.course.findings import Finding
    from learnsync.course.model import Course
    from learnsync.planning.model import Plan

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Seat:
    """One learner to enroll, with their own calendar when a roster gives one."""

    learner: str
    start: date
    timezone: str | None
    daily_minutes: int | None = None
    workdays: tuple[str, ...] | None = None
    display_name: str | None = None
    email: str | None = None


def seats_for(
    learner: str | None, roster: Path | None, start: date, timezone: str | None
) -> list[Seat]:
    if roster is None:
        return [Seat(learner_name(learner), start, timezone)]
    if learner is not None:
        raise UsageError("--learner and --roster cannot be used together")
    from learnsync.course.roster import load_roster

    return [
        Seat(
            entry.id,
            entry.start or start,
            entry.timezone or timezone,
            entry.daily_minutes,
            tuple(entry.workdays) if entry.workdays else None,
            entry.name,
            entry.email,
        )
        for entry in load_roster(roster).learners
    ]


def plans_for(course: Course, path: Path, seats: list[Seat], mode: str | None) -> list[Plan]:
    """A plan fitted to each seat's calendar; every learner whose plan fails is named."""
    from learnsync.commands.plan import located
    from learnsync.planning import plan

    plans: list[Plan] = []
    failures: list[Finding] = []
    for seat in seats:
        try:
            plans.append(
                plan(
                    course,
                    start=seat.start,
                    mode=mode,  # type: ignore[arg-type]
                    timezone=seat.timezone,
                    daily_minutes=seat.daily_minutes,
                    workdays=seat.workdays,
                )
            )
        except PlanError as error:
            for finding in located(error, path).findings:
                failures.append(replace(finding, message=f"for {seat.learner}: {finding.message}"))
    if failures:
        raise PlanError(failures)
    return plans


def run_enroll(
    path: Path,
    learner: str | None,
    roster: Path | None,
    mode: str | None,
    start: str | None,
    timezone: str | None,
    store_option: str | None,
    output_format: str,
) -> int:
    from zoneinfo import ZoneInfo

    from learnsync.clock import next_monday, now
    from learnsync.commands.plan import parse_start
    from learnsync.course.loader import load_course
    from learnsync.planning.snapshot import plan_document
    from learnsync.store.database import AlreadyEnrolled

    course = load_course(path)
    default_start = parse_start(start, next_monday(ZoneInfo(course.calendar.timezone)))
    seats = seats_for(learner, roster, default_start, timezone)
    plans = plans_for(course, path, seats, mode)
    source, digest = source_of(path)
    records: list[dict[str, object]] = []
    skipped: list[str] = []
    moment = now()
    with open_for(store_option, write=True, create=True) as store:
        for seat, result in zip(seats, plans, strict=True):
            options = {
                "mode": mode,
                "timezone": seat.timezone,
                "daily_minutes": seat.daily_minutes,
                "workdays": list(seat.workdays) if seat.workdays else None,
            }
            try:
                row = store.enroll(
                    seat.learner,
                    course.id,
                    now=moment,
                    source_path=str(path.resolve()),
                    source_hash=digest,
                    source=source,
                    plan=json.dumps(
                        plan_document(result), ensure_ascii=False, separators=(",", ":")
                    ),
                    options=json.dumps(options),
                )
            except AlreadyEnrolled:
                if roster is None:
                    raise
                skipped.append(seat.learner)
                continue
            if roster is not None:
                store.save_learner(
                    seat.learner,
                    display_name=seat.display_name,
                    email=seat.email,
                    timezone=seat.timezone,
                    now=moment,
                )
            records.append(
                {
                    "learner": seat.learner,
                    "course": course.id,
                    "title": course.title,
                    "mode": result.mode,
                    "start": result.start.isoformat(),
                    "finish": result.finish.isoformat() if result.finish else None,
                    "tasks": len(result.tasks),
                    "enrolled_at": row.created_at.isoformat(),
                }
            )
    if output_format == "json":
        if roster is None:
            print_json({"schema_version": SCHEMA_VERSION, "enrollment": records[0]})
        else:
            print_json(
                {
                    "schema_version": SCHEMA_VERSION,
                    "enrollments": records,
                    "already_enrolled": skipped,
                }
            )
        return 0
    import sys

    from learnsync.render.terminal import Line, write_lines

    lines = []
    for record in records:
        finish = (
            f", done by {date.fromisoformat(str(record['finish'])):%a %d %b %Y}"
            if record["finish"]
            else ""
        )
        line = Line("Enrolled ").add(str(record["learner"]), "bold")
        line.add(
            f" in {course.id} ({record['mode']}, from {date.fromisoformat(str(record['start'])):%a %d %b %Y}): "
        )
        line.add(f"{record['tasks']} tasks{finish}.")
        if roster is None:
            line.add(" Next: learnsync next")
        lines.append(line)
    if skipped:
        lines.append(
            Line("Already enrolled, left as they were: ", "yellow").add(", ".join(skipped))
        )
    if records and roster is not None:
        lines.append(Line("Next: learnsync next --learner NAME", "dim"))
    write_lines(sys.stdout, lines)
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
