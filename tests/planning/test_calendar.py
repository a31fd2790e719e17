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


def test_sessions_take_their_real_length_out_of_a_day_the_clocks_change() -> None:
    # Berlin: forward 02:00 -> 03:00 on 2027-03-28, back 03:00 -> 02:00 on 2027-10-31.
    subject = course(
        [module("m", task("a", 30))],
        calendar={"daily": "3h", "workdays": ["sun"]},
        sessions=[
            {"id": "spring", "title": "S", "at": "2027-03-28T01:30:00", "duration": "2h"},
            {"id": "autumn", "title": "A", "at": "2027-10-31T01:30:00", "duration": "2h"},
        ],
    )
    sunday = date(2027, 3, 28)
    times = session_times(subject, sunday)
    assert [(session.start.isoformat(), session.end.isoformat()) for session in times] == [
        ("2027-03-28T00:30:00+00:00", "2027-03-28T02:30:00+00:00"),  # 01:30 CET to 04:30 CEST
        ("2027-10-30T23:30:00+00:00", "2027-10-31T01:30:00+00:00"),  # 01:30 CEST to 02:30 CET
    ]
    assert [session.minutes for session in times] == [120, 120]
    calendar = StudyCalendar.for_course(subject, sunday, times)
    autumn = calendar.day_of(date(2027, 10, 31))
    assert (calendar.capacity(0), calendar.capacity(autumn)) == (60, 60)


def test_a_session_in_the_hour_the_clocks_skip_starts_after_it() -> None:
    subject = course(
        [module("m", task("a", 30))],
        calendar={"workdays": ["sun"]},
        sessions=[{"id": "s", "title": "S", "at": "day 1 02:30", "duration": "30m"}],
    )
    [times] = session_times(subject, date(2027, 3, 28))
    assert times.start.isoformat() == "2027-03-28T01:30:00+00:00"  # 03:30 in Berlin
    assert times.end.isoformat() == "2027-03-28T02:00:00+00:00"


def test_a_session_length_is_real_even_on_one_wall_clock() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from learnsync.planning.calendar import SessionTimes

    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2027, 10, 31, 1, 30, tzinfo=berlin)  # CEST
    end = datetime(2027, 10, 31, 2, 30, tzinfo=berlin, fold=1)  # the second 02:30, CET
    assert SessionTimes("s", start, end).minutes == 120
