from __future__ import annotations

from datetime import date

from learnsync.planning import plan
from tests.planning.helpers import course, module, task

MONDAY = date(2027, 1, 4)


def order(**keywords: object) -> list[str]:
    subject = course(
        [
            module(
                "m",
                task("deep-dive", 30, optional=True, tags=["design"]),
                task("basics", 30, tags=["python"]),
                task("layout", 30, tags=["design"]),
                task("project", 60, requires=["prereq"], tags=["python"]),
                task("prereq", 15, optional=True),
            )
        ],
        mode="async",
    )
    return [t.id for t in plan(subject, start=MONDAY, **keywords).tasks]  # type: ignore[arg-type]


def test_backlog_puts_prerequisites_first_then_required_then_file_order() -> None:
    # prereq is optional but a required task needs it, so it counts as required.
    assert order() == ["basics", "layout", "prereq", "project", "deep-dive"]


def test_focus_tags_come_first_among_what_is_unlocked() -> None:
    assert order(focus=["design"]) == ["layout", "basics", "prereq", "project", "deep-dive"]
    assert order(focus=["python"]) == ["basics", "prereq", "project", "layout", "deep-dive"]


def test_a_backlog_has_no_slots_nor_due_dates_and_a_forecast() -> None:
    subject = course(
        [module("m", task("a", 150), task("b", 150))], mode="async", pace={"weekly": "2h30m"}
    )
    result = plan(subject, start=MONDAY)
    assert all(t.slots == () and t.due is None for t in result.tasks)
    assert result.forecast is not None
    assert (result.forecast.effort_minutes, result.forecast.weekly_minutes) == (300, 150)
    # 30 minutes a workday: ten workdays from Monday 4 January.
    assert result.forecast.finish == date(2027, 1, 15)
