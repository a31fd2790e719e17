"""The rules behind the team dashboard's outlook: the work due by a deadline, who will likely miss
it, and a cohort's burndown as the sum of its learners'."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from learnsync.charts import burndown, cohort_burndown
from learnsync.planning.model import Plan
from learnsync.progress import replay
from learnsync.rules import likely_to_miss, work_due_by
from learnsync.tracking import Event
from tests.test_progress import MONDAY, done, sprint


def by_day(plan: Plan, events: list[Event]) -> dict[date, int]:
    minutes = replay(plan, events).required_minutes_by_day
    assert minutes is not None
    return minutes


def test_work_due_by_a_day_is_the_open_required_work_with_a_deadline_then_or_before() -> None:
    plan = sprint()
    week_one, week_two = MONDAY + timedelta(days=6), MONDAY + timedelta(days=13)
    assert [task.id for task in work_due_by(plan, set(), week_one - timedelta(days=1))] == []
    assert [task.id for task in work_due_by(plan, set(), week_one)] == ["a", "b", "c"]
    assert [task.id for task in work_due_by(plan, {"b"}, week_two)] == ["a", "c", "d"]
    # e is optional: never due, whatever the day
    assert [task.id for task in work_due_by(plan, {"a", "b", "c", "d"}, week_two)] == []


def test_a_deadline_is_likely_missed_when_the_open_work_outruns_the_measured_pace() -> None:
    today = date(2027, 1, 4)
    sunday = date(2027, 1, 10)  # seven days left, today included
    assert not likely_to_miss(420, 420, today, sunday)  # 7 days at 60 minutes a day: just
    assert likely_to_miss(421, 420, today, sunday)
    assert not likely_to_miss(0, 0, today, sunday)  # nothing open: nothing to miss
    assert likely_to_miss(1, 0, today, sunday)  # no measured pace, work open
    assert likely_to_miss(10, 10_000, sunday + timedelta(days=1), sunday)  # the day is past


@given(
    open_minutes=st.integers(0, 10_000),
    pace=st.integers(0, 10_000),
    days=st.integers(0, 60),
    more=st.integers(0, 1_000),
)
def test_more_open_work_or_a_slower_pace_is_never_less_likely_to_miss(
    open_minutes: int, pace: int, days: int, more: int
) -> None:
    today = date(2027, 1, 4)
    day = today + timedelta(days=days)
    if likely_to_miss(open_minutes, pace, today, day):
        assert likely_to_miss(open_minutes + more, pace, today, day)
        assert likely_to_miss(open_minutes, max(0, pace - more), today, day)
        assert likely_to_miss(open_minutes, pace, today, day - timedelta(days=more % 30))


def test_a_cohort_burndown_adds_its_learners_day_by_day() -> None:
    plan = sprint()
    today = MONDAY + timedelta(days=3)
    first = burndown(plan, [done("a", 1)], today, 0)
    second = burndown(plan, [done("b", 2), done("d", 3)], today, 0)
    cohort = cohort_burndown(
        [(plan, by_day(plan, [done("a", 1)])), (plan, by_day(plan, [done("b", 2), done("d", 3)]))],
        today,
    )
    assert cohort.days == first.days
    assert cohort.planned == tuple(
        a + b for a, b in zip(first.planned, second.planned, strict=True)
    )
    assert cohort.done == tuple(a + b for a, b in zip(first.done, second.done, strict=True))
    assert cohort.done == (330, 270, 210, 210)  # 180 minutes each; a, b, then d
    assert cohort.forecast == ()


def test_optional_work_never_burns_down_required_effort() -> None:
    plan = sprint()
    assert by_day(plan, [done("e", 1), done("a", 2)]) == {MONDAY + timedelta(days=1): 30}


def test_a_snapshot_keeps_the_required_minutes_by_day_and_reads_older_ones_without() -> None:
    from learnsync.progress import Replay

    plan = sprint()
    replayed = replay(plan, [done("a", 1), done("e", 1)])
    assert Replay.from_json(replayed.to_json(plan), plan) == replayed
    older = replayed.to_json(plan)
    del older["required_minutes_by_day"]
    restored = Replay.from_json(older, plan)
    assert restored is not None and restored.required_minutes_by_day is None


def test_a_snapshot_keeps_the_done_set_as_bits_of_the_plans_tasks_and_reads_the_older_list() -> (
    None
):
    from learnsync.progress import Replay

    plan = sprint()
    replayed = replay(plan, [done("a", 1), done("d", 2), done("e", 3)])
    written = replayed.to_json(plan)
    ids = [task.id for task in plan.tasks]
    assert written["v"] == 3
    assert written["done"] == format(sum(1 << ids.index(item) for item in "ade"), "x")
    assert Replay.from_json(written, plan) == replayed
    assert Replay.from_json({**written, "v": 2, "done": ["a", "d", "e"]}, plan) == replayed
    assert Replay.from_json({**written, "v": 1}, plan) is None
    # a done set with an id the plan does not have is kept as a list of ids
    foreign = replayed._replace(done=replayed.done | {"gone"})
    assert foreign.to_json(plan)["done"] == ["a", "d", "e", "gone"]
    assert Replay.from_json(foreign.to_json(plan), plan) == foreign


def test_a_learner_who_starts_later_has_all_their_work_left_until_then() -> None:
    from learnsync.planning import plan as make_plan
    from tests.planning.helpers import course, module, task

    subject = course([module("m", task("a", 60), due="week 1")])
    early, late = (
        make_plan(subject, start=MONDAY),
        make_plan(subject, start=MONDAY + timedelta(days=2)),
    )
    cohort = cohort_burndown([(early, {}), (late, {})], MONDAY + timedelta(days=1))
    assert cohort.days[0] == MONDAY
    assert cohort.planned[:3] == (60, 60, 0)  # early's hour on Monday; late's on Wednesday
    assert cohort.done == (120, 120)


def test_a_snapshot_keeps_the_plans_sessions_attended_beside_the_tasks_counted() -> None:
    from learnsync.progress import Replay
    from learnsync.tracking import done_items, kept_done, session_ids
    from tests.test_progress import at

    plan = sprint()
    events = [
        done("a", 1),
        Event("attended", "kick", at(1)),  # a session attended
        Event("attended", "b", at(2)),  # a task attended: completes nothing, anywhere
        Event("done", "gone", at(2)),  # an id the plan does not have
        done("c", 2),
        Event("undone", "c", at(3)),
    ]
    replayed = replay(plan, events)
    assert (replayed.done, replayed.also_done) == ({"a"}, {"kick"})
    assert replayed.items_done() == done_items(events, session_ids(plan)) - {"gone"}
    assert replayed.items_done() == {"a", "kick"}
    written = replayed.to_json(plan)
    assert written["also_done"] == ["kick"]
    assert Replay.from_json(written, plan) == replayed
    assert kept_done(written, plan) == {"a", "kick"}
    # a snapshot written before it kept them: not known, so read from the events instead
    del written["also_done"]
    older = Replay.from_json(written, plan)
    assert older is not None and older.also_done is None and older.items_done() is None
    assert kept_done(written, plan) is None
    assert kept_done({**written, "also_done": [], "v": 1}, plan) is None
