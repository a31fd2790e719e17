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
    _unpacked,
    plan_document,
    plan_from_document,
    stored_document,
    task_columns,
    task_record,
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
    # and as migrations 0020 and 0021 wrote it, its texts and lists of texts as they are
    texts_table = plan_document(original, tasks=False)
    del texts_table["tasks"]
    texts_table["task_table"] = table_as_0021_wrote_it(original.tasks)
    assert plan_from_document(json.loads(json.dumps(texts_table))) == original
    # what the store's migrations make of the documents a plan was stored as before, byte for
    # byte: a cohort enrolled before them shares its plan with the learners enrolled after
    for before in (plan_document(original), by_column, first_table, texts_table):
        tasks = plan_from_document(before).tasks
        before.pop("tasks", None)
        before.pop("task_columns", None)
        before["task_table"] = task_table(tasks)
        assert json.dumps(before) == json.dumps(stored_document(original))


def packed_before_0024(numbers: list[int]) -> str | list[int]:
    """Integers as ``task_table`` packed them before migration 0024: 8 bytes each, no type."""
    if any(not -(2**63) <= number < 2**63 for number in numbers):
        return numbers
    return b"".join(number.to_bytes(8, "little", signed=True) for number in numbers).hex()


def table_as_0021_wrote_it(tasks: tuple[PlannedTask, ...]) -> dict[str, Any]:
    """``task_table`` as migrations 0020 and 0021 wrote it (and the store kept it until 0024):
    texts and lists of texts as JSON lists, every packed integer in 8 bytes."""
    days: dict[date, int] = {}

    def day(value: date | None) -> int:
        return 0 if value is None else days.setdefault(value, len(days) + 1)

    slots: dict[Slot, int] = {}
    groups: dict[tuple[Slot, ...], int] = {}
    group_sizes: list[int] = []
    group_slots: list[int] = []
    task_groups: list[int] = []
    for task in tasks:
        if task.slots not in groups:
            groups[task.slots] = len(groups)
            group_sizes.append(len(task.slots))
            group_slots.extend(slots.setdefault(slot, len(slots)) for slot in task.slots)
        task_groups.append(groups[task.slots])
    packed = packed_before_0024
    return {
        "id": [task.id for task in tasks],
        "module": [task.module for task in tasks],
        "title": [task.title for task in tasks],
        "kind": [task.kind for task in tasks],
        "mode": [task.mode for task in tasks],
        "effort_minutes": packed([task.effort_minutes for task in tasks]),
        "requires": [list(task.requires) for task in tasks],
        "optional": [task.optional for task in tasks],
        "points": packed([task.points for task in tasks]),
        "tags": [list(task.tags) for task in tasks],
        "url": [task.url for task in tasks],
        "due": packed([day(task.due) for task in tasks]),
        "deadline": packed([day(task.deadline) for task in tasks]),
        "slots": packed(task_groups),
        "slot_groups": packed(group_sizes),
        "slot_group_slots": packed(group_slots),
        "slot_days": packed([day(slot.date) for slot in slots]),
        "slot_minutes": packed([slot.minutes for slot in slots]),
        "days": [value.isoformat() for value in days],
    }


