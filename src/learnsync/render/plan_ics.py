"""A plan as iCalendar (RFC 5545), written line by line so calendar apps import it.

Live sessions are events at their true instant (in UTC, which no calendar app reads wrong
across a daylight-saving change), with a reminder 15 minutes before; study slots are all-day
events that do not block free time, and so are blackouts (days off study, by their title); each task is a to-do, DUE at the end of its deadline's day in
the course's time zone (of its planned day when it has no deadline), from the start of its
planned day (DTSTART, so a calendar shows both days), with a reminder the morning it is due. UIDs
are stable: a session, a task's n-th study slot and a task's deadline keep theirs across exports
and replans, so re-importing updates the calendar instead of duplicating it. Every component has
the same DTSTAMP (the plan's start), so the same inputs give the same bytes. Text from the course
keeps its line breaks (iCalendar escapes them) and shows every other control character as
``safe_text.multi_line`` does.

The lines are written directly (``content_line``: escaping and folding, RFC 5545 3.1 and 3.3.11)
in the property order the icalendar package writes: a 10,000-task plan takes a fifth of the time
icalendar's objects take. The tests read every calendar back with icalendar, vobject and khal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from learnsync import __version__
from learnsync.course.values import format_minutes
from learnsync.planning.model import Plan, PlannedTask
from learnsync.render.safe_text import multi_line
from learnsync.rules import day_end

FOLD_OCTETS = 75  # the longest line RFC 5545 allows, without its CRLF


def escape_text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks
    (CRLF, LF or a lone CR) as ``\\n``."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """A content line folded (RFC 5545 3.1): lines of at most 74 octets, each continued after
    CRLF and one space, never splitting a character's UTF-8 bytes; ends without CRLF."""
    limit = FOLD_OCTETS - 1
    if line.isascii():
        if len(line) <= limit:
            return line
        return "\r\n ".join(line[i : i + limit] for i in range(0, len(line), limit))
    pieces: list[str] = []
    octets = 0
    for character in line:
        size = len(character.encode("utf-8"))
        octets += size
        if octets > limit:
            pieces.append("\r\n ")
            octets = size
        pieces.append(character)
    return "".join(pieces)


def content_line(name: str, value: str, parameters: str = "") -> str:
    """``NAME;PARAMETERS:VALUE`` folded, with its CRLF; ``value`` is written as given (escape
    TEXT with ``escape_text``)."""
    return fold_line(f"{name}{parameters}:{value}") + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@lru_cache(maxsize=4096)
def _day(day: date) -> str:
    # a plan's days recur across its tasks: each is written once (strftime is slow)
    return day.strftime("%Y%m%d")


@lru_cache(maxsize=4096)
def _minutes(minutes: int) -> str:
    return format_minutes(minutes)


def render_plan(plan: Plan, *, learner: str | None = None) -> str:
    """The plan as an iCalendar document. With ``learner``, every UID carries the learner, so
    that the calendars of a team merged into one keep each learner's events apart; a learner's
    UIDs stay the same across replans."""
    return "".join(_lines(plan, learner))


