"""Seats: the learners to enroll or to plan for, each with their own calendar, and a plan
fitted to each."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.errors import PlanError

if TYPE_CHECKING:
    from learnsync.course.findings import Finding
    from learnsync.course.model import Course
    from learnsync.planning.model import Blackout, Plan
    from learnsync.store.records import PlanOptions


@dataclass(frozen=True)
class Seat:
    """One learner to enroll, with their own calendar when a roster gives one."""

    learner: str
    start: date
    timezone: str | None
    daily_minutes: int | None = None
    workdays: tuple[str, ...] | None = None
    display_name: str | None = None
    email: str | None = None
    day_start: int | None = None  # minutes after midnight the learner's day begins at
    blackouts: tuple[Blackout, ...] = ()  # the learner's own, besides the course's
    end: date | None = None  # enroll --end: replans fit the daily time to it again
    max_daily_minutes: int | None = None  # the most daily time --end may ask for

    def options(self, mode: str | None, plan: Plan | None = None) -> PlanOptions:
        """What the seat's plan is made with, kept for its replans. A ``plan`` fitted to an end
        date (``plans_for``) keeps that date, the daily time found and the most it could be
        (the seat's max daily, else 8h): replans fit to the date again, and catch-up keeps to
        both."""
        from learnsync.store.records import PlanOptions

        end, daily, most = self.end, self.daily_minutes, self.max_daily_minutes
        if plan is not None and plan.end is not None:
            from learnsync.planning.planner import DEFAULT_MAX_DAILY

            end, daily, most = plan.end, plan.daily_minutes, most or DEFAULT_MAX_DAILY
        return PlanOptions(
            mode,
            self.timezone,
            daily,
            self.workdays,
            day_start=self.day_start,
            blackouts=self.blackouts,
            end=end,
            max_daily_minutes=most,
        )


def roster_seats(
    roster: Path,
    start: date,
    timezone: str | None,
    day_start: int | None = None,
    blackouts: tuple[Blackout, ...] = (),
) -> list[Seat]:
    """A seat for each learner of a roster file; its own start, zone and day start override the
    defaults, its own blackouts add to ``blackouts``."""
    from learnsync.course.roster import load_roster
    from learnsync.options import BLACKOUT_TITLE
    from learnsync.planning.model import Blackout

    return [
        Seat(
            entry.id,
            entry.start or start,
            entry.timezone or timezone,
            entry.daily_minutes,
            tuple(entry.workdays) if entry.workdays else None,
            entry.name,
            entry.email,
            day_start=entry.day_start if entry.day_start is not None else day_start,
            blackouts=blackouts
            + tuple(Blackout(first, last, BLACKOUT_TITLE) for first, last in entry.blackout),
        )
        for entry in load_roster(roster).learners
    ]


def located(error: PlanError, path: Path) -> PlanError:
    """The same error with the file, line and column of each finding."""
    from learnsync.course.loader import locate_findings

    return PlanError(locate_findings(error.findings, path))


def plans_for(
    course: Course,
    path: Path,
    seats: list[Seat],
    mode: str | None,
    *,
    end: date | None = None,
    max_daily_minutes: int | None = None,
) -> list[Plan]:
    """A plan fitted to each seat's calendar; every learner whose plan fails is named. Seats with
    the same calendar share one plan. With an end date (the seat's own, else ``end``), each
    plan is at the least daily time that is done by then (``fit_to_end``), at most the seat's
    ``max_daily_minutes``, else ``max_daily_minutes``, else 8h. Give them on the seats (as
    ``enroll --end`` does) for ``enroll`` to keep them for replans and catch-up."""
    from learnsync.planning import plan
    from learnsync.planning.planner import DEFAULT_MAX_DAILY, fit_to_end

    plans: list[Plan] = []
    made: dict[tuple[object, ...], Plan] = {}
    failures: list[Finding] = []
    for seat in seats:
        seat_end = seat.end or end
        most = seat.max_daily_minutes or max_daily_minutes or DEFAULT_MAX_DAILY
        key = (
            seat.start,
            seat.timezone,
            seat.daily_minutes,
            seat.workdays,
            seat.day_start,
            seat.blackouts,
            seat_end,
            most,
        )
        if key in made:
            plans.append(made[key])
            continue
        try:
            if seat_end is not None:
                made_plan = fit_to_end(
                    course,
                    start=seat.start,
                    end=seat_end,
                    max_daily_minutes=most,
                    mode=mode,  # type: ignore[arg-type]
                    timezone=seat.timezone,
                    workdays=seat.workdays,
                    blackouts=seat.blackouts,
                )
            else:
                made_plan = plan(
                    course,
                    start=seat.start,
                    mode=mode,  # type: ignore[arg-type]
                    timezone=seat.timezone,
                    daily_minutes=seat.daily_minutes,
                    workdays=seat.workdays,
                    blackouts=seat.blackouts,
                )
            made[key] = made_plan._replace(day_start=seat.day_start or 0)
            plans.append(made[key])
        except PlanError as error:
            for finding in located(error, path).findings:
                failures.append(replace(finding, message=f"for {seat.learner}: {finding.message}"))
    if failures:
        raise PlanError(failures)
    return plans


def holiday_warnings(course: Course, path: Path, seats: list[Seat]) -> list[Finding]:
    """Warnings for the live sessions that fall on a public holiday in each seat's plan: they are
    held, and nobody studies that day. Named for the learner when there are several seats."""
    from learnsync.course.loader import locate_findings
    from learnsync.planning.planner import holiday_sessions

    warnings: list[Finding] = []
    made: dict[tuple[object, ...], list[Finding]] = {}
    for seat in seats:
        key = (seat.start, seat.workdays, seat.blackouts)
        if key not in made:
            made[key] = holiday_sessions(
                course, start=seat.start, workdays=seat.workdays, blackouts=seat.blackouts
            )
        found = made[key]
        if len(seats) > 1:
            found = [replace(f, message=f"for {seat.learner}: {f.message}") for f in found]
        warnings += found
    return locate_findings(warnings, path) if warnings else []


WAKING_HOURS = (7 * 60, 22 * 60)  # 07:00-22:00, in minutes of the learner's day


def sleeping_sessions(plan: Plan) -> list[str]:
    """The mandatory sessions of ``plan`` that start or end outside a learner's waking hours
    (07:00-22:00) in their own zone: "kickoff is at 04:00 in America/New_York on Mon 04 Jan"."""
    from zoneinfo import ZoneInfo

    zone = plan.display_timezone
    found = []
    for session in plan.sessions:
        if not session.mandatory:
            continue
        start, end = (moment.astimezone(ZoneInfo(zone)) for moment in (session.start, session.end))
        begins = start.hour * 60 + start.minute
        ends = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
        if begins < WAKING_HOURS[0] or ends > WAKING_HOURS[1]:
            found.append(f"{session.id} is at {start:%H:%M} in {zone} on {start:%a %d %b}")
    return found