def table_as_0020_wrote_it(tasks: tuple[PlannedTask, ...]) -> dict[str, Any]:
    """``task_table`` as migration 0020 first wrote it: every slot of every task one after the
    other, each task's count in ``slot_counts``."""
    table = table_as_0021_wrote_it(tasks)
    days = {date.fromisoformat(day): number + 1 for number, day in enumerate(table["days"])}
    for name in ("slots", "slot_groups", "slot_group_slots", "slot_days", "slot_minutes"):
        del table[name]
    slots = [slot for task in tasks for slot in task.slots]
    table["slot_counts"] = packed_before_0024([len(task.slots) for task in tasks])
    table["slot_days"] = packed_before_0024([days[slot.date] for slot in slots])
    table["slot_minutes"] = packed_before_0024([slot.minutes for slot in slots])
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
        ("effort_minutes", "H0f"),  # digits that are no whole number of its integers
        ("effort_minutes", "x" + "00" * 15),  # a type of integers learnsync does not write
        ("effort_minutes", "d" + "00" * 15 * 8),  # floats
        ("effort_minutes", "?" + "00" * 15),  # flags
        ("points", ["1", "2"]),  # integers that are not
        ("due", "ff" * 8),  # a day past the end of ``days``, as before migration 0024
        ("due", "B" + "ff" * 15),  # a day past the end of ``days``
        ("deadline", "ff" * 8 * 4),  # a negative position
        ("deadline", "b" + "ff" * 15),
        ("slot_days", "00" * 8 * 4),  # a slot without a day
        ("slot_groups", "01" + "00" * 7),  # sizes that do not add up to the slots
        ("slot_group_slots", "ff" * 8),  # a slot past the end of the slots
        ("slot_group_slots", "Bff"),
        ("slots", "ff" * 8 * 2),  # a run of slots that is not there
        ("slots", "B" + "ff" * 15),
        ("slot_minutes", "01" + "00" * 7),
        ("days", ["2027-02-30"]),
        ("requires", 7),
        ("requires", ["how-llms-work"]),  # ids where their positions are kept
        ("requires", "B" + "ff" * 14),  # an id past the end of the ids and those outside
        ("requires", "b" + "ff" * 14),  # a negative position
        ("requires", "B" + "00" * 13),  # fewer ids than the counts add up to
        ("requires", "B" + "00" * 15),  # more
        ("requires_counts", "B" + "00" * 15),  # counts that add up to none of the ids
        ("requires_counts", "b" + "ff" + "01" * 14),  # a negative count
        ("requires_counts", "B" + "01" * 14),  # a count short (a task without its ids)
        ("requires_counts", "B" + "0d" + "00" * 14),  # all ids but one for the first task
        ("outside_ids", []),  # the ids outside the plan lost: positions past the end
        ("outside_ids", "prompting"),
        ("tags", "B" + "04" * 13),  # a tag past the end of the names
        ("tags", "B00"),
        ("tag_counts", "B" + "00" * 15),
        ("tag_counts", "q" + "ff" * 8 + "00" * 8 * 14),
        ("tag_names", ["llm"]),
        ("tag_names", None),
        ("module", "B" + "04" * 15),  # a module past the end of the names
        ("module", "b" + "ff" * 15),
        ("module", [4] * 15),  # positions as a JSON list: gone over too
        ("module", [-1] * 15),
        ("module", "B" + "00" * 14),  # a task short
        ("modules", ["prompting"]),
        ("modules", "prompting"),
        ("kind", "B" + "06" * 15),
        ("kinds", []),
        ("mode", "B" + "01" * 15),  # the one mode: no other to name
        ("mode", "B" + "00" * 16),  # a task too many
        ("modes", ["weekly"]),
        ("modes", [None]),
        ("modes", []),
    ],
)
def test_a_damaged_task_table_is_refused(column: str, value: object) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    stored = json.loads(json.dumps(stored_document(learnsync.plan(course, start=date(2027, 1, 4)))))
    assert len(stored["task_table"]["id"]) == 15
    assert len(_unpacked(stored["task_table"]["requires"])) == 14
    assert len(_unpacked(stored["task_table"]["tags"])) == 13
    assert stored["task_table"][column] != value
    stored["task_table"][column] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


POSITIONS = {  # each column of positions, and the table (or tables) its positions are in
    "module": ("modules",),
    "kind": ("kinds",),
    "mode": ("modes",),
    "requires": ("id", "outside_ids"),
    "tags": ("tag_names",),
    "due": ("days", None),  # None: position 0, no day
    "deadline": ("days", None),
    "slots": ("slot_groups",),
    "slot_group_slots": ("slot_days",),
    "slot_days": ("days", None),
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(POSITIONS)),
    st.data(),
    st.sampled_from(["B", "H", "I", "Q", "b", "h", "i", "q", ""]),  # "": as before 0024
)
def test_a_position_past_the_end_of_its_table_or_negative_is_refused(
    column: str, data: st.DataObject, code: str
) -> None:
    stored = _stored_example()
    table = stored["task_table"]
    positions = _unpacked(table[column])
    size = sum(
        1 if name is None else len(_unpacked_or_list(table[name])) for name in POSITIONS[column]
    )
    task = data.draw(st.integers(0, len(positions) - 1), label="which")
    bits = 8 * {"B": 1, "H": 2, "I": 4, "Q": 8, "b": 1, "h": 2, "i": 4, "q": 8, "": 8}[code]
    low = 0 if code.isupper() else -(2 ** (bits - 1))
    high = 2**bits - 1 if code.isupper() else 2 ** (bits - 1) - 1
    if code != "" and code.isupper():
        low = size  # an unsigned position can only be past the end
    bad = data.draw(st.integers(low, high).filter(lambda number: not 0 <= number < size))
    positions[task] = bad
    packed = b"".join(
        number.to_bytes(bits // 8, "little", signed=not code.isupper()) for number in positions
    ).hex()
    table[column] = code + packed
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


def _unpacked_or_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else _unpacked(value)


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
        ("modules", None),
        ("title", 12345),  # a number where a text is kept
        ("title", None),
        ("kinds", ["video"]),
        ("modes", "weekly"),  # a text that names no mode
        ("modes", 1),
        ("outside_ids", 1),
        ("outside_ids", ["prompting"]),  # a list where an id is kept
        ("tag_names", None),
        ("tag_names", 3),
        ("optional", "no"),
        ("optional", 0),
        ("url", 5),
        ("url", ["https://example.org"]),
        ("days", 20270104),
    ],
)
def test_a_task_table_value_of_the_wrong_type_is_refused(column: str, value: object) -> None:
    stored = _stored_example()
    stored["task_table"][column][0] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


