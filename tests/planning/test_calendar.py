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


# The public holidays of US-CA in 2027 as the pinned holidays release (0.109) has them, among
# them two that another well-kept data set leaves out: Juneteenth observed and Diwali.
CALIFORNIA_2027_WEEKDAYS_OFF = [
    "2027-01-01",
    "2027-01-18",
    "2027-02-15",
    "2027-03-31",
    "2027-05-31",
    "2027-06-18",
    "2027-07-05",
    "2027-09-06",
    "2027-10-29",
    "2027-11-11",
    "2027-11-25",
    "2027-11-26",
    "2027-12-24",
    "2027-12-31",
]


def test_the_pinned_holiday_data_gives_these_days_off_in_california() -> None:
    subject = course([module("m", task("a", 30))], calendar={"country": "US", "subdivision": "CA"})
    calendar = StudyCalendar.for_course(subject, date(2027, 1, 1))
    days = [calendar.date_of(day) for day in range(365)]
    off = [d.isoformat() for d in days if d.weekday() < 5 and not calendar.is_study_day(d)]
    assert off == CALIFORNIA_2027_WEEKDAYS_OFF


def test_extra_workdays_override_public_holidays_and_days_off() -> None:
    subject = course(
        [module("m", task("a", 30))],
        calendar={
            "country": "US",
            "subdivision": "CA",
            "workdays_extra": [date(2027, 10, 29), date(2027, 10, 30)],  # Diwali, a Saturday
        },
    )
    calendar = StudyCalendar.for_course(subject, date(2027, 10, 28))
    assert [calendar.capacity(day) for day in range(4)] == [60, 60, 60, 0]
