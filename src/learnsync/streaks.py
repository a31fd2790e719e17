"""Streaks: study days, or weeks, in a row, kept alive by freezes. Pure: the same days and the
same instant always give the same streak, whatever order the days were learned in.

Rules:
- A learner's day is the date in their time zone, where a day begins at the plan's
  ``day_start`` (with ``"04:00"``, a completion at 02:30 on Tuesday counts for Monday).
- Study days are the plan's workdays less its days off (holidays, public holidays, blackouts),
  plus its extra study days (``workdays_extra``). Other days neither break a streak nor extend
  it, and what is done on them does not count.
- In days: the streak is the study days in a row with a completion or an attendance. Today does
  not break it before it is over.
- In weeks (``[scoring] weekly_target``): weeks run Monday to Sunday in the learner's days. A
  week counts when at least ``weekly_target`` of its study days have something done; a week
  with fewer study days than the target (on or after the cohort's start) asks for all of them,
  and a week without any study day neither breaks nor extends the streak. The current week
  breaks it only once it can no longer reach its target.
- Freezes (``[scoring] freeze_every``): each time the streak reaches a multiple of
  ``freeze_every`` (5, 10, 15 ... days, or weeks) a freeze is earned, unless ``freeze_max`` are
  held already. A missed study day (a failed week) spends one when one is held: the streak
  lives on and does not grow. With none held the streak is broken and starts again from 0.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, Literal

from learnsync.planning.model import Plan, is_study_day, learner_day, study_weekdays
from learnsync.record import Record

Unit = Literal["days", "weeks"]
_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)


class StreakCalendar(Record):
    """What a learner's streak is counted with, read from their plan."""

    workdays: frozenset[int]
    days_off: frozenset[date]
    extra_days: frozenset[date]
    start: date
    day_start: int = 0  # minutes after midnight
    freeze_every: int | None = None
    freeze_max: int = 0
    weekly_target: int | None = None

    @classmethod
    def of(cls, plan: Plan) -> StreakCalendar:
        return cls(
            workdays=study_weekdays(plan),
            days_off=frozenset(plan.days_off),
            extra_days=frozenset(plan.extra_days),
            start=plan.start,
            day_start=plan.day_start,
            freeze_every=plan.scoring.freeze_every,
            freeze_max=plan.scoring.freeze_max,
            weekly_target=plan.scoring.weekly_target,
        )

    @property
    def unit(self) -> Unit:
        """The unit a course's streak counts in: weeks when it sets a weekly target."""
        return "weeks" if self.weekly_target is not None else "days"

    def is_study_day(self, day: date) -> bool:
        return is_study_day(day, self.workdays, self.days_off, self.extra_days)

    def learner_day(self, local: datetime) -> date:
        """The learner's day of ``local`` (a date-time in their zone), ``day_start`` applied."""
        return learner_day(local, self.day_start)


class Streak(Record):
    """A streak at one instant: its length and longest in its unit, the freezes held, and the
    days (first days of weeks) a freeze kept the current streak alive."""

    length: int = 0
    longest: int = 0
    freezes_left: int = 0
    freezes_used: tuple[date, ...] = ()


NO_STREAK = Streak()


class Walk(Record):
    """How far a count has gone: every unit before ``next`` is final (days and weeks cannot
    lose what was done in them); ``next`` is None before the first unit with something done."""

    next: date | None = None
    streak: Streak = NO_STREAK

    def to_json(self) -> list[Any]:
        streak = self.streak
        return [
            None if self.next is None else self.next.isoformat(),
            streak.length,
            streak.longest,
            streak.freezes_left,
            [day.isoformat() for day in streak.freezes_used],
        ]

    @classmethod
    def from_json(cls, value: list[Any]) -> Walk:
        following, length, longest, left, used = value
        return cls(
            None if following is None else date.fromisoformat(following),
            Streak(length, longest, left, tuple(date.fromisoformat(day) for day in used)),
        )


