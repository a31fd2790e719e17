"""Progress, points, levels, streaks and badges of one enrollment, derived from its plan and its
events. Pure: the same plan, events and instant always give the same result.

Rules:
- What "late", "overdue", "behind", "due soon", the next deadline and the counts mean is in
  ``learnsync.rules`` (one function each); this module only adds them up.
- Points of a task: its points, less ``scoring.late_penalty`` of them when the completion is
  late (after its deadline, as judged when it was recorded), times the score when one was
  recorded; rounded to whole points, half up. Attending a session earns its points. Undoing
  takes them back. What completes an item is ``tracking.completion_kind``: a ``done`` event a
  task, an ``attended`` event a session; an event of the other kind (a task attended) earns,
  counts and dates nothing, as ``next`` does not count it done.
- Levels: ``scoring.levels`` holds the points that level 1, 2, 3 ... need.
- Streak: consecutive study days with at least one completion or attendance standing (a day
  whose only completion is undone is no study day), or weeks that meet the weekly target, kept
  alive by freezes: ``learnsync.streaks``.
- On track (sync and hybrid): the effort of the required scheduled tasks done is at least the
  effort the plan put on them on the days before the learner's today.
- Measured pace: the effort of the tasks finished in the last four weeks (or since the cohort
  started, when that is shorter), per week; the forecast is the day the remaining required
  effort is done at that pace.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import compress, groupby, repeat
from operator import is_not, not_
from typing import Any
from zoneinfo import ZoneInfo

from learnsync import rules
from learnsync.badges import BadgeStatus, BadgeTracker, RequiredSizes, Tally
from learnsync.course.defaults import YEARS
from learnsync.planning.model import Plan, PlannedTask, item_ids, learner_day, task_column
from learnsync.planning.taskbits import TaskBits
from learnsync.record import Record
from learnsync.rules import Counts, NextDeadline, PlanHistory
from learnsync.streaks import NO_STREAK, Streak, StreakCalendar, StreakCount, Walk
from learnsync.tracking import (
    SNAPSHOT_FORMAT,
    SNAPSHOT_FORMATS_READ,
    Event,
    done_items,
    in_order,
    snapshot_done,
)
from learnsync.tracking import last_activity as latest_activity

PACE_WINDOW_DAYS = 28


LAST_FORECAST_DAY = date(YEARS[1], 12, 31)  # the last day learnsync plans


class ModuleProgress(Record):
    id: str
    title: str
    done: int
    total: int
    done_minutes: int
    total_minutes: int

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0


class Level(Record):
    number: int
    floor: int
    next_at: int | None

    def points_to_next(self, points: int) -> int | None:
        return None if self.next_at is None else self.next_at - points


class Progress(Record):
    course_id: str
    title: str
    mode: str
    today: date
    done: int
    total: int
    optional_done: int
    optional_total: int
    done_minutes: int
    total_minutes: int
    modules: tuple[ModuleProgress, ...]
    on_track: bool | None
    behind_tasks: int
    behind_minutes: int
    overdue: tuple[PlannedTask, ...]
    due_soon: tuple[PlannedTask, ...]
    points: int
    level: Level
    streak_days: int  # study days in a row (whatever the course's unit)
    longest_streak: int  # the longest run of study days
    badges: tuple[BadgeStatus, ...]
    planned_finish: date | None
    weekly_pace_minutes: int
    forecast_finish: date | None
    last_activity: datetime | None
    on_time: int
    with_due_done: int
    points_reached_at: datetime | None
    late: int = 0
    finished_on: date | None = None  # the learner's day the last required task was done
    last_deadline: date | None = None  # the latest deadline of required work
    next_deadline: NextDeadline | None = None
    history: PlanHistory = rules.NO_HISTORY
    streak: Streak = NO_STREAK  # in the course's unit, with its freezes
    streak_unit: str = "days"
    streak_weeks: int = 0  # weeks in a row that met the weekly target (with one)
    streak_target: int | None = None  # the weekly target
    freeze_every: int | None = None
    freeze_max: int = 0
    day_start: int = 0  # minutes after midnight the learner's day begins at

    @property
    def counts(self) -> Counts:
        return Counts(self.done, self.total, self.optional_done, self.optional_total)

    @property
    def days_since_activity(self) -> int | None:
        """How many of the learner's days ago the last activity was (0: today), days as their
        today and their streak count them (``planning.model.learner_day``: their zone, their
        ``day_start``); None when there is none."""
        if self.last_activity is None:
            return None
        return (self.today - self.day_of(self.last_activity)).days

    def day_of(self, local: datetime) -> date:
        """The learner's day of ``local``, one of this progress's instants (in their zone: the
        last activity, a badge's ``earned_at``): ``planning.model.learner_day`` with their
        ``day_start``, the day their streak counts it for."""
        return learner_day(local, self.day_start)

    @property
    def behind(self) -> bool:
        """Behind the plan (required work only); False for self-paced work."""
        return self.behind_minutes > 0

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    @property
    def effort_percent(self) -> float:
        return 100.0 * self.done_minutes / self.total_minutes if self.total_minutes else 100.0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_due_done if self.with_due_done else None


class Standing(Record):
    """Where an enrollment stands at an instant in what its rewards show (``standing_at``):
    points, level, streak, badges, each module's tasks done and the course's finish. The part
    of ``Progress`` that asks no rule about deadlines or the plan's schedule; ``progress_at``
    is made from it, and ``done`` shows the change between two of them."""

    today: date
    modules: tuple[ModuleProgress, ...]
    done_minutes: int
    total_minutes: int
    tally: Tally  # with ``streak`` and ``streak_weeks`` as they stand at the instant
    points: int
    level: Level
    streak_days: int  # study days in a row (whatever the course's unit)
    longest_streak: int
    badges: tuple[BadgeStatus, ...]
    finished_on: date | None  # the learner's day the last required task was done
    streak: Streak  # in the course's unit, with its freezes
    streak_unit: str
    streak_weeks: int


def level_for(points: int, levels: Sequence[int]) -> Level:
    """The level ``points`` reach: the number of thresholds at or below them."""
    number = 0
    for threshold in levels:
        if points >= threshold:
            number += 1
    floor = levels[number - 1] if number else 0
    next_at = levels[number] if number < len(levels) else None
    return Level(number, floor, next_at)


_ZERO_ONE_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class PlanFacts:
    """What progress needs from a plan, computed once and shared by every learner of a cohort
    (``PlanFacts.of``); each part is worked out when first asked for, so that a view pays only
    for what it reads (``status`` from a snapshot reads no deadline ends, ``replay`` does)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @cached_property
    def finish(self) -> date | None:
        """The plan's finish (``Plan.finish``: a pass over its tasks)."""
        return self.plan.finish

    @cached_property
    def tasks(self) -> dict[str, PlannedTask]:
        """Each task by its id (every task made: see ``task`` for a few)."""
        return dict(zip(task_column(self.plan.tasks, "id"), self.plan.tasks, strict=True))

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each task's id and its position in the plan, read from the ids alone."""
        ids = task_column(self.plan.tasks, "id")
        return dict(zip(ids, range(len(ids)), strict=True))

    def task(self, task_id: str) -> PlannedTask | None:
        """The task ``task_id`` names, made alone when the plan keeps its tasks by column
        (``TaskTable``); None when no task of the plan has that id."""
        position = self.positions.get(task_id)
        return None if position is None else self.plan.tasks[position]

    @cached_property
    def items(self) -> frozenset[str]:
        """The ids of the plan's tasks and sessions."""
        return frozenset(item_ids(self.plan))

    @cached_property
    def _required(self) -> bytes:
        """Byte n is 1 when task n of the plan is required, else 0 (a pass in C)."""
        return bytes(map(not_, task_column(self.plan.tasks, "optional")))

    @cached_property
    def _modules(self) -> dict[str, tuple[list[int], int]]:
        """Each module the plan's tasks are in, in the order the plan first names them: the
        positions in the plan of its required tasks, and their set (``TaskBits``). Made a run
        of tasks of one module at a time (a plan lists a module's tasks together), each run in
        passes in C."""
        required = self._required
        digits = required.translate(_ZERO_ONE_DIGITS)[::-1]  # task n is digit -1 - n
        count = len(required)
        found: dict[str, tuple[list[int], int]] = {}
        start = 0
        for module, run in groupby(task_column(self.plan.tasks, "module")):
            end = start + len(list(run))
            positions, members = found.get(module) or ([], 0)
            positions.extend(compress(range(start, end), required[start:end]))
            members |= int(digits[count - end : count - start], 2) << start
            found[module] = positions, members
            start = end
        return found

    @cached_property
    def module_positions(self) -> dict[str, list[int]]:
        """Each module the plan's tasks are in, in the order the plan first names them, and the
        positions in the plan of its required tasks."""
        return {module: positions for module, (positions, _) in self._modules.items()}

    @cached_property
    def deadline_ends(self) -> dict[str, datetime]:
        """Task id -> the end of its deadline (those that have one)."""
        plan = self.plan
        return {
            task.id: end
            for task in plan.tasks
            if (end := rules.deadline_end(task, plan)) is not None
        }

    @cached_property
    def index(self) -> rules.PlanIndex:
        """The rules' answers for this plan, shared by every learner."""
        return rules.PlanIndex(self.plan)

    @cached_property
    def last_deadline(self) -> date | None:
        """The latest deadline of required work (the last day ``PlanIndex`` has required work
        due on)."""
        days = self.index.deadline_days()
        return days[-1] if days else None

    @cached_property
    def streak_calendar(self) -> StreakCalendar:
        return StreakCalendar.of(self.plan)

    @cached_property
    def module_totals(self) -> tuple[tuple[str, str, int, int, int], ...]:
        """Each module's id, title, required tasks (``TaskBits`` of the plan: task n is bit n),
        how many, and their effort."""
        titles = {module.id: module.title for module in self.plan.modules}
        effort = TaskBits.of(self.plan).efforts.__getitem__  # no rule's index needed
        return tuple(
            (
                module,
                titles.get(module, module),
                members,
                len(positions),
                sum(map(effort, positions)),
            )
            for module, (positions, members) in self._modules.items()
        )

    @cached_property
    def required_sizes(self) -> RequiredSizes:
        """The required tasks in all, in each module and with a deadline."""
        by_module = {module: len(found) for module, found in self.module_positions.items() if found}
        required = self._required
        with_deadline = sum(
            compress(map(is_not, task_column(self.plan.tasks, "deadline"), repeat(None)), required)
        )
        return RequiredSizes(required.count(1), by_module, with_deadline)

    @cached_property
    def badges(self) -> BadgeTracker:
        """Measures badges only: the earned instants come with each learner."""
        return BadgeTracker(self.plan, self.required_sizes)

    @classmethod
    def of(cls, plan: Plan) -> PlanFacts:
        """The facts of ``plan``, worked out once for the last few plans seen: a cohort shares
        them, and so do the steps of one command (``done`` records under them, carries the
        snapshot on and shows the rewards)."""
        for facts in _FACTS:
            if facts.plan is plan:
                return facts
        facts = cls(plan)
        _FACTS.insert(0, facts)
        del _FACTS[4:]
        return facts


# the facts of the last plans seen, newest first (each holds its plan: no other takes its id)
_FACTS: list[PlanFacts] = []


def progress(
    plan: Plan,
    events: Sequence[Event],
    now: datetime,
    facts: PlanFacts | None = None,
    history: PlanHistory | None = None,
) -> Progress:
    """Everything ``status`` shows for one enrollment at ``now``; pass ``facts`` (``PlanFacts.of``)
    when many learners share one plan, and ``history`` (``rules.plan_history``) to show replans."""
    facts = facts or PlanFacts.of(plan)
    return progress_at(plan, replay(plan, events, facts), now, facts, history)


class Replay(Record):
    """What an enrollment's events add up to under one plan, whatever the instant: the part of
    its progress the store keeps as a snapshot (``to_json``). ``progress_at`` adds what depends
    on the instant (today, overdue, behind, due soon, the streak still running, the pace)."""

    done: frozenset[str]  # tasks done and not undone, counted
    minutes_by_day: dict[date, int]  # effort of those tasks, by the learner's day they were done
    last_done_day: date | None
    last_required_day: date | None  # the learner's day the last required task counted was done
    with_due_done: int
    late: int
    tally: Tally  # ``streak`` is set for the instant asked about
    study_days: frozenset[date]  # the learner's days with something done or attended
    streak_walk: Walk  # how far the streak in days was counted
    weeks_walk: Walk | None  # the same in weeks, with a weekly target
    earned: dict[str, datetime]  # badge id -> the instant it was earned
    points_reached_at: datetime | None
    last_activity: datetime | None
    # effort of the required tasks counted, by the learner's day they were done (a cohort's
    # burndown); None in a snapshot written before it was kept
    required_minutes_by_day: dict[date, int] | None = None
    # the plan's items done (``tracking.done_items``) that ``done`` does not hold: its sessions
    # attended (a task is done by ``done`` events only: ``tracking.completion_kind``); None in a
    # snapshot written before it was kept
    also_done: frozenset[str] | None = None

    def items_done(self) -> frozenset[str] | None:
        """``tracking.done_items`` of the events, as far as the plan's tasks and sessions go
        (all that ``next`` and the catch-up advice ask of it); None when not kept."""
        return None if self.also_done is None else self.done | self.also_done

    def to_json(self, plan: Plan) -> dict[str, object]:
        """A JSON value that ``Replay.from_json`` turns back into an equal ``Replay`` under the
        same ``plan`` (the one it was replayed under): the done set is written as the
        hexadecimal ``TaskBits`` of the plan's tasks (a list of ids if it holds anything else)."""
        tally = self.tally
        bits = TaskBits.of(plan)
        done_set = bits.mask(self.done)
        also = {} if self.also_done is None else {"also_done": sorted(self.also_done)}
        return {
            "v": REPLAY_FORMAT,
            "done": f"{done_set:x}"
            if done_set.bit_count() == len(self.done)
            else sorted(self.done),
            "minutes_by_day": {day.isoformat(): m for day, m in self.minutes_by_day.items()},
            "last_done_day": _text(self.last_done_day),
            "last_required_day": _text(self.last_required_day),
            "with_due_done": self.with_due_done,
            "late": self.late,
            "tally": [
                tally.done,
                tally.required_done,
                tally.module_done,
                tally.kind_done,
                tally.attended,
                tally.on_time,
                [[days, count] for days, count in tally.early.items()],
                tally.points,
            ],
            "streak": [
                sorted(day.isoformat() for day in self.study_days),
                self.streak_walk.to_json(),
                None if self.weeks_walk is None else self.weeks_walk.to_json(),
            ],
            "earned": {badge: at.isoformat() for badge, at in self.earned.items()},
            "points_reached_at": _text(self.points_reached_at),
            "last_activity": _text(self.last_activity),
            **(
                {}
                if self.required_minutes_by_day is None
                else {
                    "required_minutes_by_day": {
                        day.isoformat(): m for day, m in self.required_minutes_by_day.items()
                    }
                }
            ),
            **also,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], plan: Plan) -> Replay | None:
        """The replay ``to_json`` wrote under ``plan``; None for a snapshot of another format.
        Format 2 (the done set as a list of ids) is read as well."""
        if value.get("v") not in _READ_FORMATS:
            return None
        counts = value["tally"]
        days, streak_walk, weeks_walk = value["streak"]
        required_by_day = value.get("required_minutes_by_day")
        also_done = value.get("also_done")
        replayed = cls(
            done=snapshot_done(value, plan),
            minutes_by_day=_minutes_by_day(value["minutes_by_day"]),
            last_done_day=_day(value["last_done_day"]),
            last_required_day=_day(value["last_required_day"]),
            with_due_done=value["with_due_done"],
            late=value["late"],
            tally=Tally(
                done=counts[0],
                required_done=counts[1],
                module_done=_counts_by_name(counts[2]),
                kind_done=_counts_by_name(counts[3]),
                attended=counts[4],
                on_time=counts[5],
                early={days: count for days, count in counts[6]},
                points=counts[7],
            ),
            study_days=frozenset(date.fromisoformat(day) for day in days),
            streak_walk=Walk.from_json(streak_walk),
            weeks_walk=None if weeks_walk is None else Walk.from_json(weeks_walk),
            earned={badge: _aware(at) for badge, at in value["earned"].items()},
            points_reached_at=_instant(value["points_reached_at"]),
            last_activity=_instant(value["last_activity"]),
            required_minutes_by_day=None
            if required_by_day is None
            else _minutes_by_day(required_by_day),
            also_done=None if also_done is None else frozenset(map(_text_of, also_done)),
        )
        # a count that is no whole number decodes but breaks the sums made with it later (the
        # next done carries the snapshot on): a snapshot damaged so is not read, but replayed
        tally, walks = replayed.tally, (replayed.streak_walk, replayed.weeks_walk)
        numbers = [
            tally.done,
            tally.required_done,
            tally.attended,
            tally.on_time,
            tally.points,
            replayed.with_due_done,
            replayed.late,
            *tally.early,
            *tally.early.values(),
            *(number for walk in walks if walk is not None for number in walk.streak[:3]),
        ]
        if not all(type(number) is int for number in numbers):
            raise TypeError("a count of the snapshot is not a whole number")
        return replayed


