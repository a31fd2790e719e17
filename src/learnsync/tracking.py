"""What a learner has done and what comes next, derived from the plan and the events. Pure."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import compress
from operator import and_, not_
from typing import TYPE_CHECKING, Any

from learnsync.planning.model import (
    Blackout,
    Plan,
    PlannedSession,
    PlannedTask,
    item_ids,
    learner_day,
    task_column,
)
from learnsync.record import Record

if TYPE_CHECKING:
    from learnsync.rules import Behind, NextDeadline


class Event(Record):
    """One thing a learner did: ``done`` or ``undone`` a task, ``attended`` a session.

    ``deadline`` is what a completion was judged against when it was recorded (the end of the
    task's deadline, or ``rules.NO_DEADLINE``); None when unknown (events from an LRS, from
    older stores), and then the current plan's deadline judges it. ``id`` and ``recorded_at``
    are the store's (0 and None for events not stored yet)."""

    kind: str
    item: str
    at: datetime
    score: float | None = None
    note: str | None = None
    deadline: datetime | None = None
    id: int = 0
    recorded_at: datetime | None = None


class ItemState(Record):
    """Where an item stands after all its events: done (and when, with what score) or not."""

    done: bool
    at: datetime | None
    score: float | None


def in_order(events: Sequence[Event]) -> Sequence[Event]:
    """Events in the order they were recorded (the store's ids), which decides what an undo
    takes back; events that were never stored (an LRS's) by their instant."""
    if all(event.id for event in events):
        return sorted(events, key=lambda event: event.id)
    return sorted(events, key=lambda event: event.at)


def completion_kind(item: str, sessions: Container[str]) -> str:
    """The one rule of which event completes an item: ``attended`` for a session of the plan,
    ``done`` for anything else (a task). ``learnsync done`` records an item with this kind, the
    store refuses any other (``refuse_misfit``), and an event of the other kind found in a store
    (an ``attended`` task or a ``done`` session, written by hand, by another program or before
    the course changed what the id is) completes nothing: no command counts it, as no xAPI
    statement is made of it."""
    return "attended" if item in sessions else "done"


def misfit(kind: str, item: str, sessions: Container[str]) -> str | None:
    """Why an event of ``kind`` cannot complete ``item`` (one line naming it and what to run
    instead), or None when it can, or is no completion (``undone``): ``completion_kind`` is the
    rule."""
    if kind not in ("done", "attended") or kind == completion_kind(item, sessions):
        return None
    if kind == "attended":
        return (
            f"'{item}' is a task, not a live session: 'attended' is for sessions; "
            f"record the task with: learnsync done {item}"
        )
    return (
        f"'{item}' is a live session: it is attended, not done; "
        f"record its attendance with: learnsync done {item}"
    )


def event_counts(kind: str, item: str, items: Container[str], sessions: Container[str]) -> bool:
    """Whether an event takes part in an enrollment's progress under its plan (``items``: the
    ids of its tasks and sessions, ``sessions``: those of its sessions): a completion of the
    kind its item takes (``completion_kind``) or an undo, of an item the plan holds. An event
    of the other kind (``misfit``) or of an id the plan does not hold completes, undoes and
    dates nothing: no count, no point, no study day, no last activity, no xAPI statement; the
    export marks it (``counts: false``)."""
    return item in items and (kind == "undone" or kind == completion_kind(item, sessions))


def last_activity(
    events: Iterable[Event], items: Container[str], sessions: Container[str]
) -> datetime | None:
    """The instant of the latest event that ``event_counts`` (a completion or an undo of the plan's
    items, by their kind): what ``status``, ``report``, ``enrollments`` and the dashboards call
    the last activity; None when there is none."""
    return max(
        (event.at for event in events if event_counts(event.kind, event.item, items, sessions)),
        default=None,
    )


def _standing(
    events: Iterable[Event] | Iterable[tuple[str, str]], sessions: Container[str]
) -> dict[str, Any]:
    """The one rule of what is done: each item's standing completion (the event that made it
    done: ``done`` of a task, ``attended`` of a session, ``completion_kind``), or None when it
    was undone since; a repeated completion changes nothing, and an event of the other kind
    changes nothing at all. ``events`` are ``Event``s or rows that begin with (kind, item);
    ``sessions``: the ids of the plan's sessions."""
    standing: dict[str, Any] = {}
    for event in events:
        kind = event[0]
        if kind == "undone":
            standing[event[1]] = None
        elif standing.get(event[1]) is None and kind == (
            "attended" if event[1] in sessions else "done"  # completion_kind, inlined
        ):
            standing[event[1]] = event
    return standing


