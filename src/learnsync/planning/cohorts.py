"""Date-bound checks for the cohorts a course is run for, grouped so that many failing starts
read as a few lines. Pure: no I/O, no printing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from learnsync.course.defaults import WEEKDAYS
from learnsync.course.findings import CohortStart, Finding, cohorts_phrase
from learnsync.course.model import Course

MAX_RANGE_DAYS = 2 * 366


def cohorts_in_range(course: Course, first: date, last: date) -> list[CohortStart]:
    """Every start from ``first`` to ``last`` (both included) on the first of the course's
    workdays in the week (every Monday, for a course studied Monday to Friday)."""
    workdays = course.calendar.workdays or ["mon"]
    weekday = min(WEEKDAYS.index(day) for day in workdays)
    current = first + timedelta(days=(weekday - first.weekday()) % 7)
    starts = []
    while current <= last:
        starts.append(CohortStart(current))
        current += timedelta(days=7)
    return starts


def needs_planning(course: Course) -> bool:
    """Whether anything about the course depends on dates: deadlines or live sessions."""
    modes = {course.module_mode(module) for module in course.modules}
    return bool(course.sessions) or not modes <= {"async"}


def cohort_findings(
    course: Course, cohorts: Sequence[CohortStart], *, sessions_only: bool = False
) -> list[Finding]:
    """What fails (errors) or is suspicious (warnings) for each cohort, one finding for all the
    cohorts that share it: its message starts with them ("cohorts starting 2026-11-30 and
    2026-12-07: ...") and ``cohorts`` lists them. ``sessions_only`` checks the days and times of
    the live sessions alone, not the deadlines (for a course with errors elsewhere)."""
    if not cohorts or not needs_planning(course):
        return []
    from learnsync.course.checks import check_session_clocks
    from learnsync.planning.planner import feasibility, session_day_findings

    groups: dict[tuple[object, ...], tuple[Finding, list[CohortStart]]] = {}
    for cohort in cohorts:
        if sessions_only:
            found = session_day_findings(course, start=cohort.start)
        else:
            found = feasibility(course, start=cohort.start, relative=True)
        found += check_session_clocks(course, cohort.start)
        for finding in found:
            identity = (finding.code, finding.severity, finding.key, finding.message, finding.hint)
            known = groups.get(identity)
            if known is None:
                groups[identity] = (finding, [cohort])
            elif cohort not in known[1]:
                known[1].append(cohort)
    findings = []
    for finding, members in groups.values():
        shared = tuple(members)
        findings.append(
            replace(finding, message=f"{cohorts_phrase(shared)}: {finding.message}", cohorts=shared)
        )
    return findings
