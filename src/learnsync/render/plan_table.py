"""A plan as a readable schedule for a terminal: weeks, days, sessions, due dates and load."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from learnsync.course.values import format_minutes
from learnsync.planning.model import Plan
from learnsync.render.agenda import agenda, self_paced, time_span
from learnsync.render.console import table_box
from learnsync.render.terminal import printable


def _day_label(when: object) -> str:
    return f"{when:%a %d %b}"


def print_plan(plan: Plan, console: Console) -> None:
    header = Text()
    header.append(printable(plan.course_title), style="bold")
    header.append(f"  {plan.mode} plan from {plan.start:%a %d %b %Y}, ")
    header.append(
        f"{format_minutes(plan.daily_minutes)} a study day, times in {plan.display_timezone}"
    )
    console.print(header)
    for week in agenda(plan):
        table = Table(
            title=Text(
                f"Week {week.number} · {week.first:%a %d %b} – {week.last:%a %d %b} · "
                f"{format_minutes(week.minutes) if week.minutes else 'no study'}",
                style="bold",
            ),
            title_justify="left",
            box=table_box(console),
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("Day", no_wrap=True)
        table.add_column("Time", no_wrap=True, justify="right")
        table.add_column("What")
        table.add_column("Module", style="dim")
        table.add_column("Note", no_wrap=True)
        for day in week.days:
            first = True
            for session in day.sessions:
                table.add_row(
                    _day_label(day.date) if first else "",
                    time_span(session.start, session.end),
                    Text.assemble(("● ", "magenta"), printable(session.title)),
                    "live session",
                    "mandatory" if session.mandatory else "optional",
                )
                first = False
            for task, minutes in day.work:
                note = Text()
                if task.due == day.date and task.mode != "async":
                    note.append("due", style="bold yellow" if task.mode == "sync" else "yellow")
                if task.optional:
                    note.append(" optional" if note else "optional", style="dim")
                table.add_row(
                    _day_label(day.date) if first else "",
                    format_minutes(minutes),
                    Text(printable(task.title)),
                    Text(printable(task.module)),
                    note,
                )
                first = False
            for task in day.due:
                if not any(task is worked for worked, _ in day.work):
                    table.add_row(
                        _day_label(day.date) if first else "",
                        "",
                        Text(printable(task.title)),
                        Text(printable(task.module)),
                        Text("deadline", style="yellow"),
                    )
                    first = False
        console.print(table)
    backlog = self_paced(plan)
    if backlog:
        table = Table(
            title=Text("Self-paced backlog", style="bold"),
            title_justify="left",
            box=table_box(console),
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("#", justify="right")
        table.add_column("Task")
        table.add_column("Module", style="dim")
        table.add_column("Kind")
        table.add_column("Effort", justify="right")
        table.add_column("Tags", style="dim")
        for number, task in enumerate(backlog, start=1):
            title = Text(printable(task.title))
            if task.optional:
                title.append(" (optional)", style="dim")
            table.add_row(
                str(number),
                title,
                Text(printable(task.module)),
                task.kind,
                format_minutes(task.effort_minutes),
                Text(printable(", ".join(task.tags))),
            )
        console.print(table)
    footer = Text()
    if plan.forecast is not None:
        forecast = plan.forecast
        if forecast.finish is None:
            footer.append("Nothing required is left in the backlog.")
        else:
            footer.append(
                f"At {format_minutes(forecast.weekly_minutes)} a week, the required self-paced work "
                f"({format_minutes(forecast.effort_minutes)}) is done by {forecast.finish:%a %d %b %Y}."
            )
    elif plan.finish is not None:
        footer.append(f"Everything is done by {plan.finish:%a %d %b %Y}.")
    if footer:
        console.print(footer)