def item_states(events: Iterable[Event], sessions: Container[str]) -> dict[str, ItemState]:
    """The latest state of each item; ``undone`` undoes, a repeated completion changes nothing
    (``sessions``: the plan's session ids, which decide what completes what)."""
    return {
        item: _NOT_DONE if event is None else ItemState(True, event.at, event.score)
        for item, event in _standing(events, sessions).items()
    }


_NOT_DONE = ItemState(False, None, None)


def done_items(
    events: Iterable[Event] | Iterable[tuple[str, str]], sessions: Container[str]
) -> set[str]:
    """The items done and not undone: of ``Event``s, or of (kind, item) rows, which is all it
    needs (``Store.event_kinds``); ``sessions``: the ids of the plan's sessions (an item is
    done by the kind of event ``completion_kind`` gives it)."""
    return {item for item, event in _standing(events, sessions).items() if event is not None}


# The format of progress snapshots (``progress.Replay.to_json``) and those read (2: a done set
# as a list of ids; 3: as the hexadecimal ``TaskBits`` of the plan's tasks).
SNAPSHOT_FORMAT = 3
SNAPSHOT_FORMATS_READ = (2, 3)


def snapshot_done(value: dict[str, Any], plan: Plan) -> frozenset[str]:
    """The tasks counted done of a progress snapshot written under ``plan`` (``Replay.done``)."""
    from learnsync.planning.taskbits import TaskBits

    done = value["done"]
    return TaskBits.of(plan).done_ids(int(done, 16)) if isinstance(done, str) else frozenset(done)


def session_ids(plan: Plan) -> frozenset[str]:
    """The ids of the plan's live sessions: what ``completion_kind`` is given."""
    return frozenset(session.id for session in plan.sessions)


def kept_done(value: dict[str, Any], plan: Plan) -> frozenset[str] | None:
    """``done_items`` of the events, as far as the plan's tasks and sessions go, as a progress
    snapshot written under ``plan`` keeps it (``Replay.items_done``: what ``next`` and the
    catch-up advice ask of it), read without the rest of the snapshot; None for a snapshot of
    another format or written before it kept ``also_done``."""
    if value.get("v") not in SNAPSHOT_FORMATS_READ or "also_done" not in value:
        return None
    done = snapshot_done(value, plan)
    also = value["also_done"]
    if also == []:  # the done set of the snapshot itself, which TaskBits knows the bits of
        return done
    return done | frozenset(also)


class Requirements:
    """What each task of a plan needs first; a module (any module a task is in) stands for its
    required tasks. Worked out for the requirements asked about: ``done`` asks about one
    task's."""

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self._modules: frozenset[str] | None = None
        self._members: dict[str, list[str]] = {}
        self._items: frozenset[str] | None = None

    def members(self, module: str) -> list[str] | None:
        """The required tasks of ``module``, in plan order; None when no task is in it."""
        tasks = self._plan.tasks
        if self._modules is None:
            self._modules = frozenset(task_column(tasks, "module"))
        if module not in self._modules:
            return None
        members = self._members.get(module)
        if members is None:  # its required tasks: in it and not optional, picked in C
            members = self._members[module] = list(
                compress(
                    task_column(tasks, "id"),
                    map(
                        and_,
                        map(module.__eq__, task_column(tasks, "module")),
                        map(not_, task_column(tasks, "optional")),
                    ),
                )
            )
        return members

    def needs(self, task: PlannedTask) -> list[tuple[str, list[str]]]:
        """What ``task`` requires, each with the ids that must be done for it: a module's
        required tasks, a task or session itself; a requirement the plan does not hold needs
        nothing."""
        found: list[tuple[str, list[str]]] = []
        for required in task.requires:
            members = self.members(required)
            if members is not None:
                found.append((required, members))
            else:
                if self._items is None:
                    self._items = frozenset(item_ids(self._plan))
                if required in self._items:
                    found.append((required, [required]))
        return found

    def missing(self, task: PlannedTask, done: Collection[str]) -> list[str]:
        """What ``task`` requires that is not done yet."""
        return [
            required for required, ids in self.needs(task) if not all(item in done for item in ids)
        ]