# 2: streaks with day starts, days off, freezes and weekly targets; 3: the done set as the bits
# of the plan's tasks (format 2 wrote a list of ids: read as well). What ``next`` reads of a
# snapshot, its done set, is read by ``tracking.kept_done``, without this module.
REPLAY_FORMAT = SNAPSHOT_FORMAT
_READ_FORMATS = SNAPSHOT_FORMATS_READ


def _text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _instant(text: str | None) -> datetime | None:
    return None if text is None else _aware(text)


def _aware(text: str) -> datetime:
    """An instant the store keeps (with its UTC offset: one without is damage)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("an instant without its UTC offset")
    return moment


def _minutes_by_day(value: dict[str, Any]) -> dict[date, int]:
    minutes = {date.fromisoformat(day): number for day, number in value.items()}
    if not all(type(number) is int for number in minutes.values()):
        raise TypeError("minutes that are not a whole number")
    return minutes


def _counts_by_name(value: dict[str, Any]) -> dict[str, int]:
    if not isinstance(value, dict) or not all(type(count) is int for count in value.values()):
        raise TypeError("counts that are not whole numbers")
    return value


def _text_of(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("an id that is not text")
    return value


def replay(plan: Plan, events: Sequence[Event], facts: PlanFacts | None = None) -> Replay:
    """Replay an enrollment's events in time order under ``plan``: what was counted, and when."""
    facts = facts or PlanFacts.of(plan)
    zone = ZoneInfo(plan.display_timezone)
    tasks = facts.tasks
    deadline_ends = facts.deadline_ends
    sessions = {session.id: session for session in plan.sessions}
    penalty = plan.scoring.late_penalty
    tracker = BadgeTracker(plan, facts.required_sizes)
    early_days = tracker.early_days()
    tally = Tally(early=dict.fromkeys(early_days, 0))
    calendar = facts.streak_calendar
    streak = StreakCount(calendar, "days")
    weeks = StreakCount(calendar, "weeks") if calendar.weekly_target is not None else None
    awarded: dict[str, _Completion] = {}
    attended: dict[str, int] = {}
    points_reached_at: datetime | None = None

    studied_on: dict[str, date] = {}  # learner day of each standing completion or attendance
    standing: Counter[date] = Counter()  # how many of them each learner day has

    def studied(key: str, local: datetime) -> None:
        day = calendar.learner_day(local)
        studied_on[key] = day
        standing[day] += 1
        _studied(tally, day, streak, weeks)

    def unstudied(key: str) -> None:
        """A day whose only completion or attendance is undone is no study day any more."""
        day = studied_on.pop(key)
        standing[day] -= 1
        if standing[day] == 0:
            del standing[day]
            streak.remove(day)
            if weeks is not None:
                weeks.remove(day)

    ordered = in_order(events)
    for event in ordered:
        local = event.at.astimezone(zone)
        day = calendar.learner_day(local)
        item = event.item
        if event.kind == "done" and item in tasks and item not in awarded:
            task = tasks[item]
            completion = _completion(task, event, day, deadline_ends.get(item), penalty)
            awarded[item] = completion
            _count(tally, task, completion, +1, early_days)
            tally.points += completion.points
            studied(item, local)
            tracker.check(tally, event.at, ("task", f"module:{task.module}", f"kind:{task.kind}"))
            points_reached_at = event.at
        elif event.kind == "attended" and item in sessions and item not in attended:
            attended[item] = sessions[item].points
            tally.attended += 1
            tally.points += attended[item]
            studied(f"session:{item}", local)
            tracker.check(tally, event.at, ("session",))
            points_reached_at = event.at
        elif event.kind == "undone" and item in awarded:  # counts only go down: nothing to earn
            completion = awarded.pop(item)
            _count(tally, tasks[item], completion, -1, early_days)
            tally.points -= completion.points
            unstudied(item)
            points_reached_at = event.at
        elif event.kind == "undone" and item in attended:
            tally.points -= attended.pop(item)
            tally.attended -= 1
            unstudied(f"session:{item}")
            points_reached_at = event.at

    minutes_by_day: dict[date, int] = {}
    required_by_day: dict[date, int] = {}
    for item, completion in awarded.items():
        effort = tasks[item].effort_minutes
        minutes_by_day[completion.day] = minutes_by_day.get(completion.day, 0) + effort
        if not tasks[item].optional:
            required_by_day[completion.day] = required_by_day.get(completion.day, 0) + effort
    tally.streak = tally.streak_weeks = 0
    return Replay(
        done=frozenset(awarded),
        minutes_by_day=minutes_by_day,
        last_done_day=max((done.day for done in awarded.values()), default=None),
        last_required_day=max(
            (done.day for item, done in awarded.items() if not tasks[item].optional),
            default=None,
        ),
        with_due_done=sum(1 for done in awarded.values() if done.has_deadline),
        late=sum(1 for done in awarded.values() if done.late),
        tally=tally,
        study_days=frozenset(streak.days),
        streak_walk=streak.walk,
        weeks_walk=None if weeks is None else weeks.walk,
        earned=dict(tracker.earned),
        points_reached_at=points_reached_at,
        last_activity=latest_activity(events, facts.items, sessions),
        required_minutes_by_day=required_by_day,
        also_done=frozenset(item for item in done_items(ordered, sessions) if item in sessions),
    )


