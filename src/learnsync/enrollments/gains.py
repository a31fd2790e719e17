"""What a learner gained by what they just recorded, and whether they can still catch up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from learnsync.badges import BadgeStatus
from learnsync.enrollments.access import Enrollment
from learnsync.progress import PlanFacts, Progress, Replay, progress_at, replay
from learnsync.tracking import Event

if TYPE_CHECKING:
    from learnsync.planning.planner import CatchUp


@dataclass(frozen=True)
class Rewards:
    """The change one ``done`` or ``undo`` made: points, level, streak, badges, and the
    modules and the course it finished."""

    points_gained: int
    after: Progress
    badges_earned: tuple[BadgeStatus, ...]
    modules_finished: tuple[str, ...]
    course_finished: bool


def rewards(
    enrollment: Enrollment,
    before: Sequence[Event],
    after: Sequence[Event],
    now: datetime,
    replays: tuple[Replay | None, Replay | None] = (None, None),
) -> Rewards:
    """Progress before and after the new events, and what changed between them. ``replays``:
    what ``before`` and ``after`` replay to, when known (the store's snapshots), so that they
    are not replayed again."""
    plan, history = enrollment.plan, enrollment.history
    facts = PlanFacts.of(plan)
    old_replay = replays[0] or replay(plan, before, facts)
    old = progress_at(plan, old_replay, now, facts, history)
    if len(after) == len(before):  # nothing new: nothing changed
        new = old
    else:
        new_replay = replays[1] or replay(plan, after, facts)
        new = progress_at(plan, new_replay, now, facts, history)
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


def catch_up_for(enrollment: Enrollment, now: datetime) -> CatchUp | None:
    """For a learner behind a sync or hybrid plan: can the remaining deadlines still be met
    from today at their daily time, and the least daily time that meets them. None when the
    plan schedules nothing."""
    from learnsync.course.loader import parse_course
    from learnsync.planning.planner import catch_up
    from learnsync.rules import learner_today
    from learnsync.tracking import done_items

    plan = enrollment.plan
    if not any(task.slots for task in plan.tasks):
        return None
    record = enrollment.plan_record
    course = parse_course(record.source, record.source_path)
    known = {task.id for _, task in course.iter_tasks()}
    options = record.options
    return catch_up(
        course,
        start=plan.start,
        today=learner_today(plan, now),
        done=frozenset(done_items(enrollment.events) & known),
        mode=options.mode,  # type: ignore[arg-type]
        daily_minutes=options.daily_minutes,
        workdays=options.workdays,
        blackouts=options.blackouts,
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
