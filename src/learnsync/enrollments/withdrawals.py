"""A learner leaving a course: withdrawn with every event kept, or erased with their events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from learnsync.enrollments.access import one_enrollment
from learnsync.store.database import EnrollmentRow, Store


@dataclass(frozen=True)
class Unenrolled:
    """What ``unenroll`` did: the enrollment, and how many of its events were kept or erased."""

    row: EnrollmentRow
    erased: bool
    events: int


def unenroll(
    store: Store, learner: str, course: str | None, *, keep_events: bool, now: datetime
) -> Unenrolled:
    """Take ``learner`` out of their course (``course`` when they have several): withdrawn, their
    events kept and the enrollment out of every view, or, without ``keep_events``, the enrollment
    and its events and plans erased in one transaction (a withdrawn enrollment too)."""
    if keep_events:
        row = one_enrollment(store, learner, course)
        events = store.event_count(row.id)
        store.withdraw(row.id, now=now)
        return Unenrolled(row, erased=False, events=events)
    rows = store.enrollments(learner, course, include_withdrawn=True)
    if len(rows) != 1:  # none, or several: refused with the same words as everywhere
        rows = [one_enrollment(store, learner, course)]
    return Unenrolled(rows[0], erased=True, events=store.erase(rows[0].id))