def replay_more(
    plan: Plan, replayed: Replay, events: Sequence[Event], facts: PlanFacts | None = None
) -> Replay | None:
    """``replay`` of an enrollment's events and then ``events`` (recorded after them, in the
    store's order), from ``replayed`` (the replay of the events before) rather than from the
    first event: the work of one ``done`` instead of all. Only for completions of tasks not
    done yet and attendances of sessions not attended yet; None for anything else (an undo, a
    task done again, a replay kept before it held what this needs), which the caller replays
    whole.

    The same rules as ``replay``, step by step; a property test holds the two equal."""
    if replayed.required_minutes_by_day is None or replayed.also_done is None:
        return None
    facts = facts or PlanFacts.of(plan)
    positions = facts.positions  # the tasks done are made alone (``PlanFacts.task``)
    sessions = {session.id: session for session in plan.sessions}
    items = [event.item for event in events]
    if (
        not events
        or not all(
            (event.kind == "done" and event.item in positions)
            or (event.kind == "attended" and event.item in sessions)
            for event in events
        )
        or len(set(items)) != len(items)
        or not replayed.done.isdisjoint(items)
        or not replayed.also_done.isdisjoint(items)
    ):
        return None
    zone = ZoneInfo(plan.display_timezone)
    penalty = plan.scoring.late_penalty
    before = replayed.tally
    tally = Tally(
        done=before.done,
        required_done=before.required_done,
        module_done=dict(before.module_done),
        kind_done=dict(before.kind_done),
        attended=before.attended,
        on_time=before.on_time,
        early=dict(before.early),
        points=before.points,
    )
    tracker = BadgeTracker(plan, facts.required_sizes)
    early_days = tracker.early_days()
    tracker.earned = dict(replayed.earned)
    tracker.pending = [entry for entry in tracker.pending if entry[0] not in tracker.earned]
    calendar = facts.streak_calendar
    streak = StreakCount(calendar, "days", replayed.study_days, replayed.streak_walk)
    weeks = (
        StreakCount(calendar, "weeks", replayed.study_days, replayed.weeks_walk)
        if calendar.weekly_target is not None
        else None
    )
    minutes_by_day = dict(replayed.minutes_by_day)
    required_by_day = dict(replayed.required_minutes_by_day)
    last_done_day, last_required_day = replayed.last_done_day, replayed.last_required_day
    with_due_done, late = replayed.with_due_done, replayed.late
    done_now, attended_now = [], []
    for event in events:
        local = event.at.astimezone(zone)
        day = calendar.learner_day(local)
        if event.kind == "attended":  # replay's attendance: its points, the day studied
            attended_now.append(event.item)
            tally.attended += 1
            tally.points += sessions[event.item].points
            _studied(tally, day, streak, weeks)
            tracker.check(tally, event.at, ("session",))
            continue
        done_now.append(event.item)
        task = facts.task(event.item)
        assert task is not None  # a task of the plan: checked above
        completion = _completion(task, event, day, rules.deadline_end(task, plan), penalty)
        _count(tally, task, completion, +1, early_days)
        tally.points += completion.points
        _studied(tally, day, streak, weeks)
        tracker.check(tally, event.at, ("task", f"module:{task.module}", f"kind:{task.kind}"))
        effort = task.effort_minutes
        minutes_by_day[day] = minutes_by_day.get(day, 0) + effort
        last_done_day = day if last_done_day is None else max(last_done_day, day)
        if not task.optional:
            required_by_day[day] = required_by_day.get(day, 0) + effort
            last_required_day = day if last_required_day is None else max(last_required_day, day)
        with_due_done += completion.has_deadline
        late += completion.late
    tally.streak = tally.streak_weeks = 0
    last_at = max(event.at for event in events)
    return Replay(
        done=TaskBits.of(plan).with_ids(replayed.done, done_now) if done_now else replayed.done,
        minutes_by_day=minutes_by_day,
        last_done_day=last_done_day,
        last_required_day=last_required_day,
        with_due_done=with_due_done,
        late=late,
        tally=tally,
        study_days=frozenset(streak.days),
        streak_walk=streak.walk,
        weeks_walk=None if weeks is None else weeks.walk,
        earned=dict(tracker.earned),
        points_reached_at=events[-1].at,
        last_activity=last_at
        if replayed.last_activity is None
        else max(replayed.last_activity, last_at),
        required_minutes_by_day=required_by_day,
        also_done=replayed.also_done.union(attended_now),
    )


