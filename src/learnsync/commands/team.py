"""``learnsync leaderboard`` and ``learnsync report``: a team lead's views of one course."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from learnsync.enrollments import (
    LearnerProgress,
    TeamProgress,
    leaderboard_key,
    open_for,
    risk_key,
)
from learnsync.errors import UsageError
from learnsync.progress import Progress

SCHEMA_VERSION = 1


def _team(
    course: str,
    store_option: str | None,
    url: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    *,
    forecasts: bool = False,
) -> TeamProgress:
    from learnsync.clock import now
    from learnsync.enrollments import course_progress

    lrs = None
    if url is not None:
        from learnsync.options import lrs_from

        lrs = lrs_from(url, user, password, timeout)
    with open_for(store_option, write=False) as store:
        return course_progress(store, course, now(), lrs, forecasts=forecasts)


def _rate(result: Progress) -> float | None:
    rate = result.on_time_rate
    return round(rate, 3) if rate is not None else None


def run_leaderboard(
    course: str,
    top: int | None,
    store_option: str | None,
    output_format: str,
    lrs_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
) -> int:
    team = _team(course, store_option, lrs_url, user, password, timeout)

    ranked = sorted(team.learners, key=leaderboard_key)[: top or None]
    rows = [
        {
            "rank": rank,
            "learner": entry.learner,
            "points": entry.progress.points,
            "level": entry.progress.level.number,
            "on_time_rate": _rate(entry.progress),
            "badges": sum(1 for status in entry.progress.badges if status.earned),
            "percent": round(entry.progress.percent, 1),
            "points_reached_at": entry.progress.points_reached_at.isoformat()
            if entry.progress.points_reached_at
            else None,
        }
        for rank, entry in enumerate(ranked, start=1)
    ]
    columns = ["rank", "learner", "points", "level", "on_time_rate", "badges", "percent"]
    return _emit(
        output_format, team.course_id, team.title, "leaderboard", rows, columns, "Leaderboard"
    )


def run_report(
    course: str,
    store_option: str | None,
    output_format: str,
    lrs_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
    sort: str | None = None,
    output: Path | None = None,
) -> int:
    if output is not None and output_format == "table":
        raise UsageError(
            "--output needs --format json, csv, md or html (the table is for a terminal)"
        )
    if output_format == "html":
        if sort is not None:
            raise UsageError(
                "--sort is not for --format html: its learners come most at risk first"
            )
        return _html_report(course, store_option, lrs_url, output)
    team = _team(course, store_option, lrs_url, user, password, timeout, forecasts=True)
    rows = [_report_row(entry) for entry in sorted(team.learners, key=lambda e: e.learner)]
    if sort is not None or output_format in ("table", "md"):
        rows.sort(key=REPORT_ORDERS[sort or "risk"])
    if output_format == "table":
        from learnsync.render.report_text import report_lines
        from learnsync.render.terminal import terminal_width, write_lines

        width = terminal_width(sys.stdout)
        lines = report_lines(team.course_id, team.title, rows, width, rule=sys.stdout.isatty())
        write_lines(sys.stdout, lines)
        return 0
    columns = [c for c in rows[0] if output_format == "csv" or c not in _JSON_ONLY] if rows else []
    return _emit(
        output_format, team.course_id, team.title, "learners", rows, columns, "Report", output
    )


def _html_report(
    course: str, store_option: str | None, lrs_url: str | None, output: Path | None
) -> int:
    from learnsync.clock import now
    from learnsync.enrollments import team_dashboard
    from learnsync.output import emit
    from learnsync.render.dashboard import team_page

    if lrs_url is not None:
        raise UsageError("--format html reads the local store: leave out --lrs")
    with open_for(store_option, write=False) as store:
        dashboard = team_dashboard(store, course, now())
    emit(team_page(dashboard), output)
    return 0


def _name_key(row: dict[str, Any]) -> tuple[str, str]:
    return (str(row["name"] or row["learner"]).casefold(), row["learner"])


# The orders of ``report --sort``: risk is the one order by risk (``risk_key``: the most behind
# first, then the most overdue, the least done); points and progress put the most first.
REPORT_ORDERS: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
    "risk": lambda row: risk_key(
        row["behind_minutes"], row["overdue"], row["percent"], row["name"], row["learner"]
    ),
    "name": _name_key,
    "points": lambda row: (-row["points"], *_name_key(row)),
    "progress": lambda row: (-row["percent"], *_name_key(row)),
}


# Fields of ``report`` that the table and Markdown leave out (shown in other columns, or too
# wide for a table); JSON and CSV have them all.
_JSON_ONLY = (
    "name",
    "email",
    "counts",
    "optional_done",
    "optional_total",
    "next_deadline",
    "finished_on",
    "riskiest_deadline_date",
    "last_activity_days",
)


def _report_row(entry: LearnerProgress) -> dict[str, Any]:
    """One learner's row of ``report``: the same numbers ``status`` shows."""
    result = entry.progress
    deadline = result.next_deadline
    outlook = entry.forecast
    p50 = outlook.p50 if outlook else None
    risky = outlook.riskiest if outlook else None
    return {
        "learner": entry.learner,
        "name": entry.name,
        "email": entry.email,
        "percent": round(result.percent, 1),
        "done": result.done,
        "total": result.total,
        "optional_done": result.optional_done,
        "optional_total": result.optional_total,
        "counts": result.counts.describe(),
        "on_track": result.on_track,
        "behind": result.behind,
        "behind_minutes": result.behind_minutes,
        "overdue": len(result.overdue),
        "late": result.late,
        "on_time_rate": _rate(result),
        "points": result.points,
        "level": result.level.number,
        "badges": sum(1 for status in result.badges if status.earned),
        "streak_days": result.streak_days,
        "streak_weeks": result.streak_weeks if result.streak_unit == "weeks" else None,
        "replans": result.history.replans,
        "finish_shift_days": result.history.finish_shift_days,
        "next_deadline": deadline.date.isoformat() if deadline else None,
        "last_activity": result.last_activity.isoformat() if result.last_activity else None,
        "finished_on": result.finished_on.isoformat() if result.finished_on else None,
        "forecast_p50": p50.isoformat() if p50 else None,
        "riskiest_deadline": risky.id if risky else None,
        "riskiest_deadline_date": risky.date.isoformat() if risky else None,
        "riskiest_deadline_probability": risky.probability if risky else None,
        "last_activity_days": result.days_since_activity,
    }


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
    output: Path | None = None,
) -> int:
    from learnsync.output import emit

    if output_format == "json":
        from learnsync.render.jsonfmt import dumps_document

        document = {
            "schema_version": SCHEMA_VERSION,
            "course": course_id,
            "title": title,
            key: rows,
        }
        emit(dumps_document(document), output)
        return 0
    if output_format == "csv":
        from learnsync.render.safe_csv import render_rows

        emit(render_rows(columns, ([row[column] for column in columns] for row in rows)), output)
        return 0
    if output_format == "md":
        from learnsync.render.plan_md import escape

        lines = [f"# {heading}: {escape(title)}", "", "| " + " | ".join(columns) + " |"]
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(escape(_cell(row[c])) for c in columns) + " |" for row in rows]
        emit("\n".join(lines) + "\n", output)
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
