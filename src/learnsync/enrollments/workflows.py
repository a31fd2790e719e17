"""What a learner or a lead does to an enrollment: enroll seats, record completions and
attendance, take one back, replan. Each writes the store in one transaction and returns what
happened, for the commands and for scripts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.clock import RelativeMoment
from learnsync.enrollments.access import (
    Enrollment,
    enrollment_holding,
    one_enrollment,
    read_enrollment,
)
from learnsync.errors import LearnsyncError
from learnsync.record import Record
from learnsync.rules import learner_today, plan_today
from learnsync.store.database import AlreadyEnrolled, EnrollmentRow, Store
from learnsync.tracking import Event

if TYPE_CHECKING:
    from learnsync.course.findings import Finding, KeyPath
    from learnsync.course.model import Course
    from learnsync.enrollments.seats import Seat
    from learnsync.planning.model import Plan
    from learnsync.planning.planner import CatchUp
    from learnsync.progress import Replay


def source_of(path: Path) -> tuple[str, str]:
    """The text of a course file and its SHA-256."""
    import hashlib

    from learnsync.inputs import read_input_file

    data = read_input_file(path, what="course file")
    return data.decode("utf-8", errors="replace"), hashlib.sha256(data).hexdigest()


class Enrolled(Record):
    """A seat enrolled, with the plan kept for it."""

    seat: Seat
    row: EnrollmentRow
    plan: Plan


def enroll(
    store: Store,
    course: Course,
    path: Path,
    seats: Sequence[Seat],
    plans: Sequence[Plan],
    *,
    mode: str | None,
    now: datetime,
    skip_enrolled: bool = False,
) -> tuple[list[Enrolled], list[str]]:
    """Enroll each seat with its plan (``seats.plans_for``); return those enrolled and the
    learners skipped because they already were (with ``skip_enrolled``; else
    ``AlreadyEnrolled`` is raised). Roster details (name, email, zone) are kept, and so are a
    plan's end date, its daily time and the seat's max daily (``Seat.options``)."""
    source, digest = source_of(path)
    enrolled: list[Enrolled] = []
    skipped: list[str] = []
    for seat, result in zip(seats, plans, strict=True):
        try:
            row = store.enroll(
                seat.learner,
                course.id,
                now=now,
                source_path=str(path.resolve()),
                source_hash=digest,
                source=source,
                plan=result,
                options=seat.options(mode, result),
            )
        except AlreadyEnrolled:
            if not skip_enrolled:
                raise
            skipped.append(seat.learner)
            continue
        if seat.display_name or seat.email or seat.timezone:
            store.save_learner(
                seat.learner,
                display_name=seat.display_name,
                email=seat.email,
                timezone=seat.timezone,
                now=now,
            )
        enrolled.append(Enrolled(seat, row, result))
    return enrolled, skipped


class Recorded:
    """What ``record`` did: the events it appended (with their ids), the ids that were done
    already (and when), and warnings (a prerequisite not done yet). Filled in by ``record``."""

    __slots__ = ("already", "enrollment", "events", "replays", "warnings")

    def __init__(self, enrollment: Enrollment) -> None:
        self.enrollment = enrollment
        self.events: list[tuple[int, Event]] = []
        self.already: list[tuple[str, datetime | None]] = []
        self.warnings: list[str] = []
        # the enrollment's progress before and after the events (``Appended``), for
        # ``rewards``; (None, None) when nothing was recorded
        self.replays: tuple[Replay | None, Replay | None] = (None, None)


def local_moment(
    at: datetime | RelativeMoment | None, enrollment: Enrollment, now: datetime
) -> datetime:
    """``at`` (naive: in the learner's zone; relative: from the learner's today) as an aware
    instant, never in the future."""
    if at is None:
        return now
    if isinstance(at, RelativeMoment):
        resolved = at.resolve(learner_today(enrollment.plan, now))
        if resolved.replace(tzinfo=enrollment.zone) > now and at.names_a_weekday:
            resolved -= timedelta(days=7)  # "monday 9:30" on a Monday at 9:00: last week's
        at = resolved
    moment = at if at.tzinfo is not None else at.replace(tzinfo=enrollment.zone)
    if moment > now:
        local = now.astimezone(enrollment.zone).isoformat(timespec="seconds")
        raise LearnsyncError(f"--at {moment.isoformat()} is in the future (now is {local})")
    return moment.astimezone(UTC)


def record(
    store: Store,
    learner: str,
    items: Sequence[str],
    *,
    now: datetime,
    at: datetime | RelativeMoment | None = None,
    score: float | None = None,
    note: str | None = None,
    course: str | None = None,
) -> Recorded:
    """Record tasks done and sessions attended at ``at`` (default ``now``). Each completion
    keeps the deadline it is judged against (``rules.completion_deadline``); an id already done
    is reported, not counted twice, even when several processes record it at once."""
    from learnsync.progress import PlanFacts
    from learnsync.rules import completion_deadline
    from learnsync.tracking import Requirements, completion_kind, item_states, session_ids

    enrollment = enrollment_holding(store, learner, course, items, events=False, plan=False)
    moment = local_moment(at, enrollment, now)
    asked = list(dict.fromkeys(items))
    result = Recorded(enrollment)
    sessions = enrollment.sessions  # kept beside the plan: which completion each id takes

    def decide(events_of: Callable[[Collection[str]], list[Event]]) -> list[Event]:
        result.already.clear()
        result.warnings.clear()
        # the only events read, with those below
        states = item_states(events_of(asked), sessions)
        fresh = []
        for item in asked:
            state = states.get(item)
            if state is not None and state.done:
                result.already.append((item, state.at))
            else:
                fresh.append(item)
        if not fresh:
            return []
        plan = enrollment.plan  # decoded only when something is recorded
        facts = PlanFacts.of(plan)  # shared with the snapshot and the rewards
        tasks = {item: task for item in fresh if (task := facts.task(item)) is not None}
        in_plan = session_ids(plan)
        for item in fresh:  # the kept ids of a damaged store may name what the plan has not
            if item not in tasks and item not in in_plan:
                raise LearnsyncError(
                    f"'{item}' is not a task or session of {enrollment.row.course_id}"
                )
        requirements = Requirements(plan)
        consulted = {
            item
            for task in tasks.values()
            for _, needed in requirements.needs(task)
            for item in needed
        }.difference(asked)
        states.update(item_states(events_of(consulted), sessions))  # each id's own events
        done_now = {item for item, state in states.items() if state.done}
        new: list[Event] = []
        for item in fresh:
            if completion_kind(item, in_plan) == "done":
                missing = requirements.missing(tasks[item], done_now | {e.item for e in new})
                if missing:
                    result.warnings.append(
                        f"'{item}' requires {', '.join(missing)}, not done yet; recorded anyway"
                    )
                new.append(
                    Event("done", item, moment, score, note, completion_deadline(tasks[item], plan))
                )
            else:
                new.append(Event("attended", item, moment, score, note))
        return new

    appended = store.append_checked(enrollment.row.id, decide, now=now)
    result.events = appended.events
    result.replays = (appended.before, appended.after)
    return result


class Undone(Record):
    """What ``undo`` did: the event appended, when the item had been done, and the
    enrollment's progress before and after it (for ``rewards``)."""

    enrollment: Enrollment
    event_id: int
    event: Event
    done_at: datetime | None
    replays: tuple[Replay, Replay]