def _studied(tally: Tally, day: date, streak: StreakCount, weeks: StreakCount | None) -> None:
    """A day with something done or attended counts for the streak, read at that day for the
    badges (``replay``'s ``studied``)."""
    streak.add(day)
    tally.streak = streak.at(day).length
    if weeks is not None:
        weeks.add(day)
        tally.streak_weeks = weeks.at(day).length


def _completion(
    task: PlannedTask, event: Event, day: date, deadline_end: datetime | None, penalty: float
) -> _Completion:
    """A task's completion by ``event`` as counted: late after the end of its deadline (the one
    recorded with the event, else ``deadline_end``; an optional task or one recorded without a
    deadline is never late), its points less the late penalty, times the score, half up (2.5
    points make 3)."""
    deadline = event.deadline if event.deadline is not None else deadline_end
    if task.optional or deadline == rules.NO_DEADLINE:
        deadline = None
    late = rules.is_late(event.at, deadline)
    value = task.points * (1 - penalty if late else 1) * (1 if event.score is None else event.score)
    return _Completion(math.floor(value + 0.5), day, deadline is not None, late)


def pace_finish(
    calendar: StreakCalendar, today: date, remaining: int, weekly_pace: int
) -> date | None:
    """The study day on which ``remaining`` minutes are done at ``weekly_pace`` minutes a week:
    the pace is spread over the study days of a week (its workdays), and days off (blackouts,
    holidays) are skipped, as the plan skips them. None past the last day learnsync plans."""
    if math.ceil(remaining * 7 / weekly_pace) > (LAST_FORECAST_DAY - today).days:
        return None  # even with no day off, beyond any plan
    needed = math.ceil(remaining * len(calendar.workdays) / weekly_pace)
    if needed <= 0:
        return today if needed == 0 else None
    days = _study_days_after(calendar, today, needed)
    return days[needed - 1] if len(days) >= needed else None


