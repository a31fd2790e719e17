"""A plan as iCalendar (RFC 5545), made with the icalendar package so calendar apps import it.

Live sessions are events at their true instant (in UTC, which no calendar app reads wrong
across a daylight-saving change), with a reminder 15 minutes before; study slots are all-day
events that do not block free time; each task is a to-do, DUE at the end of its deadline's day in
the course's time zone (of its planned day when it has no deadline), from the start of its
planned day (DTSTART, so a calendar shows both days), with a reminder the morning it is due. UIDs are stable: a session, a task's n-th study
slot and a task's deadline keep theirs across exports and replans, so re-importing updates the
calendar instead of duplicating it. Every component has the same DTSTAMP (the plan's start), so
the same inputs give the same bytes. Text from the course keeps its line breaks (iCalendar
escapes them) and shows every other control character as ``safe_text.multi_line`` does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Todo, vText

from learnsync import __version__
from learnsync.course.values import format_minutes, local_instant
from learnsync.planning.model import Plan, PlannedTask
from learnsync.render.safe_text import multi_line


def render_plan(plan: Plan, *, learner: str | None = None) -> str:
    """The plan as an iCalendar document. With ``learner``, every UID carries the learner, so
    that the calendars of a team merged into one keep each learner's events apart; a learner's
    UIDs stay the same across replans."""
    suffix = f"@{plan.course_id}.learnsync"
    if learner is not None:
        suffix = f".{quote(learner, safe='')}{suffix}"

    def _uid(kind: str, *parts: str) -> str:
        return "-".join([kind, *parts]) + suffix

    calendar = Calendar()
    calendar.add("prodid", f"-//learnsync//learnsync {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(multi_line(plan.course_title)))  # escaped as TEXT
    stamp = datetime.combine(plan.start, time(0), tzinfo=UTC)
    zone = ZoneInfo(plan.timezone)

    for session in plan.sessions:
        event = Event()
        event.add("uid", _uid("session", session.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start.astimezone(UTC))
        event.add("dtend", session.end.astimezone(UTC))
        event.add("summary", multi_line(session.title))
        description = "Live session" + (" (mandatory)" if session.mandatory else " (optional)")
        if session.url:
            event.add("url", session.url)
            description += f"\n{session.url}"
        event.add("description", description)
        event.add("categories", ["learnsync", "session"])
        event.add_component(
            _alarm(f"{multi_line(session.title)} starts in 15 minutes", timedelta(minutes=-15))
        )
        calendar.add_component(event)

    for task in plan.tasks:
        for number, slot in enumerate(task.slots, start=1):
            event = Event()
            event.add("uid", _uid("study", task.id, str(number)))
            event.add("dtstamp", stamp)
            event.add("dtstart", slot.date)
            event.add("dtend", slot.date + timedelta(days=1))
            event.add(
                "summary", f"Study: {multi_line(task.title)} ({format_minutes(slot.minutes)})"
            )
            event.add("transp", "TRANSPARENT")
            description = (
                f"{format_minutes(slot.minutes)} of {format_minutes(task.effort_minutes)}, "
                f"module {multi_line(task.module)}"
            )
            if task.url:
                event.add("url", task.url)
                description += f"\n{task.url}"
            event.add("description", description)
            event.add("categories", ["learnsync", "study"])
            calendar.add_component(event)
        todo = _todo(task, zone)
        if todo is not None:
            todo.add("uid", _uid("due", task.id))
            todo.add("dtstamp", stamp)
            calendar.add_component(todo)
    return str(calendar.to_ical(), "utf-8")


def _todo(task: PlannedTask, zone: ZoneInfo) -> Todo | None:
    """A task as a to-do: due at its deadline, else on its planned day; None when self-paced."""
    planned = task.finish or task.due
    due = task.deadline or planned
    if due is None:
        return None
    todo = Todo()
    todo.add("summary", f"Due: {multi_line(task.title)}")
    if planned is not None and planned <= due:
        # DTSTART and DUE must both be date-times, DUE the later (RFC 5545 3.8.2.3)
        todo.add("dtstart", _start_of_day(planned, zone))
    todo.add("due", _end_of_day(due, zone))
    lines = []
    if task.deadline is not None:
        lines.append(f"Deadline {task.deadline.isoformat()}")
    if planned is not None:
        lines.append(f"planned for {planned.isoformat()}")
    todo.add("description", ", ".join(lines) + f", module {multi_line(task.module)}")
    if task.url:
        todo.add("url", task.url)
    todo.add("categories", ["learnsync", "deadline"])
    todo.add_component(
        _alarm(f"Due today: {multi_line(task.title)}", timedelta(hours=-15), related_to_end=True)
    )
    return todo


def _alarm(text: str, before: timedelta, *, related_to_end: bool = False) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    if related_to_end:  # a to-do's reminder counts back from its DUE
        alarm.add("trigger", before, parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", before)
    return alarm


def _start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in the course's zone, as UTC."""
    return local_instant(datetime.combine(day, time(0)), zone).astimezone(UTC)


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last second of ``day`` in the course's zone, as UTC."""
    next_midnight = local_instant(datetime.combine(day + timedelta(days=1), time(0)), zone)
    return next_midnight.astimezone(UTC) - timedelta(seconds=1)
