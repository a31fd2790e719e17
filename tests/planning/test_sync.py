from __future__ import annotations

from datetime import date

import pytest

from learnsync.errors import PlanError, PlanInputError
from learnsync.planning import plan
from tests.planning.helpers import course, module, task

MONDAY = date(2027, 1, 4)


def slots_of(result: object) -> dict[str, list[tuple[str, int]]]:
    return {
        planned.id: [(slot.date.isoformat(), slot.minutes) for slot in planned.slots]
        for planned in result.tasks  # type: ignore[attr-defined]
    }


def test_a_long_task_continues_on_the_next_workday() -> None:
    result = plan(course([module("m", task("a", 90), task("b", 60))]), start=date(2027, 1, 8))
    assert slots_of(result) == {
        "a": [("2027-01-08", 60), ("2027-01-11", 30)],
        "b": [("2027-01-11", 30), ("2027-01-12", 30)],
    }
    assert [(t.id, t.due) for t in result.tasks] == [
        ("a", date(2027, 1, 11)),
        ("b", date(2027, 1, 12)),
    ]


def test_file_order_is_kept_when_deadlines_do_not_decide() -> None:
    result = plan(
        course(
            [module("m", task("x", 30), task("y", 30), task("z", 30, requires=["y"]))],
        ),
        start=MONDAY,
    )
    assert [t.id for t in result.tasks] == ["x", "y", "z"]


def test_earlier_deadlines_come_first_and_propagate_to_what_they_require() -> None:
    subject = course(
        [
            module("late", task("a", 60), task("b", 60)),
            module("early", task("c", 60, requires=["b"]), due="day 2"),
        ]
    )
    result = plan(subject, start=MONDAY)
    # c is due on day 2 and needs b, so b goes first, then c; a has no deadline.
    assert [t.id for t in result.tasks] == ["b", "c", "a"]
    assert slots_of(result)["c"] == [("2027-01-05", 60)]


def test_a_task_never_starts_before_a_session_it_requires() -> None:
    subject = course(
        [module("m", task("prep", 30), task("after", 30, requires=["kickoff"]))],
        sessions=[{"id": "kickoff", "title": "K", "at": "day 3 09:00", "duration": "30m"}],
    )
    result = plan(subject, start=MONDAY)
    assert slots_of(result) == {"prep": [("2027-01-04", 30)], "after": [("2027-01-06", 30)]}


def test_a_task_requiring_a_module_waits_for_its_required_tasks() -> None:
    subject = course(
        [
            module("basics", task("a", 60), task("extra", 60, optional=True)),
            module("next", task("b", 30, requires=["basics"]), due="day 2"),
        ]
    )
    result = plan(subject, start=MONDAY)
    assert [t.id for t in result.tasks] == ["a", "b", "extra"]


def test_hybrid_tasks_are_due_with_their_module() -> None:
    subject = course(
        [module("m", task("a", 30, due="day 1"), task("b", 30), due="week 1")], mode="hybrid"
    )
    result = plan(subject, start=MONDAY)
    assert [(t.id, t.due, t.deadline) for t in result.tasks] == [
        ("a", date(2027, 1, 10), date(2027, 1, 10)),
        ("b", date(2027, 1, 10), date(2027, 1, 10)),
    ]


def test_per_module_modes_mix_a_schedule_and_a_backlog() -> None:
    subject = course(
        [
            module("bootcamp", task("a", 30), due="day 1", mode="sync"),
            module("library", task("b", 60), task("c", 30), mode="async"),
        ],
        mode="hybrid",
        pace={"weekly": "1h"},
    )
    result = plan(subject, start=MONDAY)
    assert [(t.id, t.mode, bool(t.slots), t.due) for t in result.tasks] == [
        ("a", "sync", True, date(2027, 1, 4)),
        ("b", "async", False, None),
        ("c", "async", False, None),
    ]
    assert result.forecast is not None
    # 1h30m at 1h a week spread over five workdays (12 minutes a day) from Tuesday: 8 study days.
    assert result.forecast.finish == date(2027, 1, 14)


