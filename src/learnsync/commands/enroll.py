"""``learnsync enroll`` and ``learnsync enrollments``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from learnsync.enrollments import find_learner, open_for, read_enrollment
from learnsync.errors import UsageError
from learnsync.options import learner_name, parse_start
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run_enroll(
    path: Path,
    learner: str | None,
    roster: Path | None,
    mode: str | None,
    start: str | None,
    timezone: str | None,
    store_option: str | None,
    output_format: str,
    day_start: str | None = None,
    blackouts: Sequence[str] = (),
    end: str | None = None,
    max_daily: str | None = None,
) -> int:
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    from learnsync.clock import now
    from learnsync.course.loader import load_course
    from learnsync.enrollments import (
        Seat,
        enroll,
        holiday_warnings,
        plans_for,
        roster_seats,
        sleeping_sessions,
    )
    from learnsync.options import parse_blackouts, parse_end, parse_max_daily
    from learnsync.rules import counts, sessions_after_end

    if roster is not None and learner is not None:
        raise UsageError("--learner and --roster cannot be used together")
    day_start_minutes = _day_start(day_start)
    own_blackouts = parse_blackouts(blackouts)
    end_date = parse_end(end)
    max_daily_minutes = parse_max_daily(max_daily, end_date)
    course = load_course(path)
    default_start = parse_start(start, ZoneInfo(course.calendar.timezone))
    seats = (
        roster_seats(roster, default_start, timezone, day_start_minutes, own_blackouts)
        if roster is not None
        else [
            Seat(
                learner_name(learner),
                default_start,
                timezone,
                day_start=day_start_minutes,
                blackouts=own_blackouts,
            )
        ]
    )
    if end_date is not None:
        seats = [replace(seat, end=end_date, max_daily_minutes=max_daily_minutes) for seat in seats]
    plans = plans_for(course, path, seats, mode)
    warnings = holiday_warnings(course, path, seats)
    if warnings:
        from learnsync.render.text import print_findings

        print_findings(warnings, stderr=True)
    with open_for(store_option, write=True, create=True) as store:
        enrolled, skipped = enroll(
            store,
            course,
            path,
            seats,
            plans,
            mode=mode,
            now=now(),
            skip_enrolled=roster is not None,
        )
    records: list[dict[str, object]] = []
    for entry in enrolled:
        result = entry.plan
        tally = counts(result, ())
        records.append(
            {
                "learner": entry.seat.learner,
                "course": course.id,
                "title": course.title,
                "mode": result.mode,
                "start": result.start.isoformat(),
                "finish": result.finish.isoformat() if result.finish else None,
                "daily_minutes": result.daily_minutes,
                "end": result.end.isoformat() if result.end else None,
                "tasks": len(result.tasks),
                "required": tally.required_total,
                "optional": tally.optional_total,
                "enrolled_at": entry.row.created_at.isoformat(),
                "day_start": _clock(result.day_start),
                "warnings": sleeping_sessions(result) + sessions_after_end(result),
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
        first = date.fromisoformat(str(record["start"]))
        line = Line("Enrolled ").add(str(record["learner"]), "bold")
        lines.append(line.add(f" in {course.id} ({record['mode']}, from {first:%a %d %b %Y})"))
        lines.append(Line(f"  {_task_count(record)}{finish}."))
        if record["end"]:
            from learnsync.course.values import format_minutes

            fits = date.fromisoformat(str(record["end"]))
            lines.append(
                Line(
                    f"  {format_minutes(int(str(record['daily_minutes'])))} a study day, the "
                    f"least that is done by {fits:%a %d %b %Y}."
                )
            )
        if roster is None:
            lines.append(Line("  Next: learnsync next", "dim"))
    if skipped:
        lines.append(
            Line("Already enrolled, left as they were: ", "yellow").add(", ".join(skipped))
        )
    if records and roster is not None:
        lines.append(Line("Next: learnsync next --learner NAME", "dim"))
    write_lines(sys.stdout, lines)
    sleeping = [
        Line("warning: ", "yellow").add(
            f"{record['learner']}: {text}" if roster is not None else text
        )
        for record in records
        for text in record["warnings"]  # type: ignore[attr-defined]
    ]
    if any(sleeping_sessions(entry.plan) for entry in enrolled):
        sleeping.append(
            Line("hint: ", "dim").add(
                "mandatory sessions outside 07:00–22:00 in the learner's zone"
            )
        )
    write_lines(sys.stderr, sleeping)
    return 0


def _clock(minutes: int) -> str:
    from learnsync.course.values import format_clock

    return format_clock(minutes)


def _day_start(text: str | None) -> int | None:
    """``--day-start HH:MM`` as minutes after midnight."""
    if text is None:
        return None
    from learnsync.course.values import parse_day_start

    try:
        return parse_day_start(text)
    except ValueError as error:
        raise UsageError(f"--day-start: {error}") from None


def _task_count(record: dict[str, object]) -> str:
    """``"14 required tasks, 1 optional"``: the same words as every other count."""
    required, optional = record["required"], record["optional"]
    text = f"{required} required task{'s' if required != 1 else ''}"
    return text + (f", {optional} optional" if optional else "")


def run_enrollments(learner: str | None, store_option: str | None, output_format: str) -> int:
    from learnsync.planning.model import item_ids
    from learnsync.rules import counts, learner_today
    from learnsync.tracking import last_activity

    with open_for(store_option, write=False) as store:
        if learner is not None:
            learner = find_learner(store, learner)
        rows = store.enrollments(learner=learner)
        records = []
        seen_on = []  # the learner's day of each last activity: learner_today's rule
        for row in rows:
            enrollment = read_enrollment(store, row)
            tally = counts(enrollment.plan, enrollment.done)
            items = frozenset(item_ids(enrollment.plan))
            last = last_activity(enrollment.events, items, enrollment.sessions)
            seen_on.append(learner_today(enrollment.plan, last) if last else None)
            records.append(
                {
                    "learner": row.learner,
                    "course": row.course_id,
                    "title": enrollment.plan.course_title,
                    "mode": enrollment.plan.mode,
                    "start": enrollment.plan.start.isoformat(),
                    "done": tally.required_done,
                    "total": tally.required_total,
                    "optional_done": tally.optional_done,
                    "optional_total": tally.optional_total,
                    "counts": tally.describe(),
                    "replans": enrollment.history.replans,
                    "finish_shift_days": enrollment.history.finish_shift_days,
                    "enrolled_at": row.created_at.isoformat(),
                    "last_activity": last.astimezone(enrollment.zone).isoformat() if last else None,
                }
            )
    if output_format == "json":
        print_json({"schema_version": SCHEMA_VERSION, "enrollments": records})
        return 0
    import sys

    from learnsync.render.columns import column_lines
    from learnsync.render.terminal import Line, write_lines

    if not records:
        write_lines(sys.stdout, [Line("No enrollments yet: learnsync enroll PATH")])
        return 0

    cells = [
        [
            str(record["learner"]),
            str(record["course"]),
            str(record["mode"]),
            str(record["start"]),
            f"{record['done']}/{record['total']}",
            f"{record['optional_done']}/{record['optional_total']}",
            f"{day:%a %d %b}" if day else "-",
        ]
        for record, day in zip(records, seen_on, strict=True)
    ]
    headers = ["Learner", "Course", "Mode", "Start", "Required", "Opt.", "Last seen"]
    table = column_lines(
        "Enrollments",
        headers,
        cells,
        left=("Learner", "Course", "Mode", "Start", "Last seen"),
        rule=sys.stdout.isatty(),
    )
    write_lines(sys.stdout, table)
    return 0