class NextView:
    """``learnsync next`` for one enrollment on one day, filled in by ``next_view`` (a plain
    class: a dataclass would compile its methods at every start of ``next``)."""

    __slots__ = (
        "behind",
        "blackout",
        "deadline",
        "due_soon",
        "now",
        "overdue",
        "resume",
        "sessions",
        "today",
        "unlocked",
        "upcoming_sessions",
    )

    def __init__(self, today: date, overdue: list[PlannedTask]) -> None:
        self.today = today
        self.overdue = overdue
        self.now: list[tuple[PlannedTask, int]] = []  # with today's minutes
        self.blackout: Blackout | None = None  # the learner is on it today: no study
        self.resume: date | None = None  # after the blackout: the next day the plan has study on
        self.sessions: list[PlannedSession] = []
        self.upcoming_sessions: list[PlannedSession] = []
        self.due_soon: list[PlannedTask] = []
        self.unlocked: list[PlannedTask] = []
        self.deadline: NextDeadline | None = None
        self.behind: Behind | None = None


def next_view(
    plan: Plan,
    done: Collection[str],
    now: datetime,
    *,
    focus: Sequence[str] = (),
    limit: int = 5,
) -> NextView:
    """Overdue work first, then today's slots (and what should have been started by now) and
    today's sessions, then what is due within a week; for self-paced work the unlocked tasks in
    backlog order (``focus`` tags first); and the next deadline (``rules.next_deadline``).
    ``done``: the items done (``done_items``)."""
    from zoneinfo import ZoneInfo

    from learnsync import rules

    zone = ZoneInfo(plan.display_timezone)
    today = rules.learner_today(plan, now)
    done = frozenset(done)  # one done set that every rule below finds the bits of once
    index = rules.PlanIndex(plan)  # one index for the four rules below
    view = NextView(today, index.overdue(done, now))
    listed = {task.id for task in view.overdue}
    # the open tasks by position, read from the columns: only the tasks listed are made
    bits, tasks, slots = index.bits, plan.tasks, task_column(plan.tasks, "slots")
    open_positions = bits.positions(index.open_set(done))
    self_paced = 0  # the set of the open tasks without slots
    for position in open_positions:
        task_slots = slots[position]
        if not task_slots:
            self_paced |= 1 << position
        elif task_slots[0].date <= today and bits.ids[position] not in listed:
            # planned today, or from earlier days and still open
            today_minutes = sum(slot.minutes for slot in task_slots if slot.date == today)
            view.now.append((tasks[position], today_minutes))
            listed.add(bits.ids[position])
    view.due_soon = [task for task in index.due_within(done, now) if task.id not in listed]
    # a session is on the learner's day it starts in (their day start applied, as for today):
    # at 00:30 a session at 01:00 is still today's for a learner whose day starts at 04:00
    session_day = {
        session.id: learner_day(session.start.astimezone(zone), plan.day_start)
        for session in plan.sessions
    }
    view.sessions = [
        session
        for session in plan.sessions
        if session_day[session.id] == today and session.id not in done
    ]
    view.upcoming_sessions = [  # the mandatory ones of the coming week, so none is a surprise
        session
        for session in plan.sessions
        if session.mandatory
        and session.id not in done
        and today < session_day[session.id] <= today + timedelta(days=7)
    ]
    unlocked = []
    if self_paced:  # what tasks require is worked out only when some wait on it
        requirements = Requirements(plan)
        unlocked = [
            task for task in bits.listed(self_paced) if not requirements.missing(task, done)
        ]
    if focus:
        wanted = set(focus)
        unlocked.sort(key=lambda task: not wanted.intersection(task.tags))
    view.unlocked = unlocked[:limit]
    view.deadline = index.next_deadline(done)
    view.blackout = rules.blackout_today(plan, today)
    if view.blackout is not None:
        after = view.blackout.last
        view.resume = min(
            (
                slot.date
                for position in open_positions
                for slot in slots[position]
                if slot.date > after
            ),
            default=None,
        )
    view.behind = index.behind(done, today)
    return view
