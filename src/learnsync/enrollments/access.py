"""Finding a learner's enrollments in the store and reading one whole: its plan, its events and
its plan history."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from learnsync.errors import LearnsyncError, UsageError
from learnsync.inputs import count_as_sources
from learnsync.planning.model import Plan, learner_day
from learnsync.rules import PlanHistory, plan_history
from learnsync.store.database import EnrollmentRow, PlanIds, PlanRecord, Store, open_store
from learnsync.store.paths import store_path
from learnsync.tracking import Event, done_items, session_ids

if TYPE_CHECKING:
    from learnsync.progress import Replay


def open_for(store_option: str | None, *, write: bool, create: bool = False) -> Store:
    """The store (``--store``, else ``LEARNSYNC_STORE``, else the user data folder), opened to
    read or to write; only enrolling creates it."""
    return open_store(store_path(store_option), write=write, create=create)


class Enrollment:
    """An enrollment with its plan in force, its events and its plan history, read once; and
    its progress snapshot when asked for and up to date (what its events replay to).

    ``done`` is its done set (``tracking.done_items``), of its events, or read on its own when
    the events were not (``read_enrollment(..., events=False, done=True)``: as far as the
    plan's tasks and sessions go, all that is asked of it); asked for when neither was read,
    it is an error, not an empty set."""

    __slots__ = (
        "_day_start",
        "_display_timezone",
        "_done",
        "_events",
        "_events_read",
        "_plan_record",
        "_read_plan",
        "_sessions",
        "history",
        "row",
        "snapshot",
    )

    def __init__(
        self,
        row: EnrollmentRow,
        plan_record: PlanRecord | None,
        events: list[Event],
        history: PlanHistory,
        snapshot: Replay | None = None,
        done: AbstractSet[str] | None = None,
        *,
        events_read: bool = True,
        read_plan: Callable[[], PlanRecord] | None = None,
        display_timezone: str | None = None,
        sessions: frozenset[str] | None = None,
        day_start: int | None = None,
    ) -> None:
        self.row = row
        self._plan_record = plan_record
        self._read_plan = read_plan
        self._display_timezone = display_timezone
        self._day_start = day_start
        self._events = events
        self._events_read = events_read
        self.history = history
        self.snapshot = snapshot
        self._done = done
        self._sessions = sessions

    @property
    def events(self) -> list[Event]:
        """Its events, oldest first; asked for when they were not read (``events=False``), it
        is an error, not an empty list."""
        if not self._events_read:
            raise LookupError("the enrollment was read without its events")
        return self._events

    @property
    def done(self) -> AbstractSet[str]:
        """The items done and not undone."""
        if self._done is None:
            if not self._events_read:
                raise LookupError("the enrollment was read without its events or its done set")
            self._done = done_items(self._events, self.sessions)
        return self._done

    @property
    def sessions(self) -> frozenset[str]:
        """The ids of its plan's live sessions (``tracking.completion_kind``): kept beside the
        plan, else of the plan itself."""
        if self._sessions is None:
            self._sessions = session_ids(self.plan)
        return self._sessions

    @property
    def plan_record(self) -> PlanRecord:
        """The plan in force with the course source it was made from; read on first use when
        the enrollment was read without it (``read_enrollment(..., plan=False)``), which must
        be while its store is open."""
        if self._plan_record is None:
            assert self._read_plan is not None
            try:
                self._plan_record = self._read_plan()
            except sqlite3.ProgrammingError as error:  # the store is closed
                raise LookupError(
                    "the enrollment's plan was not read while its store was open: "
                    "read_enrollment(store, row) reads it with the rest"
                ) from error
        return self._plan_record

    @property
    def plan(self) -> Plan:
        return self.plan_record.plan

    @property
    def day_start(self) -> int:
        """The minutes after midnight the learner's day begins at (``Plan.day_start``): kept
        beside the plan, else of the plan itself."""
        if self._day_start is None:
            self._day_start = self.plan.day_start
        return self._day_start

    def learner_day(self, when: datetime) -> date:
        """The learner's day of the moment ``when`` (``planning.model.learner_day``: their zone,
        their day start, both kept beside the plan): the day a completion then counts for."""
        return learner_day(when.astimezone(self.zone), self.day_start)

    @property
    def zone(self) -> tzinfo:
        """The learner's time zone."""
        if self._plan_record is None and self._display_timezone is not None:
            return ZoneInfo(self._display_timezone)
        return ZoneInfo(self.plan.display_timezone)


