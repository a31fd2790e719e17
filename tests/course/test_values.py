from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnsync.course.values import (
    clock_change,
    format_minutes,
    local_instant,
    parse_calendar_date,
    parse_calendar_day,
    parse_date_range,
    parse_day,
    parse_day_start,
    parse_duration,
    parse_session_time,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h", 60),
        ("1h30m", 90),
        ("2h 15m", 135),
        ("90", 90),
        (90, 90),
        (" 1H ", 60),
        ("10min", 10),
    ],
)
def test_durations_are_read_in_minutes(text: object, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "a duration must be positive, got an integer (0)"),
        ("0m", 'a duration must be positive, got a string ("0m")'),
        (-5, "a duration must be positive, got an integer (-5)"),
        ("1x", '"1x" is not a duration: use "45m", "1h", "1h30m", or a whole number of minutes'),
        ("", '"" is not a duration: use "45m", "1h", "1h30m", or a whole number of minutes'),
        (
            True,
            'expected a duration ("45m", "1h", "1h30m", or a whole number of minutes), got a boolean (true)',
        ),
        (
            1.5,
            'expected a duration ("45m", "1h", "1h30m", or a whole number of minutes), got a float (1.5)',
        ),
    ],
)
def test_bad_durations_are_refused_with_a_message(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_duration(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45m"), (60, "1h"), (90, "1h30m"), (125, "2h05m")]
)
def test_minutes_are_formatted_as_a_course_file_writes_them(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_relative_days_resolve_from_the_cohort_start() -> None:
    start = date(2027, 1, 4)
    assert parse_day("day 1").resolve(start) == start
    assert parse_day("day 3").resolve(start) == date(2027, 1, 6)
    assert parse_day("week 1").resolve(start) == date(2027, 1, 10)
    assert parse_day("week 2").resolve(start) == date(2027, 1, 17)
    assert parse_day("Week 2").day == 14


def test_absolute_days_ignore_the_start() -> None:
    assert parse_day(date(2027, 2, 1)).resolve(date(2027, 1, 4)) == date(2027, 2, 1)
    assert parse_day("2027-02-01").fixed_date == date(2027, 2, 1)


@pytest.mark.parametrize("text", ["day 0", "week 0", "day -2"])
def test_relative_days_before_the_start_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="lies before the start"):
        parse_day(text)


def test_session_times_resolve_in_the_course_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    at = parse_session_time("day 2 10:00")
    assert (at.day, at.clock) == (2, time(10, 0))
    assert at.resolve(date(2027, 1, 4), berlin) == datetime(2027, 1, 5, 10, 0, tzinfo=berlin)


def test_session_date_times_keep_their_offset_or_take_the_course_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    offset = parse_session_time("2027-01-05T10:00:00+00:00").resolve(date(2027, 1, 4), berlin)
    assert offset.utcoffset() == timedelta(0)
    local = parse_session_time(datetime(2027, 1, 5, 10, 0)).resolve(date(2027, 1, 4), berlin)
    assert local.astimezone(UTC).hour == 9


@pytest.mark.parametrize("text", ["day 1 24:00", "tomorrow", "2027-01-05", "day 1"])
def test_bad_session_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_session_time(text)


def test_calendar_dates_accept_toml_dates_and_iso_strings_only() -> None:
    assert parse_calendar_date(date(2026, 12, 24)) == date(2026, 12, 24)
    assert parse_calendar_date("2026-12-24") == date(2026, 12, 24)
    with pytest.raises(ValueError, match="expected a date"):
        parse_calendar_date(datetime(2026, 12, 24, 10, 0))


BERLIN = ZoneInfo("Europe/Berlin")


def test_a_time_the_clocks_skip_moves_forward_by_the_gap() -> None:
    # RFC 5545 3.3.5: read with the offset before the gap (+01:00), so 02:30 shows as 03:30.
    moved = local_instant(datetime(2027, 3, 28, 2, 30), BERLIN)
    assert moved.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert moved.isoformat() == "2027-03-28T03:30:00+02:00"
    assert clock_change(datetime(2027, 3, 28, 2, 30), BERLIN) == "skipped"


def test_a_time_the_clocks_repeat_is_its_first_occurrence() -> None:
    first = local_instant(datetime(2027, 10, 31, 2, 30), BERLIN)
    assert first.isoformat() == "2027-10-31T02:30:00+02:00"
    assert clock_change(datetime(2027, 10, 31, 2, 30), BERLIN) == "repeated"


@pytest.mark.parametrize(
    "local",
    [datetime(2027, 3, 28, 1, 59), datetime(2027, 3, 28, 3, 0), datetime(2027, 10, 31, 3, 0)],
)
def test_times_next_to_a_clock_change_are_plain(local: datetime) -> None:
    assert clock_change(local, BERLIN) is None
    assert local_instant(local, BERLIN).replace(tzinfo=None) == local


def test_relative_session_times_in_a_gap_resolve_after_it() -> None:
    at = parse_session_time("day 7 02:30")
    assert at.resolve(date(2027, 3, 22), BERLIN).isoformat() == "2027-03-28T03:30:00+02:00"
    assert at.local(date(2027, 3, 22)) == datetime(2027, 3, 28, 2, 30)
    assert parse_session_time("2027-03-28T02:30:00+01:00").local(date(2027, 3, 22)) is None


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC"]


@given(
    local=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)),
    zone_name=st.sampled_from(ZONES),
)
def test_a_local_time_names_an_instant_the_clocks_show_as_it_or_later_by_the_gap(
    local: datetime, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    instant = local_instant(local, zone)
    shown = instant.replace(tzinfo=None)
    change = clock_change(local, zone)
    if change == "skipped":
        first, second = local.replace(tzinfo=zone), local.replace(tzinfo=zone, fold=1)
        gap = second.utcoffset() - first.utcoffset()  # type: ignore[operator]
        assert shown == local + gap
    else:
        assert shown == local
    # what the clocks show names the same instant
    assert local_instant(shown, zone).astimezone(UTC) == instant.astimezone(UTC)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_day, "kickoff + \u0661 days"),
        (parse_day, "day \u0663"),
        (parse_duration, "\u0661h"),
        (parse_duration, "\u0669\u0660"),
        (parse_session_time, "day 1 \u0661\u0660:00"),
        (parse_day_start, "\u0660\u0664:\u0660\u0660"),
        (parse_date_range, "2027-01-05..2027-01-\u0660\u0669"),
    ],
)
def test_digits_of_other_scripts_are_refused(parse: object, text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_day, "before kickoff\n"),
        (parse_day, "kickoff + 1 days\n"),
        (parse_day, "before\nkickoff"),
        (parse_day, "day 3\n"),
        (parse_day, "2027-01-05\n"),
        (parse_duration, "1h\n"),
        (parse_session_time, "day 1 10:00\n"),
        (parse_day_start, "04:00\n"),
        (parse_date_range, "2027-01-05\n"),
        (parse_calendar_date, "2027-01-05\n"),
    ],
)
def test_a_value_with_a_line_break_is_refused(parse: object, text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)  # type: ignore[operator]


def test_a_blackout_day_relative_to_a_session_is_refused_as_such_however_far() -> None:
    for text in ["s + 99999 days", "s + 2 days", "before s"]:
        with pytest.raises(ValueError) as caught:
            parse_calendar_day(text)
        assert str(caught.value) == (
            f'"{text}" is relative to a session, which a blackout never is: use '
            '"day N", "week N", or a date (2026-12-01)'
        )
