"""A course's learners and their progress, for the team views, and a learner's progress with
their plan history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.enrollments.access import Enrollment
from learnsync.errors import LearnsyncError
from learnsync.inputs import count_as_sources
from learnsync.planning.model import Plan
from learnsync.progress import PlanFacts, Progress, Replay, progress_at, replay
from learnsync.record import Record
from learnsync.rules import first_deadline_ahead, learner_today, plan_history
from learnsync.store.database import Store
from learnsync.tracking import Event

if TYPE_CHECKING:
    from learnsync.forecast import FinishForecast
    from learnsync.lrs import Lrs


def learner_progress(enrollment: Enrollment, now: datetime) -> Progress:
    """One enrollment's progress at ``now``, with its replans: from its progress snapshot when
    it was read with one (equal to a replay of its events), else from its events."""
    return learner_outlook(enrollment, now, with_forecast=False)[0]


def learner_outlook(
    enrollment: Enrollment, now: datetime, *, with_forecast: bool = True
) -> tuple[Progress, FinishForecast | None]:
    """One enrollment's progress at ``now`` (with its replans) and its forecast (None when no
    required work is left, or without ``with_forecast``): from its progress snapshot when it was
    read with one (equal to a replay of its events), else from one replay of its events."""
    plan = enrollment.plan
    facts = PlanFacts.of(plan)
    replayed = enrollment.snapshot
    if replayed is None:
        replayed = replay(plan, enrollment.events, facts)
    result = progress_at(plan, replayed, now, facts, enrollment.history)
    return result, forecast_of(plan, replayed, now) if with_forecast else None


def forecast_of(
    plan: Plan,
    replayed: Replay,
    now: datetime,
    *,
    with_p90: bool = True,
    simulated: bool = True,
) -> FinishForecast | None:
    """A learner's finish (p50, p90) and their chance of meeting each deadline still ahead, as
    of ``now``, from their plan and their replayed events (a stored progress snapshot will do:
    ``Store.course_snapshots``); None when no required work is left. Without ``with_p90``,
    ``p90`` is None and it costs less; without ``simulated``, the closed form, which costs no
    runs (what ``course_progress`` gives every learner). See ``learnsync.forecast``."""
    from learnsync.forecast import forecast

    kept = None
    if simulated:  # the draws, kept beside the package: the same as the generator's
        from learnsync.kept_draws import read_kept_draws

        kept = read_kept_draws()
    return forecast(
        plan,
        replayed.done,
        replayed.minutes_by_day,
        learner_today(plan, now),
        with_p90=with_p90,
        simulated=simulated,
        kept=kept,
        deadlines_from=first_deadline_ahead(plan, now),  # a passed deadline has no odds
    )


class LearnerProgress(Record):
    """One learner of a course: who they are and where they stand."""

    learner: str
    name: str | None
    email: str | None
    progress: Progress
    plan: Plan | None = None  # the plan in force, for views that look past the progress
    done: frozenset[str] = frozenset()  # the tasks done, counted
    # required minutes done by the learner's day (None from a snapshot that did not keep them)
    required_minutes_by_day: Mapping[date, int] | None = None
    forecast: FinishForecast | None = None  # with ``course_progress(forecasts=True)``


class TeamProgress(Record):
    """Every learner of a course at one instant."""

    course_id: str
    title: str
    learners: list[LearnerProgress]


_FAR_FUTURE = datetime.max.replace(tzinfo=None)


def leaderboard_key(entry: LearnerProgress) -> tuple[int, float, datetime, str]:
    """The leaderboard's order: the most points, then the best on-time rate, then who got to
    their points first, then the learner id."""
    result = entry.progress
    reached = (
        result.points_reached_at.replace(tzinfo=None) if result.points_reached_at else _FAR_FUTURE
    )
    return (-result.points, -(result.on_time_rate or 0.0), reached, entry.learner)


def risk_key(
    behind_minutes: int, overdue: int, percent: float, name: str | None, learner: str
) -> tuple[int, int, float, str, str]:
    """The one order of learners by risk (``report``'s table and ``--sort risk``, the team
    page): the most behind first (in minutes), then the most tasks overdue, then the least done
    (to a tenth of a percent, as shown), then by name without case (the learner id when there
    is no name), then by learner id."""
    return (-behind_minutes, -overdue, round(percent, 1), (name or learner).casefold(), learner)


def course_id_of(course: str) -> str:
    """A course id as given, or the id of the course file it names."""
    if Path(course).is_file():
        from learnsync.course.loader import load_course

        return load_course(Path(course)).id
    return course


def course_progress(
    store: Store,
    course: str,
    now: datetime,
    lrs: Lrs | None = None,
    *,
    forecasts: bool = False,
) -> TeamProgress:
    """Every learner of a course (an id, or a course file's id) with their progress at ``now``:
    from the local store, or, with ``lrs``, from the statements a learning record store holds for
    the course (measured against the course's plan in the local store). With ``forecasts``, each
    learner's forecast too, in closed form (``forecast_of(simulated=False)``: a Monte Carlo per
    learner would make a team's report take seconds)."""
    course_id = course_id_of(course)
    rows = store.enrollments(course_id=course_id)
    if not rows:
        known = sorted({row.course_id for row in store.enrollments()})
        if not known:
            raise LearnsyncError("no one is enrolled in any course yet: learnsync enroll PATH")
        from learnsync.course.findings import did_you_mean

        hint = did_you_mean(course_id, known)
        raise LearnsyncError(
            f"no one is enrolled in '{course_id}'"
            + (f"; {hint}" if hint else "")
            + f" (courses in the store: {', '.join(known)})"
        )
    plans = store.current_plans([row.id for row in rows])
    count_as_sources(store.source_paths([row.id for row in rows]))  # never an output of it
    facts: dict[int, PlanFacts] = {}  # a cohort shares one plan: its facts are computed once

    def facts_of(plan: Plan) -> PlanFacts:
        if id(plan) not in facts:
            facts[id(plan)] = PlanFacts.of(plan)
        return facts[id(plan)]

    def who(learner: str) -> tuple[str | None, str | None]:
        info = store.learner_info(learner)
        return (info[0], info[1]) if info else (None, None)

    results: list[LearnerProgress] = []
    if lrs is not None:
        from learnsync.lrs import events_from_statements

        own = {row.learner: row for row in rows}
        plan = plans[rows[0].id]
        emails = {email: name for name in own if (email := who(name)[1])}
        remote = events_from_statements(list(lrs.statements()), plan.iri, emails)
        for learner in sorted(set(own) | set(remote)):
            learner_plan = plans[own[learner].id] if learner in own else plan
            events = [Event(*event) for event in remote.get(learner, ())]
            facts_here = facts_of(learner_plan)
            remote_replay = replay(learner_plan, events, facts_here)
            result = progress_at(learner_plan, remote_replay, now, facts_here)
            outlook = (
                forecast_of(learner_plan, remote_replay, now, simulated=False)
                if forecasts
                else None
            )
            results.append(
                LearnerProgress(
                    learner,
                    *who(learner),
                    result,
                    learner_plan,
                    remote_replay.done,
                    remote_replay.required_minutes_by_day,
                    outlook,
                )
            )
        return TeamProgress(course_id, plan.course_title, results)
    snapshots = store.course_snapshots(course_id)  # kept up to date with every event and plan
    events_by_enrollment: dict[int, list[Event]] | None = None
    for row in rows:
        plan = plans[row.id]
        changes = store.plan_history(row.id)
        history = plan_history([c.reason for c in changes], [c.finish for c in changes])
        replayed = snapshots.get(row.id)
        if replayed is None:  # none yet, or older than the store: replay the events
            if events_by_enrollment is None:
                events_by_enrollment = store.course_events(course_id)
            replayed = replay(plan, events_by_enrollment.get(row.id, []), facts_of(plan))
        result = progress_at(plan, replayed, now, facts_of(plan), history)
        outlook = forecast_of(plan, replayed, now, simulated=False) if forecasts else None
        results.append(
            LearnerProgress(
                row.learner,
                *who(row.learner),
                result,
                plan,
                replayed.done,
                replayed.required_minutes_by_day,
                outlook,
            )
        )
    return TeamProgress(course_id, plans[rows[0].id].course_title, results)
