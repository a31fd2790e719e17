from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.planning import plan
from learnsync.planning.model import Plan
from learnsync.progress import (
    LAST_FORECAST_DAY,
    level_for,
    pace_finish,
    progress,
    replay,
    replay_more,
)
from learnsync.rules import NO_DEADLINE
from learnsync.streaks import StreakCalendar
from learnsync.tracking import Event
from tests.conftest import EXAMPLES
from tests.planning.helpers import course, module, task

MONDAY = date(2027, 1, 4)


def at(day: int, hour: int = 17) -> datetime:
    """Day 1 is Monday 4 January 2027 (UTC; the course zone is Berlin, one hour ahead)."""
    return datetime(2027, 1, 3, hour, tzinfo=UTC) + timedelta(days=day)


def sprint(**extra: Any) -> Plan:
    subject = course(
        [
            module(
                "basics",
                task("a", 30),
                task("b", 60, points=20),
                task("c", 30, kind="quiz"),
                due="week 1",
            ),
            module("more", task("d", 60), task("e", 30, optional=True), due="week 2"),
        ],
        sessions=[
            {"id": "kick", "title": "K", "at": "day 1 10:00", "duration": "30m", "points": 7}
        ],
        **extra,
    )
    return plan(subject, start=MONDAY)


def done(item: str, day: int, **keys: Any) -> Event:
    return Event("done", item, at(day), keys.get("score"))


def test_points_lose_the_late_penalty_after_the_deadline_and_scale_with_the_score() -> None:
    result = sprint()
    # a (5 points) is due with its module at the end of week 1: done on day 8 it is late, half
    # kept. b (20 points) done in time with a score of 0.5; the session earns its 7.
    events = [done("a", 8), done("b", 2, score=0.5), Event("attended", "kick", at(1))]
    late = progress(result, events, at(8, 20))
    assert late.points == 3 + 10 + 7  # 2.5 rounds half up
    assert (late.on_time, late.late, late.with_due_done) == (1, 1, 2)


def test_work_done_after_its_planned_day_but_before_its_deadline_is_on_time() -> None:
    # a is planned for day 1; done on day 3 it is behind the plan, not late.
    result = progress(sprint(), [done("a", 3)], at(3, 20))
    assert (result.points, result.on_time, result.late, result.on_time_rate) == (5, 1, 0, 1.0)


def test_undo_takes_points_back_and_a_second_done_counts_once() -> None:
    events = [done("a", 1), done("a", 1), Event("undone", "a", at(1, 18)), done("d", 1)]
    result = progress(sprint(), events, at(1, 20))
    assert (result.points, result.done) == (10, 1)


def test_levels_come_from_the_thresholds() -> None:
    assert level_for(0, (0, 50, 150)).number == 1
    assert level_for(49, (0, 50, 150)).points_to_next(49) == 1
    level = level_for(150, (0, 50, 150))
    assert (level.number, level.next_at) == (3, None)


def test_streak_counts_study_days_and_weekends_neither_break_nor_extend_it() -> None:
    # Fri day 5, Sat day 6 (not a workday), Mon day 8, Tue day 9.
    events = [done("a", 5), done("b", 6), done("c", 8), done("d", 9)]
    result = progress(sprint(), events, at(9, 20))
    assert (result.streak_days, result.longest_streak) == (3, 3)


def test_a_missed_study_day_breaks_the_streak_but_today_does_not_yet() -> None:
    events = [done("a", 1), done("b", 2), done("c", 4)]
    assert progress(sprint(), events, at(4, 20)).streak_days == 1
    assert progress(sprint(), events, at(5, 9)).streak_days == 1  # Friday morning: not broken yet
    assert progress(sprint(), events, at(8, 9)).streak_days == 0  # Friday had no study


def test_a_day_whose_only_completion_is_undone_is_no_study_day() -> None:
    # Mon, Tue, Wed studied; Tuesday's only completion is undone: Tuesday is missed.
    events = [done("a", 1), done("b", 2), done("c", 3), Event("undone", "b", at(2, 18))]
    result = progress(sprint(), events, at(3, 20))
    assert (result.streak_days, result.longest_streak) == (1, 1)
    assert replay(sprint(), events).study_days == {date(2027, 1, 4), date(2027, 1, 6)}


