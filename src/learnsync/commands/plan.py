"""``learnsync plan``: a course file in, a schedule, backlog or hybrid out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from learnsync.errors import PlanError, UsageError


def render(plan: object, output_format: str, learner: str | None = None) -> str | None:
    """The plan as text in ``output_format``; None for the table, which is printed."""
    from learnsync.planning.model import Plan

    assert isinstance(plan, Plan)
    if output_format == "json":
        from learnsync.render.plan_json import render_plan
    elif output_format == "csv":
        from learnsync.render.plan_csv import render_plan
    elif output_format == "md":
        from learnsync.render.plan_md import render_plan
    elif output_format == "ics":
        from learnsync.render.plan_ics import render_plan as render_ics

        return render_ics(plan, learner=learner)
    else:
        return None
    return render_plan(plan)


def _plan_roster(
    course: object,
    path: Path,
    roster: Path,
    output_dir: Path,
    mode: str | None,
    start: date,
    timezone: str | None,
    output_format: str,
    blackouts: tuple[object, ...] = (),
    end: date | None = None,
    max_daily: int | None = None,
) -> int:
    from learnsync.enrollments import plans_for, roster_seats
    from learnsync.output import OutputFile, check_output_names, safe_file_name, write_files

    if output_format == "table":
        raise UsageError("--output-dir needs --format json, csv, md or ics")
    seats = roster_seats(roster, start, timezone, blackouts=blackouts)  # type: ignore[arg-type]
    names = [f"{safe_file_name(seat.learner)}.{output_format}" for seat in seats]
    owners = [f"learner {seat.learner}" for seat in seats]
    # Every name is checked before a plan is made, and every plan made before a file is written.
    check_output_names(
        output_dir, [OutputFile(n, "", o) for n, o in zip(names, owners, strict=True)]
    )
    plans = plans_for(course, path, seats, mode, end=end, max_daily_minutes=max_daily)  # type: ignore[arg-type]
    from learnsync.enrollments import holiday_warnings

    warnings = holiday_warnings(course, path, seats)  # type: ignore[arg-type]
    if warnings:
        from learnsync.render.text import print_findings

        print_findings(warnings, stderr=True)
    files = []
    for name, owner, seat, result in zip(names, owners, seats, plans, strict=True):
        text = render(result, output_format, learner=seat.learner)
        assert text is not None
        files.append(OutputFile(name, text, owner))
    write_files(output_dir, files)
    from learnsync.render.terminal import say

    say(sys.stderr, f"wrote {len(plans)} plans to {output_dir}")
    _warn_after_end([(seat.learner, result) for seat, result in zip(seats, plans, strict=True)])
    return 0


def run(
    path: Path,
    mode: str | None,
    start: str | None,
    focus: Sequence[str],
    timezone: str | None,
    daily: str | None,
    output_format: str,
    output: Path | None,
    roster: Path | None = None,
    output_dir: Path | None = None,
    blackouts: Sequence[str] = (),
    end: str | None = None,
    max_daily: str | None = None,
) -> int:
    from zoneinfo import ZoneInfo

    from learnsync.course.loader import load_course
    from learnsync.enrollments import located
    from learnsync.options import (
        parse_blackouts,
        parse_daily,
        parse_end,
        parse_max_daily,
        parse_start,
    )
    from learnsync.planning import plan as make_plan

    if (roster is None) != (output_dir is None):
        raise UsageError("--roster and --output-dir go together: one plan file per learner")
    own_blackouts = parse_blackouts(blackouts)
    end_date = parse_end(end)
    max_daily_minutes = parse_max_daily(max_daily, end_date)
    if end_date is not None and daily is not None:
        raise UsageError("--end finds the daily time itself: leave out --daily")
    course = load_course(path)
    start_date = parse_start(start, ZoneInfo(course.calendar.timezone))
    if roster is not None and output_dir is not None:
        return _plan_roster(
            course,
            path,
            roster,
            output_dir,
            mode,
            start_date,
            timezone,
            output_format,
            own_blackouts,
            end_date,
            max_daily_minutes,
        )
    try:
        if end_date is not None:
            from learnsync.planning.planner import fit_to_end

            result = fit_to_end(
                course,
                start=start_date,
                end=end_date,
                max_daily_minutes=max_daily_minutes,
                mode=mode,  # type: ignore[arg-type]
                focus=tuple(focus),
                timezone=timezone,
                blackouts=own_blackouts,
            )
        else:
            result = make_plan(
                course,
                start=start_date,
                mode=mode,  # type: ignore[arg-type]
                focus=tuple(focus),
                timezone=timezone,
                daily_minutes=parse_daily(daily),
                blackouts=own_blackouts,
            )
    except PlanError as error:
        raise located(error, path) from None
    from learnsync.enrollments import Seat, holiday_warnings

    warnings = holiday_warnings(
        course, path, [Seat("", start_date, timezone, blackouts=own_blackouts)]
    )
    if warnings:
        from learnsync.render.text import print_findings

        print_findings(warnings, stderr=True)
    text = render(result, output_format)
    if text is None:
        if output is not None:
            raise UsageError("--output needs --format json, csv, md or ics")
        from learnsync.render.plan_table import print_plan

        print_plan(result)
        _warn_after_end([(None, result)])
        return 0
    from learnsync.output import emit

    emit(text, output)
    if output_format != "json":  # JSON carries them as "warnings"
        _warn_after_end([(None, result)])
    return 0


def _warn_after_end(plans: Sequence[tuple[str | None, object]]) -> None:
    """On stderr, what each plan fitted to an end date leaves after it (a mandatory session)."""
    from learnsync.planning.model import Plan
    from learnsync.render.terminal import Line, write_lines
    from learnsync.rules import sessions_after_end

    lines = []
    for learner, result in plans:
        assert isinstance(result, Plan)
        for text in sessions_after_end(result):
            lines.append(Line("warning: ", "yellow").add(f"{learner}: {text}" if learner else text))
    write_lines(sys.stderr, lines)