def read_enrollment(
    store: Store,
    row: EnrollmentRow,
    *,
    events: bool = True,
    snapshot: bool = False,
    done: bool = False,
    plan: bool = True,
    ids: PlanIds | None = None,
) -> Enrollment:
    """One enrollment, whole; without its events (an empty list, for a caller that reads them
    itself or needs only what is done) with ``events=False``, and then with its done set all
    the same with ``done=True`` (kept by its progress snapshot, else read without the events'
    dates); with its progress snapshot
    with ``snapshot=True``, and then with its events whatever ``events`` says when the snapshot
    is not up to date (its progress is then a replay of them). With ``plan=False`` its plan is
    read on first use, while the store is open (``ids``: the plan's, ``Store.plan_ids``, when
    read already)."""
    changes = store.plan_history(row.id)
    count_as_sources(store.source_paths([row.id]))  # never an output of this command
    replayed = store.snapshot(row.id) if snapshot else None
    read_events = events or (snapshot and replayed is None)
    if not plan and ids is None:
        ids = store.plan_ids(row.id)
    enrollment = Enrollment(
        row,
        store.current_plan(row.id) if plan else None,
        store.events(row.id) if read_events else [],
        plan_history([change.reason for change in changes], [c.finish for c in changes]),
        replayed,
        events_read=read_events,
        read_plan=lambda: store.current_plan(row.id),
        display_timezone=ids.display_timezone if ids else None,
        sessions=ids.sessions if ids else None,
        day_start=ids.day_start if ids else None,
    )
    if done and not read_events:
        enrollment._done = _done_alone(store, enrollment, replayed)
    return enrollment


def _done_alone(store: Store, enrollment: Enrollment, replayed: Replay | None) -> AbstractSet[str]:
    """The done set without the events: kept by the progress snapshot when it is up to date,
    else of each event's kind and item (what ``tracking.done_items`` reads) and the plan's
    session ids."""
    enrollment_id = enrollment.row.id
    kept = replayed.items_done() if replayed is not None else store.kept_done(enrollment_id)
    if kept is not None:
        return kept
    return done_items(store.event_kinds(enrollment_id), enrollment.sessions)


def find_learner(
    store: Store, named: str | None, fallback: str | None = None, *, withdrawn: bool = False
) -> str:
    """Who a command is about: ``named`` (by ``--learner`` or ``LEARNSYNC_LEARNER``) when it is
    enrolled; else ``fallback`` (the login name) when it is enrolled; else the store's only
    learner. Anyone else is refused (exit 1) with a did-you-mean over the enrolled learners
    (and the withdrawn ones, with ``withdrawn``)."""
    if named is not None and store.is_learner(named, include_withdrawn=withdrawn):
        return named
    learners = store.learners(include_withdrawn=withdrawn)
    if named is None:
        if fallback is not None and fallback in learners:
            return fallback
        if len(learners) == 1:
            return learners[0]
    raise unknown_learner(named if named is not None else fallback, learners, named is None)


def unknown_learner(name: str | None, learners: Sequence[str], login: bool) -> LearnsyncError:
    """The error for a learner the store does not know, with the nearest enrolled name."""
    if not learners:
        return LearnsyncError("no one is enrolled in any course yet: run learnsync enroll PATH")
    from learnsync.course.findings import did_you_mean

    shown = ", ".join(learners[:5]) + (
        f" and {len(learners) - 5} more" if len(learners) > 5 else ""
    )
    if name is None or login:
        who = f"{name} (your login name) is" if name else "you are"
        return LearnsyncError(
            f"{who} not enrolled in any course: pass --learner NAME (enrolled: {shown})"
        )
    hint = did_you_mean(name, learners)
    return LearnsyncError(
        f"{name} is not enrolled in any course"
        + (f"; {hint}" if hint else "")
        + f" (enrolled: {shown})"
    )


def select_enrollments(store: Store, learner: str, course: str | None) -> list[EnrollmentRow]:
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
    """The learner's one enrollment (in ``course`` when given); several is a usage error."""
    rows = select_enrollments(store, learner, course)
    if len(rows) > 1:
        courses = ", ".join(row.course_id for row in rows)
        raise UsageError(f"{learner} is enrolled in several courses ({courses}): pass --course ID")
    return rows[0]


def enrollment_holding(
    store: Store,
    learner: str,
    course: str | None,
    items: Sequence[str],
    *,
    events: bool = True,
    plan: bool = True,
) -> Enrollment:
    """The learner's enrollment whose plan holds every id (found by the ids kept beside each
    plan, ``Store.plan_ids``); unknown ids are refused with a did-you-mean. ``events=False``:
    read without its events, ``plan=False``: its plan read on first use (``read_enrollment``)."""
    rows = select_enrollments(store, learner, course)
    ids = {row.id: store.plan_ids(row.id) for row in rows}
    holding = [row for row in rows if all(item in ids[row.id].ids for item in items)]
    if not holding:  # before refusing, the plans themselves: kept ids a damaged store lost
        ids = {row.id: store.plan_ids(row.id, decoded=True) for row in rows}
        holding = [row for row in rows if all(item in ids[row.id].ids for item in items)]
    if len(holding) == 1:
        [row] = holding
        return read_enrollment(store, row, events=events, plan=plan, ids=ids[row.id])
    if len(holding) > 1:
        courses = ", ".join(row.course_id for row in holding)
        raise UsageError(
            f"{', '.join(items)} is in several of {learner}'s courses ({courses}): pass --course ID"
        )
    from learnsync.course.findings import did_you_mean

    everything = set().union(*(kept.ids for kept in ids.values()))
    for item in items:
        if item not in everything:
            hint = did_you_mean(item, sorted(everything))
            where = rows[0].course_id if len(rows) == 1 else f"{learner}'s courses"
            raise LearnsyncError(
                f"'{item}' is not a task or session of {where}" + (f"; {hint}" if hint else "")
            )
    raise LearnsyncError(
        f"{', '.join(items)} are not all in one course: record them one course at a time"
    )