def test_a_day_keeps_its_study_when_another_completion_of_it_stands() -> None:
    events = [done("a", 1), done("b", 2), done("c", 2), done("d", 3)]
    undone_one = [*events, Event("undone", "b", at(3, 18))]
    result = progress(sprint(), undone_one, at(3, 20))
    assert (result.streak_days, result.longest_streak) == (3, 3)


def test_an_undone_attendance_takes_its_study_day_back() -> None:
    events = [Event("attended", "kick", at(1)), Event("undone", "kick", at(1, 18))]
    assert progress(sprint(), events, at(1, 20)).streak_days == 0
    assert replay(sprint(), events).study_days == frozenset()


def test_badges_are_earned_at_the_event_that_met_the_rule_and_kept() -> None:
    subject = course(
        [
            module(
                "m",
                task("a", 30),
                task("b", 30, kind="quiz"),
                task("c", 30, kind="quiz"),
                due="day 4",
            )
        ],
        sessions=[{"id": "s", "title": "S", "at": "day 2 10:00", "duration": "30m"}],
    )
    document = plan(subject, start=MONDAY)
    from learnsync.planning.model import BadgeRule

    rules = (
        BadgeRule("first", "First", "", "first-task"),
        BadgeRule("two", "Two", "", "tasks", count=2),
        BadgeRule("mod", "Module", "", "module", module="m"),
        BadgeRule("all", "All", "", "course"),
        BadgeRule("streak", "Streak", "", "streak", days=2),
        BadgeRule("ontime", "On time", "", "on-time", count=2),
        BadgeRule("points", "Points", "", "points", points=12),
        BadgeRule("quizzes", "Quizzes", "", "kind", kind="quiz", count=2),
        BadgeRule("present", "Present", "", "sessions", count=1),
        BadgeRule("early", "Early", "", "early-finish", days=1),
    )
    document = document._replace(badges=rules)
    events = [
        done("a", 1),
        done("b", 2),
        Event("attended", "s", at(2, 18)),
        done("c", 4),
        Event("undone", "a", at(4, 18)),
    ]
    statuses = {s.badge.id: s for s in progress(document, events, at(4, 20)).badges}
    earned = {name: status.earned_at for name, status in statuses.items()}
    assert earned == {
        "first": at(1),
        "two": at(2),
        "mod": at(4),
        "all": at(4),
        "streak": at(2),
        "ontime": at(2),  # a and b by the deadline; undoing a later does not take it back
        "points": at(2, 18),
        "quizzes": at(4),
        "present": at(2, 18),
        "early": None,  # c was done on its deadline's day, not a day before it
    }
    assert statuses["two"].progress == "2/2 tasks"
    assert statuses["ontime"].progress == "2/2 on time"
    assert statuses["early"].progress == "1/3 required tasks early"


def test_on_track_behind_overdue_and_due_soon() -> None:
    result = sprint()
    behind = progress(result, [done("a", 1)], at(3, 9))
    assert (behind.on_track, behind.behind_minutes, behind.behind_tasks) == (False, 60, 1)
    assert behind.overdue == ()  # behind the plan, but no deadline has passed
    assert [task.id for task in behind.due_soon] == ["b", "c"]  # basics ends with week 1
    past = progress(result, [done("a", 1)], at(9, 9))
    assert [task.id for task in past.overdue] == ["b", "c"]
    assert [task.id for task in past.due_soon] == ["d"]  # e is optional: never due
    ahead = progress(result, [done("a", 1), done("b", 1), done("c", 2)], at(3, 9))
    assert (ahead.on_track, ahead.behind_minutes) == (True, 0)


def test_the_forecast_follows_the_measured_pace() -> None:
    result = progress(sprint(), [done("a", 1), done("b", 2)], at(7, 9))
    # 90 minutes in the 7 days since the start: 90 a week; 90 minutes of required work left:
    # the five study days of a week from Sunday 10 Jan, the last Friday 15 Jan.
    assert result.weekly_pace_minutes == 90
    assert result.forecast_finish == date(2027, 1, 15)