def test_an_async_task_that_a_scheduled_task_requires_is_scheduled_too() -> None:
    subject = course(
        [
            module("library", task("intro", 30), mode="async"),
            module("bootcamp", task("a", 30, requires=["intro"]), due="day 1", mode="sync"),
        ],
        mode="hybrid",
    )
    assert slots_of(plan(subject, start=MONDAY)) == {
        "intro": [("2027-01-04", 30)],
        "a": [("2027-01-04", 30)],
    }


def test_mode_option_overrides_every_module() -> None:
    subject = course([module("m", task("a", 30), due="day 1", mode="sync")])
    result = plan(subject, start=MONDAY, mode="async")
    assert [(t.mode, t.slots, t.due) for t in result.tasks] == [("async", (), None)]


def test_infeasible_deadline_names_the_deadline_the_shortfall_and_the_fixes() -> None:
    subject = course(
        [
            module(
                "m1",
                task("a", 60),
                task("b", 45, optional=True),
                task("c", 30, requires=["a"]),
                due="day 2",
            ),
            module("m2", task("d", 120), due="week 1"),
        ]
    )
    with pytest.raises(PlanError) as caught:
        plan(subject, start=MONDAY)
    [finding] = caught.value.findings
    assert finding.code == "infeasible-deadline"
    assert finding.key == ("module", 0, "due")
    assert finding.message == (
        "module 'm1' (due day 2) cannot be met from a start on 2027-01-04: 15m short (15 minutes); "
        "the best plan gets there on 2027-01-06"
    )
    assert finding.hint == (
        'any one of these would do: daily = "1h08m"; due on 2027-01-06 or later; '
        "leave out the optional tasks b"
    )


def test_the_suggested_daily_time_is_the_least_that_works() -> None:
    subject = course([module("m1", task("a", 60), task("c", 30), due="day 2")])
    with pytest.raises(PlanError):
        plan(subject, start=MONDAY, daily_minutes=44)
    assert plan(subject, start=MONDAY, daily_minutes=45).finish == date(2027, 1, 5)


def test_a_deadline_before_the_start_cannot_be_fixed_by_more_time() -> None:
    subject = course([module("m", task("a", 30, due="2027-01-01"))])
    with pytest.raises(PlanError) as caught:
        plan(subject, start=MONDAY)
    [finding] = caught.value.findings
    assert finding.key == ("module", 0, "task", 0, "due")
    assert finding.hint == "any one of these would do: due on 2027-01-04 or later"


def test_a_session_on_a_day_off_is_refused() -> None:
    subject = course(
        [module("m", task("a", 30))],
        sessions=[{"id": "sat", "title": "S", "at": "day 6 10:00", "duration": "1h"}],
    )
    with pytest.raises(PlanError) as caught:
        plan(subject, start=MONDAY)
    assert [(f.code, f.message) for f in caught.value.findings] == [
        (
            "session-off-day",
            "session 'sat' falls on a Saturday, which is not one of the course's workdays",
        )
    ]


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"mode": "weekly"}, "unknown mode 'weekly': use sync, async or hybrid"),
        (
            {"timezone": "Mars/Base"},
            "time zone 'Mars/Base' does not exist: use an IANA name such as Europe/Berlin",
        ),
        (
            {"focus": ["pyhton"]},
            "no task has the focus tag 'pyhton'; did you mean 'python'? (tags: python)",
        ),
    ],
)
def test_bad_options_are_usage_errors(keywords: dict[str, object], message: str) -> None:
    subject = course([module("m", task("a", 30, tags=["python"]))])
    with pytest.raises(PlanInputError) as caught:
        plan(subject, start=MONDAY, **keywords)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_sessions_are_shown_in_the_learners_zone() -> None:
    subject = course(
        [module("m", task("a", 30))],
        sessions=[{"id": "s", "title": "S", "at": "day 1 10:00", "duration": "1h"}],
    )
    [session] = plan(subject, start=MONDAY, timezone="America/New_York").sessions
    assert session.start.isoformat() == "2027-01-04T04:00:00-05:00"
    assert session.end.isoformat() == "2027-01-04T05:00:00-05:00"
