"""The small value types of the course format: durations, cohort-relative days, session times.

Each ``parse_*`` function takes what tomllib produced and returns a plain value, or raises
``ValueError`` with a message meant for the course author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from learnsync.course.defaults import DAY_START_LATEST, YEARS  # YEARS: the years learnsync plans
from learnsync.course.durations import format_minutes as format_minutes  # re-exported

_DURATION = re.compile(r"(?:(?P<h>[0-9]+)[ \t]*h)?[ \t]*(?:(?P<m>[0-9]+)[ \t]*m(?:in)?)?")
_DAY_REF = re.compile(r"(?P<unit>day|week)[ \t]+(?P<n>-?[0-9]+)", re.IGNORECASE)
_SESSION_AT = re.compile(
    r"(?P<unit>day|week)[ \t]+(?P<n>-?[0-9]+)[ \t]+(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})", re.I
)

# Values are one line of ASCII digits: a line break or a digit of another script is refused.
_BLANKS = " \t"

DURATION_FORMS = '"45m", "1h", "1h30m", or a whole number of minutes'
DAY_FORMS = '"day N", "week N", or a date (2026-12-01)'
DUE_FORMS = '"day N", "week N", a date (2026-12-01), "SESSION + N days" or "before SESSION"'
_AFTER_SESSION = re.compile(
    r"(?P<id>[^\s,]+?)[ \t]*\+[ \t]*(?P<n>[0-9]+)[ \t]*(?P<unit>days?|weeks?)", re.IGNORECASE
)
_BEFORE_SESSION = re.compile(r"before[ \t]+(?P<id>[^\s,]+)", re.IGNORECASE)
SESSION_FORMS = '"day N HH:MM", or a date-time (2026-12-01T10:00:00, with or without offset)'


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    for kind, name in names.items():
        if type(value) is kind:
            return name
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def describe(value: object) -> str:
    """How a value from the file is named in a message: ``a string ("1x")``."""
    name = _type_name(value)
    if isinstance(value, list | dict):
        return name
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    if isinstance(value, bool):
        shown = "true" if value else "false"
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{name} ({shown})"


MAX_DAY_NUMBER = 36_600  # "day N" at most about 100 years after the start ("week 5228")
MAX_DURATION_MINUTES = 10_000 * 60  # 10000h
MAX_WHOLE = 1_000_000_000  # points, levels and badge counts: a billion, exact in every sum
_MAX_DIGITS = 12  # longer numbers are refused before int() reads them


def in_years(day: date, what: str = "a date") -> date:
    """``day``, when it lies in the years learnsync plans (``YEARS``); else ``ValueError``."""
    first, last = YEARS
    if not first <= day.year <= last:
        raise ValueError(
            f"{day.isoformat()} is outside the years learnsync plans: {what} lies in the years "
            f"{first} to {last}"
        )
    return day


def parse_duration(value: object) -> int:
    """Minutes from ``"45m"``, ``"1h"``, ``"1h30m"`` or a whole number of minutes; positive,
    and at most ``MAX_DURATION_MINUTES`` (10000h)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a duration ({DURATION_FORMS}), got {describe(value)}")
    if isinstance(value, int):
        minutes = value
    else:
        text = value.strip(_BLANKS).lower()
        if max((len(digits) for digits in re.findall(r"[0-9]+", text)), default=0) > _MAX_DIGITS:
            raise ValueError(_too_long(value))  # refused before int() reads a thousand digits
        match = _DURATION.fullmatch(text)
        if not text or match is None or not (match["h"] or match["m"]):
            if text.lstrip("-").isascii() and text.lstrip("-").isdigit():
                minutes = int(text)
            else:
                raise ValueError(f'"{value}" is not a duration: use {DURATION_FORMS}')
        else:
            minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes <= 0:
        raise ValueError(f"a duration must be positive, got {describe(value)}")
    if minutes > MAX_DURATION_MINUTES:
        raise ValueError(_too_long(value))
    return minutes


def _too_long(value: object) -> str:
    return f"a duration may be at most 10000h, got {describe(value)}"


