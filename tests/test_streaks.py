"""Streaks that are fair: the learner's days (from their day start), days off that never break
a streak, freezes that keep one alive, and weekly targets. Exact examples first, then
properties that hold for every history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.planning import plan
from learnsync.progress import progress
from learnsync.streaks import Streak, StreakCalendar, StreakCount, Walk
from learnsync.tracking import Event
from tests.planning.helpers import course, module, task

MONDAY = date(2027, 1, 4)  # a Monday
WEEKDAYS = frozenset(range(5))


def day(number: int) -> date:
    """Day 1 is Monday 4 January 2027."""
    return MONDAY + timedelta(days=number - 1)


def calendar(**keys: object) -> StreakCalendar:
    values: dict[str, object] = {
        "workdays": WEEKDAYS,
        "days_off": frozenset(),
        "extra_days": frozenset(),
        "start": MONDAY,
    }
    values.update(keys)
    return StreakCalendar(**values)  # type: ignore[arg-type]


def streak_on(rules: StreakCalendar, studied: list[int], today: int, unit: str = "days") -> Streak:
    count = StreakCount(rules, unit)  # type: ignore[arg-type]
    for number in studied:
        count.add(day(number))
    return count.at(day(today))


# Days


def test_weekends_and_days_off_neither_break_nor_extend_a_streak() -> None:
    # Thu 7, Fri 8, Sat 9 (a weekend: not counted), Mon 11 a holiday, Tue 12
    rules = calendar(days_off=frozenset({day(8)}))
    assert streak_on(rules, [4, 5, 9], 9).length == 3
    assert streak_on(rules, [4, 5, 6, 9], 9).length == 3
    assert streak_on(calendar(), [4, 5, 9], 9).length == 1  # Monday 11 was a study day


def test_an_extra_study_day_counts_and_breaks_like_a_workday() -> None:
    rules = calendar(extra_days=frozenset({day(6)}))  # Saturday 9 January
    assert streak_on(rules, [5, 6, 8], 8).length == 3
    assert streak_on(rules, [5, 8], 8).length == 1


def test_today_does_not_break_the_streak_before_it_is_over() -> None:
    assert streak_on(calendar(), [1, 2], 3).length == 2
    assert streak_on(calendar(), [1, 2], 4).length == 0


def test_the_day_start_moves_work_after_midnight_to_the_day_before() -> None:
    rules = calendar(day_start=4 * 60)
    zone = ZoneInfo("Europe/Berlin")
    assert rules.learner_day(datetime(2027, 1, 5, 2, 30, tzinfo=zone)) == date(2027, 1, 4)
    assert rules.learner_day(datetime(2027, 1, 5, 4, 0, tzinfo=zone)) == date(2027, 1, 5)
    assert calendar().learner_day(datetime(2027, 1, 5, 0, 0, tzinfo=zone)) == date(2027, 1, 5)


# Freezes


def test_a_freeze_is_earned_at_each_multiple_and_spent_on_a_missed_study_day() -> None:
    rules = calendar(freeze_every=3, freeze_max=2)
    assert streak_on(rules, [1, 2], 2) == Streak(2, 2, 0, ())
    assert streak_on(rules, [1, 2, 3], 3) == Streak(3, 3, 1, ())
    # Thursday 7 missed: the freeze keeps the streak, which does not grow
    assert streak_on(rules, [1, 2, 3, 5], 5) == Streak(4, 4, 0, (day(4),))
    # a second miss with none left breaks it
    assert streak_on(rules, [1, 2, 3, 5], 9) == Streak(0, 4, 0, ())


def test_freezes_held_are_capped_and_the_used_list_belongs_to_the_current_streak() -> None:
    rules = calendar(freeze_every=2, freeze_max=1)
    studied = [1, 2, 3, 4, 5, 8]  # Mon 4 to Fri 8, Mon 11: 6 days, freezes at 2, 4 and 6
    assert streak_on(rules, studied, 8).freezes_left == 1  # at most one held
    missed_two = streak_on(rules, [*studied, 11], 11)  # Tue 12 and Wed 13 missed
    assert missed_two == Streak(1, 6, 0, ())


def test_a_streak_with_no_freeze_setting_is_the_plain_count() -> None:
    assert streak_on(calendar(), [1, 2, 3, 5], 5) == Streak(1, 3, 0, ())


# Weeks


def test_weeks_count_when_they_meet_the_target_and_the_current_week_waits() -> None:
    rules = calendar(weekly_target=3)
    first_two = [1, 2, 3, 8, 10, 12]  # week 1: 3 days; week 2: Mon, Wed, Fri
    assert streak_on(rules, first_two, 14, "weeks").length == 2  # Sunday of week 2
    assert streak_on(rules, first_two, 15, "weeks").length == 2  # week 3 just started
    assert streak_on(rules, [*first_two, 15], 17, "weeks").length == 2  # Wed: 1 day, 3 left
    # Thursday of week 3 with one day done: two study days left, two needed: not failed yet
    assert streak_on(rules, [*first_two, 15], 18, "weeks").length == 2
    # Friday with one day done: it can no longer reach 3, the streak is broken now
    assert streak_on(rules, [*first_two, 15], 19, "weeks").length == 0
    assert streak_on(rules, [*first_two, 15, 16, 17], 17, "weeks").length == 3


def test_a_week_with_days_off_asks_only_for_its_study_days() -> None:
    # week 2 has only Monday and Tuesday as study days (a blackout from Wednesday to Friday)
    rules = calendar(weekly_target=3, days_off=frozenset({day(10), day(11), day(12)}))
    assert streak_on(rules, [1, 2, 3, 8, 9], 15, "weeks").length == 2
    # a week with no study day at all neither breaks nor extends the streak
    rules = calendar(weekly_target=3, days_off=frozenset(day(n) for n in range(8, 13)))
    assert streak_on(rules, [1, 2, 3, 15, 16, 17], 17, "weeks").length == 2


def test_the_first_week_asks_only_for_the_days_from_the_start() -> None:
    rules = calendar(weekly_target=3, start=day(4))  # a cohort starting on Thursday
    assert streak_on(rules, [4, 5], 8, "weeks").length == 1


def test_a_failed_week_spends_a_freeze() -> None:
    rules = calendar(weekly_target=2, freeze_every=2, freeze_max=1)
    studied = [1, 2, 8, 9, 22, 23]  # weeks 1, 2 met; week 3 failed; week 4 met
    assert streak_on(rules, studied, 23, "weeks") == Streak(3, 3, 0, (day(15),))


# Through progress: a course's holidays and settings


def holiday_course(**scoring: object) -> object:
    return course(
        [module("m", *(task(f"t{n}", 30) for n in range(12)), due="week 3")],
        calendar={"holidays": [date(2027, 1, 6)]},  # Wednesday
        scoring={"levels": [0, 50], **scoring},
    )


def test_a_holiday_of_the_course_does_not_break_the_streak() -> None:
    result = plan(holiday_course(), start=MONDAY)  # type: ignore[arg-type]
    assert result.days_off == (date(2027, 1, 6),)
    events = [
        Event("done", f"t{n}", datetime(2027, 1, d, 12, tzinfo=UTC))
        for n, d in enumerate([4, 5, 7])
    ]
    status = progress(result, events, datetime(2027, 1, 7, 20, tzinfo=UTC))
    assert (status.streak_days, status.longest_streak) == (3, 3)


def test_progress_reports_the_streak_in_weeks_with_its_freezes() -> None:
    subject = holiday_course(weekly_target=2, freeze_every=2, freeze_max=1)
    result = plan(subject, start=MONDAY)  # type: ignore[arg-type]
    days = [4, 5, 11, 12, 25, 26]  # weeks 1 and 2 met, week 3 failed, week 4 met
    events = [
        Event("done", f"t{n}", datetime(2027, 1, d, 12, tzinfo=UTC)) for n, d in enumerate(days)
    ]
    status = progress(result, events, datetime(2027, 1, 26, 20, tzinfo=UTC))
    assert (status.streak_unit, status.streak) == ("weeks", Streak(3, 3, 0, (date(2027, 1, 18),)))
    assert (status.streak_weeks, status.streak_days) == (3, 2)


# Properties

DAYS = st.lists(st.integers(1, 60), max_size=30)
TODAY = st.integers(1, 70)
OFF = st.sets(st.integers(1, 70), max_size=8)


def brute_force_days(rules: StreakCalendar, studied: set[date], today: date) -> int:
    """Study days in a row, counted back from today (today only when studied)."""
    count, current = 0, today
    if current in studied and rules.is_study_day(current):
        count = 1
    current -= timedelta(days=1)
    while current >= MONDAY - timedelta(days=1):
        if rules.is_study_day(current):
            if current not in studied:
                break
            count += 1
        current -= timedelta(days=1)
    return count


def brute_force_weeks(rules: StreakCalendar, studied: set[date], today: date) -> int:
    """Weeks in a row meeting the target, counted back from the current week."""
    target = rules.weekly_target or 1

    def verdict(monday: date) -> str:
        week = [monday + timedelta(days=n) for n in range(7)]
        asked = [d for d in week if d >= rules.start and rules.is_study_day(d)]
        needed = min(target, len(asked))
        done = len([d for d in week if d in studied and rules.is_study_day(d)])
        if needed == 0:
            return "skip"
        if done >= needed:
            return "met"
        still = len([d for d in asked if d >= today and d not in studied])
        return "pending" if done + still >= needed else "missed"

    monday = today - timedelta(days=today.weekday())
    count = 0
    while monday >= MONDAY - timedelta(days=7):
        result = verdict(monday)
        if result == "met":
            count += 1
        elif result == "missed":
            break
        monday -= timedelta(days=7)
    return count


@settings(max_examples=150, deadline=None)
@given(DAYS, TODAY, OFF)
def test_without_freezes_the_streak_in_days_is_the_brute_force_count(
    studied: list[int], today: int, off: set[int]
) -> None:
    rules = calendar(days_off=frozenset(day(n) for n in off))
    assert streak_on(rules, studied, today).length == brute_force_days(
        rules, {day(n) for n in studied}, day(today)
    )


@settings(max_examples=150, deadline=None)
@given(DAYS, TODAY, OFF, st.integers(1, 5), st.integers(1, 10))
def test_the_weekly_streak_matches_a_brute_force_count(
    studied: list[int], today: int, off: set[int], target: int, start: int
) -> None:
    rules = calendar(
        days_off=frozenset(day(n) for n in off), weekly_target=target, start=day(start)
    )
    assert streak_on(rules, studied, today, "weeks").length == brute_force_weeks(
        rules, {day(n) for n in studied}, day(today)
    )


@settings(max_examples=150, deadline=None)
@given(DAYS, TODAY, OFF, st.integers(2, 6), st.integers(1, 3), st.sampled_from(["days", "weeks"]))
def test_a_streak_with_freezes_is_never_shorter_than_without(
    studied: list[int], today: int, off: set[int], every: int, most: int, unit: str
) -> None:
    plain = calendar(days_off=frozenset(day(n) for n in off), weekly_target=2)
    frozen = plain._replace(freeze_every=every, freeze_max=most)
    without, with_freezes = (
        streak_on(plain, studied, today, unit),
        streak_on(frozen, studied, today, unit),
    )
    assert with_freezes.length >= without.length
    assert with_freezes.longest >= without.longest
    assert len(with_freezes.freezes_used) <= with_freezes.length  # a freeze never extends it
    assert with_freezes.freezes_left <= most


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 60), st.integers(1, 70)), max_size=25),
    TODAY,
    st.sampled_from(["days", "weeks"]),
)
def test_the_order_days_are_learned_in_and_asked_about_does_not_matter(
    steps: list[tuple[int, int]], today: int, unit: str
) -> None:
    rules = calendar(freeze_every=2, freeze_max=2, weekly_target=2)
    incremental = StreakCount(rules, unit)  # type: ignore[arg-type]
    for studied, asked in steps:
        incremental.add(day(studied))
        incremental.at(day(asked))  # as replay and status ask, in any order
    stored = StreakCount(rules, unit, incremental.days, Walk.from_json(incremental.walk.to_json()))  # type: ignore[arg-type]
    fresh = StreakCount(rules, unit, incremental.days)  # type: ignore[arg-type]
    assert stored.at(day(today)) == fresh.at(day(today)) == incremental.at(day(today))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 24 * 60 - 1)), max_size=12),
    st.integers(0, 12 * 60),
    st.integers(0, 40),
)
def test_the_day_start_shifts_the_streak_exactly(
    moments: list[tuple[int, int]], day_start: int, today: int
) -> None:
    """Work at a local time t with a day start of s counts as work at t - s with none."""
    zone = ZoneInfo("Europe/Berlin")
    subject = plan(holiday_course(freeze_every=3), start=MONDAY)  # type: ignore[arg-type]
    subject = subject._replace(display_timezone="Europe/Berlin")
    shifted = subject._replace(day_start=day_start)

    def local(days: int, minutes: int) -> datetime:
        wall = datetime(2027, 1, 4) + timedelta(days=days, minutes=minutes)
        return wall.replace(tzinfo=zone)

    events = [Event("done", f"t{n}", local(d, m)) for n, (d, m) in enumerate(moments)]
    moved = [Event("done", f"t{n}", local(d, m - day_start)) for n, (d, m) in enumerate(moments)]
    now, moved_now = local(today, 23 * 60 + 59), local(today, 23 * 60 + 59 - day_start)
    late, early = progress(shifted, events, now), progress(subject, moved, moved_now)
    assert (late.streak_days, late.longest_streak, late.streak) == (
        early.streak_days,
        early.longest_streak,
        early.streak,
    )


def simulate(rules: StreakCalendar, studied: set[date], today: date, unit: str) -> Streak:
    """The rules read literally: every day (or week) from the first with study to today, in
    order, earning and spending freezes; today's unit counts once met or failed."""
    step = timedelta(days=1 if unit == "days" else 7)

    def unit_of(day: date) -> date:
        return day if unit == "days" else day - timedelta(days=day.weekday())

    def verdict(first: date) -> str:
        days = [first + timedelta(days=n) for n in range(1 if unit == "days" else 7)]
        study = [d for d in days if rules.is_study_day(d)]
        if unit == "days":
            if not study:
                return "skip"
            return "met" if first in studied else "pending" if first >= today else "missed"
        asked = [d for d in study if d >= rules.start]
        needed = min(rules.weekly_target or 1, len(asked))
        done = sum(1 for d in study if d in studied)
        if needed == 0:
            return "skip"
        if done >= needed:
            return "met"
        still = sum(1 for d in asked if d >= today and d not in studied)
        return "pending" if done + still >= needed else "missed"

    counted = sorted(d for d in studied if rules.is_study_day(d))
    if not counted or unit_of(counted[0]) > unit_of(today):
        return Streak()
    length = longest = left = 0
    used: list[date] = []
    current = unit_of(counted[0])
    while current <= unit_of(today):
        result = verdict(current)
        if result == "met":
            length += 1
            longest = max(longest, length)
            every = rules.freeze_every
            if every and length % every == 0 and left < rules.freeze_max:
                left += 1
        elif result == "missed" and length:
            if left:
                left -= 1
                used.append(current)
            else:
                length, used = 0, []
        current += step
    return Streak(length, longest, left, tuple(used))


@settings(max_examples=200, deadline=None)
@given(
    DAYS,
    TODAY,
    OFF,
    st.sampled_from([None, 2, 3, 5]),
    st.integers(1, 3),
    st.integers(1, 5),
    st.sampled_from(["days", "weeks"]),
)
def test_the_streak_is_the_rules_read_literally_day_by_day(
    studied: list[int],
    today: int,
    off: set[int],
    every: int | None,
    most: int,
    target: int,
    unit: str,
) -> None:
    rules = calendar(
        days_off=frozenset(day(n) for n in off),
        freeze_every=every,
        freeze_max=most,
        weekly_target=target,
    )
    assert streak_on(rules, studied, today, unit) == simulate(
        rules, {day(n) for n in studied}, day(today), unit
    )
