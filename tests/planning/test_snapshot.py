from __future__ import annotations

import json
import pickle
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import learnsync
from learnsync.planning.model import PlannedTask, Slot, TaskTable, task_column
from learnsync.planning.snapshot import (
    _packed,
    plan_document,
    plan_from_document,
    stored_document,
    task_columns,
    task_table,
)
from learnsync.store.database import DAMAGED
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    "name", ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]
)
def test_a_plan_survives_the_trip_through_its_document(name: str) -> None:
    course = learnsync.load_course(EXAMPLES / f"{name}.toml")
    original = learnsync.plan(course, start=date(2027, 1, 4), timezone="Asia/Tokyo")
    assert plan_from_document(plan_document(original)) == original
    # as the store keeps it: through JSON text, with its tasks as a table
    stored = json.loads(json.dumps(stored_document(original)))
    assert plan_from_document(stored) == original
    # as the store kept it before migration 0020, by column, and before 0017
    by_column = plan_document(original)
    by_column["task_columns"] = task_columns(by_column.pop("tasks"))
    assert plan_from_document(json.loads(json.dumps(by_column))) == original
    # and as migration 0020 first wrote it, every slot of every task one after the other
    first_table = plan_document(original, tasks=False)
    del first_table["tasks"]
    first_table["task_table"] = table_as_0020_wrote_it(original.tasks)
    assert plan_from_document(json.loads(json.dumps(first_table))) == original
    # what the store's migrations make of the documents a plan was stored as before, byte for
    # byte: a cohort enrolled before them shares its plan with the learners enrolled after
    for before in (plan_document(original), by_column, first_table):
        tasks = plan_from_document(before).tasks
        before.pop("tasks", None)
        before.pop("task_columns", None)
        before["task_table"] = task_table(tasks)
        assert json.dumps(before) == json.dumps(stored_document(original))


def table_as_0020_wrote_it(tasks: tuple[PlannedTask, ...]) -> dict[str, object]:
    """``task_table`` as migration 0020 first wrote it: every slot of every task one after the
    other, each task's count in ``slot_counts``."""
    table = task_table(tasks)
    days = {date.fromisoformat(day): number + 1 for number, day in enumerate(table["days"])}
    for name in ("slots", "slot_groups", "slot_group_slots", "slot_days", "slot_minutes"):
        del table[name]
    slots = [slot for task in tasks for slot in task.slots]
    table["slot_counts"] = _packed([len(task.slots) for task in tasks])
    table["slot_days"] = _packed([days[slot.date] for slot in slots])
    table["slot_minutes"] = _packed([slot.minutes for slot in slots])
    return table


def test_a_stored_plan_with_columns_of_different_lengths_is_refused() -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    stored = plan_document(learnsync.plan(course, start=date(2027, 1, 4)))
    stored["task_columns"] = task_columns(stored.pop("tasks"))
    stored["task_columns"]["title"].pop()
    with pytest.raises(ValueError):
        plan_from_document(stored)


@pytest.mark.parametrize(
    "column, value",
    [
        ("title", ["one title"]),  # a column shorter than the others
        ("effort_minutes", "00ff"),  # packed digits that are no whole number of integers
        ("effort_minutes", "not hexadecimal"),
        ("points", ["1", "2"]),  # integers that are not
        ("due", "ff" * 8),  # a day past the end of ``days``
        ("deadline", "ff" * 8 * 4),  # a negative position
        ("slot_days", "00" * 8 * 4),  # a slot without a day
        ("slot_groups", "01" + "00" * 7),  # sizes that do not add up to the slots
        ("slot_group_slots", "ff" * 8),  # a slot past the end of the slots
        ("slots", "ff" * 8 * 2),  # a run of slots that is not there
        ("slot_minutes", "01" + "00" * 7),
        ("days", ["2027-02-30"]),
        ("requires", 7),
    ],
)
def test_a_damaged_task_table_is_refused(column: str, value: object) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    stored = json.loads(json.dumps(stored_document(learnsync.plan(course, start=date(2027, 1, 4)))))
    assert stored["task_table"][column] != value
    stored["task_table"][column] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


def _stored_example() -> dict[str, Any]:
    """A plan of the example course as the store keeps it, read back from its JSON text."""
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))
    stored: dict[str, Any] = json.loads(json.dumps(stored_document(plan)))
    return stored


@pytest.mark.parametrize(
    "column, value",
    [
        ("id", 7),
        ("module", None),
        ("title", 12345),  # a number where a text is kept
        ("title", None),
        ("kind", ["video"]),
        ("mode", "weekly"),  # a text that names no mode
        ("mode", 1),
        ("requires", "how-llms-work"),  # a text where a list of ids is kept
        ("requires", [1]),
        ("tags", "llm"),
        ("tags", None),
        ("optional", "no"),
        ("optional", 0),
        ("url", 5),
        ("url", ["https://example.org"]),
    ],
)
def test_a_task_table_value_of_the_wrong_type_is_refused(column: str, value: object) -> None:
    stored = _stored_example()
    stored["task_table"][column][0] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


@pytest.mark.parametrize(
    "column",
    ["id", "module", "title", "kind", "mode", "requires", "optional", "tags", "url"],
)
@pytest.mark.parametrize("value", ["text", 7, None, {}])
def test_a_task_table_column_that_is_no_list_is_refused(column: str, value: object) -> None:
    stored = _stored_example()
    stored["task_table"][column] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["id", "module", "title", "kind", "url"]),
    st.integers(0, 13),
    st.one_of(st.integers(), st.floats(), st.booleans(), st.lists(st.text(max_size=3), max_size=2)),
)
def test_a_text_of_a_task_that_is_anything_else_is_refused(
    column: str, task: int, value: object
) -> None:
    stored = _stored_example()
    stored["task_table"][column][task] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


