"""The current time, which scripts and tests can pin with ``LEARNSYNC_NOW`` (an ISO date-time)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, tzinfo

from learnsync.errors import UsageError

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
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def today(zone: tzinfo) -> date:
    """Today's date in ``zone``."""
    return now().astimezone(zone).date()


def next_monday(zone: tzinfo) -> date:
    """Today when it is a Monday, else the next Monday: the default start of a cohort."""
    current = today(zone)
    return current + timedelta(days=(7 - current.weekday()) % 7)
