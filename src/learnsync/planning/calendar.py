"""The study calendar: which days people study and how many minutes each day has.

A day's capacity is the course's daily budget on a study day (a workday that is no holiday,
explicit or public, or a date of ``workdays_extra``), less the live sessions held that day. Days
are numbered from the cohort's start: day index 0 is the start date. A live session on a public
holiday is held, and nobody studies that day; the planner refuses only sessions on days the
course itself excludes.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from learnsync.course.defaults import WEEKDAYS
from learnsync.course.model import Course
from learnsync.course.values import DayRef
from learnsync.planning.model import Blackout, is_study_day

MAX_PLAN_DAYS = 100 * 366


@dataclass(frozen=True, slots=True)
class SessionTimes:
    """A live session at its true instants (aware; ``session_times`` gives them in UTC)."""

    id: str
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        """Its length in real minutes (aware datetimes that share a zone subtract on the wall
        clock, so both are taken to UTC first)."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


@functools.lru_cache(maxsize=64)
def public_holidays(country: str | None, subdivision: str | None) -> Container[date]:
    """The public holidays of a country (and subdivision), or nothing when no country is set.

    Kept per country: building the table costs more than planning a small course, and checking
    many cohorts asks for it again and again."""
    if country is None:
        return frozenset()
    import holidays

    return holidays.country_holidays(country, subdiv=subdivision)


def calendar_data(country: str | None) -> tuple[tuple[str, str], ...]:
    """The data sets a calendar's days off came from, with their release (``0.109``): the
    public-holiday data when a country is set, else none."""
    if country is None:
        return ()
    from holidays.version import __version__

    return (("holidays", ".".join(__version__.split(".")[:2])),)


def course_blackouts(course: Course, start: date) -> list[Blackout]:
    """The course's ``[[calendar.blackout]]`` for a cohort that starts on ``start``: relative
    days count calendar days from the start (they never shift). A blackout whose last day comes
    before its first is left out (``blackout_findings`` reports it)."""
    found = []
    for entry in course.calendar.blackouts:
        first = entry.first.resolve(start)
        last = entry.last.resolve(start) if entry.last is not None else first
        if last >= first:
            found.append(Blackout(first, last, entry.title))
    return found


def blackout_days(blackouts: Iterable[Blackout]) -> tuple[date, ...]:
    """Every day of ``blackouts``, sorted, each once (overlapping blackouts are their union)."""
    days: set[date] = set()
    for blackout in blackouts:
        count = (blackout.last - blackout.first).days + 1
        days.update(blackout.first + timedelta(days=offset) for offset in range(count))
    return tuple(sorted(days))


def course_workdays(course: Course) -> frozenset[int]:
    """The course's workdays as weekday numbers (Monday is 0)."""
    return frozenset(WEEKDAYS.index(day) for day in course.calendar.workdays)


class DayShift:
    """Where relative days go when blackouts shift them (``[calendar] blackouts = "shift"``).

    A blackout's length is the number of the course's workdays in it (Monday to Friday is 5,
    a weekend 0), and every relative date after it moves by that many workdays: a workday
    (a deadline, a live session) goes to the workday that keeps its count of workdays from the
    start once blackout days are skipped, so a Friday after a Monday-to-Friday blackout is the
    next Friday; a day off (a Sunday, ``week N``) moves with the workday before it, and never
    past the day before the next one. Overlapping blackouts count each day once.
    """

    def __init__(self, start: date, workdays: frozenset[int], blackout: frozenset[date]) -> None:
        self.start = start
        self.workdays = workdays
        self.blackout = blackout
        self._first = min(blackout, default=None)
        self._prefix = [0]
        for offset in range(7):
            weekday = (start + timedelta(days=offset)).weekday()
            self._prefix.append(self._prefix[-1] + (weekday in workdays))
        self._images: list[date] = []
        self._next = start

    def _ordinal(self, day: date) -> int:
        """How many workdays lie from the start to ``day``, both included."""
        weeks, rest = divmod((day - self.start).days + 1, 7)
        return weeks * len(self.workdays) + self._prefix[rest]

    def _image(self, ordinal: int) -> date:
        """The ``ordinal``-th workday that is no blackout (0: the day before the start)."""
        if ordinal == 0:
            return self.start - timedelta(days=1)
        while len(self._images) < ordinal:
            if self._next.weekday() in self.workdays and self._next not in self.blackout:
                self._images.append(self._next)
            self._next += timedelta(days=1)
        return self._images[ordinal - 1]

    def date_of(self, number: int) -> date:
        """The date of ``day number`` (1 is the start)."""
        day = self.start + timedelta(days=number - 1)
        if self._first is None or not self.workdays or day < self._first:
            return day
        ordinal = self._ordinal(day)
        if day.weekday() in self.workdays:
            return self._image(ordinal)
        gap = 1
        while gap < 7 and (day - timedelta(days=gap)).weekday() not in self.workdays:
            gap += 1
        if ordinal == 0:
            gap = (day - self.start).days + 1
        return min(
            self._image(ordinal) + timedelta(days=gap),
            self._image(ordinal + 1) - timedelta(days=1),
        )


