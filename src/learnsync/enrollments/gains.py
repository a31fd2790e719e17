"""What a learner gained by what they just recorded, and whether they can still catch up."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from learnsync.badges import BadgeStatus
from learnsync.enrollments.access import Enrollment
from learnsync.progress import PlanFacts, Replay, Standing, standing_at
from learnsync.record import Record

if TYPE_CHECKING:
    from learnsync.course.model import Course
    from learnsync.planning.planner import CatchUp
    from learnsync.store.records import PlanOptions


class Rewards(Record):
    """The change one ``done`` or ``undo`` made: points, level, streak, badges, and the
    modules and the course it finished."""

    points_gained: int
    after: Standing  # where the learner stands after them (``progress.standing_at``)
    badges_earned: tuple[BadgeStatus, ...]
    modules_finished: tuple[str, ...]
    course_finished: bool


def rewards(
    enrollment: Enrollment, now: datetime, before: Replay, after: Replay | None = None
) -> Rewards:
    """Where the learner stands at ``now`` before and after new events (``standing_at``: the
    points, level, streak, badges and modules ``status`` shows), and what changed between
    them: ``before`` and ``after`` are what the events replay to without them and with them
    (the store's snapshots, ``Store.append_checked``); no ``after``: nothing new, nothing
    changed."""
    plan = enrollment.plan
    facts = PlanFacts.of(plan)
    old = standing_at(plan, before, now, facts)
    new = old if after is None else standing_at(plan, after, now, facts)
    earned_before = {status.badge.id for status in old.badges if status.earned}
    finished_before = {module.id for module in old.modules if module.done == module.total}
    return Rewards(
        points_gained=new.points - old.points,
        after=new,
        badges_earned=tuple(
            status
            for status in new.badges
            if status.earned and status.badge.id not in earned_before
        ),
        modules_finished=tuple(
            module.id
            for module in new.modules
            if module.total and module.done == module.total and module.id not in finished_before
        ),
        course_finished=new.finished_on is not None and old.finished_on is None,
    )


def catch_up_for(
    enrollment: Enrollment,
    now: datetime,
    *,
    course: Course | None = None,
    options: PlanOptions | None = None,
    max_daily_minutes: int | None = None,
) -> CatchUp | None:
    """The one catch-up advice for an enrollment, as ``status``, ``next``, ``replan
    --catch-up`` and scripts give it: can the open work still meet every deadline ahead from the
    learner's today at their daily time, and the least daily time that would
    (``planner.catch_up``).

    The enrollment's own options bound it: the daily time is at most its max daily
    (``enroll --end --max-daily``; ``max_daily_minutes`` overrides it, as ``replan --catch-up
    --max-daily`` does; default 8h), or the learner's own when that is longer and meets every
    deadline (``replan --daily``), and an enrollment fitted to an end date (``enroll --end``)
    has its open work done by then too, or the advice says it cannot (the end date missed, and
    given up first: it costs no points). ``course`` and ``options`` are what the next plan is
    made from when they differ from the enrollment's (``replan`` onto an edited course file,
    with another daily time). None when the enrollment's plan schedules nothing (the course is
    then not read)."""
    from learnsync.planning.planner import DEFAULT_MAX_DAILY, catch_up
    from learnsync.rules import plan_today

    plan = enrollment.plan
    record = enrollment.plan_record
    if course is None:
        if not any(task.slots for task in plan.tasks):
            return None
        from learnsync.course.loader import parse_course

        course = parse_course(record.source, record.source_path)
    if options is None:
        options = record.options
    known = {task.id for _, task in course.iter_tasks()}
    return catch_up(
        course,
        start=plan.start,
        today=plan_today(plan, now),
        done=frozenset(enrollment.done & known),
        mode=options.mode,  # type: ignore[arg-type]
        daily_minutes=options.daily_minutes,
        workdays=options.workdays,
        blackouts=options.blackouts,
        max_daily_minutes=max_daily_minutes or options.max_daily_minutes or DEFAULT_MAX_DAILY,
        end=options.end or plan.end,
    )


def finish_words(finished: date, planned: date | None) -> str:
    """``"Mon 11 Jan 2027, a day before the plan"``."""
    text = f"{finished:%a %d %b %Y}"
    if planned is None:
        return text
    days = (planned - finished).days
    if days == 0:
        return text + ", on the planned day"
    amount = "a day" if abs(days) == 1 else f"{abs(days)} days"
    return text + f", {amount} {'before' if days > 0 else 'after'} the plan"
