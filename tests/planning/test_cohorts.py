"""Date-bound findings of several cohorts, grouped: nothing is lost or misattributed."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.checks import check_session_clocks
from learnsync.course.findings import CohortStart
from learnsync.course.loader import parse_course
from learnsync.planning.cohorts import cohort_findings, cohorts_in_range
from learnsync.planning.planner import feasibility, holiday_sessions, plan
from tests.test_check_cohorts import HOLIDAY_SEASON, SYNC_COURSE

WINTER = parse_course(HOLIDAY_SEASON)


@settings(max_examples=12, deadline=None)
@given(
    st.lists(st.dates(date(2026, 11, 23), date(2027, 1, 18)), min_size=1, max_size=4, unique=True)
)
def test_grouping_keeps_every_finding_of_every_cohort(starts: list[date]) -> None:
    cohorts = [CohortStart(start) for start in sorted(starts)]
    expected = {
        (cohort.start, finding.code, finding.key, finding.message)
        for cohort in cohorts
        for finding in [
            *feasibility(WINTER, start=cohort.start, relative=True),
            *check_session_clocks(WINTER, cohort.start),
        ]
    }
    grouped = cohort_findings(WINTER, cohorts)
    actual = {
        (cohort.start, finding.code, finding.key, finding.message.split(": ", 1)[1])
        for finding in grouped
        for cohort in finding.cohorts
    }
    assert actual == expected
    assert len(grouped) == len({(f.code, f.key, f.message) for f in grouped})


def test_cohorts_in_a_range_start_on_the_first_workday_of_each_week() -> None:
    course = parse_course(SYNC_COURSE.replace('daily = "1h"', 'daily = "1h"\nworkdays = ["sun"]'))
    assert [
        cohort.start for cohort in cohorts_in_range(course, date(2027, 1, 1), date(2027, 1, 17))
    ] == [
        date(2027, 1, 3),
        date(2027, 1, 10),
        date(2027, 1, 17),
    ]


def test_a_session_on_a_public_holiday_is_held_and_nobody_studies_that_day() -> None:
    course = parse_course(
        SYNC_COURSE + '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 5 10:00"\nduration = "1h"\n'
    )
    result = plan(course, start=date(2026, 12, 21))
    assert [session.id for session in result.sessions] == ["s"]
    assert date(2026, 12, 25) not in [slot.date for task in result.tasks for slot in task.slots]
    [warning] = holiday_sessions(course, start=date(2026, 12, 21))
    assert (warning.code, warning.severity, warning.key) == (
        "session-on-public-holiday",
        "warning",
        ("session", 0, "at"),
    )
