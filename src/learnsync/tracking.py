"""What a learner has done and what comes next, derived from the plan and the events. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from learnsync.planning.model import Plan, PlannedSession, PlannedTask


class Event(NamedTuple):
    """One thing a learner did: ``done`` or ``undone`` a task, ``attended`` a session."""

    kind: str
    item: str
    at: datetime
    score: float | None = None
    note: str | None = None


class ItemState(NamedTuple):
    """Where an item stands after all its events: done (and when, with what score) or not."""

    done: bool
    at: datetime | None
    score: float | None


def item_states(events: Iterable[Event]) -> dict[str, ItemState]:
    """The latest state of each item; ``undone`` undoes, a repeated ``done`` changes nothing."""
    states: dict[str, ItemState] = {}
    for event in events:
        current = states.get(event.item)
        if event.kind in ("done", "attended"):
            if current is None or not current.done:
                states[event.item] = ItemState(True, event.at, event.score)
        elif event.kind == "undone":
            states[event.item] = ItemState(False, None, None)
    return states


def done_items(events: Iterable[Event]) -> set[str]:
    return {item for item, state in item_states(events).items() if state.done}


class Requirements:
    """What each task of a plan needs first; a module stands for its required tasks."""

    def __init__(self, plan: Plan) -> None:
        self.modules: dict[str, list[str]] = {}
        for task in plan.tasks:
            members = self.modules.setdefault(task.module, [])
            if not task.optional:
                members.append(task.id)
        self.items = {task.id for task in plan.tasks} | {session.id for session in plan.sessions}

    def missing(self, task: PlannedTask, done: set[str]) -> list[str]:
        """What ``task`` requires that is not done yet."""
        missing = []
        for required in task.requires:
            members = self.modules.get(required)
            if members is not None:
                if not all(member in done for member in members):
                    missing.append(required)
            elif required in self.items and required not in done:
                missing.append(required)
        return missing


@dataclass
class NextView:
    """``learnsync next`` for one enrollment on one day."""

    today: date
    overdue: list[PlannedTask] = field(default_factory=list)
    now: list[tuple[PlannedTask, int]] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)
    due_soon: list[PlannedTask] = field(default_factory=list)
    unlocked: list[PlannedTask] = field(default_factory=list)
    milestone: tuple[str, date, int] | None = None  # module, deadline, tasks left for it


def next_view(
    plan: Plan,
    events: Sequence[Event],
    now: datetime,
    *,
    focus: Sequence[str] = (),
    limit: int = 5,
) -> NextView:
    """Overdue work first, then today's slots (and what should have been started by now) and
    today's sessions, then what is due this week; for self-paced work the unlocked tasks in
    backlog order (``focus`` tags first); and the next module deadline."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(plan.display_timezone)
    today = now.astimezone(zone).date()
    done = done_items(events)
    view = NextView(today)
    week_end = today + timedelta(days=7)
    for task in plan.tasks:
        if task.id in done:
            continue
        if task.due is not None and task.due < today:
            view.overdue.append(task)
            continue
        if task.slots:
            started = [slot for slot in task.slots if slot.date <= today]
            if started:
                today_minutes = sum(slot.minutes for slot in task.slots if slot.date == today)
                view.now.append((task, today_minutes or started[-1].minutes))
            elif task.due is not None and task.due <= week_end:
                view.due_soon.append(task)
    view.sessions = [
        session
        for session in plan.sessions
        if session.start.astimezone(zone).date() == today and session.id not in done
    ]
    self_paced = [task for task in plan.tasks if not task.slots and task.id not in done]
    requirements = Requirements(plan)
    unlocked = [task for task in self_paced if not requirements.missing(task, done)]
    if focus:
        wanted = set(focus)
        unlocked.sort(key=lambda task: not wanted.intersection(task.tags))
    view.unlocked = unlocked[:limit]
    first: PlannedTask | None = None
    for task in plan.tasks:  # in plan order: the first of the earliest deadline wins
        if task.deadline is None or task.deadline < today or task.id in done:
            continue
        if first is None or task.deadline < first.deadline:  # type: ignore[operator]
            first = task
    if first is not None and first.deadline is not None:
        left = sum(
            1
            for task in plan.tasks
            if task.deadline == first.deadline
            and task.module == first.module
            and task.id not in done
        )
        view.milestone = (first.module, first.deadline, left)
    return view
