"""One rule of study days (``planning.model.is_study_day``): the planner's calendar, a plan's
streak calendar and the forecast's study days agree on every day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.forecast import _study_days
from learnsync.planning import plan
from learnsync.planning.model import is_study_day, study_weekdays
from learnsync.planning.planner import _calendar
from learnsync.streaks import StreakCalendar
from tests.planning.helpers import course, module, task

START = date(2027, 4, 26)  # a Monday, a week before 1 May (a public holiday in DE)
NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAYS = st.sets(st.integers(0, 41).map(lambda offset: START + timedelta(days=offset)), max_size=6)


@given(
    day=st.integers(0, 13).map(lambda offset: START + timedelta(days=offset)),
    workdays=st.frozensets(st.integers(0, 6)),
    days_off=DAYS,
    extra=DAYS,
    public=DAYS,
    blackouts=DAYS,
)
def test_a_study_day_is_no_blackout_and_an_extra_day_or_a_workday_not_off(
    day: date,
    workdays: frozenset[int],
    days_off: set[date],
    extra: set[date],
    public: set[date],
    blackouts: set[date],
) -> None:
    expected = day not in blackouts and (
        day in extra or (day.weekday() in workdays and day not in days_off | public)
    )
    assert is_study_day(day, workdays, days_off, extra, public=public, blackouts=blackouts) == (
        expected
    )


@settings(max_examples=30, deadline=None)
@given(
    workdays=st.sets(st.sampled_from(NAMES), min_size=1),
    holidays=DAYS,
    extra=DAYS,
    blackout=st.tuples(st.integers(0, 41), st.integers(0, 6)),
)
def test_the_planner_the_streak_and_the_forecast_count_the_same_study_days(
    workdays: set[str], holidays: set[date], extra: set[date], blackout: tuple[int, int]
) -> None:
    first = START + timedelta(days=blackout[0])
    calendar_keys = {
        "workdays": sorted(workdays, key=NAMES.index),
        "holidays": sorted(holidays - extra),
        "workdays_extra": sorted(extra - holidays),
        "country": "DE",
        "blackout": [{"from": first, "to": first + timedelta(days=blackout[1]), "title": "Off"}],
    }
    subject = course([module("m", task("t", "30m"))], calendar=calendar_keys)
    made = plan(subject, start=START)
    planner, _ = _calendar(subject, START, None, None, None, ())
    streak = StreakCalendar.of(made)
    days = [START + timedelta(days=offset) for offset in range(43)]
    studied = [day for day in days if planner.is_study_day(day)]
    assert [day for day in days if streak.is_study_day(day)] == studied
    forecast_days = _study_days(
        START, 42, study_weekdays(made), frozenset(made.days_off), frozenset(made.extra_days)
    )
    assert forecast_days == studied
    if "sat" in workdays and date(2027, 5, 1) not in extra:  # Labour Day in DE: no study
        assert date(2027, 5, 1) not in studied