@pytest.mark.parametrize(
    "path, value",
    [
        (("course", "id"), None),
        (("course", "title"), 12345),
        (("course", "iri"), []),
        (("mode",), "weekly"),
        (("timezone",), "Mars/Olympus_Mons"),  # a zone no machine knows
        (("timezone",), 5),
        (("display_timezone",), None),
        (("daily_minutes",), "90"),
        (("weekly_minutes",), None),
        (("sessions", 0, "title"), None),
        (("sessions", 0, "id"), 3),
        (("sessions", 0, "start"), "2027-01-04T10:00:00"),  # no UTC offset
        (("sessions", 0, "mandatory"), "yes"),
        (("sessions", 0, "points"), "5"),
        (("sessions", 0, "url"), 1),
        (("modules", 0, "title"), []),
        (("modules", 0, "mode"), "weekly"),
        (("focus",), "llm"),
        (("workdays",), ["mon", "funday"]),
        (("workdays",), "mon"),
        (("scoring", "late_penalty"), "half"),
        (("scoring", "levels"), ["0", "50"]),
        (("scoring", "freeze_max"), None),
        (("badges", 0, "title"), 5),
        (("badges", 0, "count"), "five"),
        (("calendar_data",), {"country": 5}),
    ],
)
def test_a_plan_document_value_of_the_wrong_type_is_refused(
    path: tuple[str | int, ...], value: object
) -> None:
    stored = _stored_example()
    stored.setdefault("badges", [{"id": "b", "title": "B", "description": "", "rule": "tasks"}])
    if not stored["sessions"]:
        pytest.skip("the example has no live session")
    place: Any = stored
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


days = st.dates(date(1, 1, 1), date(9999, 12, 31))
texts = st.text(max_size=8)
planned_tasks = st.builds(
    PlannedTask,
    id=texts,
    module=texts,
    title=texts,
    kind=texts,
    mode=st.sampled_from(["sync", "async", "hybrid"]),
    effort_minutes=st.integers(-(2**70), 2**70),  # beyond 64 bits too: kept as a JSON list
    requires=st.lists(texts, max_size=3).map(tuple),
    optional=st.booleans(),
    points=st.integers(-(2**63), 2**63 - 1),
    tags=st.lists(texts, max_size=3).map(tuple),
    url=st.none() | texts,
    due=st.none() | days,
    deadline=st.none() | days,
    slots=st.lists(st.builds(Slot, days, st.integers(0, 10**6)), max_size=4).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(planned_tasks, max_size=12))
def test_any_tasks_survive_the_trip_through_the_stores_table(tasks: list[PlannedTask]) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))._replace(tasks=tuple(tasks))
    stored = json.loads(json.dumps(stored_document(plan), ensure_ascii=False))
    assert plan_from_document(stored) == plan
    stored["task_table"] = json.loads(json.dumps(table_as_0020_wrote_it(plan.tasks)))
    assert plan_from_document(stored) == plan


@settings(max_examples=150, deadline=None)
@given(st.lists(planned_tasks, max_size=12), st.data())
def test_a_stored_plans_tasks_made_one_at_a_time_are_the_tasks_made_all_at_once(
    tasks: list[PlannedTask], data: st.DataObject
) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))._replace(tasks=tuple(tasks))
    text = json.dumps(stored_document(plan), ensure_ascii=False)
    table = plan_from_document(json.loads(text)).tasks
    assert isinstance(table, TaskTable)
    assert len(table) == len(tasks)
    for name in PlannedTask._fields:  # read whole, without making a task
        assert list(task_column(table, name)) == [getattr(task, name) for task in tasks]
    asked = (
        data.draw(st.lists(st.integers(-len(tasks), len(tasks) - 1), max_size=6)) if tasks else []
    )
    made = [table[position] for position in asked]
    assert made == [tasks[position] for position in asked]
    assert all(table[position] is task for position, task in zip(asked, made, strict=True))
    assert table == tuple(tasks)  # every task made now: those made before are kept
    assert all(table[position] is task for position, task in zip(asked, made, strict=True))
    assert list(table) == tasks


def test_a_task_table_is_a_tuple_of_its_tasks_to_whoever_reads_it() -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))
    table = plan_from_document(json.loads(json.dumps(stored_document(plan)))).tasks
    assert isinstance(table, TaskTable) and isinstance(plan.tasks, tuple)
    first, last = table[0], table[-1]
    assert (first, last) == (plan.tasks[0], plan.tasks[-1])
    with pytest.raises(IndexError):
        table[len(plan.tasks)]
    assert table[1:3] == plan.tasks[1:3] and isinstance(table[1:3], tuple)
    assert table == plan.tasks and plan.tasks == table
    assert hash(table) == hash(plan.tasks) and repr(table) == repr(plan.tasks)
    assert table + () == plan.tasks and () + table == plan.tasks  # noqa: RUF005 (what + does)
    assert pickle.loads(pickle.dumps(table)) == plan.tasks
    assert first in table and table.index(last) == len(plan.tasks) - 1
    assert table != list(plan.tasks)  # as a tuple is no list
    assert table[0] is first  # the same task, however often asked for
    assert task_column(plan.tasks, "id") == [task.id for task in plan.tasks]
