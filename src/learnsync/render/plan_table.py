"""A plan as a readable schedule for a terminal: weeks, days, sessions, due dates and load.

Plain aligned text, without rich's measuring: the columns have the same widths in every week,
the task id comes first (it is what ``learnsync done`` takes), and on a terminal a title is
shortened with "…" rather than wrapped; a pipe or a file gets every column whole.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from learnsync.course.durations import format_minutes
from learnsync.planning.model import Plan, PlannedTask
from learnsync.render.agenda import agenda, forecast_sentence, self_paced, time_span
from learnsync.render.terminal import Line, cells, clip, printable, terminal_width, write_lines

GAP = "  "
MODULE_AT = 100  # the module column is shown on terminals at least this wide (and in pipes)


@dataclass(frozen=True)
class _Row:
    day: str
    time: str
    id: str
    what: str
    module: str
    note: str
    what_style: str = ""
    note_style: str = ""


def _rows(plan: Plan) -> list[tuple[str, list[_Row]]]:
    """Each week's heading and rows."""
    weeks = []
    for week in agenda(plan):
        load = format_minutes(week.minutes) if week.minutes else "no study"
        heading = f"Week {week.number} · {week.first:%a %d %b} – {week.last:%a %d %b} · {load}"
        rows: list[_Row] = []
        for day in week.days:
            label = f"{day.date:%a %d %b}"
            for blackout in day.blackouts:
                until = f"{blackout.last:%a %d %b}"
                rows.append(
                    _Row(
                        label,
                        "",
                        "",
                        f"▪ {blackout.title}",
                        "blackout",
                        "no study" if blackout.first == blackout.last else f"to {until}",
                        "cyan",
                        "dim",
                    )
                )
                label = ""
            for session in day.sessions:
                kind = "mandatory" if session.mandatory else "optional"
                minutes = round((session.end - session.start).total_seconds() / 60)
                rows.append(
                    _Row(
                        label,
                        format_minutes(minutes),
                        session.id,
                        f"● {time_span(session.start, session.end)} {session.title}",
                        "live session",
                        kind,
                        "magenta",
                    )
                )
                label = ""
            for task, minutes in day.work:
                note = ""
                if task.deadline == day.date and not task.optional:
                    note = "deadline"  # no work is planned after its deadline: the last day too
                elif task.due == day.date and task.mode != "async":
                    note = "last day"
                if task.optional:
                    note = "optional"  # never late, never due: its last day does not matter
                rows.append(
                    _Row(
                        label,
                        format_minutes(minutes),
                        task.id,
                        task.title,
                        task.module,
                        note,
                        note_style="yellow" if note == "deadline" else "dim",
                    )
                )
                label = ""
            for task in day.due:
                if not any(task is worked for worked, _ in day.work):
                    rows.append(
                        _Row(label, "", task.id, task.title, task.module, "deadline", "", "yellow")
                    )
                    label = ""
        weeks.append((heading, rows))
    return weeks


def plan_lines(plan: Plan, width: int | None) -> list[Line]:
    """The schedule as lines that fit ``width`` cells (None: no limit)."""
    lines = [
        Line(plan.course_title, "bold", flex=True),
        Line(
            f"{plan.mode} plan from {plan.start:%a %d %b %Y} · "
            f"{format_minutes(plan.daily_minutes)} a study day · times in {plan.display_timezone}",
            "dim",
        ),
    ]
    if plan.end is not None:
        lines.append(
            Line(
                f"{format_minutes(plan.daily_minutes)} a study day is the least that is done by "
                f"{plan.end:%a %d %b %Y}",
                "dim",
            )
        )
    weeks = _rows(plan)
    everything = [row for _, rows in weeks for row in rows]
    if everything:
        lines += _table(weeks, everything, width)
    backlog = self_paced(plan)
    if backlog:
        lines.append(Line())
        lines.append(Line("Self-paced backlog", "bold"))
        lines += _backlog(backlog, width)
    sentence = forecast_sentence(plan)
    if sentence is not None:
        lines.append(Line())
        lines.append(Line(sentence))
    elif plan.finish is not None:
        lines.append(Line())
        lines.append(Line(f"Everything is done by {plan.finish:%a %d %b %Y}."))
    return lines


def _table(
    weeks: list[tuple[str, list[_Row]]], everything: list[_Row], width: int | None
) -> list[Line]:
    def widest(values: list[str], header: str) -> int:
        return max([cells(header)] + [cells(printable(value)) for value in values])

    day_width = widest([row.day for row in everything], "Day")
    time_width = widest([row.time for row in everything], "Time")
    id_width = widest([row.id for row in everything], "Id")
    note_width = widest([row.note for row in everything], "Note")
    show_module = width is None or width >= MODULE_AT
    module_width = widest([row.module for row in everything], "Module") if show_module else 0
    if width is not None and show_module:
        module_width = min(module_width, 16)
    fixed = day_width + time_width + id_width + note_width + module_width
    fixed += len(GAP) * (4 + show_module)
    what_width = widest([row.what for row in everything], "What")
    if width is not None:
        what_width = max(12, min(what_width, width - fixed))

    def line(row: _Row, style: str = "") -> Line:
        what = printable(row.what)
        if width is not None:
            what = clip(what, what_width)
        out = Line(f"{row.day:<{day_width}}{GAP}{row.time:>{time_width}}{GAP}", style)
        out.add(_pad(printable(row.id), id_width), style or "bold")
        out.add(GAP).add(_pad(what, what_width), style or row.what_style)
        if show_module:
            module = printable(row.module)
            if width is not None:
                module = clip(module, module_width)
            out.add(GAP).add(_pad(module, module_width), style or "dim")
        out.add(GAP).add(row.note, style or row.note_style)
        out.pieces[-1] = (out.pieces[-1][0].rstrip(), out.pieces[-1][1])
        return out

    header = _Row("Day", "Time", "Id", "What", "Module", "Note")
    lines: list[Line] = []
    for heading, rows in weeks:
        lines.append(Line())
        lines.append(Line(heading, "bold"))
        lines.append(line(header, "dim"))
        lines += [line(row) for row in rows]
    return lines


def _backlog(backlog: list[PlannedTask], width: int | None) -> list[Line]:
    number_width = len(str(len(backlog)))
    id_width = max(cells(printable(task.id)) for task in backlog)
    effort_width = max(cells(format_minutes(task.effort_minutes)) for task in backlog)
    wide = width is None or width >= MODULE_AT
    fixed = number_width + id_width + effort_width + 3 * len(GAP)
    what_width = max(cells(printable(task.title)) for task in backlog)
    if width is not None:
        what_width = max(12, min(what_width, width - fixed))
    lines = []
    for number, task in enumerate(backlog, start=1):
        title = printable(task.title)
        if width is not None:
            title = clip(title, what_width)
        line = Line(f"{number:>{number_width}}{GAP}").add(
            _pad(printable(task.id), id_width), "bold"
        )
        line.add(GAP).add(_pad(title, what_width))
        line.add(f"{GAP}{format_minutes(task.effort_minutes):>{effort_width}}")
        details = [task.kind] if wide else []
        if wide:
            details.insert(0, task.module)
            details += list(task.tags)
        if task.optional:
            details.append("optional")
        if details:
            line.add(f"{GAP}{', '.join(details)}", "dim")
        lines.append(line)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def print_plan(plan: Plan, stream: TextIO | None = None) -> None:
    """The schedule to ``stream`` (stdout), fitted to the terminal."""
    stream = stream or sys.stdout
    write_lines(stream, plan_lines(plan, terminal_width(stream)))
