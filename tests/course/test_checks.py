from __future__ import annotations

import pytest

from learnsync.course.loader import check_text
from tests.conftest import MINIMAL_COURSE


def findings_of(text: str) -> list[tuple[str, str, int, str]]:
    return [(f.severity, f.code, f.line, f.message) for f in check_text(text, "c.toml").findings]


def test_the_minimal_course_has_no_findings() -> None:
    assert findings_of(MINIMAL_COURSE) == []


def test_an_empty_module_is_a_warning() -> None:
    text = MINIMAL_COURSE + '\n[[module]]\nid = "later"\ntitle = "Later"\n'
    assert findings_of(text) == [("warning", "empty-module", 14, "module 'later' has no tasks")]


def test_a_required_task_that_requires_an_optional_one_is_a_warning() -> None:
    text = MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\noptional = true') + (
        '\n[[module.task]]\nid = "u"\ntitle = "U"\neffort = "1h"\nrequires = ["t"]\n'
    )
    assert findings_of(text) == [
        ("warning", "requires-optional", 19, "required task 'u' requires optional task 't'")
    ]


def test_a_task_due_after_its_module_is_a_warning() -> None:
    text = MINIMAL_COURSE.replace('title = "M"', 'title = "M"\ndue = "week 1"').replace(
        'effort = "30m"', 'effort = "30m"\ndue = "day 9"'
    )
    assert findings_of(text) == [
        ("warning", "due-after-module", 14, "task 't' is due day 9, after its module's due week 1")
    ]


@pytest.mark.parametrize(
    ("module_due", "task_due", "at", "after"),
    [
        ("week 2", "wed + 3 weeks", '"day 3 10:00"', True),  # day 24 after day 14
        ("week 4", "wed + 3 weeks", '"day 3 10:00"', False),  # day 24 by day 28
        ("wed + 1 week", "week 2", '"day 3 10:00"', True),  # day 14 after day 10
        ("2027-01-17", "wed + 2 weeks", "2027-01-06T10:00:00", True),  # 01-20 after 01-17
        ("2027-01-24", "wed + 2 weeks", "2027-01-06T10:00:00", False),
        # in the course's zone (UTC) the session is on the 5th: 2027-01-19, after the 18th
        ("2027-01-18", "wed + 2 weeks", "2027-01-06T00:30:00+01:00", True),
        ("week 2", "wed + 3 weeks", "2027-01-06T10:00:00", None),  # needs a cohort's start
    ],
)
def test_a_task_due_relative_to_a_session_after_its_module_is_a_warning_on_its_line(
    module_due: str, task_due: str, at: str, after: bool | None
) -> None:
    text = (
        MINIMAL_COURSE.replace('title = "M"', f'title = "M"\ndue = "{module_due}"').replace(
            'effort = "30m"', f'effort = "30m"\ndue = "{task_due}"'
        )
        + f'\n[[session]]\nid = "wed"\ntitle = "W"\nat = {at}\nduration = "1h"\n'
    )
    expected = [
        (
            "warning",
            "due-after-module",
            14,
            f"task 't' is due {task_due}, after its module's due {module_due}",
        )
    ]
    assert findings_of(text) == (expected if after else [])


def test_a_badge_parameter_its_rule_ignores_is_a_warning() -> None:
    text = MINIMAL_COURSE + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "course"\ncount = 3\n'
    assert findings_of(text) == [
        ("warning", "badge-unused-parameter", 18, "rule 'course' does not use 'count'")
    ]


def test_a_badge_nobody_can_earn_is_a_warning() -> None:
    text = MINIMAL_COURSE + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "tasks"\ncount = 3\n'
    assert findings_of(text) == [
        ("warning", "unreachable-badge", 18, "badge 'b' needs 3 tasks, and the course has 1")
    ]


def test_a_cycle_is_printed_as_the_cycle_once() -> None:
    text = MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\nrequires = ["u"]') + (
        '\n[[module.task]]\nid = "u"\ntitle = "U"\neffort = "1h"\nrequires = ["t"]\n'
    )
    assert findings_of(text) == [
        ("error", "requires-cycle", 19, "requirements form a cycle: t -> u -> t")
    ]


def test_sessions_at_absolute_times_overlap_across_offsets() -> None:
    text = MINIMAL_COURSE + (
        '\n[[session]]\nid = "a"\ntitle = "A"\nat = 2027-01-04T10:00:00+01:00\nduration = "1h"\n'
        '\n[[session]]\nid = "b"\ntitle = "B"\nat = 2027-01-04T09:30:00Z\nduration = "30m"\n'
    )
    assert findings_of(text) == [
        (
            "error",
            "session-overlap",
            23,
            "session 'b' overlaps session 'a' (2027-01-04T10:00:00+01:00, 1h)",
        )
    ]


def test_back_to_back_sessions_do_not_overlap() -> None:
    text = MINIMAL_COURSE + (
        '\n[[session]]\nid = "a"\ntitle = "A"\nat = "day 1 10:00"\nduration = "1h"\n'
        '\n[[session]]\nid = "b"\ntitle = "B"\nat = "day 1 11:00"\nduration = "30m"\n'
    )
    assert findings_of(text) == []


