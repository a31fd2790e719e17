"""The numbers behind the charts a learner would rather look at than read: a burndown of the
required effort left against the plan, and a calendar of the days they studied. Pure: from
the plan, the events and the learner's today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from learnsync.planning.model import Plan, item_ids
from learnsync.tracking import Event, in_order, item_states, session_ids


@dataclass(frozen=True, slots=True)
class Burndown:
    """Required minutes left at the end of each day: as planned, as done (up to today), and as
    forecast from today at the measured pace."""

    days: tuple[date, ...]
    planned: tuple[int, ...]
    done: tuple[int, ...]  # one a day up to today
    forecast: tuple[tuple[date, int], ...]  # from today to the forecast finish


def burndown(
    plan: Plan, events: Sequence[Event], today: date, weekly_pace_minutes: int
) -> Burndown:
    """The burndown of the required effort, from the start to the later of today and the
    planned finish (and to the forecast finish when that is later): the required minutes done
    by day as ``progress.replay`` counts them (``Replay.required_minutes_by_day``, what the
    cohort's burndown adds up): each task done and not undone since, on the learner's day its
    standing completion was recorded; a task attended, a session done or an undone task
    counts on no day."""
    from learnsync.progress import replay

    by_day = replay(plan, events).required_minutes_by_day
    return burndown_of(plan, by_day or {}, today, weekly_pace_minutes)


def burndown_of(
    plan: Plan, done_by_day: Mapping[date, int], today: date, weekly_pace_minutes: int
) -> Burndown:
    """The burndown of ``burndown`` from the required minutes done (less undone) on each of the
    learner's days; work done before the start counts on its first day (as in
    ``cohort_burndown``)."""
    required = [task for task in plan.tasks if not task.optional]
    total = sum(task.effort_minutes for task in required)
    planned_by_day: dict[date, int] = {}
    for task in required:
        for slot in task.slots:
            planned_by_day[slot.date] = planned_by_day.get(slot.date, 0) + slot.minutes
    last = max([today, plan.finish or today, *planned_by_day])
    days = tuple(plan.start + timedelta(days=n) for n in range((last - plan.start).days + 1))
    planned, done = [], []
    left_planned = left_done = total
    for day in days:
        left_planned -= planned_by_day.get(day, 0)
        planned.append(left_planned)
        if day <= today:
            left_done -= done_by_day.get(day, 0)
            if day == plan.start:
                left_done -= sum(m for earlier, m in done_by_day.items() if earlier < day)
            done.append(left_done)
    forecast: list[tuple[date, int]] = []
    if weekly_pace_minutes and left_done > 0:
        # the pace spread over a week's study days, days off skipped (as progress.pace_finish):
        # the minutes left times the study days of a week, so the sums stay whole
        from learnsync.streaks import StreakCalendar

        calendar = StreakCalendar.of(plan)
        per_week = len(calendar.workdays)
        day, left = today, left_done * per_week
        while left > 0 and len(forecast) < 3660:
            forecast.append((day, round(left / per_week)))
            day += timedelta(days=1)
            if calendar.is_study_day(day):
                left -= weekly_pace_minutes
        forecast.append((day, 0))
    return Burndown(days, tuple(planned), tuple(done), tuple(forecast))


def cohort_burndown(
    enrollments: Sequence[tuple[Plan, Mapping[date, int]]], today: date
) -> Burndown:
    """The burndown of a cohort from each learner's plan and required minutes done by day
    (``Replay.required_minutes_by_day``), added up day by day: as planned (before a learner's
    start all of their work is left, after their last planned day what their plan leaves then)
    and as done up to today (work done before a learner's start counts on their first day).
    No forecast. Learners who share a plan share its work here too."""
    groups: dict[int, tuple[Plan, list[Mapping[date, int]]]] = {}
    for plan, done_by_day in enrollments:
        groups.setdefault(id(plan), (plan, []))[1].append(done_by_day)
    charts = [
        (
            sum(t.effort_minutes for t in plan.tasks if not t.optional),
            burndown_of(plan, {}, today, 0),
            learners,
        )
        for plan, learners in groups.values()
    ]
    if not charts:
        return Burndown((), (), (), ())
    first = min(chart.days[0] for _, chart, _ in charts)
    last = max(chart.days[-1] for _, chart, _ in charts)
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    planned = [0] * len(days)
    shown = sum(1 for day in days if day <= today)
    done_on = [0] * shown
    left = 0
    for total, chart, learners in charts:
        offset = (chart.days[0] - first).days
        for position in range(len(days)):
            at = position - offset
            value = total if at < 0 else chart.planned[min(at, len(chart.planned) - 1)]
            planned[position] += value * len(learners)
        left += total * len(learners)
        for done_by_day in learners:
            for day, minutes in done_by_day.items():
                position = max((day - first).days, offset)
                if position < shown:
                    done_on[position] += minutes
    done = []
    for minutes in done_on:
        left -= minutes
        done.append(left)
    return Burndown(days, tuple(planned), tuple(done), ())


@dataclass(frozen=True, slots=True)
class StudyCalendar:
    """Completions and attendances on each of the learner's days, week by week from a Monday:
    ``weeks[w][d]`` is the count on weekday ``d`` (Monday 0) of week ``w``, None for a day
    after today or before the start. The days are the streak's (``StreakCalendar``): a day
    begins at the plan's ``day_start``, and ``study[w][d]`` says whether it is a study day (a
    workday not off, blackouts and holidays included, or an extra study day)."""

    first_monday: date
    weeks: tuple[tuple[int | None, ...], ...]
    workdays: frozenset[int]
    study: tuple[tuple[bool, ...], ...] = ()

    def is_study_day(self, week: int, weekday: int) -> bool:
        return self.study[week][weekday] if self.study else weekday in self.workdays


def study_calendar(
    plan: Plan, events: Sequence[Event], today: date, *, weeks: int = 26
) -> StudyCalendar:
    """The last ``weeks`` weeks (at most) up to today, from the plan's start, in the days the
    streak counts (``StreakCalendar``: ``day_start``, study days)."""
    from learnsync.streaks import StreakCalendar

    zone = ZoneInfo(plan.display_timezone)
    streak_calendar = StreakCalendar.of(plan)
    # What stands on each day, as the streak counts it (``tracking.item_states``): a completion
    # of one of the plan's tasks or an attendance of one of its sessions, once, on the day it
    # was first recorded since any undo; an event of the other kind stands for nothing.
    items = frozenset(item_ids(plan))
    counts: dict[date, int] = {}
    for item, state in item_states(in_order(events), session_ids(plan)).items():
        if state.done and item in items and state.at is not None:
            day = streak_calendar.learner_day(state.at.astimezone(zone))
            counts[day] = counts.get(day, 0) + 1
    first = max(plan.start, today - timedelta(weeks=weeks - 1))
    first_monday = first - timedelta(days=first.weekday())
    grid, study = [], []
    monday = first_monday
    while monday <= today:
        week = []
        days = [monday + timedelta(days=offset) for offset in range(7)]
        for day in days:
            week.append(None if day > today or day < plan.start else counts.get(day, 0))
        grid.append(tuple(week))
        study.append(tuple(streak_calendar.is_study_day(day) for day in days))
        monday += timedelta(days=7)
    return StudyCalendar(first_monday, tuple(grid), streak_calendar.workdays, tuple(study))
