from __future__ import annotations

from datetime import date

from learnsync.planning.calendar import StudyCalendar
from learnsync.planning.planner import session_times
from tests.planning.helpers import course, module, task

MONDAY = date(2027, 1, 4)


def test_workdays_have_the_daily_capacity_and_weekends_none() -> None:
    calendar = StudyCalendar.for_course(course([module("m", task("a", 30))]), MONDAY)
    assert [calendar.capacity(day) for day in range(8)] == [60, 60, 60, 60, 60, 0, 0, 60]


def test_explicit_and_public_holidays_are_days_off() -> None:
    subject = course(
        [module("m", task("a", 30))],
        calendar={"holidays": [date(2027, 1, 5)], "country": "DE", "subdivision": "BY"},
    )
    calendar = StudyCalendar.for_course(subject, MONDAY)
    # 2027-01-05 explicit; 2027-01-06 Epiphany, a public holiday in Bavaria.
    assert [calendar.capacity(day) for day in range(4)] == [60, 0, 0, 60]


def test_live_sessions_take_their_length_out_of_their_day() -> None:
    subject = course(
        [module("m", task("a", 30))],
        sessions=[
            {"id": "s", "title": "S", "at": "day 2 10:00", "duration": "45m"},
            {"id": "long", "title": "L", "at": "day 3 10:00", "duration": "2h"},
        ],
    )
    calendar = StudyCalendar.for_course(subject, MONDAY, session_times(subject, MONDAY))
    assert [calendar.capacity(day) for day in range(4)] == [60, 15, 0, 60]


def test_a_session_is_counted_on_its_local_day_in_the_course_zone() -> None:
    subject = course(
        [module("m", task("a", 30))],
        sessions=[{"id": "s", "title": "S", "at": "2027-01-04T23:30:00Z", "duration": "30m"}],
    )
    calendar = StudyCalendar.for_course(subject, MONDAY, session_times(subject, MONDAY))
    # 23:30 UTC is 00:30 on Tuesday in Berlin.
    assert [calendar.capacity(day) for day in range(2)] == [60, 30]
