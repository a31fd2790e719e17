"""A plan as a day-by-day agenda grouped in weeks from the start: what the table and Markdown
renderers print."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from learnsync.course.durations import format_minutes
from learnsync.planning.model import Blackout, Plan, PlannedSession, PlannedTask


class Day:
    """A busy day of the agenda: its work (task, minutes), sessions, what is due, and the
    blackouts that begin on it."""

    __slots__ = ("blackouts", "date", "due", "sessions", "work")

    def __init__(self, day: date) -> None:
        self.date = day
        self.work: list[tuple[PlannedTask, int]] = []
        self.sessions: list[PlannedSession] = []
        self.due: list[PlannedTask] = []
        self.blackouts: list[Blackout] = []  # those that begin here

    @property
    def minutes(self) -> int:
        return sum(minutes for _, minutes in self.work)


class Week:
    """Week ``number`` of the plan (from its start), ``first`` to ``last``, with its busy days."""

    __slots__ = ("days", "first", "last", "number")

    def __init__(self, number: int, first: date, last: date, days: list[Day]) -> None:
        self.number = number
        self.first = first
        self.last = last
        self.days = days

    @property
    def minutes(self) -> int:
        return sum(day.minutes for day in self.days)


def agenda(plan: Plan) -> list[Week]:
    """The weeks that hold work, sessions or deadlines, each with its busy days in order."""
    days: dict[date, Day] = {}

    def day(when: date) -> Day:
        if when not in days:
            days[when] = Day(when)
        return days[when]

    for task in plan.tasks:
        for slot in task.slots:
            day(slot.date).work.append((task, slot.minutes))
        if task.due is not None and task.slots:
            day(task.due).due.append(task)
    for session in plan.sessions:
        day(session.start.date()).sessions.append(session)
    last = max(days, default=plan.start)
    for blackout in plan.blackouts:
        if blackout.last >= plan.start and blackout.first <= last:
            day(max(blackout.first, plan.start)).blackouts.append(blackout)
    weeks: dict[int, Week] = {}
    for when in sorted(days):
        number = (when - plan.start).days // 7 + 1
        if number not in weeks:
            first = plan.start + timedelta(days=7 * (number - 1))
            weeks[number] = Week(number, first, first + timedelta(days=6), [])
        weeks[number].days.append(days[when])
    return [weeks[number] for number in sorted(weeks)]


def blackout_span(blackout: Blackout) -> str:
    """``Mon 15 Feb - Fri 19 Feb`` (with an en dash), or one day (``Mon 15 Feb``)."""
    if blackout.first == blackout.last:
        return f"{blackout.first:%a %d %b}"
    return f"{blackout.first:%a %d %b} – {blackout.last:%a %d %b}"


def self_paced(plan: Plan) -> list[PlannedTask]:
    return [task for task in plan.tasks if not task.slots]


def time_span(start: datetime, end: datetime) -> str:
    """``10:00`` to ``11:00`` joined by an en dash; across a clock change each end with its zone
    (``01:30 CEST``, ``02:30 CET``), so a session that lasts two hours never reads as one."""
    if start.utcoffset() == end.utcoffset():
        return f"{start:%H:%M}–{end:%H:%M}"
    return f"{start:%H:%M} {start:%Z}–{end:%H:%M} {end:%Z}"


def forecast_sentence(plan: Plan) -> str | None:
    """What the plan says of its self-paced backlog's finish at the course's weekly pace, or
    None when the plan has no backlog."""
    forecast = plan.forecast
    if forecast is None:
        return None
    if forecast.effort_minutes <= 0:
        return "Nothing required is left in the backlog."
    pace = f"At {format_minutes(forecast.weekly_minutes)} a week, the required self-paced work"
    effort = format_minutes(forecast.effort_minutes)
    if forecast.finish is None:
        return f"{pace} ({effort}) takes more than the 100 years a plan may span."
    return f"{pace} ({effort}) is done by {forecast.finish:%a %d %b %Y}."