# the columns of the table: those kept as JSON lists, and those of packed integers
LISTS = ["id", "modules", "title", "kinds", "modes", "outside_ids", "optional"]
LISTS += ["tag_names", "url", "days"]
PACKED = ["module", "kind", "mode", "effort_minutes", "requires", "requires_counts", "points"]
PACKED += ["tags", "tag_counts", "due", "deadline", "slots", "slot_groups", "slot_group_slots"]
PACKED += ["slot_days", "slot_minutes"]


def test_the_columns_named_are_those_of_the_table() -> None:
    assert sorted(_stored_example()["task_table"]) == sorted(LISTS + PACKED)


@pytest.mark.parametrize("column", LISTS + PACKED)
@pytest.mark.parametrize("value", ["text", 7, None, {}, [None], [[]], [{}]])
def test_a_task_table_column_that_is_no_list_is_refused(column: str, value: object) -> None:
    stored = _stored_example()
    stored["task_table"][column] = value
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


@pytest.mark.parametrize("column", LISTS + PACKED)
def test_a_task_table_without_a_column_is_refused(column: str) -> None:
    stored = _stored_example()
    del stored["task_table"][column]
    with pytest.raises(DAMAGED):
        plan_from_document(stored)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["id", "modules", "title", "kinds", "modes", "outside_ids", "tag_names"]),
    st.integers(0, 14),
    st.one_of(st.integers(), st.floats(), st.booleans(), st.lists(st.text(max_size=3), max_size=2)),
)
def test_a_text_of_a_task_that_is_anything_else_is_refused(
    column: str, task: int, value: object
) -> None:
    stored = _stored_example()
    texts = stored["task_table"][column]
    texts[task % len(texts)] = value
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


@st.composite
def tasks_of_a_plan(draw: st.DrawFn) -> list[PlannedTask]:
    """Tasks as a plan holds them: requiring each other's ids (and module or session ids, or ids
    of nothing the plan holds), a few modules, kinds and modes named many times, no tags or many,
    ids and tags that repeat now and then."""
    ids = draw(st.lists(texts, max_size=14))
    outside = draw(st.lists(texts, max_size=4))
    modules = draw(st.lists(texts, min_size=1, max_size=4))
    kinds = ["reading", "video", "exercise", "quiz", "project", "assessment"]
    tags = draw(st.lists(texts, max_size=20))
    required = st.sampled_from(ids + outside) if ids + outside else texts
    return [
        draw(
            st.builds(
                PlannedTask,
                id=st.just(identifier),
                module=st.sampled_from(modules) | texts,
                title=texts,
                kind=st.sampled_from(kinds) | texts,
                mode=st.sampled_from(["sync", "async", "hybrid"]),
                effort_minutes=st.integers(0, 10**4) | st.integers(-(2**70), 2**70),
                requires=st.lists(required | texts, max_size=8).map(tuple),
                optional=st.booleans(),
                points=st.integers(0, 200) | st.integers(-(2**64), 2**64),
                tags=st.lists(st.sampled_from(tags) if tags else texts, max_size=12).map(tuple)
                | st.just(()),
                url=st.none() | texts,
                due=st.none() | days,
                deadline=st.none() | days,
                slots=st.lists(st.builds(Slot, days, st.integers(0, 10**6)), max_size=4).map(tuple),
            )
        )
        for identifier in ids
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(planned_tasks, max_size=12) | tasks_of_a_plan())
def test_any_tasks_survive_the_trip_through_the_stores_table(tasks: list[PlannedTask]) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))._replace(tasks=tuple(tasks))
    stored = json.loads(json.dumps(stored_document(plan), ensure_ascii=False))
    assert plan_from_document(stored) == plan
    # and every form the store kept a plan's tasks in before
    stored["task_table"] = json.loads(json.dumps(table_as_0021_wrote_it(plan.tasks)))
    assert plan_from_document(stored) == plan
    stored["task_table"] = json.loads(json.dumps(table_as_0020_wrote_it(plan.tasks)))
    assert plan_from_document(stored) == plan
    del stored["task_table"]
    stored["task_columns"] = task_columns(map(task_record, plan.tasks))
    assert plan_from_document(json.loads(json.dumps(stored))) == plan