def _lines(plan: Plan, learner: str | None) -> Iterator[str]:
    suffix = f"@{plan.course_id}.learnsync"
    if learner is not None:
        suffix = f".{quote(learner, safe='')}{suffix}"

    def uid(kind: str, *parts: str) -> str:
        return content_line("UID", escape_text("-".join([kind, *parts]) + suffix))

    stamp = content_line("DTSTAMP", _utc(datetime.combine(plan.start, time(0), tzinfo=UTC)))
    zone = ZoneInfo(plan.timezone)
    yield "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    yield content_line("PRODID", escape_text(f"-//learnsync//learnsync {__version__}//EN"))
    yield "CALSCALE:GREGORIAN\r\n"
    yield content_line("X-WR-CALNAME", escape_text(multi_line(plan.course_title)))

    for session in plan.sessions:
        title = multi_line(session.title)
        yield "BEGIN:VEVENT\r\n"
        yield content_line("SUMMARY", escape_text(title))
        yield content_line("DTSTART", _utc(session.start))
        yield content_line("DTEND", _utc(session.end))
        yield stamp
        yield uid("session", session.id)
        yield "CATEGORIES:learnsync,session\r\n"
        description = "Live session" + (" (mandatory)" if session.mandatory else " (optional)")
        if session.url:
            description += f"\n{session.url}"
        yield content_line("DESCRIPTION", escape_text(description))
        if session.url:
            yield content_line("URL", session.url)
        yield from _alarm(f"{title} starts in 15 minutes", "-PT15M")
        yield "END:VEVENT\r\n"

    spans: dict[tuple[str, str], int] = {}
    for blackout in plan.blackouts:
        span = (_day(blackout.first), _day(blackout.last))
        spans[span] = spans.get(span, 0) + 1
        yield "BEGIN:VEVENT\r\n"
        yield content_line("SUMMARY", escape_text(multi_line(blackout.title)))
        yield f"DTSTART;VALUE=DATE:{_day(blackout.first)}\r\n"
        yield f"DTEND;VALUE=DATE:{_day(blackout.last + timedelta(days=1))}\r\n"
        yield stamp
        repeat = [str(spans[span])] if spans[span] > 1 else []
        yield uid("blackout", *span, *repeat)
        yield "CATEGORIES:learnsync,blackout\r\n"
        yield content_line("DESCRIPTION", escape_text("Blackout: no study"))
        yield "TRANSP:TRANSPARENT\r\n"
        yield "END:VEVENT\r\n"

    for task in plan.tasks:
        title = multi_line(task.title)
        module = multi_line(task.module)
        for number, slot in enumerate(task.slots, start=1):
            yield "BEGIN:VEVENT\r\n"
            yield content_line("SUMMARY", escape_text(f"Study: {title} ({_minutes(slot.minutes)})"))
            yield f"DTSTART;VALUE=DATE:{_day(slot.date)}\r\n"
            yield f"DTEND;VALUE=DATE:{_day(slot.date + timedelta(days=1))}\r\n"
            yield stamp
            yield uid("study", task.id, str(number))
            yield "CATEGORIES:learnsync,study\r\n"
            description = (
                f"{_minutes(slot.minutes)} of {_minutes(task.effort_minutes)}, module {module}"
            )
            if task.url:
                description += f"\n{task.url}"
            yield content_line("DESCRIPTION", escape_text(description))
            yield "TRANSP:TRANSPARENT\r\n"
            if task.url:
                yield content_line("URL", task.url)
            yield "END:VEVENT\r\n"
        yield from _todo(task, title, module, zone, stamp, uid("due", task.id))
    yield "END:VCALENDAR\r\n"


def _todo(
    task: PlannedTask, title: str, module: str, zone: ZoneInfo, stamp: str, uid: str
) -> Iterator[str]:
    """A task as a to-do: due at its deadline, else on its planned day; none when self-paced."""
    planned = task.finish or task.due
    due = task.deadline or planned
    if due is None:
        return
    lines = []
    if task.deadline is not None:
        lines.append(f"Deadline {task.deadline.isoformat()}")
    if planned is not None:
        lines.append(f"planned for {planned.isoformat()}")
    yield "BEGIN:VTODO\r\nCATEGORIES:learnsync,deadline\r\n"
    yield content_line("DESCRIPTION", escape_text(", ".join(lines) + f", module {module}"))
    yield stamp
    if planned is not None and planned <= due:
        # DTSTART and DUE must both be date-times, DUE the later (RFC 5545 3.8.2.3)
        yield _day_line("DTSTART", planned, zone, False)
    yield _day_line("DUE", due, zone, True)
    yield content_line("SUMMARY", escape_text(f"Due: {title}"))
    yield uid
    if task.url:
        yield content_line("URL", task.url)
    # a to-do's reminder counts back from its DUE
    yield from _alarm(f"Due today: {title}", "-PT15H", ";RELATED=END")
    yield "END:VTODO\r\n"


def _alarm(text: str, trigger: str, parameters: str = "") -> Iterator[str]:
    yield "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
    yield content_line("DESCRIPTION", escape_text(text))
    yield content_line("TRIGGER", trigger, parameters)
    yield "END:VALARM\r\n"


@lru_cache(maxsize=4096)
def _day_line(name: str, day: date, zone: ZoneInfo, end: bool) -> str:
    """The DTSTART (the day's first instant) or DUE (its last second) line of a to-do: many
    tasks share their days, and each line is worked out once."""
    return content_line(name, _utc(_end_of_day(day, zone) if end else _start_of_day(day, zone)))


def _start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in the course's zone, as UTC: the end of the day before
    (``rules.day_end``)."""
    return day_end(day - timedelta(days=1), zone.key).astimezone(UTC)


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last second of ``day`` in the course's zone, as UTC: a second before it ends, when
    a deadline of that day ends (``rules.day_end``, ``rules.deadline_end``)."""
    return day_end(day, zone.key).astimezone(UTC) - timedelta(seconds=1)
