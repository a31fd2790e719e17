"""Badges: which a learner has earned, when, and how close the others are. Pure.

Events are replayed in time order; after each one every badge not yet earned is tested, and a
badge whose rule holds is earned at that event's instant. An earned badge is kept: a later undo
does not take it back (it records that the learner got there, and when).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from operator import attrgetter

from learnsync.planning.model import BadgeRule, Plan, PlannedModule
from learnsync.record import Record

BUILTIN_TASKS = 10
BUILTIN_STREAK = 5
BUILTIN_STREAK_WEEKS = 4
BUILTIN_ON_TIME = 5
BUILTIN_SESSIONS = 3


def builtin_badges(
    modules: Sequence[PlannedModule],
    task_count: int,
    session_count: int,
    has_deadlines: bool,
    *,
    weekly: bool = False,
) -> tuple[BadgeRule, ...]:
    """The badges of a course that declares none; the streak badge counts weeks when the course
    sets a weekly target."""
    badges = [BadgeRule("first-step", "First step", "Finish your first task", "first-task")]
    if task_count >= BUILTIN_TASKS * 2:
        badges.append(
            BadgeRule(
                "ten-down",
                "Ten down",
                f"Finish {BUILTIN_TASKS} tasks",
                "tasks",
                count=BUILTIN_TASKS,
            )
        )
    if len(modules) > 1:
        badges += [
            BadgeRule(
                f"module-{module.id}",
                f"{module.title}: done",
                f"Finish {module.title}",
                "module",
                module=module.id,
            )
            for module in modules
        ]
    badges.append(
        BadgeRule(
            "steady-weeks",
            "Steady weeks",
            f"Meet the weekly target {BUILTIN_STREAK_WEEKS} weeks in a row",
            "streak",
            count=BUILTIN_STREAK_WEEKS,
            unit="weeks",
        )
        if weekly
        else BadgeRule(
            "on-a-roll",
            "On a roll",
            f"Study {BUILTIN_STREAK} study days in a row",
            "streak",
            days=BUILTIN_STREAK,
        )
    )
    if has_deadlines and task_count >= BUILTIN_ON_TIME:
        badges.append(
            BadgeRule(
                "punctual",
                "Punctual",
                f"{BUILTIN_ON_TIME} tasks done by their deadline",
                "on-time",
                count=BUILTIN_ON_TIME,
            )
        )
    if session_count >= BUILTIN_SESSIONS:
        badges.append(
            BadgeRule(
                "present",
                "Present",
                f"Attend {BUILTIN_SESSIONS} live sessions",
                "sessions",
                count=BUILTIN_SESSIONS,
            )
        )
    badges.append(BadgeRule("graduate", "Graduate", "Finish every required task", "course"))
    return tuple(badges)


class BadgeStatus(Record):
    """A badge for one learner: earned (and when) or locked, with the progress toward it."""

    badge: BadgeRule
    earned_at: datetime | None
    current: int
    target: int
    unit: str

    @property
    def earned(self) -> bool:
        return self.earned_at is not None

    @property
    def progress(self) -> str:
        """``"3/5 on time"``."""
        return f"{min(self.current, self.target)}/{self.target} {self.unit}"

    @property
    def share(self) -> float:
        return min(1.0, self.current / self.target) if self.target else 1.0


class Tally:
    """What a learner has reached at one instant, kept up to date event by event (a plain class:
    a dataclass compiles its methods at every start of ``done`` and ``status``)."""

    __slots__ = (
        "attended",
        "done",
        "early",
        "kind_done",
        "module_done",
        "on_time",
        "points",
        "required_done",
        "streak",
        "streak_weeks",
    )

    def __init__(
        self,
        done: int = 0,
        required_done: int = 0,
        module_done: dict[str, int] | None = None,
        kind_done: dict[str, int] | None = None,
        attended: int = 0,
        on_time: int = 0,
        early: dict[int, int] | None = None,  # by early-finish days: tasks early enough
        points: int = 0,
        streak: int = 0,  # study days in a row
        streak_weeks: int = 0,  # weeks in a row that met the weekly target
    ) -> None:
        self.done = done
        self.required_done = required_done
        self.module_done = {} if module_done is None else module_done
        self.kind_done = {} if kind_done is None else kind_done
        self.attended = attended
        self.on_time = on_time
        self.early = {} if early is None else early
        self.points = points
        self.streak = streak
        self.streak_weeks = streak_weeks

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _TALLY_FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Tally:
            return NotImplemented
        assert isinstance(other, Tally)
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _TALLY_FIELDS)
        return f"Tally({fields})"

    def replace(self, **changes: int) -> Tally:
        """A copy with ``changes`` (the dictionaries shared, as ``dataclasses.replace`` does)."""
        values = dict(zip(_TALLY_FIELDS, self._values(), strict=True))
        return Tally(**{**values, **changes})  # type: ignore[arg-type]


_TALLY_FIELDS = (
    "done",
    "required_done",
    "module_done",
    "kind_done",
    "attended",
    "on_time",
    "early",
    "points",
    "streak",
    "streak_weeks",
)


_REQUIRED_FIELDS = attrgetter("optional", "module", "deadline")


class RequiredSizes(Record):
    """What badges measure against in a plan: its required tasks, how many in each module
    (a module of optional tasks only has none), and how many with a deadline."""

    total: int
    by_module: dict[str, int]
    with_deadline: int

    @classmethod
    def of(cls, plan: Plan) -> RequiredSizes:
        # one pass, with what it reads of each task fetched in C
        alike = Counter(map(_REQUIRED_FIELDS, plan.tasks))
        total = with_deadline = 0
        by_module: dict[str, int] = {}
        for (optional, module, deadline), tasks in alike.items():
            if optional:
                continue
            total += tasks
            by_module[module] = by_module.get(module, 0) + tasks
            if deadline is not None:
                with_deadline += tasks
        return cls(total, by_module, with_deadline)


class BadgeTracker:
    """Tests the badges not yet earned after each event; measuring a badge is O(1). ``sizes``:
    the plan's ``RequiredSizes`` when they are known already (``progress.PlanFacts`` works
    them out once for every tracker of a plan)."""

    def __init__(self, plan: Plan, sizes: RequiredSizes | None = None) -> None:
        self.badges = plan.badges
        sizes = sizes or RequiredSizes.of(plan)
        self.required_count = sizes.total
        self.module_size = sizes.by_module
        self.due_required = sizes.with_deadline
        self.earned: dict[str, datetime] = {}
        # (badge id, what can change it, test): a test runs only after an event that can change it
        self.pending = [
            (badge.id, self._scope(badge), self._predicate(badge)) for badge in self.badges
        ]

    def early_days(self) -> list[int]:
        """The ``days`` of every early-finish badge: the tally counts early tasks for each."""
        return sorted({badge.days or 1 for badge in self.badges if badge.rule == "early-finish"})

    @staticmethod
    def _scope(badge: BadgeRule) -> str:
        if badge.rule == "module":
            return f"module:{badge.module}"
        if badge.rule == "kind":
            return f"kind:{badge.kind}"
        if badge.rule in ("first-task", "tasks", "course", "on-time", "early-finish"):
            return "task"
        if badge.rule == "sessions":
            return "session"
        return "any"  # streak, points

    def _predicate(self, badge: BadgeRule) -> Callable[[Tally], bool]:
        """A test of the badge's rule that is as cheap as can be: it runs after many events."""
        rule = badge.rule
        count = badge.count or 1
        if rule == "first-task":
            return lambda tally: tally.done >= 1
        if rule == "tasks":
            return lambda tally: tally.done >= count
        if rule == "on-time":
            return lambda tally: tally.on_time >= count
        if rule == "sessions":
            return lambda tally: tally.attended >= count
        if rule == "streak" and badge.unit == "weeks":
            weeks = badge.count or 1
            return lambda tally: tally.streak_weeks >= weeks
        if rule == "streak":
            days = badge.days or 1
            return lambda tally: tally.streak >= days
        if rule == "points":
            points = badge.points or 1
            return lambda tally: tally.points >= points
        if rule == "module":
            module, size = badge.module or "", self.module_size.get(badge.module or "", 0) or 1
            return lambda tally: tally.module_done.get(module, 0) >= size
        if rule == "course":
            required = self.required_count or 1
            return lambda tally: tally.required_done >= required
        if rule == "kind":
            kind = badge.kind or ""
            return lambda tally: tally.kind_done.get(kind, 0) >= count
        if rule == "early-finish" and self.due_required:
            days, needed = badge.days or 1, self.due_required
            return lambda tally: tally.early.get(days, 0) >= needed
        return lambda tally: False

    def measure(self, badge: BadgeRule, tally: Tally) -> tuple[int, int, str]:
        """(current, target, unit) of a badge for ``tally``."""
        rule = badge.rule
        if rule == "first-task":
            return min(1, tally.done), 1, "task"
        if rule == "tasks":
            return tally.done, badge.count or 1, "tasks"
        if rule == "module":
            module = badge.module or ""
            return (
                tally.module_done.get(module, 0),
                self.module_size.get(module, 0) or 1,
                f"tasks of {module}",
            )
        if rule == "course":
            return tally.required_done, self.required_count or 1, "required tasks"
        if rule == "streak" and badge.unit == "weeks":
            return tally.streak_weeks, badge.count or 1, "weeks in a row"
        if rule == "streak":
            return tally.streak, badge.days or 1, "days in a row"
        if rule == "on-time":
            return tally.on_time, badge.count or 1, "on time"
        if rule == "points":
            return tally.points, badge.points or 1, "points"
        if rule == "kind":
            return tally.kind_done.get(badge.kind or "", 0), badge.count or 1, f"{badge.kind} tasks"
        if rule == "sessions":
            return tally.attended, badge.count or 1, "sessions"
        if rule == "early-finish":
            if not self.due_required:
                return 0, 1, "required tasks early (none has a deadline)"
            return tally.early.get(badge.days or 1, 0), self.due_required, "required tasks early"
        return 0, 1, rule

    def check(self, tally: Tally, at: datetime, scopes: tuple[str, ...]) -> None:
        """After an event that could change ``scopes`` (``"task"``, ``"module:ID"``...), mark as
        earned at ``at`` every pending badge whose rule ``tally`` now meets."""
        met = [
            badge_id
            for badge_id, scope, holds in self.pending
            if (scope == "any" or scope in scopes) and holds(tally)
        ]
        if met:
            for badge_id in met:
                self.earned[badge_id] = at
            self.pending = [entry for entry in self.pending if entry[0] not in self.earned]

    def statuses(
        self, tally: Tally, earned: Mapping[str, datetime] | None = None
    ) -> list[BadgeStatus]:
        """Every badge for ``tally``, earned at the instants in ``earned`` (default: those this
        tracker saw)."""
        earned = self.earned if earned is None else earned
        result = []
        for badge in self.badges:
            current, target, unit = self.measure(badge, tally)
            result.append(BadgeStatus(badge, earned.get(badge.id), current, target, unit))
        return result


def criteria(badge: BadgeRule) -> str:
    """What a badge asks, in words."""
    rule = badge.rule
    if rule == "streak" and badge.unit == "weeks":
        return f"meet the weekly target {badge.count} weeks in a row"
    texts = {
        "first-task": "finish a first task",
        "tasks": f"finish {badge.count} tasks",
        "module": f"finish every required task of module {badge.module}",
        "course": "finish every required task of the course",
        "streak": f"study {badge.days} study days in a row",
        "on-time": f"finish {badge.count} tasks by their deadline",
        "points": f"earn {badge.points} points",
        "kind": f"finish {badge.count} {badge.kind} tasks",
        "sessions": f"attend {badge.count} live sessions",
        "early-finish": f"finish every required task at least {badge.days} days before it is due",
    }
    return texts.get(rule, rule)
