"""``learnsync report`` for a team lead at a terminal: one line per learner (name, a progress
bar, how far behind, overdue work, points, streak, when they were last active, replans) and a
summary line. Names are shortened with "…" to fit the width, never split; JSON and CSV keep the
raw values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from learnsync.course.durations import format_minutes
from learnsync.render.terminal import Line, cells, clip, printable

BAR_WIDTH = 8
MIN_NAME = 8
GAP = "  "
HEADERS = (
    "learner",
    "progress",
    "behind",
    "overdue",
    "points",
    "streak",
    "active",
    "replans",
    "p50 finish",
    "riskiest",
)


def display_name(row: dict[str, Any]) -> str:
    """The learner's display name, else their id."""
    return str(row["name"] or row["learner"])


def relative_day(days: int | None) -> str:
    """When, from how many of the learner's days ago (``Progress.days_since_activity``):
    "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago"; "never" for no
    activity."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 61:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def _progress(percent: float) -> str:
    filled = round(max(0.0, min(100.0, percent)) / 100 * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {percent:>3.0f}%"


def _streak(row: dict[str, Any]) -> str:
    """``12d``, or ``3w`` for a course with a weekly target."""
    weeks = row.get("streak_weeks")
    if weeks is not None:
        return f"{weeks}w" if weeks else "-"
    return f"{row['streak_days']}d" if row["streak_days"] else "-"


def _cells(row: dict[str, Any]) -> list[str]:
    return [
        _progress(row["percent"]),
        format_minutes(row["behind_minutes"]) if row["behind_minutes"] else "-",
        str(row["overdue"]),
        str(row["points"]),
        _streak(row),
        relative_day(row["last_activity_days"]),
        str(row["replans"]),
        f"{date.fromisoformat(row['forecast_p50']):%d %b}" if row.get("forecast_p50") else "-",
        _risk(row),
    ]


def _risk(row: dict[str, Any]) -> str:
    """ "62% 17 Jan": the chance of meeting the riskiest deadline still ahead, and its date."""
    probability = row.get("riskiest_deadline_probability")
    if probability is None:
        return "-"
    day = date.fromisoformat(row["riskiest_deadline_date"])
    return f"{probability * 100:.0f}% {day:%d %b}"


def report_lines(
    course_id: str,
    title: str,
    rows: Sequence[dict[str, Any]],
    width: int | None,
    *,
    rule: bool = False,
) -> list[Line]:
    """The report's lines, the name column shortened so that a row fits ``width`` (None: as
    wide as it takes); on a narrow terminal the riskiest deadline, the p50 finish, the replans,
    the last activity and the streak are left out, in that order, before a name is shortened
    below ``MIN_NAME`` cells."""
    names = [printable(display_name(row)) for row in rows]
    table = [_cells(row) for row in rows]
    kept = list(range(len(HEADERS) - 1))
    widths = [
        max([cells(header)] + [cells(row[i]) for row in table])
        for i, header in enumerate(HEADERS[1:])
    ]
    name_width = max([cells(HEADERS[0])] + [cells(name) for name in names])
    if width is not None:

        def room() -> int:
            return width - sum(widths[i] + len(GAP) for i in kept)

        for dropped in (8, 7, 6, 5, 4):  # riskiest, p50 finish, replans, active, streak
            if room() >= MIN_NAME:
                break
            kept.remove(dropped)
        name_width = max(MIN_NAME, min(name_width, room()))

    def pad(text: str, size: int, *, left: bool = False) -> str:
        space = " " * max(0, size - cells(text))
        return text + space if left else space + text

    lines = [Line("Report: ", "bold").add(title, "bold", flex=True).add(f" ({course_id})", "bold")]
    header = pad(HEADERS[0], name_width, left=True) + "".join(
        GAP + pad(HEADERS[i + 1], widths[i], left=i == 0) for i in kept
    )
    lines.append(Line(header, "bold"))
    if rule:
        lines.append(Line("─" * cells(header), "dim"))
    for row, name, values in zip(rows, names, table, strict=True):
        finished = row.get("finished_on") is not None
        styles = [
            "green" if finished else "cyan",
            "bold red" if row["behind_minutes"] else "",
            "red" if row["overdue"] else "",
        ]
        line = Line(pad(clip(name, name_width), name_width, left=True), "green" if finished else "")
        for i in kept:
            style = styles[i] if i < len(styles) else ""
            line.add(GAP).add(pad(values[i], widths[i], left=i == 0), style)
        lines.append(line)
    lines.append(summary_line(rows, width))
    return lines


def summary_line(rows: Sequence[dict[str, Any]], width: int | None = None) -> Line:
    """ "2 of 5 on track, 1 finished, 3 behind: chen 8h30m, ann 2h, raj 30m", the most behind
    first; names that do not fit ``width`` are counted ("and 2 more"). On track is each row's
    ``on_track`` (``rules.on_track``: not behind and nothing overdue); the learners not behind
    but with work overdue are counted too ("1 with work overdue")."""
    if not rows:
        return Line("No learners.", "dim")
    behind = sorted(
        (row for row in rows if row["behind"]),
        key=lambda row: (-row["behind_minutes"], display_name(row)),
    )
    finished = sum(1 for row in rows if row.get("finished_on") is not None)
    on_track = sum(1 for row in rows if row["on_track"])  # rules.on_track: nothing overdue either
    overdue = sum(1 for row in rows if row["on_track"] is False and not row["behind"])
    line = Line(f"{on_track} of {len(rows)} on track", "bold")
    if finished:
        line.add(f", {finished} finished", "green")
    if overdue:
        line.add(f", {overdue} with work overdue", "bold red")
    if not behind:
        return line
    line.add(f", {len(behind)} behind", "bold red")
    entries = [
        f"{printable(display_name(row))} {format_minutes(row['behind_minutes'])}" for row in behind
    ]
    shown = len(entries)
    while True:
        more = len(entries) - shown
        text = ", ".join(entries[:shown]) + (f" and {more} more" if more and shown else "")
        if not shown or width is None or cells(line.text) + 2 + cells(text) <= width:
            break
        shown -= 1
    return line.add(": ").add(text, flex=True) if shown else line