def undo(
    store: Store, learner: str, item: str, *, now: datetime, course: str | None = None
) -> Undone:
    """Take back a completion or an attendance: an ``undone`` event is appended."""
    from learnsync.tracking import item_states

    enrollment = enrollment_holding(store, learner, course, [item], events=False)
    done_at: list[datetime | None] = []
    sessions = enrollment.sessions

    def decide(events_of: Callable[[Collection[str]], list[Event]]) -> list[Event]:
        state = item_states(events_of([item]), sessions).get(item)
        if state is None or not state.done:
            raise LearnsyncError(f"'{item}' is not done, so there is nothing to undo")
        done_at[:] = [state.at]
        return [Event("undone", item, now)]

    appended = store.append_checked(enrollment.row.id, decide, now=now)
    [(event_id, event)] = appended.events
    assert appended.before is not None and appended.after is not None  # an event was appended
    return Undone(enrollment, event_id, event, done_at[0], (appended.before, appended.after))


def merge_done(old: Plan, new: Plan, done: set[str]) -> Plan:
    """The new plan, with the done tasks as the old plan had them (their slots and due dates are
    history), first and in their old order."""
    kept = [task for task in old.tasks if task.id in done]
    kept_ids = {task.id for task in kept}
    fresh = [task for task in new.tasks if task.id not in kept_ids]
    return new._replace(tasks=tuple(kept + fresh))


class Replanned(Record):
    """What ``replan`` did: the enrollment as it was, the new plan, the day it starts from,
    events for ids the course no longer has, and deadlines that can no longer be met;
    ``undone_by_course``: the ids done before and open now because the edited course made a
    session of a task or a task of a session (their events complete nothing any more:
    ``tracking.completion_kind``)."""

    before: Enrollment
    plan: Plan
    today: date
    course_changed: bool
    orphaned: list[str]
    missed: list[Finding]
    catch_up: CatchUp | None = None
    daily_before: int | None = None  # the daily time before ``--daily``/``--catch-up`` changed it
    undone_by_course: tuple[str, ...] = ()

    @property
    def tasks_left(self) -> int:
        from learnsync.tracking import done_items, session_ids

        done = done_items(self.before.events, session_ids(self.plan))
        return sum(1 for task in self.plan.tasks if task.id not in done)


