"""Blackouts: days nobody studies. Deadlines stay unless the course says they shift."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from learnsync.errors import PlanError
from learnsync.planning import plan
from learnsync.planning.calendar import DayShift
from learnsync.planning.model import Blackout
from learnsync.planning.snapshot import plan_document, plan_from_document
from tests.planning.helpers import course, module, task

START = date(2027, 1, 4)  # a Monday


def _course(blackouts: list[dict[str, object]], shift: bool = False, **calendar: object):  # type: ignore[no-untyped-def]
    keys: dict[str, object] = {"blackout": blackouts, **calendar}
    if shift:
        keys["blackouts"] = "shift"
    return course(
        [
            module(
                "m",
                task("a", "2h", due="day 5"),
                task("b", "1h", due="day 12"),
                task("c", "1h", due=date(2027, 1, 20)),
            )
        ],
        calendar=keys,
        sessions=[{"id": "s", "title": "S", "at": "day 10 09:00", "duration": "30m"}],
    )


def _study_days(result: object) -> set[date]:
    return {slot.date for task in result.tasks for slot in task.slots}  # type: ignore[attr-defined]


def test_no_study_is_planned_on_a_course_blackout_and_deadlines_stay_where_they_were() -> None:
    plain = plan(_course([]), start=START)
    result = plan(_course([{"from": "day 2", "to": "day 3", "title": "Offsite"}]), start=START)
    assert not _study_days(result) & {date(2027, 1, 5), date(2027, 1, 6)}
    assert [t.deadline for t in result.tasks] == [t.deadline for t in plain.tasks]
    assert result.blackouts == (Blackout(date(2027, 1, 5), date(2027, 1, 6), "Offsite"),)
    assert [(s.date, s.minutes) for s in result.tasks[0].slots] == [
        (date(2027, 1, 4), 60),
        (date(2027, 1, 7), 60),
    ]


def test_a_blackout_without_to_is_one_day() -> None:
    result = plan(_course([{"from": date(2027, 1, 5)}]), start=START)
    assert result.blackouts == (Blackout(date(2027, 1, 5), date(2027, 1, 5), "Blackout"),)
    assert date(2027, 1, 5) not in _study_days(result)


def test_with_shift_relative_dates_after_a_blackout_move_by_its_workdays() -> None:
    offsite = [{"from": "day 2", "to": "day 3", "title": "Offsite"}]  # Tue and Wed: 2 workdays
    result = plan(_course(offsite, shift=True), start=START)
    deadlines = {t.id: t.deadline for t in result.tasks}
    assert deadlines == {
        "a": date(2027, 1, 12),  # day 5 (Fri 8 Jan), 2 workdays later
        "b": date(2027, 1, 19),  # day 12 (Fri 15 Jan), 2 workdays later
        "c": date(2027, 1, 20),  # a date never moves
    }
    [session] = result.sessions
    assert session.start.date() == date(2027, 1, 15)  # day 10 (Wed 13 Jan), 2 workdays later


def test_with_shift_a_week_off_moves_every_later_date_by_a_week_on_its_weekday() -> None:
    week = [{"from": "day 8", "to": "day 12", "title": "Break"}]  # Mon 11 to Fri 15 Jan
    subject = course(
        [module("m", task("a", "1h", due="day 12"), due="week 2")],
        calendar={"blackout": week, "blackouts": "shift"},
        sessions=[{"id": "s", "title": "S", "at": "day 10 09:00", "duration": "30m"}],
    )
    result = plan(subject, start=START)
    assert result.tasks[0].deadline == date(2027, 1, 22)  # Fri 15 Jan: a Friday, a week later
    assert result.modules[0].deadline == date(2027, 1, 24)  # Sun 17 Jan: a Sunday, a week later
    assert result.sessions[0].start.date() == date(2027, 1, 20)  # Wed 13 Jan: Wed 20 Jan


def test_with_shift_a_relative_date_inside_a_blackout_moves_past_it() -> None:
    days = [{"from": "day 4", "to": "day 8", "title": "Break"}]  # Thu, Fri, Mon: 3 workdays
    result = plan(_course(days, shift=True), start=START)
    assert {t.id: t.deadline for t in result.tasks}["a"] == date(2027, 1, 13)


def test_with_shift_overlapping_blackouts_count_each_day_once() -> None:
    both = [{"from": "day 2", "to": "day 3"}, {"from": "day 3", "to": "day 4"}]  # 3 workdays
    result = plan(_course(both, shift=True), start=START)
    assert {t.id: t.deadline for t in result.tasks}["a"] == date(2027, 1, 13)


def test_the_learners_own_blackouts_add_to_the_courses() -> None:
    own = (Blackout(date(2027, 1, 7), date(2027, 1, 7), "Dentist"),)
    result = plan(_course([{"from": "day 2", "title": "Offsite"}]), start=START, blackouts=own)
    assert [b.title for b in result.blackouts] == ["Offsite", "Dentist"]
    assert not _study_days(result) & {date(2027, 1, 5), date(2027, 1, 7)}


def test_an_infeasible_plan_names_the_blackout_before_the_missed_deadline() -> None:
    busy = [{"from": "day 1", "to": "day 4", "title": "Winter break"}]
    with pytest.raises(PlanError) as caught:
        plan(_course(busy), start=START)
    [finding] = caught.value.findings
    assert finding.message == (
        "task 'a' (due day 5) cannot be met from a start on 2027-01-04: 1h short (60 minutes); "
        "the best plan gets there on 2027-01-11; blackout 'Winter break' (2027-01-04 to "
        "2027-01-07) before it"
    )


def test_a_blackout_ending_before_it_begins_for_a_cohort_is_refused() -> None:
    mixed = [{"from": "day 10", "to": date(2027, 1, 5), "title": "Oops"}]
    with pytest.raises(PlanError) as caught:
        plan(_course(mixed), start=START)
    [finding] = caught.value.findings
    assert finding.code == "blackout-reversed"
    assert finding.key == ("calendar", "blackout", 0, "to")


def test_a_plan_with_blackouts_survives_its_json_document() -> None:
    result = plan(_course([{"from": "day 2", "to": "day 3", "title": "Offsite"}]), start=START)
    document = plan_document(result)
    assert document["blackouts"] == [{"from": "2027-01-05", "to": "2027-01-06", "title": "Offsite"}]
    assert plan_from_document(document) == result


@pytest.mark.parametrize(
    ("number", "days", "expected"),
    [
        (1, [], 1),
        (5, [2, 3], 9),  # Fri, two workdays off before it: the Tuesday after
        (2, [2, 3], 4),  # inside the blackout: past it
        (1, [1], 2),  # the start itself is a blackout
        (5, [9], 5),  # after the date: no move
        (5, [-3, -2], 5),  # before the start: no move
        (7, [2], 8),  # a Sunday moves with its Friday, never past the next workday
        (6, [6, 7], 6),  # a weekend off takes no workday: nothing moves
        (12, [8, 9, 10, 11, 12], 19),  # Friday after a week off: the next Friday
        (14, [8, 9, 10, 11, 12], 21),  # Sunday after a week off: the next Sunday
    ],
)
def test_a_shift_moves_a_day_by_the_workdays_blackouts_take_before_it(
    number: int, days: list[int], expected: int
) -> None:
    blackout = frozenset(START + timedelta(days=day - 1) for day in days)
    shift = DayShift(START, frozenset(range(5)), blackout)
    assert shift.date_of(number) == START + timedelta(days=expected - 1)


def _with_sessions(due: str, **calendar: object):  # type: ignore[no-untyped-def]
    return course(
        [module("m", task("prep", "3h", due=due), task("after", "30m", requires=["review"]))],
        calendar=dict(calendar),
        sessions=[
            {"id": "kickoff", "title": "K", "at": "day 1 09:00", "duration": "1h"},
            {"id": "review", "title": "R", "at": "day 8 10:00", "duration": "1h"},
        ],
    )


def test_a_task_due_before_a_session_is_due_the_day_before_it() -> None:
    result = plan(_with_sessions("before review"), start=START)
    prep = result.tasks[0]
    assert prep.deadline == date(2027, 1, 10)  # review is on Mon 11 Jan
    assert prep.finish is not None and prep.finish < date(2027, 1, 11)


def test_a_task_due_some_days_after_a_session_is_due_that_many_days_after_its_day() -> None:
    result = plan(_with_sessions("kickoff + 3 days"), start=START)
    assert result.tasks[0].deadline == date(2027, 1, 7)


def test_a_task_due_before_a_session_that_cannot_finish_in_time_is_infeasible() -> None:
    with pytest.raises(PlanError) as caught:
        plan(_with_sessions("before kickoff"), start=START)
    [finding] = caught.value.findings
    assert finding.message.startswith(
        "task 'prep' (due before kickoff) cannot be met from a start on 2027-01-04: 3h short"
    )


def test_with_shift_a_day_relative_to_a_session_moves_with_the_session() -> None:
    subject = _with_sessions(
        "before review", blackout=[{"from": "day 3", "to": "day 3"}], blackouts="shift"
    )
    result = plan(subject, start=START)
    review = next(s for s in result.sessions if s.id == "review")
    assert review.start.date() == date(2027, 1, 12)  # one workday later
    assert result.tasks[0].deadline == date(2027, 1, 11)


def test_blackout_workdays_are_days_off_for_streaks() -> None:
    subject = _course([{"from": "day 2", "to": "day 6", "title": "Offsite"}], daily="2h")
    result = plan(subject, start=START)
    assert {date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 7), date(2027, 1, 8)} <= set(
        result.days_off
    )
    assert date(2027, 1, 9) not in result.days_off  # a Saturday is off anyway


def test_with_shift_a_learners_own_blackout_moves_neither_deadlines_nor_sessions() -> None:
    subject = _course([{"from": "day 2", "to": "day 3", "title": "Offsite"}], shift=True)
    course_only = plan(subject, start=START)
    own = (Blackout(date(2027, 1, 7), date(2027, 1, 8), "Away"),)
    with_own = plan(subject, start=START, blackouts=own)
    assert [t.deadline for t in with_own.tasks] == [t.deadline for t in course_only.tasks]
    assert with_own.sessions == course_only.sessions
    assert not _study_days(with_own) & {date(2027, 1, 7), date(2027, 1, 8)}