@dataclass(frozen=True, slots=True)
class DayRef:
    """A day of the course: relative to the cohort's start (``day 3``, ``week 2``), a date, or
    relative to a live session (``kickoff + 2 days``, ``before review``).

    ``day`` is the 1-based day number (``week N`` is its last day, ``7 * N``); ``fixed_date`` is set
    instead for an absolute date; ``session`` instead for a day relative to that session's day,
    ``offset`` days after it (``before S`` is -1: the day before, to its end). ``text`` is how
    the file wrote it.
    """

    day: int | None
    fixed_date: date | None
    text: str
    session: str | None = None
    offset: int = 0

    def resolve(self, start: date) -> date:
        """The calendar date of this day for a cohort that starts on ``start`` (not for a day
        relative to a session: ``StudyCalendar.resolve`` knows the sessions)."""
        if self.fixed_date is not None:
            return self.fixed_date
        assert self.day is not None, "a day relative to a session needs the cohort's sessions"
        return start + timedelta(days=self.day - 1)

    def __str__(self) -> str:
        return self.text


def _relative_day(unit: str, digits: str, text: str) -> int:
    weeks = unit.lower() == "week"
    too_far = (
        f'"{text}" lies too far from the start: at most day {MAX_DAY_NUMBER} '
        f"(week {MAX_DAY_NUMBER // 7})"
    )
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(too_far)
    number = int(digits)
    if number < 1:
        raise ValueError(f'"{text}" lies before the start: days and weeks count from 1')
    day = number * 7 if weeks else number
    if day > MAX_DAY_NUMBER:
        raise ValueError(too_far)
    return day


def parse_day(value: object) -> DayRef:
    """A ``DayRef`` from ``"day N"``, ``"week N"``, a TOML date or an ISO date string."""
    if isinstance(value, datetime):
        raise ValueError(f"expected a day ({DAY_FORMS}), got {describe(value)}: drop the time")
    if isinstance(value, date):
        return DayRef(day=None, fixed_date=in_years(value, "a day"), text=value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"expected a day ({DAY_FORMS}), got {describe(value)}")
    text = value.strip(_BLANKS)
    match = _DAY_REF.fullmatch(text)
    if match:
        day = _relative_day(match["unit"], match["n"], text)
        return DayRef(day=day, fixed_date=None, text=text)
    match = _BEFORE_SESSION.fullmatch(text)
    if match:
        return DayRef(None, None, text, session=match["id"], offset=-1)
    match = _AFTER_SESSION.fullmatch(text)
    if match:
        if len(match["n"]) > _MAX_DIGITS:
            raise ValueError(f'"{text}" lies too far from the session')
        offset = int(match["n"]) * (7 if match["unit"].lower().startswith("w") else 1)
        if offset > MAX_DAY_NUMBER:
            raise ValueError(
                f'"{text}" lies too far from the session: at most {MAX_DAY_NUMBER} days'
            )
        return DayRef(None, None, text, session=match["id"], offset=offset)
    try:
        fixed = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f'"{value}" is not a day: use {DUE_FORMS}') from None
    return DayRef(day=None, fixed_date=in_years(fixed, "a day"), text=text)


def parse_calendar_day(value: object) -> DayRef:
    """A day of a blackout: ``day N``, ``week N`` or a date (never relative to a session)."""
    if isinstance(value, str):
        text = value.strip(_BLANKS)
        if _AFTER_SESSION.fullmatch(text) or _BEFORE_SESSION.fullmatch(text):
            raise ValueError(
                f'"{text}" is relative to a session, which a blackout never is: use {DAY_FORMS}'
            )
    try:
        ref = parse_day(value)
    except ValueError as error:
        raise ValueError(str(error).replace(DUE_FORMS, DAY_FORMS)) from None
    if ref.session is not None:
        raise ValueError(f'"{ref.text}" is not a day: use {DAY_FORMS}')
    return ref