def _study_days_after(calendar: StreakCalendar, today: date, count: int) -> list[date]:
    """The first ``count`` study days after ``today`` (fewer when ``LAST_FORECAST_DAY`` comes
    first), walked once a calendar and day and shared by every learner of a cohort."""
    key = (calendar, today)
    found = _STUDY_DAYS_AFTER.get(key)
    if found is None:
        if len(_STUDY_DAYS_AFTER) >= 16:
            _STUDY_DAYS_AFTER.clear()
        found = _STUDY_DAYS_AFTER[key] = ([], [today])
    days, walked = found
    day = walked[0]
    while len(days) < count and day < LAST_FORECAST_DAY:
        day += timedelta(days=1)
        if calendar.is_study_day(day):
            days.append(day)
    walked[0] = day
    return days


# (calendar, today) -> the study days after today walked so far, and the last day walked
_STUDY_DAYS_AFTER: dict[tuple[StreakCalendar, date], tuple[list[date], list[date]]] = {}


def standing_at(
    plan: Plan, replayed: Replay, now: datetime, facts: PlanFacts | None = None
) -> Standing:
    """Where an enrollment whose events add up to ``replayed`` stands at ``now`` in points,
    level, streak, badges and modules (what ``progress_at`` shows of them)."""
    facts = facts or PlanFacts.of(plan)
    today = rules.learner_today(plan, now)
    bits = TaskBits.of(plan)
    done_set = bits.mask(replayed.done)  # shared with the rules that ask about the done set
    modules = []
    done_minutes = 0
    total_minutes = 0
    for module, title, members, count, module_minutes in facts.module_totals:
        module_done = members & done_set
        minutes = bits.effort(module_done)
        done_minutes += minutes
        total_minutes += module_minutes
        modules.append(
            ModuleProgress(module, title, module_done.bit_count(), count, minutes, module_minutes)
        )
    calendar = facts.streak_calendar
    in_days = StreakCount(calendar, "days", replayed.study_days, replayed.streak_walk).at(today)
    in_weeks = (
        None
        if replayed.weeks_walk is None
        else StreakCount(calendar, "weeks", replayed.study_days, replayed.weeks_walk).at(today)
    )
    tally = replayed.tally.replace(
        streak=in_days.length,
        streak_weeks=0 if in_weeks is None else in_weeks.length,
    )
    # the instants badges were earned, in the learner's zone
    zone = ZoneInfo(plan.display_timezone)
    earned = {badge: at.astimezone(zone) for badge, at in replayed.earned.items()}
    return Standing(  # by position, in field order (keywords cost a binding a learner)
        today,
        tuple(modules),
        done_minutes,
        total_minutes,
        tally,
        tally.points,
        level_for(tally.points, plan.scoring.levels),
        in_days.length,
        in_days.longest,
        tuple(facts.badges.statuses(tally, earned)),
        replayed.last_required_day
        if facts.required_sizes.total and done_minutes == total_minutes
        else None,
        in_days if in_weeks is None else in_weeks,
        calendar.unit,
        tally.streak_weeks,
    )


