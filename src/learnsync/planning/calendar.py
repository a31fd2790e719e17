"""The study calendar: which days people study and how many minutes each day has.

A day's capacity is the course's daily budget on a study day (a workday that is no holiday,
explicit or public, or a date of ``workdays_extra``), less the live sessions held that day. Days
are numbered from the cohort's start: day index 0 is the start date. A live session on a public
holiday is held, and nobody studies that day; the planner refuses only sessions on days the
course itself excludes.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from learnsync.course.model import WEEKDAYS, Course

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
    _capacity: list[int] = field(default_factory=list, repr=False)

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
    ) -> StudyCalendar:
        """The calendar of a cohort; ``with_holidays=False`` leaves out every holiday, explicit
        and public (the calendar of a cohort that meets none)."""
        calendar = course.calendar
        zone = ZoneInfo(calendar.timezone)
        per_day: dict[date, int] = {}
        for session in sessions:
            local_day = session.start.astimezone(zone).date()
            per_day[local_day] = per_day.get(local_day, 0) + session.minutes
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
        )

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def day_of(self, when: date) -> int:
        return (when - self.start).days

    def is_study_day(self, when: date) -> bool:
        """A workday that is neither an explicit nor a public holiday, or an extra workday."""
        if when in self.extra:
            return True
        return (
            when.weekday() in self.workdays
            and when not in self.holidays
            and when not in self.public
        )

    def exceptions(self, last: date) -> tuple[tuple[date, ...], tuple[date, ...]]:
        """The days from the start to ``last`` that differ from the week's pattern: the workdays
        that are no study day (holidays, public or not) and the study days that are no workday
        (``workdays_extra``); explicit holidays after ``last`` are days off too."""
        off: set[date] = {
            day for day in self.holidays if day.weekday() in self.workdays and day not in self.extra
        }
        extra = {day for day in self.extra if day.weekday() not in self.workdays}
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
        return StudyCalendar(
            self.start,
            self.zone,
            self.workdays,
            daily_minutes,
            self.holidays,
            self.public,
            self.session_minutes,
            self.not_before,
            self.extra,
            self.public_region,
        )
