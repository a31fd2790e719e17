"""What the learner commands share: who the learner is, which store, which enrollment."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from learnsync.errors import LearnsyncError, UsageError
from learnsync.planning.model import Plan
from learnsync.store.database import EnrollmentRow, PlanRow, Store, open_store
from learnsync.store.paths import store_path
from learnsync.tracking import Event

LEARNER_VARIABLE = "LEARNSYNC_LEARNER"


def learner_name(option: str | None) -> str:
    """``--learner``, else ``LEARNSYNC_LEARNER``, else the login name. An empty ``--learner`` is a
    usage error, never silently someone else."""
    if option is not None and not option.strip():
        raise UsageError(
            "--learner is empty: pass a name, or leave the option out to use "
            f"{LEARNER_VARIABLE} or your login name"
        )
    name = option or os.environ.get(LEARNER_VARIABLE)
    if not name:
        import getpass

        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    name = (name or "").strip()
    if not name:
        raise UsageError(f"cannot tell who you are: pass --learner NAME or set {LEARNER_VARIABLE}")
    return name


def open_for(store_option: str | None, *, write: bool, create: bool = False) -> Store:
    """The store, opened to read or to write; only enrolling creates it."""
    return open_store(store_path(store_option), write=write, create=create)


@dataclass
class Enrollment:
    """An enrollment with its current plan and its events, read once."""

    row: EnrollmentRow
    plan_row: PlanRow
    plan: Plan
    events: list[Event]

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.plan.display_timezone)

    @property
    def options(self) -> dict[str, object]:
        return dict(json.loads(self.plan_row.options))


def read_enrollment(store: Store, row: EnrollmentRow) -> Enrollment:
    from learnsync.planning.snapshot import plan_from_document

    plan_row = store.current_plan(row.id)
    plan = plan_from_document(json.loads(plan_row.plan))
    events = [
        Event(event.kind, event.item, event.at, event.score, event.note)
        for event in store.events(row.id)
    ]
    return Enrollment(row, plan_row, plan, events)


def select_enrollments(
    store: Store, learner: str, course: str | None, *, items: Sequence[str] = ()
) -> list[EnrollmentRow]:
    """The learner's enrollments, narrowed to ``course`` when given."""
    rows = store.enrollments(learner=learner)
    if not rows:
        raise LearnsyncError(f"{learner} is not enrolled in any course: run learnsync enroll PATH")
    if course is None:
        return rows
    chosen = [row for row in rows if row.course_id == course]
    if not chosen:
        from learnsync.course.findings import did_you_mean

        courses = [row.course_id for row in rows]
        hint = did_you_mean(course, courses)
        raise LearnsyncError(
            f"{learner} is not enrolled in '{course}'"
            + (f"; {hint}" if hint else "")
            + f" (enrolled in: {', '.join(courses)})"
        )
    return chosen


def one_enrollment(store: Store, learner: str, course: str | None) -> EnrollmentRow:
    rows = select_enrollments(store, learner, course)
    if len(rows) > 1:
        courses = ", ".join(row.course_id for row in rows)
        raise UsageError(f"{learner} is enrolled in several courses ({courses}): pass --course ID")
    return rows[0]


def parse_moment(text: str | None, zone: tzinfo, now: datetime) -> datetime:
    """``--at``: an ISO date-time (local to ``zone`` without an offset) or a date (its noon)."""
    if text is None:
        return now
    value = text.strip()
    try:
        if "T" in value.upper() or " " in value or ":" in value:
            moment = datetime.fromisoformat(value)
        else:
            moment = datetime.combine(date.fromisoformat(value), time(12, 0))
    except ValueError:
        raise UsageError(
            f"--at '{text}' is not a date-time: use 2027-01-05T18:30 or 2027-01-05"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if moment > now:
        raise LearnsyncError(
            f"--at {moment.isoformat()} is in the future (now is {now.astimezone(zone).isoformat(timespec='seconds')})"
        )
    return moment.astimezone(UTC)


def print_json(document: dict[str, object]) -> None:
    import sys

    from learnsync.render.jsonfmt import dumps_document

    sys.stdout.write(dumps_document(document))


def source_of(path: Path) -> tuple[str, str]:
    """The text of a course file and its SHA-256."""
    import hashlib

    data = path.read_bytes()
    return data.decode("utf-8", errors="replace"), hashlib.sha256(data).hexdigest()