def test_the_pace_forecast_skips_the_plans_days_off_as_the_plan_does() -> None:
    blackout = tuple(date(2027, 1, 11) + timedelta(days=offset) for offset in range(5))
    planned = sprint()._replace(days_off=blackout)  # a week of blackout, Mon 11 to Fri 15 Jan
    result = progress(planned, [done("a", 1), done("b", 2)], at(7, 9))
    assert result.weekly_pace_minutes == 90
    assert result.forecast_finish == date(2027, 1, 22)


def _walk_to_pace_finish(
    calendar: StreakCalendar, today: date, remaining: int, weekly_pace: int
) -> date | None:
    """The pace forecast's rule taken literally: a study day at a time from today."""
    if math.ceil(remaining * 7 / weekly_pace) > (LAST_FORECAST_DAY - today).days:
        return None
    needed = math.ceil(remaining * len(calendar.workdays) / weekly_pace)
    day = today
    while needed:
        if day >= LAST_FORECAST_DAY:
            return None
        day += timedelta(days=1)
        if calendar.is_study_day(day):
            needed -= 1
    return day


@settings(max_examples=200, deadline=None)
@given(
    st.frozensets(st.integers(0, 6), min_size=1),
    st.frozensets(st.integers(0, 60), max_size=20),
    st.frozensets(st.integers(0, 60), max_size=5),
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 20_000), st.integers(1, 5_000)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([date(2027, 1, 4), date(2200, 12, 1)]),
)
def test_the_pace_forecast_is_the_study_day_walk_for_every_learner_of_a_calendar(
    workdays: frozenset[int],
    off: frozenset[int],
    extra: frozenset[int],
    learners: list[tuple[int, int, int]],
    start: date,
) -> None:
    # one calendar, learners on the same and on different days, asked in any order: the study
    # days worked out once a calendar and day give the walk's answer every time
    calendar = StreakCalendar(
        workdays=workdays,
        days_off=frozenset(start + timedelta(days=offset) for offset in off),
        extra_days=frozenset(start + timedelta(days=offset) for offset in extra),
        start=start,
    )
    for offset, remaining, weekly_pace in learners:
        today = min(start + timedelta(days=offset % 7), LAST_FORECAST_DAY)
        expected = _walk_to_pace_finish(calendar, today, remaining, weekly_pace)
        assert pace_finish(calendar, today, remaining, weekly_pace) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["done", "undone", "attended"]),
            st.sampled_from(["a", "b", "c", "d", "e", "kick", "x"]),
            st.integers(0, 20),
            st.floats(0, 1) | st.none(),
        ),
        max_size=30,
    )
)
def test_points_stay_consistent_and_earned_badges_are_never_lost(
    history: list[tuple[str, str, int, float | None]],
) -> None:
    document = sprint()
    history = sorted(history, key=lambda entry: entry[2])  # recorded as they happen
    events = [
        Event(kind, item, at(1) + timedelta(hours=hours), score)
        for kind, item, hours, score in history
    ]
    earned_before: dict[str, datetime] = {}
    for length in range(len(events) + 1):
        result = progress(document, events[:length], at(4))
        assert result.points >= 0
        assert 0 <= result.done <= result.total
        assert result.streak_days <= result.longest_streak or result.streak_days == 0
        now_earned = {s.badge.id: s.earned_at for s in result.badges if s.earned_at}
        for badge, moment in earned_before.items():
            assert now_earned.get(badge) == moment
        earned_before = now_earned


def _example_plans() -> list[Plan]:
    """The example courses planned, each also with streak freezes and a weekly target (what a
    streak carried on from a snapshot must count as the replay does)."""
    from learnsync.course.loader import parse_course

    plans = []
    for name in ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]:
        text = (EXAMPLES / f"{name}.toml").read_text()
        for extra in ("", "freeze_every = 2\nfreeze_max = 1\nweekly_target = 2\n"):
            subject = parse_course(text.replace("[scoring]\n", "[scoring]\n" + extra, 1))
            plans.append(plan(subject, start=MONDAY))
    return plans