class StreakCount:
    """The streak of one learner in one unit, kept up to date as days with something done are
    added in any order (a completion recorded later for an earlier day counts for that day)."""

    def __init__(
        self,
        calendar: StreakCalendar,
        unit: Unit,
        days: Iterable[date] = (),
        walk: Walk | None = None,
    ) -> None:
        self.calendar = calendar
        self.unit = unit
        self.days: set[date] = set(days)
        self.study = sorted(day for day in self.days if calendar.is_study_day(day))
        self.walk = walk or Walk()

    def unit_of(self, day: date) -> date:
        return day if self.unit == "days" else day - timedelta(days=day.weekday())

    def add(self, day: date) -> None:
        """A learner's day with something done."""
        if day in self.days:
            return
        self.days.add(day)
        if not self.calendar.is_study_day(day):
            return
        insort(self.study, day)
        if self.walk.next is not None and self.unit_of(day) < self.walk.next:
            self.walk = Walk()  # a unit already counted changes: count again from the start

    def remove(self, day: date) -> None:
        """A learner's day that no longer has anything done (its only completion was undone)."""
        if day not in self.days:
            return
        self.days.discard(day)
        if not self.calendar.is_study_day(day):
            return
        self.study.remove(day)
        if self.walk.next is not None and self.unit_of(day) < self.walk.next:
            self.walk = Walk()  # a unit already counted changes: count again from the start

    def at(self, today: date) -> Streak:
        """The streak on the learner's day ``today``, which is not over yet."""
        current = self.unit_of(today)
        if self.walk.next is not None and self.walk.next > current:
            self.walk = Walk()  # asked about an earlier day than last time
        self._advance(today)
        walk = self.walk
        if walk.next != current:
            return walk.streak
        streak = self._apply(walk.streak, self._verdict(current, today), current)
        return streak._replace(longest=max(streak.longest, streak.length))

    def _advance(self, today: date) -> None:
        """Count every unit that ends on or before ``today`` (ended units are final)."""
        walk = self.walk
        following, streak = walk.next, walk.streak
        if following is None:
            if not self.study:
                return
            following = self.unit_of(self.study[0])
        step = _DAY if self.unit == "days" else _WEEK
        while following + step <= today:
            if streak.length == 0:  # nothing to keep alive: go to the next unit with study
                index = bisect_left(self.study, following)
                if index == len(self.study):
                    following = self.unit_of(today)
                    break
                following = max(following, self.unit_of(self.study[index]))
                if following + step > today:
                    break
            streak = self._apply(streak, self._verdict(following, today), following)
            following += step
        self.walk = Walk(following, streak)

    def _verdict(self, unit: date, today: date) -> str:
        """``met``, ``missed``, ``pending`` (not over, can still be met) or ``skip`` (no
        study asked for)."""
        calendar = self.calendar
        if self.unit == "days":
            if not calendar.is_study_day(unit):
                return "skip"
            if unit in self.days:
                return "met"
            return "pending" if unit >= today else "missed"
        week = [unit + timedelta(days=offset) for offset in range(7)]
        asked = [day for day in week if day >= calendar.start and calendar.is_study_day(day)]
        needed = min(calendar.weekly_target or 1, len(asked))
        if needed == 0:
            return "skip"
        done = sum(1 for day in week if day in self.days and calendar.is_study_day(day))
        if done >= needed:
            return "met"
        still_open = sum(1 for day in asked if day >= today and day not in self.days)
        return "pending" if done + still_open >= needed else "missed"

    def _apply(self, streak: Streak, verdict: str, unit: date) -> Streak:
        calendar = self.calendar
        if verdict == "met":
            length, left = streak.length + 1, streak.freezes_left
            every = calendar.freeze_every
            if every and length % every == 0 and left < calendar.freeze_max:
                left += 1
            return Streak(length, max(streak.longest, length), left, streak.freezes_used)
        if verdict == "missed" and streak.length:
            if streak.freezes_left:
                return streak._replace(
                    freezes_left=streak.freezes_left - 1,
                    freezes_used=(*streak.freezes_used, unit),
                )
            return Streak(0, streak.longest, 0, ())
        return streak