@dataclass(frozen=True, slots=True)
class SessionTime:
    """When a live session starts: ``day N HH:MM`` from the cohort's start, or a date-time.

    A date-time without an offset is local time in the course's time zone.
    """

    day: int | None
    clock: time | None
    moment: datetime | None
    text: str

    def local(self, start: date) -> datetime | None:
        """The wall-clock start in the course's zone (naive) for a cohort that starts on
        ``start``; None for a date-time with an offset, which names its instant itself."""
        if self.moment is None:
            assert self.day is not None and self.clock is not None
            return datetime.combine(start + timedelta(days=self.day - 1), self.clock)
        return self.moment if self.moment.tzinfo is None else None

    def resolve(self, start: date, zone: tzinfo) -> datetime:
        """The aware start instant for a cohort that starts on ``start``, on the wall clock of
        ``zone`` (a local time the clocks skip or repeat is read as ``local_instant`` says)."""
        local = self.local(start)
        if local is None:
            assert self.moment is not None
            return self.moment
        return local_instant(local, zone)

    def __str__(self) -> str:
        return self.text


ClockChange = Literal["skipped", "repeated"]


def local_instant(local: datetime, zone: tzinfo) -> datetime:
    """The instant a wall-clock time in ``zone`` names, as RFC 5545 (3.3.5) reads it: a time
    the clocks skip (they go forward) is read with the offset before the gap, so it moves
    forward by the gap; a time the clocks repeat (they go back) is its first occurrence."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def clock_change(local: datetime, zone: tzinfo) -> ClockChange | None:
    """Whether the wall-clock time ``local`` (naive) is skipped or repeated in ``zone``."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    if local_instant(local, zone).replace(tzinfo=None) != local:
        return "skipped"
    return "repeated"


def parse_session_time(value: object) -> SessionTime:
    """A ``SessionTime`` from ``"day N HH:MM"``, a TOML date-time or an ISO date-time string."""
    if isinstance(value, datetime):
        in_years(value.date(), "a session")
        return SessionTime(day=None, clock=None, moment=value, text=value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"expected a start time ({SESSION_FORMS}), got {describe(value)}")
    text = value.strip(_BLANKS)
    match = _SESSION_AT.fullmatch(text)
    if match:
        day = _relative_day(match["unit"], match["n"], text)
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise ValueError(f'"{value}" has no such time of day')
        return SessionTime(day=day, clock=time(hour, minute), moment=None, text=text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f'"{value}" is not a start time: use {SESSION_FORMS}') from None
    if "T" not in text.upper() and " " not in text:
        raise ValueError(f'"{value}" has no time of day: use {SESSION_FORMS}')
    in_years(moment.date(), "a session")
    return SessionTime(day=None, clock=None, moment=moment, text=text)


def parse_calendar_date(value: object) -> date:
    """A plain date: a TOML date or an ISO date string, in the years learnsync plans."""
    return in_years(_calendar_date(value))


def _calendar_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip(_BLANKS))
        except ValueError:
            pass
    raise ValueError(f"expected a date (2026-12-24), got {describe(value)}")


COHORT_YEARS = YEARS
MAX_BLACKOUT_DAYS = 3660  # ten years: a longer blackout is a mistake

BLACKOUT_FORMS = "a date (2027-02-15) or a range of dates (2027-02-15..2027-02-19)"


def parse_date_range(value: object) -> tuple[date, date]:
    """A learner's blackout: a date, or ``FIRST..LAST`` (both included, LAST not before FIRST,
    at most ten years), in the years learnsync plans."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = in_years(value)
        return day, day
    if not isinstance(value, str):
        raise ValueError(f"expected {BLACKOUT_FORMS}, got {describe(value)}")
    first_text, separator, last_text = value.strip(_BLANKS).partition("..")
    try:
        first = date.fromisoformat(first_text.strip(_BLANKS))
        last = date.fromisoformat(last_text.strip(_BLANKS)) if separator else first
    except ValueError:
        raise ValueError(f'"{value}" is not {BLACKOUT_FORMS}') from None
    in_years(first)
    in_years(last)
    if last < first:
        raise ValueError(f'"{value}" ends before it begins: write the earlier date first')
    if (last - first).days >= MAX_BLACKOUT_DAYS:
        raise ValueError(f'"{value}" is longer than ten years')
    return first, last


def parse_cohort_start(value: object) -> date:
    """A cohort's first day: a date in the years learnsync plans (2000 to 2200)."""
    start = _calendar_date(value)
    first, last = COHORT_YEARS
    if not first <= start.year <= last:
        raise ValueError(f"a cohort starts in the years {first} to {last}, not on {start}")
    return start


