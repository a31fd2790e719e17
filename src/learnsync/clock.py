"""The current time, which scripts and tests can pin with ``LEARNSYNC_NOW`` (an ISO date-time)."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from learnsync.errors import UsageError
from learnsync.record import Record

NOW_VARIABLE = "LEARNSYNC_NOW"


def now() -> datetime:
    """The current instant, aware: ``LEARNSYNC_NOW`` when set (UTC when it has no offset)."""
    pinned = os.environ.get(NOW_VARIABLE)
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned.strip())
    except ValueError:
        raise UsageError(
            f"{NOW_VARIABLE}={pinned!r} is not an ISO date-time (2027-01-04T09:00:00+01:00)"
        ) from None
    from learnsync.course.defaults import YEARS

    first, last = YEARS
    if not first <= moment.year <= last:
        raise UsageError(
            f"{NOW_VARIABLE}={pinned!r} is outside the years learnsync plans ({first} to {last})"
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def today(zone: tzinfo) -> date:
    """Today's date in ``zone``."""
    return now().astimezone(zone).date()


def next_monday(zone: tzinfo) -> date:
    """Today when it is a Monday, else the next Monday: the default start of a cohort."""
    current = today(zone)
    return current + timedelta(days=(7 - current.weekday()) % 7)


WEEKDAY_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue"),
            ("wednesday", "wed"),
            ("thursday", "thu"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_CLOCK = r"(\d{1,2}):(\d{2})"  # compiled (and kept by re) when first used, not at every start


def relative_day(word: str, today: date, *, past: bool) -> date | None:
    """``today``, ``tomorrow``, ``yesterday``, a weekday (``monday``: the nearest one on or
    before today when ``past``, else on or after), ``next monday`` (after today) or
    ``last monday`` (before today); None for anything else."""
    word = " ".join(word.lower().split())
    fixed = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in fixed:
        return today + timedelta(days=fixed[word])
    prefix, _, name = word.rpartition(" ")
    if name not in WEEKDAY_NAMES or prefix not in ("", "next", "last", "this"):
        return None
    ahead = (WEEKDAY_NAMES[name] - today.weekday()) % 7
    if prefix == "next" or (prefix == "" and not past) or prefix == "this":
        return today + timedelta(days=ahead or (7 if prefix == "next" else 0))
    behind = (today.weekday() - WEEKDAY_NAMES[name]) % 7
    return today - timedelta(days=behind or (7 if prefix == "last" else 0))


def clock_time(text: str) -> time | None:
    """``18:00`` or ``9:30`` as a time of day; None when ``text`` is not one."""
    match = re.fullmatch(_CLOCK, text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class RelativeMoment(Record):
    """A moment said the way people say it (``yesterday 18:00``, ``monday``, ``16:30``), made a
    local date-time once the learner's today is known."""

    text: str
    day: str  # a word relative_day understands; "" for today
    clock: time | None

    @property
    def names_a_weekday(self) -> bool:
        return self.day.split()[-1].lower() in WEEKDAY_NAMES if self.day else False

    def resolve(self, today: date) -> datetime:
        """The local date-time (naive): the day's noon when no time is given."""
        day = relative_day(self.day, today, past=True) if self.day else today
        assert day is not None
        return datetime.combine(day, self.clock or time(12, 0))
