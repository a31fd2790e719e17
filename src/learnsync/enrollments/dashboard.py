"""What the HTML dashboards show, worked out from the store: a course's cohort (summary, next
deadline and who will likely miss it, burndown, learners by risk, heat map of modules,
leaderboard, badges earned this week) and one learner (progress by module, burndown with
forecast, calendar of study days, badges). Renderers turn these into pages; nothing here
prints."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from learnsync.charts import Burndown, StudyCalendar, burndown, cohort_burndown, study_calendar
from learnsync.enrollments.access import Enrollment
from learnsync.enrollments.team import (
    LearnerProgress,
    course_progress,
    leaderboard_key,
    learner_outlook,
    risk_key,
)
from learnsync.forecast import FinishForecast
from learnsync.planning.model import Plan
from learnsync.progress import Progress, replay
from learnsync.rules import PlanIndex, deadline_end, likely_to_miss
from learnsync.store.database import Store
from learnsync.tracking import Event

if TYPE_CHECKING:
    from learnsync.planning.planner import CatchUp

BADGE_WEEK = timedelta(days=7)


def forecast_finish(result: Progress, forecast: FinishForecast | None) -> date | None:
    """The one place the dashboards take a learner's forecast finish from: the p50 of the
    forecast with odds (``learnsync.forecast``) that ``report`` (the team page) and ``status``
    (the learner's page) show; the day the required work was finished when none is left."""
    if forecast is None:
        return result.finished_on
    return forecast.p50


def _risk(entry: LearnerProgress) -> tuple[int, int, float, str, str]:
    """Most at risk first, in ``report``'s order (``risk_key``)."""
    result = entry.progress
    return risk_key(
        result.behind_minutes, len(result.overdue), result.percent, entry.name, entry.learner
    )


@dataclass(frozen=True)
class DeadlineOutlook:
    """The cohort's next deadline: its day, what is due (a module or a task id), the learners
    with required work still open for it, and those of them who will likely miss it."""

    date: date
    item: str
    title: str
    open_learners: tuple[str, ...]
    likely_to_miss: tuple[str, ...]


@dataclass(frozen=True)
class BadgeEarned:
    learner: str
    name: str
    badge: str
    title: str
    earned_at: datetime
    earned_on: date  # the learner's day (``Progress.day_of``)


@dataclass(frozen=True)
class TeamDashboard:
    """A course's cohort at one instant, for the team page."""

    course_id: str
    title: str
    now: datetime
    today: date
    learners: tuple[LearnerProgress, ...]  # most at risk first
    forecasts: dict[str, date | None]  # learner -> forecast finish
    on_track: int  # rules.on_track: not behind the plan and nothing overdue
    behind: int
    behind_minutes: int  # the learners' rules.behind minutes added up
    finished: int
    next_deadline: DeadlineOutlook | None
    burndown: Burndown
    modules: tuple[tuple[str, str], ...]  # id, title, in course order
    leaderboard: tuple[LearnerProgress, ...]
    badges_this_week: tuple[BadgeEarned, ...]


def team_dashboard(store: Store, course: str, now: datetime) -> TeamDashboard:
    """The team page's numbers for a course (an id, or a course file's id) at ``now``."""
    team = course_progress(store, course, now, forecasts=True)
    learners = tuple(sorted(team.learners, key=_risk))
    today = max(entry.progress.today for entry in learners) if learners else now.date()
    scheduled = any(
        task.slots for entry in learners if entry.plan is not None for task in entry.plan.tasks
    )
    chart = (
        cohort_burndown(list(_required_done(store, team.course_id, learners)), today)
        if scheduled
        else Burndown((), (), (), ())  # self-paced: no plan to burn down against
    )
    behind = sum(1 for entry in learners if entry.progress.behind)
    modules: dict[str, str] = {}
    for entry in learners:
        for module in entry.progress.modules:
            modules.setdefault(module.id, module.title)
    return TeamDashboard(
        course_id=team.course_id,
        title=team.title,
        now=now,
        today=today,
        learners=learners,
        forecasts={
            entry.learner: forecast_finish(entry.progress, entry.forecast) for entry in learners
        },
        on_track=sum(1 for entry in learners if entry.progress.on_track),  # rules.on_track
        behind=behind,
        behind_minutes=sum(entry.progress.behind_minutes for entry in learners),
        finished=sum(1 for entry in learners if entry.progress.finished_on is not None),
        next_deadline=deadline_outlook(learners, now),
        burndown=chart,
        modules=tuple(modules.items()),
        leaderboard=tuple(sorted(learners, key=leaderboard_key)),
        badges_this_week=badges_since(learners, now - BADGE_WEEK),
    )


def _required_done(
    store: Store, course_id: str, learners: Sequence[LearnerProgress]
) -> Iterator[tuple[Plan, Mapping[date, int]]]:
    """Each learner's plan and required minutes done by day: from their progress snapshot, or,
    for a snapshot older than that record, replayed from their events."""
    events: dict[str, list[Event]] | None = None
    for entry in learners:
        if entry.plan is None:
            continue
        by_day = entry.required_minutes_by_day
        if by_day is None:
            if events is None:
                ids = {row.id: row.learner for row in store.enrollments(course_id=course_id)}
                events = {ids[key]: value for key, value in store.course_events(course_id).items()}
            by_day = replay(entry.plan, events.get(entry.learner, [])).required_minutes_by_day
        yield entry.plan, by_day or {}


def deadline_outlook(learners: Sequence[LearnerProgress], now: datetime) -> DeadlineOutlook | None:
    """The earliest deadline still ahead (its end after ``now``) that some learner has required
    work open for, and who will likely miss it (``rules.likely_to_miss``)."""
    indexes: dict[int, PlanIndex] = {}
    best: DeadlineOutlook | None = None
    for entry in learners:
        if entry.plan is None:
            continue
        if id(entry.plan) not in indexes:
            indexes[id(entry.plan)] = PlanIndex(entry.plan)
        index = indexes[id(entry.plan)]
        for day in index.deadline_days():
            if best is not None and day >= best.date:
                break
            due = [task for task in index.due_on(day) if task.id not in entry.done]
            end = deadline_end(due[0], entry.plan) if due else None
            if end is not None and end > now:
                module = next((m for m in entry.plan.modules if m.id == due[0].module), None)
                own = module is None or module.deadline != day
                item, title = (
                    (due[0].id, due[0].title) if own else (module.id, module.title)  # type: ignore[union-attr]
                )
                best = DeadlineOutlook(day, item, title, (), ())
                break
    if best is None:
        return None
    open_learners: list[str] = []
    missing: list[str] = []
    for entry in learners:
        if entry.plan is None:
            continue
        due = indexes[id(entry.plan)].due_by(entry.done, best.date)
        if not due:
            continue
        open_learners.append(entry.learner)
        minutes = sum(task.effort_minutes for task in due)
        if likely_to_miss(
            minutes, entry.progress.weekly_pace_minutes, entry.progress.today, best.date
        ):
            missing.append(entry.learner)
    return replace(best, open_learners=tuple(open_learners), likely_to_miss=tuple(missing))


def badges_since(learners: Sequence[LearnerProgress], since: datetime) -> tuple[BadgeEarned, ...]:
    """Badges earned after ``since``, the latest first."""
    earned = [
        BadgeEarned(
            entry.learner,
            entry.name or entry.learner,
            status.badge.id,
            status.badge.title,
            status.earned_at,
            entry.progress.day_of(status.earned_at),
        )
        for entry in learners
        for status in entry.progress.badges
        if status.earned_at is not None and status.earned_at > since
    ]
    return tuple(sorted(earned, key=lambda b: (-b.earned_at.timestamp(), b.learner, b.badge)))


@dataclass(frozen=True)
class LearnerDashboard:
    """One learner in one course, for their page."""

    learner: str
    name: str | None
    progress: Progress
    forecast: date | None
    burndown: Burndown | None  # None for work with no schedule (self-paced)
    calendar: StudyCalendar
    start: date  # the cohort's first day
    catch_up: CatchUp | None = None  # status's advice (catch_up_for), when not on track


def learner_dashboard(
    enrollment: Enrollment, now: datetime, name: str | None = None
) -> LearnerDashboard:
    """A learner's page: their progress at ``now``, burndown and study calendar, and the
    catch-up advice ``status`` gives when they are not on track."""
    from learnsync.enrollments.gains import catch_up_for

    result, forecast = learner_outlook(enrollment, now)
    plan, events = enrollment.plan, enrollment.events
    chart = (
        burndown(plan, events, result.today, result.weekly_pace_minutes)
        if any(task.slots for task in plan.tasks)
        else None
    )
    return LearnerDashboard(
        enrollment.row.learner,
        name,
        result,
        forecast_finish(result, forecast),
        chart,
        study_calendar(plan, events, result.today),
        plan.start,
        catch_up_for(enrollment, now) if result.on_track is False else None,
    )