@settings(max_examples=60, deadline=None)
@given(
    st.lists(planned_tasks, max_size=12) | tasks_of_a_plan(), st.data(), st.sampled_from([0, 21])
)
def test_a_stored_plans_tasks_made_one_at_a_time_are_the_tasks_made_all_at_once(
    tasks: list[PlannedTask], data: st.DataObject, before: int
) -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    plan = learnsync.plan(course, start=date(2027, 1, 4))._replace(tasks=tuple(tasks))
    document = stored_document(plan)
    if before:  # as migrations 0020 and 0021 wrote it
        document["task_table"] = table_as_0021_wrote_it(plan.tasks)
    text = json.dumps(document, ensure_ascii=False)
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
    flags = bytes(
        data.draw(st.lists(st.sampled_from([0, 1]), min_size=len(tasks), max_size=len(tasks)))
    )
    chosen = table.chosen(flags)  # made in passes over the columns, those made before kept
    assert chosen == [task for task, flag in zip(tasks, flags, strict=True) if flag]
    assert all(table[position] is task for position, task in zip(asked, made, strict=True))
    assert [table[n] for n, flag in enumerate(flags) if flag] == chosen
    assert all(
        table[n] is task
        for n, task in zip([n for n, flag in enumerate(flags) if flag], chosen, strict=True)
    )
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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([0, 1, 2**7, 2**8, 2**15, 2**16, 2**31, 2**32, 2**63, 2**64]).flatmap(
            lambda edge: st.sampled_from([edge - 1, edge, -edge, -edge - 1])
        )
        | st.integers(),
        max_size=6,
    )
)
def test_integers_survive_their_packing_in_the_fewest_bytes_that_hold_them(
    numbers: list[int],
) -> None:
    packed = _packed(numbers)
    assert _unpacked(json.loads(json.dumps(packed))) == numbers
    if isinstance(packed, list):  # beyond 64 bits, signed or not
        assert not all(-(2**63) <= number < 2**63 for number in numbers)
        assert not all(0 <= number < 2**64 for number in numbers)
        return
    code, digits = packed[0], packed[1:]
    size = {"B": 1, "H": 2, "I": 4, "Q": 8, "b": 1, "h": 2, "i": 4, "q": 8}[code]
    assert len(digits) == 2 * size * len(numbers)
    smaller = [
        other
        for other, width in {"B": 1, "H": 2, "I": 4, "b": 1, "h": 2, "i": 4}.items()
        if width < size and (other.isupper() or not code.isupper())
    ]
    for other in smaller:  # none of the smaller types holds them all
        width = 8 * {"B": 1, "H": 2, "I": 4, "b": 1, "h": 2, "i": 4}[other]
        low, high = (0, 2**width) if other.isupper() else (-(2 ** (width - 1)), 2 ** (width - 1))
        assert not all(low <= number < high for number in numbers)


def test_integers_packed_before_migration_0024_are_still_read() -> None:
    assert _unpacked(packed_before_0024([1, -1, 2**40])) == [1, -1, 2**40]
    assert _unpacked(packed_before_0024([])) == []


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(PACKED),
    st.sampled_from(["", *"BHIQbhiqdf?x"]),
    st.lists(st.integers(0, 255), max_size=40),
    st.booleans(),
)
def test_any_packed_column_is_refused_where_the_plan_is_read_or_read_whole_later(
    column: str, code: str, data: list[int], odd: bool
) -> None:
    # a damaged store is found where its plan is decoded: a plan read from it is whole, each of
    # its tasks and columns made without an error later
    stored = _stored_example()
    digits = bytes(data).hex() + ("0" if odd else "")
    stored["task_table"][column] = code + digits
    try:
        plan = plan_from_document(stored)
    except DAMAGED:
        return
    tasks = plan.tasks
    for name in PlannedTask._fields:
        assert len(task_column(tasks, name)) == len(tasks)
    assert len(tuple(tasks)) == len(tasks) and tasks == tuple(tasks)


@pytest.mark.parametrize(
    "name", ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]
)
def test_next_lists_the_same_work_from_a_stored_plan_as_from_the_plan(name: str) -> None:
    from datetime import UTC, datetime, timedelta

    from learnsync.tracking import next_view

    course = learnsync.load_course(EXAMPLES / f"{name}.toml")
    original = learnsync.plan(course, start=date(2027, 1, 4))
    ids = [task.id for task in original.tasks]
    for step, now in enumerate(
        datetime(2027, 1, 4, 8, tzinfo=UTC) + timedelta(days=days) for days in (0, 3, 9, 20, 60)
    ):
        done = frozenset(ids[: step * len(ids) // 5 : 2])
        stored = plan_from_document(json.loads(json.dumps(stored_document(original))))
        views = [next_view(plan, done, now, limit=50) for plan in (original, stored)]
        fields = type(views[0]).__slots__
        assert [getattr(views[1], field) for field in fields] == [
            getattr(views[0], field) for field in fields
        ]
