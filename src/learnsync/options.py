"""What the commands share to read their options: who the learner is, dates, moments, durations
and the learning record store. Each turns the text of one option into a value, or raises
``UsageError`` (exit 2) naming the option and the form it expects."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from learnsync.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from learnsync.checking import Cohorts
    from learnsync.clock import RelativeMoment
    from learnsync.lrs import Lrs
    from learnsync.planning.model import Blackout

_Moment = TypeVar("_Moment", date, datetime)

LEARNER_VARIABLE = "LEARNSYNC_LEARNER"
LRS_USER_VARIABLE = "LEARNSYNC_LRS_USER"
LRS_PASSWORD_VARIABLE = "LEARNSYNC_LRS_PASSWORD"
MAX_WITHIN_DAYS = 3660  # ten years


def in_years(moment: _Moment, option: str) -> _Moment:
    """``moment`` when it lies in the years learnsync plans; else a ``UsageError`` naming the
    option. Every date and date-time an option gives goes through here."""
    from learnsync.course.defaults import YEARS

    first, last = YEARS
    if not first <= moment.year <= last:
        raise UsageError(
            f"{option} {moment.isoformat()} is outside the years learnsync plans ({first} to "
            f"{last})"
        )
    return moment


def learner_name(option: str | None) -> str:
    """``--learner``, else ``LEARNSYNC_LEARNER``, else the login name. An empty ``--learner`` is a
    usage error, never silently someone else."""
    named, login = learner_names(option)
    name = named or login
    if not name:
        raise UsageError(f"cannot tell who you are: pass --learner NAME or set {LEARNER_VARIABLE}")
    return name


def learner_names(option: str | None) -> tuple[str | None, str | None]:
    """(the learner named by ``--learner`` or ``LEARNSYNC_LEARNER``, the login name): either may
    be None, and the login name is None when a learner is named (it is never used then, and
    looking it up costs getpass and termios at every start). ``find_learner`` makes one learner
    of them with the store."""
    if option is not None and not option.strip():
        raise UsageError(
            "--learner is empty: pass a name, or leave the option out to use "
            f"{LEARNER_VARIABLE} or your login name"
        )
    named = (option or os.environ.get(LEARNER_VARIABLE) or "").strip() or None
    if named is not None:
        return named, None
    import getpass

    try:
        login = getpass.getuser().strip() or None
    except (OSError, KeyError):
        login = None
    return named, login


def parse_start(text: str | None, zone: tzinfo) -> date:
    """``--start``: a date (YYYY-MM-DD), or ``today``, ``tomorrow``, ``monday`` (the coming
    one), ``next monday``...; by default the next Monday (today when it is one), in ``zone``."""
    from learnsync.clock import next_monday, relative_day, today

    if text is None:
        return next_monday(zone)
    try:
        return in_years(date.fromisoformat(text.strip(" \t")), "--start")
    except ValueError:
        pass
    day = relative_day(text, today(zone), past=False)
    if day is None:
        raise UsageError(
            f"--start '{text}' is not a date: use YYYY-MM-DD (2027-01-04), today, tomorrow, "
            "monday or next monday"
        )
    return day


def parse_daily(text: str | None, option: str = "--daily") -> int | None:
    """``--daily`` (or ``option``): study minutes a day, as a duration (``1h30m``)."""
    if text is None:
        return None
    from learnsync.course.values import parse_duration

    try:
        minutes = parse_duration(text)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None
    if minutes > 24 * 60:
        raise UsageError(f"{option}: a day has 24 hours")
    return minutes


def parse_blackouts(texts: Sequence[str]) -> tuple[Blackout, ...]:
    """``--blackout`` (repeatable): a date or ``FIRST..LAST``, days the learner does not study."""
    from learnsync.course.values import parse_date_range
    from learnsync.planning.model import Blackout

    found = []
    for text in texts:
        try:
            first, last = parse_date_range(text)
        except ValueError as error:
            raise UsageError(f"--blackout: {error}") from None
        blackout = Blackout(first, last, BLACKOUT_TITLE)
        if blackout not in found:  # the same days given twice are one blackout
            found.append(blackout)
    return tuple(found)


BLACKOUT_TITLE = "Blackout"  # a learner's own blackouts (--blackout, a roster row) have no title


def parse_end(text: str | None) -> date | None:
    """``--end``: the date everything scheduled is done by (YYYY-MM-DD)."""
    if text is None:
        return None
    try:
        return in_years(date.fromisoformat(text.strip(" \t")), "--end")
    except ValueError:
        raise UsageError(f"--end '{text}' is not a date: use YYYY-MM-DD (2027-03-26)") from None


def parse_max_daily(text: str | None, end: date | None) -> int:
    """``--max-daily``: the most study time a day ``--end`` may ask for (default 8h)."""
    from learnsync.planning.planner import DEFAULT_MAX_DAILY

    if text is None:
        return DEFAULT_MAX_DAILY
    if end is None:
        raise UsageError("--max-daily goes with --end: it caps the daily time --end finds")
    from learnsync.course.values import parse_duration

    try:
        minutes = parse_duration(text)
    except ValueError as error:
        raise UsageError(f"--max-daily: {error}") from None
    if minutes > 24 * 60:
        raise UsageError("--max-daily: a day has 24 hours")
    return minutes


def parse_at(text: str | None) -> datetime | RelativeMoment | None:
    """``--at``: an ISO date-time (``2027-01-05T18:30``, or with a space; an offset is kept,
    without one it is the learner's local time), a date (its noon), or a moment said the way
    people say it: ``18:00``, ``yesterday``, ``yesterday 18:00``, ``monday 9:30`` (the last
    Monday); None when not given."""
    from learnsync.clock import RelativeMoment, clock_time, relative_day

    if text is None:
        return None
    value = " ".join(text.split())
    try:
        if "T" in value.upper() or ":" in value:
            return in_years(datetime.fromisoformat(value), "--at")
        return in_years(datetime.combine(date.fromisoformat(value), time(12, 0)), "--at")
    except ValueError:
        pass
    words = value.rsplit(" ", 1)
    clock = clock_time(words[-1])
    day = words[0] if clock is not None and len(words) == 2 else value
    if clock is not None and len(words) == 1:
        return RelativeMoment(text, "", clock)
    if clock is not None:
        try:
            return datetime.combine(date.fromisoformat(day), clock)
        except ValueError:
            pass
    if relative_day(day, date(2027, 1, 4), past=True) is not None:
        return RelativeMoment(text, day, clock)
    raise UsageError(
        f"--at '{text}' is not a moment: use 2027-01-05T18:30, 2027-01-05, 18:00, yesterday, "
        "'yesterday 18:00' or 'monday 9:30'"
    )


def parse_within(text: str) -> timedelta:
    """``--within``: ``"1d"``, ``"2d12h"``, ``"36h"``, ``"90m"``."""
    match = re.fullmatch(
        r"[ \t]*(?:([0-9]+)[ \t]*d)?[ \t]*(?:([0-9]+)[ \t]*h)?[ \t]*(?:([0-9]+)[ \t]*m)?[ \t]*",
        text.lower(),
    )
    if not text.strip() or match is None or not any(match.groups()):
        raise UsageError(f"--within '{text}' is not a duration: use 1d, 12h, 2d12h or 90m")
    if any(len(part or "") > 6 for part in match.groups()):
        raise UsageError(f"--within '{text}' is too long: at most {MAX_WITHIN_DAYS}d")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    within = timedelta(days=days, hours=hours, minutes=minutes)
    if within > timedelta(days=MAX_WITHIN_DAYS):
        raise UsageError(f"--within '{text}' is too long: at most {MAX_WITHIN_DAYS}d")
    return within


def lrs_from(url: str, user: str | None, password: str | None, timeout: float) -> Lrs:
    """The LRS, with credentials from the options, else ``LEARNSYNC_LRS_USER``/``_PASSWORD``
    (which, unlike ``--password``, other users cannot read in ``ps``), else the URL's user info.
    Warns once when they would cross the network unencrypted."""
    import math

    from learnsync.lrs import Lrs

    if not (math.isfinite(timeout) and timeout > 0):
        raise UsageError(f"--timeout {timeout:g} is not a positive number of seconds")
    try:
        lrs = Lrs(
            url,
            user or os.environ.get(LRS_USER_VARIABLE),
            password if password is not None else os.environ.get(LRS_PASSWORD_VARIABLE),
            timeout,
        )
    except ValueError as error:
        raise UsageError(f"--lrs {error}") from None
    if lrs.credentials_in_clear:
        import sys

        from learnsync.render.terminal import say

        say(
            sys.stderr,
            f"warning: {lrs.shown} is plain http: the LRS credentials cross the network "
            "unencrypted (use https)",
        )
    return lrs


def parse_cohorts(starts: Sequence[str], between: str | None) -> Cohorts:
    """``--start`` (repeatable; ``none`` for no date-bound check) and ``--starts FROM..TO``:
    the cohorts ``check`` runs its date-bound checks for."""
    from learnsync.checking import Cohorts

    if any(start.strip().lower() == "none" for start in starts):
        if len(starts) > 1 or between is not None:
            raise UsageError("--start none runs no date-bound check: give no other cohort")
        return Cohorts(skip=True)
    dates = tuple(_parse_date(start, "--start") for start in starts)
    window = None
    if between is not None:
        first_text, separator, last_text = between.partition("..")
        if not separator:
            raise UsageError(
                f"--starts '{between}' is not a range: use FROM..TO, "
                "for example 2027-01-04..2027-03-29"
            )
        first = _parse_date(first_text, "--starts")
        last = _parse_date(last_text, "--starts")
        from learnsync.planning.cohorts import MAX_RANGE_DAYS

        if last < first:
            raise UsageError(f"--starts {between}: {last} is before {first}")
        if (last - first).days > MAX_RANGE_DAYS:
            raise UsageError(f"--starts {between}: a range may span at most two years")
        window = (first, last)
    return Cohorts(starts=dates, between=window)


def _parse_date(text: str, option: str) -> date:
    """A date for ``check``: YYYY-MM-DD only, never "today" or "monday", so that the verdict
    never depends on the day it runs; in the years learnsync plans."""
    from learnsync.course.values import COHORT_YEARS

    try:
        day = date.fromisoformat(text.strip(" \t"))
    except ValueError:
        raise UsageError(
            f"{option} '{text}' is not a date: use YYYY-MM-DD, for example 2027-01-04 (check "
            "takes dates only, so that its verdict never depends on the day it runs)"
        ) from None
    first, last = COHORT_YEARS
    if not first <= day.year <= last:
        raise UsageError(f"{option} {day}: a cohort starts in the years {first} to {last}")
    return day


def issuer_key_path(key: Path | None, store_option: str | None) -> Path:
    """``--key``, else ``LEARNSYNC_ISSUER_KEY``, else ``issuer-key.json`` beside the store. A
    folder is a usage error (the key is one file)."""
    from learnsync.credentials.keys import default_key_path
    from learnsync.store.paths import store_path

    path = key or default_key_path(store_path(store_option))
    if path.is_dir():
        raise UsageError(f"--key: {path} is a folder; the issuer key is one file")
    return path