def replan(
    store: Store,
    learner: str,
    *,
    now: datetime,
    course: str | None = None,
    course_file: Path | None = None,
    daily_minutes: int | None = None,
    catch_up: bool = False,
    max_daily_minutes: int | None = None,
) -> Replanned:
    """A new plan from the learner's today, keeping what is done; deadlines stay where the course
    puts them. With ``course_file``, the plan follows that edited course file. The replan is
    recorded (``Store.plan_history``): completions keep the verdicts they were recorded with.

    ``daily_minutes`` sets the daily time from now on (kept for later replans). With
    ``catch_up``, the daily time is the least that meets every deadline still ahead
    (``planner.catch_up``, up to ``max_daily_minutes``, default 8h); when none can, the least
    that meets all but the deadlines that lose the fewest points, and the plan gives those up."""
    from learnsync.course.loader import load_course, locate_in_text, parse_course
    from learnsync.enrollments.gains import catch_up_for
    from learnsync.planning.planner import replan as make_plan
    from learnsync.tracking import done_items

    new_course = load_course(course_file) if course_file else None
    row = one_enrollment(store, learner, new_course.id if new_course else course)
    enrollment = read_enrollment(store, row)
    record_ = enrollment.plan_record
    if course_file and new_course:
        source, digest = source_of(course_file)
        source_path, subject = str(course_file.resolve()), new_course
    else:
        source, digest, source_path = record_.source, record_.source_hash, record_.source_path
        subject = parse_course(source, source_path)
    options = record_.options
    today = plan_today(enrollment.plan, now)
    sessions = {session.id for session in subject.sessions}
    known = {task.id for _, task in subject.iter_tasks()} | sessions
    done = done_items(enrollment.events, sessions)  # as the new plan counts them
    was_done = enrollment.done  # as the plan in force counts them
    undone_by_course = tuple(sorted((was_done - done) & known))
    orphaned = sorted({event.item for event in enrollment.events} - known)
    daily_before = enrollment.plan.daily_minutes
    if daily_minutes is not None:
        options = options._replace(daily_minutes=daily_minutes)
    advice = None
    give_up: frozenset[KeyPath] = frozenset()
    if catch_up:
        advice = catch_up_for(
            enrollment, now, course=subject, options=options, max_daily_minutes=max_daily_minutes
        )
        assert advice is not None  # given a course, there is always advice
        options = options._replace(daily_minutes=advice.daily_to_apply)
        give_up = advice.given_up
    # an enrollment fitted to an end date (enroll --end; plans kept before the options said so
    # carry it in the plan) is fitted to it again from today, unless a daily time is asked for
    end = options.end or enrollment.plan.end
    if end is not None and not catch_up and daily_minutes is None:
        from learnsync.planning.planner import DEFAULT_MAX_DAILY, replan_to_end

        fresh, missed = replan_to_end(
            subject,
            start=enrollment.plan.start,
            today=today,
            end=end,
            done=frozenset(done & known),
            max_daily_minutes=options.max_daily_minutes or DEFAULT_MAX_DAILY,
            mode=options.mode,  # type: ignore[arg-type]
            timezone=options.timezone,
            workdays=options.workdays,
            blackouts=options.blackouts,
        )
        options = options._replace(daily_minutes=fresh.daily_minutes)  # kept, as enroll does
    else:
        end = None
        fresh, missed = make_plan(
            subject,
            start=enrollment.plan.start,
            today=today,
            done=frozenset(done & known),
            mode=options.mode,  # type: ignore[arg-type]
            timezone=options.timezone,
            daily_minutes=options.daily_minutes,
            workdays=options.workdays,
            blackouts=options.blackouts,
            give_up=give_up,
        )
    result = merge_done(enrollment.plan, fresh, done & known)._replace(
        day_start=options.day_start or 0
    )
    store.add_plan(
        row.id,
        now=now,
        reason="course-change" if course_file else "replan",
        source_path=source_path,
        source_hash=digest,
        source=source,
        plan=result,
        options=options,
    )
    if missed and advice is None and end is None:
        # with an end date, the findings say what even --max-daily misses
        advice = catch_up_for(
            enrollment, now, course=subject, options=options, max_daily_minutes=max_daily_minutes
        )
    return Replanned(
        enrollment,
        result,
        today,
        course_file is not None,
        orphaned,
        locate_in_text(missed, source, source_path),
        advice,
        daily_before
        if (catch_up or daily_minutes is not None) and result.daily_minutes != daily_before
        else None,
        undone_by_course,
    )