WEB_URL_FORMS = "an http:// or https:// address such as https://example.org/lesson"


def _unsafe_in_text(text: str) -> str | None:
    """The first character that has no place in a one-word value (an address): a space, a line
    break, a control or a bidirectional formatting character."""
    import unicodedata

    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp"):
            return char
    return None


def parse_web_url(value: object) -> str:
    """A web address a learner can open: an absolute ``http``/``https`` URL with a host, and no
    space, line break or control character (a calendar or a terminal would obey them)."""
    import urllib.parse

    if not isinstance(value, str):
        raise ValueError(f"expected a web address ({WEB_URL_FORMS}), got {describe(value)}")
    bad = _unsafe_in_text(value)
    if bad is not None:
        what = "a space" if bad == " " else f"the character U+{ord(bad):04X}"
        raise ValueError(
            f"a web address cannot hold {what}: write it percent-encoded (a space is %20)"
        )
    shown = f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        raise ValueError(f"{shown} is not a web address: use {WEB_URL_FORMS}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{shown} is not a web address: use {WEB_URL_FORMS}")
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if not parts.hostname or not port_ok:
        raise ValueError(f"{shown} has no valid host and port: use {WEB_URL_FORMS}")
    return value


def parse_email(value: object) -> str:
    """An email address: ``name@host``, without spaces or control characters."""
    if not isinstance(value, str):
        raise ValueError(f"expected an email address (ann@example.org), got {describe(value)}")
    name, at, host = value.partition("@")
    if not name or not at or not host or "@" in host or _unsafe_in_text(value) is not None:
        raise ValueError(f'"{value}" is not an email address: write it as name@example.org')
    return value


# Names zoneinfo may accept on one machine and not on another: the machine's own zone and the
# files beside the database. A course or a roster means the same instant everywhere.
MACHINE_DEPENDENT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone that means the same on every machine."""
    from zoneinfo import ZoneInfo

    if name in MACHINE_DEPENDENT_ZONES or name.startswith(("posix/", "right/")):
        return False
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return True


def time_zone_names() -> list[str]:
    """Every IANA time zone name that ``is_time_zone`` accepts, sorted (for did-you-mean)."""
    from zoneinfo import available_timezones

    return sorted(
        name
        for name in available_timezones()
        if name not in MACHINE_DEPENDENT_ZONES and not name.startswith(("posix/", "right/"))
    )


_CLOCK = re.compile(r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})")
DAY_START_FORMS = '"HH:MM" from "00:00" to "12:00", such as "04:00"'


def parse_day_start(value: object) -> int:
    """When a learner's day begins (``day_start``): minutes after midnight, from a string
    ``"04:00"`` or a TOML time ``04:00:00``; at most noon, so a day is never mostly the next."""
    if isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise ValueError(f"expected {DAY_START_FORMS}, got {describe(value)}")
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, str) and (match := _CLOCK.fullmatch(value.strip(_BLANKS))):
        hours, mins = int(match["h"]), int(match["m"])
        if hours > 23 or mins > 59:
            raise ValueError(f"expected {DAY_START_FORMS}, got {describe(value)}")
        minutes = hours * 60 + mins
    else:
        raise ValueError(f"expected {DAY_START_FORMS}, got {describe(value)}")
    if minutes > DAY_START_LATEST:
        raise ValueError(f"a day starts at noon at the latest: expected {DAY_START_FORMS}")
    return minutes


def format_clock(minutes: int) -> str:
    """``240`` -> ``"04:00"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