def progress_at(
    plan: Plan,
    replayed: Replay,
    now: datetime,
    facts: PlanFacts | None = None,
    history: PlanHistory | None = None,
) -> Progress:
    """The progress at ``now`` of an enrollment whose events add up to ``replayed``: the work
    costs about the size of its done set, the rest is shared through ``facts``."""
    facts = facts or PlanFacts.of(plan)
    standing = standing_at(plan, replayed, now, facts)
    today = standing.today
    index = facts.index
    done_ids = replayed.done
    behind = index.behind(done_ids, today)
    overdue = index.overdue(done_ids, now)
    counts = index.counts(done_ids)
    # The last four weeks, or the time since the cohort started when that is shorter.
    window = max(1, min(PACE_WINDOW_DAYS, (today - plan.start).days + 1))
    window_start = today - timedelta(days=window - 1)
    recent = sum(minutes for day, minutes in replayed.minutes_by_day.items() if day >= window_start)
    weekly_pace = round(recent * 7 / window)
    remaining = standing.total_minutes - standing.done_minutes
    forecast = None
    if remaining == 0:
        forecast = replayed.last_done_day or today
    calendar = facts.streak_calendar
    if remaining and weekly_pace:
        forecast = pace_finish(calendar, today, remaining, weekly_pace)
    tally = standing.tally
    last_activity = replayed.last_activity
    return Progress(
        course_id=plan.course_id,
        title=plan.course_title,
        mode=plan.mode,
        today=today,
        done=counts.required_done,
        total=counts.required_total,
        optional_done=counts.optional_done,
        optional_total=counts.optional_total,
        done_minutes=standing.done_minutes,
        total_minutes=standing.total_minutes,
        modules=standing.modules,
        on_track=rules.on_track(behind, overdue),
        behind_tasks=0 if behind is None else len(behind.tasks),
        behind_minutes=0 if behind is None else behind.minutes,
        overdue=tuple(overdue),
        due_soon=tuple(index.due_within(done_ids, now)),
        points=standing.points,
        level=standing.level,
        streak_days=standing.streak_days,
        longest_streak=standing.longest_streak,
        badges=standing.badges,
        planned_finish=facts.finish,
        weekly_pace_minutes=weekly_pace,
        forecast_finish=forecast,
        last_activity=last_activity.astimezone(ZoneInfo(plan.display_timezone))
        if last_activity
        else None,
        on_time=tally.on_time,
        with_due_done=replayed.with_due_done,
        points_reached_at=replayed.points_reached_at,
        late=replayed.late,
        finished_on=standing.finished_on,
        next_deadline=index.next_deadline(done_ids),
        last_deadline=facts.last_deadline,
        history=history or PlanHistory(0, facts.finish, facts.finish),
        streak=standing.streak,
        streak_unit=calendar.unit,
        streak_weeks=standing.streak_weeks,
        streak_target=calendar.weekly_target,
        freeze_every=calendar.freeze_every,
        freeze_max=calendar.freeze_max,
        day_start=calendar.day_start,
    )


class _Completion(Record):
    """A task's completion as counted: its points, the learner's day, and its verdict."""

    points: int
    day: date
    has_deadline: bool
    late: bool


def _count(
    tally: Tally, task: PlannedTask, completion: _Completion, step: int, early_days: Sequence[int]
) -> None:
    tally.done += step
    tally.kind_done[task.kind] = tally.kind_done.get(task.kind, 0) + step
    if not task.optional:
        tally.required_done += step
        tally.module_done[task.module] = tally.module_done.get(task.module, 0) + step
    if completion.has_deadline and not completion.late:
        tally.on_time += step
    if completion.has_deadline and not completion.late and task.deadline is not None:
        for days in early_days:
            if (task.deadline - completion.day).days >= days:
                tally.early[days] += step
