"""``learnsync replan``: a new plan from today, or onto an edited course file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.enrollments import find_learner, open_for
from learnsync.options import learner_names
from learnsync.output import print_json

if TYPE_CHECKING:
    from learnsync.planning.planner import CatchUp
    from learnsync.render.terminal import Line

SCHEMA_VERSION = 1


def run(
    learner: str | None,
    course: str | None,
    store_option: str | None,
    output_format: str,
    catch_up: bool = False,
    daily: str | None = None,
    max_daily: str | None = None,
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import replan
    from learnsync.errors import UsageError
    from learnsync.options import parse_daily

    if catch_up and daily is not None:
        raise UsageError("--catch-up finds the daily time itself: give --catch-up or --daily")
    if max_daily is not None and not catch_up:
        raise UsageError("--max-daily bounds --catch-up: give it with --catch-up")
    daily_minutes = parse_daily(daily)
    most = parse_daily(max_daily, "--max-daily")
    if daily_minutes == 0 or most == 0:
        raise UsageError("--daily and --max-daily must be longer than 0m")
    names = learner_names(learner)
    course_file = Path(course) if course and Path(course).is_file() else None
    with open_for(store_option, write=True) as store:
        name = find_learner(store, *names)
        result = replan(
            store,
            name,
            now=current_time(),
            course=None if course_file else course,
            course_file=course_file,
            daily_minutes=daily_minutes,
            catch_up=catch_up,
            max_daily_minutes=most,
        )
        history = result.before.history
        replans = history.replans + 1
        first_finish = history.first_finish
    finish = result.plan.finish
    shift = (finish - first_finish).days if finish and first_finish else 0
    row = result.before.row
    if output_format == "json":
        from learnsync.render.findings_json import finding_record
        from learnsync.render.status_text import catch_up_document

        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": row.course_id,
                "from": result.today.isoformat(),
                "tasks_left": result.tasks_left,
                "finish": finish.isoformat() if finish else None,
                "end": result.plan.end.isoformat() if result.plan.end else None,
                "daily_minutes": result.plan.daily_minutes,
                "course_changed": result.course_changed,
                "orphaned_events": result.orphaned,
                "undone_by_course": list(result.undone_by_course),
                "missed_deadlines": [finding_record(finding) for finding in result.missed],
                "catch_up": catch_up_document(result.catch_up),
                "daily_minutes_before": result.daily_before,
                "replans": replans,
                "finish_shift_days": shift,
            }
        )
        return 0
    import sys

    from learnsync.course.durations import format_minutes
    from learnsync.render.terminal import Line, write_lines
    from learnsync.rules import counts
    from learnsync.tracking import done_items, session_ids

    done_by = f", done by {finish:%a %d %b %Y}" if finish else ""
    tally = counts(result.plan, done_items(result.before.events, session_ids(result.plan)))
    left = tally.required_total - tally.required_done
    optional_left = tally.optional_total - tally.optional_done
    moved = f"moved {shift:+d} day{'s' if abs(shift) != 1 else ''}" if shift else "did not move"
    lines = [
        Line(f"Replanned {row.course_id} for {name} from {result.today:%a %d %b %Y}:"),
        Line(
            f"  {left} required task{'s' if left != 1 else ''} left"
            + (f", {optional_left} optional" if optional_left else "")
            + f"{done_by}."
        ),
        Line(f"  Replan {replans}: the planned finish {moved} from the first plan.", "dim"),
        Line("  Deadlines stay, and so does the lateness of work already done.", "dim"),
    ]
    end = result.plan.end
    if end is not None and finish is not None and finish <= end:
        lines.append(
            Line(
                f"  {format_minutes(result.plan.daily_minutes)} a study day, the least that is "
                f"done by the end date, {end:%a %d %b %Y}."
            )
        )
    if result.daily_before is not None:
        why = ""
        if catch_up and result.catch_up is not None:
            advice = result.catch_up
            if advice.least_daily_minutes is not None:
                met = " and the end date" if advice.end and advice.until else ""
                why = f": the least that meets every deadline ahead{met}"
            elif any(lost.kind == "end" for lost in advice.lost):
                why = ": the most there is, as near the end date as it gets"
            else:
                why = ": the least that meets every deadline not given up"
        lines.append(
            Line(
                f"  Daily time {format_minutes(result.plan.daily_minutes)} "
                f"(was {format_minutes(result.daily_before)}){why}."
            )
        )
    if catch_up and result.catch_up is not None and result.catch_up.lost:
        lines += _lost_lines(result.catch_up)
    if result.orphaned:
        lines.append(
            Line("Events kept for ids the course no longer has (they no longer count): ").add(
                ", ".join(result.orphaned)
            )
        )
    if result.undone_by_course:
        shown = ", ".join(result.undone_by_course)
        lines.append(
            Line(
                "Done before, open now (the course made a session of a task or a task of a "
                f"session; record them with learnsync done ID): {shown}"
            )
        )
    if result.missed and not catch_up:
        lines.append(
            Line("Some deadlines ahead can no longer be met at your daily time:", "bold red")
            if end is None
            else Line("Some deadlines can no longer be met:", "bold red")
        )
        if result.catch_up is not None:
            lines += _missed_lines(result.catch_up)
        else:  # fitted to an end date: what even the most daily time misses, and the fixes
            for finding in result.missed:
                lines.append(Line(f"  {finding.message}"))
                if finding.hint:
                    lines.append(Line(f"  hint: {finding.hint}", "dim"))
    write_lines(sys.stdout, lines)
    return 0


def _missed_lines(advice: CatchUp) -> list[Line]:
    from learnsync.course.values import format_minutes
    from learnsync.render.terminal import Line

    lines = []
    for miss in advice.missed:
        lines.append(
            Line(f"  {_what(miss.kind)}")
            .add(miss.title, "bold")
            .add(
                f" ({_deadline(miss.kind)}{miss.deadline:%a %d %b}): "
                f"{format_minutes(miss.short_minutes)} short"
            )
        )
    if advice.least_daily_minutes is not None:
        least = format_minutes(advice.least_daily_minutes)
        lines.append(
            Line(
                f"  {least} a day (now {format_minutes(advice.daily_minutes)}) would meet them all: "
            ).add("learnsync replan --catch-up", "bold")
        )
    else:
        most = format_minutes(advice.max_daily_minutes)
        lines.append(
            Line(f"  No daily time up to {most} meets them all: ")
            .add("learnsync replan --catch-up", "bold")
            .add(f" gives up the fewest points ({advice.points_lost}).")
        )
    return lines


def _lost_lines(advice: CatchUp) -> list[Line]:
    from learnsync.course.values import format_minutes
    from learnsync.render.terminal import Line

    most = format_minutes(advice.max_daily_minutes)
    points = advice.points_lost
    lines = [
        Line(
            f"No daily time up to {most} meets every deadline; giving up the fewest points "
            f"({points}):",
            "bold red",
        )
    ]
    for lost in advice.lost:
        count = len(lost.tasks)
        lines.append(
            Line(f"  {_what(lost.kind)}")
            .add(lost.title, "bold")
            .add(
                f" ({_deadline(lost.kind)}{lost.deadline:%a %d %b}): "
                f"{count} task{'s' if count != 1 else ''} "
                f"planned after it, {lost.points_lost} point{'s' if lost.points_lost != 1 else ''}"
            )
        )
    return lines


def _what(kind: str) -> str:
    """What a missed or lost deadline belongs to, before its title ("the end date" is one)."""
    return {"task": "the task ", "module": "the module "}.get(kind, "")


def _deadline(kind: str) -> str:
    return "" if kind == "end" else "deadline "