@dataclass
class StudyCalendar:
    """Capacity in minutes of each day of a cohort that starts on ``start``."""

    start: date
    zone: ZoneInfo
    workdays: frozenset[int]
    daily_minutes: int
    holidays: frozenset[date]
    public: Container[date]
    session_minutes: dict[date, int]
    not_before: date | None = None
    extra: frozenset[date] = frozenset()
    public_region: str = ""
    blackouts: tuple[Blackout, ...] = ()
    shift: DayShift | None = None  # [calendar] blackouts = "shift": relative dates move
    session_days: dict[str, date] = field(default_factory=dict)
    session_numbers: dict[str, int] = field(default_factory=dict)  # "day N" of relative ones
    _blackout_days: tuple[date, ...] = field(default=(), repr=False)
    _blackout_set: frozenset[date] = field(default=frozenset(), repr=False)
    _capacity: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.blackouts and not self._blackout_days:
            self._blackout_days = blackout_days(self.blackouts)
            self._blackout_set = frozenset(self._blackout_days)

    @classmethod
    def for_course(
        cls,
        course: Course,
        start: date,
        sessions: Sequence[SessionTimes] = (),
        *,
        daily_minutes: int | None = None,
        not_before: date | None = None,
        workdays: Sequence[str] | None = None,
        with_holidays: bool = True,
        blackouts: Sequence[Blackout] = (),
        shifting: Sequence[Blackout] | None = None,
    ) -> StudyCalendar:
        """The calendar of a cohort; ``with_holidays=False`` leaves out every holiday, explicit
        and public (the calendar of a cohort that meets none). ``blackouts`` are every blackout
        of the plan (the course's from ``course_blackouts`` and the learner's); ``shifting``
        those that move relative dates when the course's blackouts shift (the course's own:
        default, all of ``blackouts``)."""
        shifting = blackouts if shifting is None else shifting
        calendar = course.calendar
        zone = ZoneInfo(calendar.timezone)
        per_day: dict[date, int] = {}
        session_days: dict[str, date] = {}
        for session in sessions:
            local_day = session.start.astimezone(zone).date()
            per_day[local_day] = per_day.get(local_day, 0) + session.minutes
            session_days[session.id] = local_day
        return cls(
            start=start,
            zone=zone,
            workdays=frozenset(WEEKDAYS.index(day) for day in (workdays or calendar.workdays)),
            daily_minutes=calendar.daily_minutes if daily_minutes is None else daily_minutes,
            holidays=frozenset(calendar.holidays) if with_holidays else frozenset(),
            public=public_holidays(calendar.country, calendar.subdivision)
            if with_holidays
            else frozenset(),
            session_minutes=per_day,
            not_before=not_before,
            extra=frozenset(calendar.workdays_extra) if with_holidays else frozenset(),
            public_region="-".join(
                part for part in (calendar.country, calendar.subdivision) if part
            ),
            blackouts=tuple(blackouts),
            shift=DayShift(start, course_workdays(course), frozenset(blackout_days(shifting)))
            if calendar.blackout_mode == "shift" and shifting
            else None,
            session_days=session_days,
            session_numbers={
                session.id: session.at.day
                for session in course.sessions
                if session.at.day is not None
            },
        )

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def day_of(self, when: date) -> int:
        return (when - self.start).days

    def resolve(self, ref: DayRef) -> date:
        """The date of a day of the course: a fixed date as it is; ``day N`` from the start
        (past the blackouts before it when they shift); a day relative to a live session from
        that session's day (past blackouts as ``day N`` is, when the session is relative)."""
        if ref.fixed_date is not None:
            return ref.fixed_date
        if ref.day is not None:
            return self.relative_day(ref.day)
        assert ref.session is not None
        anchor = self.session_days[ref.session]
        number = self.session_numbers.get(ref.session)
        if self.shift is not None and number is not None:
            return _in_years(self.relative_day(number + ref.offset), ref, self.start)
        return _in_years(anchor + timedelta(days=ref.offset), ref, self.start)

    def relative_day(self, number: int) -> date:
        """The date of ``day number`` (1 is the start)."""
        if self.shift is not None:
            return self.shift.date_of(number)
        return self.start + timedelta(days=number - 1)

    def blackout_on(self, when: date) -> Blackout | None:
        """The first blackout that holds ``when``, or None."""
        if when not in self._blackout_set:
            return None
        return next(blackout for blackout in self.blackouts if when in blackout)

    def is_study_day(self, when: date) -> bool:
        """A workday that is neither an explicit nor a public holiday nor a blackout, or an extra
        workday that is no blackout."""
        return is_study_day(
            when,
            self.workdays,
            self.holidays,
            self.extra,
            public=self.public,
            blackouts=self._blackout_set,
        )

    def exceptions(self, last: date) -> tuple[tuple[date, ...], tuple[date, ...]]:
        """The days from the start to ``last`` that differ from the week's pattern: the workdays
        that are no study day (holidays, public or not) and the study days that are no workday
        (``workdays_extra``); explicit holidays after ``last`` are days off too."""
        off: set[date] = {
            day for day in self.holidays if day.weekday() in self.workdays and day not in self.extra
        }
        extra = {
            day
            for day in self.extra
            if day.weekday() not in self.workdays and day not in self._blackout_set
        }
        when = self.start
        while when <= last:
            if when.weekday() in self.workdays and not self.is_study_day(when):
                off.add(when)
            when += timedelta(days=1)
        return tuple(sorted(off)), tuple(sorted(extra))

    def public_holiday(self, when: date) -> str | None:
        """The name of the public holiday on ``when`` with its region ("Christmas Day (US)"),
        or None when it is none."""
        if when not in self.public:
            return None
        lookup = getattr(self.public, "get", None)
        name = str(lookup(when)) if lookup is not None else "a public holiday"
        return f"{name} ({self.public_region})" if self.public_region else name

    def capacity(self, day: int) -> int:
        """Minutes of study on day index ``day`` (0 is the start)."""
        cache = self._capacity
        while len(cache) <= day:
            when = self.date_of(len(cache))
            minutes = 0
            if self.is_study_day(when) and (self.not_before is None or when >= self.not_before):
                minutes = max(0, self.daily_minutes - self.session_minutes.get(when, 0))
            cache.append(minutes)
        return cache[day] if day >= 0 else 0

    def with_daily(self, daily_minutes: int) -> StudyCalendar:
        """The same calendar with another daily budget."""
        return replace(self, daily_minutes=daily_minutes, _capacity=[])


def _in_years(day: date, ref: DayRef, start: date) -> date:
    """``day``, the date of a deadline relative to a live session, when it lies in the years
    learnsync plans; else ``PlanInputError`` (blackouts that shift can carry it past them)."""
    from learnsync.course.defaults import YEARS
    from learnsync.errors import PlanInputError

    first, last = YEARS
    if not first <= day.year <= last:
        raise PlanInputError(
            f'due "{ref.text}" falls on {day.isoformat()} for a cohort starting on '
            f"{start.isoformat()}, outside the years learnsync plans ({first} to {last})"
        )
    return day