EXAMPLE_PLANS = _example_plans()


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(range(len(EXAMPLE_PLANS))),
    st.lists(
        st.tuples(
            st.sampled_from(["done", "done", "done", "undone", "attended"]),
            st.integers(0, 60),  # which item: a task, a session, or none of the plan's
            st.integers(-200, 1_400),  # hours after Monday 09:00: before it, in any order
            st.sampled_from([None, None, 0.5, 1.0, 0.0]),
            # judged against when recorded: unknown, no deadline, or an end before or after
            st.sampled_from([None, None, NO_DEADLINE, at(5), at(20)]),
        ),
        max_size=40,
    ),
    st.integers(0, 40),
)
def test_a_replay_carried_on_by_new_completions_equals_the_replay_of_all_the_events(
    which: int,
    history: list[tuple[str, int, int, float | None, datetime | None]],
    split: int,
) -> None:
    subject = EXAMPLE_PLANS[which]
    items = [task.id for task in subject.tasks] + [s.id for s in subject.sessions] + ["x"]
    events = [
        Event(
            kind,
            items[index % len(items)],
            at(1, 9) + timedelta(hours=hours),
            score,
            deadline=deadline,
            id=n,
        )
        for n, (kind, index, hours, score, deadline) in enumerate(history, start=1)
    ]
    split = min(split, len(events))
    whole = replay(subject, events)
    carried = replay_more(subject, replay(subject, events[:split]), events[split:])
    if carried is not None:
        assert carried == whole
        assert carried.to_json(subject) == whole.to_json(subject)
    tail = events[split:]
    kept = replay(subject, events[:split])
    tasks = {task.id for task in subject.tasks}
    sessions = {session.id for session in subject.sessions}
    fresh = [e.item for e in tail]
    if (
        tail
        and all(
            (e.kind == "done" and e.item in tasks) or (e.kind == "attended" and e.item in sessions)
            for e in tail
        )
        and len(set(fresh)) == len(fresh)
        and kept.done.isdisjoint(fresh)
        and kept.also_done is not None
        and kept.also_done.isdisjoint(fresh)
    ):
        # the everyday done and a session's attendance are carried on, not replayed whole
        assert carried is not None


def test_a_replay_is_not_carried_on_by_an_undo_or_what_counted_already() -> None:
    subject = sprint()
    first = [Event("done", "a", at(1), id=1), Event("attended", "kick", at(1), id=2)]
    before = replay(subject, first)
    for later in (
        Event("undone", "a", at(2), id=3),
        Event("attended", "kick", at(2), id=3),  # attended already
        Event("done", "a", at(2), id=3),  # done already
        Event("done", "kick", at(2), id=3),  # a session is attended, not done
        Event("attended", "b", at(2), id=3),  # a task is done, not attended
        Event("done", "nothing", at(2), id=3),
    ):
        assert replay_more(subject, before, [later]) is None
    assert replay_more(subject, before, []) is None
    twice = [Event("done", "b", at(2), id=3), Event("done", "b", at(2, 18), id=4)]
    assert replay_more(subject, before, twice) is None
    assert replay_more(subject, before, [Event("done", "b", at(2), id=3)]) == replay(
        subject, [*first, Event("done", "b", at(2), id=3)]
    )


def test_a_replay_is_carried_on_by_the_attendance_of_a_session_not_attended_yet() -> None:
    subject = sprint()
    first = [Event("done", "a", at(1), id=1)]
    attended = Event("attended", "kick", at(3), id=2)
    carried = replay_more(subject, replay(subject, first), [attended])
    assert carried == replay(subject, [*first, attended])
    assert carried is not None
    assert (carried.tally.attended, carried.tally.points, carried.also_done) == (
        1,
        5 + 7,
        frozenset({"kick"}),
    )
    assert carried.study_days == {date(2027, 1, 4), date(2027, 1, 6)}