@pytest.mark.parametrize(
    ("calendar", "code", "message"),
    [
        (
            'country = "DE"\nsubdivision = "XX"',
            "unknown-subdivision",
            "'XX' is not a subdivision of DE",
        ),
        (
            'timezone = "Mars/Olympus"',
            "unknown-timezone",
            "'Mars/Olympus' is not an IANA time zone",
        ),
        (
            'timezone = "../../etc/passwd"',
            "unknown-timezone",
            "'../../etc/passwd' is not an IANA time zone",
        ),
    ],
)
def test_calendar_findings(calendar: str, code: str, message: str) -> None:
    text = MINIMAL_COURSE + f"\n[calendar]\n{calendar}\n"
    [(severity, found_code, _, found_message)] = findings_of(text)
    assert (severity, found_code, found_message) == ("error", code, message)


def test_public_holidays_of_a_country_and_subdivision_are_accepted() -> None:
    assert findings_of(MINIMAL_COURSE + '\n[calendar]\ncountry = "DE"\nsubdivision = "BE"\n') == []


def test_a_cycle_through_a_module_points_at_the_written_requirement() -> None:
    text = MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\nrequires = ["m"]')
    assert findings_of(text) == [
        ("error", "requires-cycle", 13, "requirements form a cycle: m -> t -> m")
    ]


def test_an_optional_task_may_require_its_own_module() -> None:
    text = (
        MINIMAL_COURSE
        + '\n[[module.task]]\nid = "extra"\ntitle = "E"\neffort = "1h"\noptional = true\nrequires = ["m"]\n'
    )
    assert findings_of(text) == []


def test_a_session_at_a_date_time_the_clocks_skip_or_repeat_is_a_warning_for_any_cohort() -> None:
    from tests import clock_changes

    text = clock_changes.COURSE.replace("2027-10-31T01:30:00", "2027-10-31T02:30:00")
    assert findings_of(text) == [
        (
            "warning",
            "nonexistent-session-time",
            30,
            "session 'spring' starts at 02:30 on Sunday 2027-03-28, a time that does not exist "
            "in Europe/Berlin (the clocks go forward 1h that day): it starts 1h later, at 03:30 "
            "(UTC+02:00)",
        ),
        (
            "warning",
            "ambiguous-session-time",
            36,
            "session 'autumn' starts at 02:30 on Sunday 2027-10-31, a time that happens twice in "
            "Europe/Berlin (the clocks go back 1h that day): it is taken as the first, 02:30 "
            "UTC+02:00",
        ),
    ]


def test_a_session_time_with_an_offset_or_next_to_a_clock_change_is_fine() -> None:
    from tests import clock_changes

    text = clock_changes.COURSE.replace("2027-03-28T02:30:00", "2027-03-28T02:30:00+01:00").replace(
        "2027-10-31T01:30:00", "2027-10-31T03:00:00"
    )
    assert findings_of(text) == []


def test_relative_session_times_are_checked_only_for_a_cohort() -> None:
    from datetime import date

    from learnsync.course.checks import check_session_clocks
    from tests.planning.helpers import course, module, task

    subject = course(
        [module("m", task("a", 30))],
        sessions=[{"id": "night", "title": "N", "at": "day 7 02:30", "duration": "30m"}],
    )
    assert list(check_session_clocks(subject)) == []
    assert list(check_session_clocks(subject, date(2027, 3, 23))) == []
    [finding] = check_session_clocks(subject, date(2027, 3, 22))
    assert (finding.code, finding.key) == ("nonexistent-session-time", ("session", 0, "at"))
    assert finding.message.startswith(
        "session 'night' (day 7 02:30) starts at 02:30 on Sunday 2027-03-28, a time that does "
        "not exist in Europe/Berlin"
    )


CALENDAR_WITH_EXTRA = MINIMAL_COURSE.replace(
    'title = "C"\n',
    'title = "C"\n\n[calendar]\ncountry = "US"\nsubdivision = "CA"\nholidays = [2027-10-28]\n'
    "workdays_extra = [{days}]\n",
    1,
)


def test_an_extra_workday_that_is_a_public_holiday_or_a_weekend_is_fine() -> None:
    assert findings_of(CALENDAR_WITH_EXTRA.format(days="2027-10-29, 2027-10-30")) == []


def test_an_extra_workday_that_is_also_a_holiday_is_an_error() -> None:
    assert findings_of(CALENDAR_WITH_EXTRA.format(days="2027-10-28")) == [
        ("error", "conflicting-days", 9, "2027-10-28 is both in holidays and in workdays_extra")
    ]


def test_an_extra_workday_that_changes_nothing_or_twice_is_a_warning() -> None:
    assert findings_of(CALENDAR_WITH_EXTRA.format(days="2027-10-27, 2027-10-29, 2027-10-29")) == [
        (
            "warning",
            "unneeded-workday",
            9,
            "Wednesday 2027-10-27 is a workday and no public holiday in US: listing it in "
            "workdays_extra changes nothing",
        ),
        ("warning", "duplicate-value", 9, "2027-10-29 is listed twice"),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"soon"', 'expected a date (2026-12-24), got a string ("soon")'),
        ("2027-10-29T09:00:00", "expected a date (2026-12-24), got a date-time"),
    ],
)
def test_an_extra_workday_that_is_no_date_is_an_error_at_its_line(value: str, message: str) -> None:
    [(severity, code, line, text)] = findings_of(
        CALENDAR_WITH_EXTRA.format(days=f"2027-10-29, {value}")
    )
    assert (severity, code, line) == ("error", "invalid-date", 9)
    assert text.startswith(message)
