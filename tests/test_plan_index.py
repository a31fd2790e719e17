"""The rules answered for a whole cohort (``rules.PlanIndex``, with a learner's done set made a
set of the plan's tasks, ``planning.taskbits``) say what the rules say task by task, for any
plan, done set and instant, and whichever learners were asked about before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.planning import plan
from learnsync.planning.model import Plan, PlannedTask
from learnsync.planning.taskbits import TaskBits
from learnsync.progress import progress_at, replay
from learnsync.rules import (
    Behind,
    Counts,
    NextDeadline,
    PlanIndex,
    deadline_end,
    is_overdue,
    keep_index,
)
from tests.planning.helpers import course, module, task
from tests.store.test_snapshots import index_state
from tests.test_forecast import _plan, _task

MONDAY = date(2027, 1, 4)


def literal_behind(subject: Plan, done: frozenset[str], today: date) -> Behind | None:
    if not any(item.slots for item in subject.tasks):
        return None
    scheduled = [item for item in subject.tasks if item.slots and not item.optional]
    planned = sum(slot.minutes for item in scheduled for slot in item.slots if slot.date < today)
    credited = sum(item.effort_minutes for item in scheduled if item.id in done)
    late = tuple(item for item in scheduled if item.id not in done and item.slots[-1].date < today)
    return Behind(max(0, planned - credited), late)


def literal_next_deadline(subject: Plan, done: frozenset[str]) -> NextDeadline | None:
    waiting = [
        item
        for item in subject.tasks
        if item.id not in done and item.deadline is not None and deadline_end(item, subject)
    ]
    if not waiting:
        return None
    day = min(item.deadline for item in waiting if item.deadline is not None)
    tasks = tuple(item for item in waiting if item.deadline == day)
    module_due = {entry.id: entry.deadline for entry in subject.modules}
    alone = len(tasks) == 1 and module_due.get(tasks[0].module) != day
    end = deadline_end(tasks[0], subject)
    assert end is not None
    return NextDeadline(day, end, tasks[0].module, tasks, tasks[0].id if alone else tasks[0].module)


def literal_counts(subject: Plan, done: frozenset[str]) -> Counts:
    required = [item for item in subject.tasks if not item.optional]
    optional = [item for item in subject.tasks if item.optional]
    return Counts(
        sum(1 for item in required if item.id in done),
        len(required),
        sum(1 for item in optional if item.id in done),
        len(optional),
    )


tasks_strategy = st.lists(
    st.tuples(
        st.integers(1, 120),  # effort in minutes
        st.booleans(),  # optional
        st.one_of(st.none(), st.integers(8, 30)),  # own due day
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(
        st.tuples(tasks_strategy, st.one_of(st.none(), st.integers(8, 40))), min_size=1, max_size=3
    ),
    mode=st.sampled_from(["sync", "hybrid"]),
    learners=st.lists(st.tuples(st.integers(0, 2**15), st.integers(0, 60)), min_size=1, max_size=5),
    async_modules=st.integers(0, 7),
)
def test_the_cohort_index_answers_each_rule_as_the_task_by_task_rule(
    shape: list[tuple[list[tuple[int, bool, int | None]], int | None]],
    mode: str,
    learners: list[tuple[int, int]],
    async_modules: int,
) -> None:
    modules = []
    for number, (tasks, module_due) in enumerate(shape):
        entries = [
            task(
                f"m{number}t{index}",
                effort,
                optional=optional,
                **({} if own is None else {"due": f"day {own}"}),
            )
            for index, (effort, optional, own) in enumerate(tasks)
        ]
        keys: dict[str, str] = {} if module_due is None else {"due": f"day {module_due}"}
        if mode == "hybrid" and async_modules >> number & 1:
            keys["mode"] = "async"
        modules.append(module(f"m{number}", *entries, **keys))
    subject = plan(course(modules, mode=mode, calendar={"daily": "8h"}), start=MONDAY)
    ids = [item.id for item in subject.tasks]
    index = PlanIndex(subject)
    # the index a store keeps beside the plan is the one worked out from its tasks
    keep_index(subject, PlanIndex(subject, kept=False).kept())
    assert index_state(PlanIndex(subject)) == index_state(index)
    bits = TaskBits.of(subject)
    # learners asked about in turn, and the first asked again last: answers never leak
    for chosen, offset in [*learners, learners[0]]:
        done = frozenset(
            [item for position, item in enumerate(ids) if chosen >> position & 1] + ["gone"]
        )
        now = datetime(2027, 1, 4, 15, tzinfo=UTC) + timedelta(days=offset)
        today = now.date()
        assert index.counts(done) == literal_counts(subject, done)
        assert index.open_tasks(done) == [item for item in subject.tasks if item.id not in done]
        assert index.overdue(done, now) == [
            item for item in subject.tasks if is_overdue(item, subject, done, now)
        ]
        assert index.behind(done, today) == literal_behind(subject, done, today)
        assert index.next_deadline(done) == literal_next_deadline(subject, done)
        assert index.counts(set(done)) == literal_counts(subject, done)  # any collection
        ends = {item.id: deadline_end(item, subject) for item in subject.tasks}
        assert index.due_within(done, now) == sorted(
            (
                item
                for item in subject.tasks
                if item.id not in done and now < (ends[item.id] or now) <= now + timedelta(days=7)
            ),
            key=lambda item: ends[item.id] or now,
        )
        with_deadline = [item for item in subject.tasks if ends[item.id] and item.deadline]
        days = sorted({item.deadline for item in with_deadline if item.deadline})
        assert index.deadline_days() == days
        for day in days:
            assert index.due_on(day) == [item for item in with_deadline if item.deadline == day]
            assert index.due_by(done, day) == [
                item
                for item in with_deadline
                if item.deadline and item.deadline <= day and item.id not in done
            ]
        mask = bits.mask(done)
        assert bits.listed(mask) == [item for item in subject.tasks if item.id in done]
        assert bits.effort(mask) == sum(
            item.effort_minutes for item in subject.tasks if item.id in done
        )


def _task_of(subject: Plan, identifier: str) -> PlannedTask:
    return next(item for item in subject.tasks if item.id == identifier)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2**10), min_size=1, max_size=4))
def test_module_progress_counts_each_modules_required_tasks_done_and_their_effort(
    chosen_sets: list[int],
) -> None:
    from learnsync.tracking import Event

    subject = plan(
        course(
            [
                module("a", task("a1", 30), task("a2", 45, optional=True), task("a3", 90)),
                module("b", task("b1", 15), task("b2", 120), due="day 9"),
                module("c", task("c1", 60, optional=True), task("c2", 75), task("c3", 5)),
            ]
        ),
        start=MONDAY,
    )
    ids = [item.id for item in subject.tasks]
    now = datetime(2027, 1, 20, 9, tzinfo=UTC)
    for chosen in chosen_sets:
        events = [
            Event("done", item, datetime(2027, 1, 5, 9, tzinfo=UTC) + timedelta(minutes=step))
            for step, item in enumerate(ids)
            if chosen >> step & 1
        ]
        result = progress_at(subject, replay(subject, events), now)
        done = {event.item for event in events}
        for entry in result.modules:
            members = [
                item for item in subject.tasks if item.module == entry.id and not item.optional
            ]
            assert entry.done == sum(1 for item in members if item.id in done)
            assert entry.total == len(members)
            assert entry.done_minutes == sum(
                _task_of(subject, item.id).effort_minutes for item in members if item.id in done
            )
        assert result.done_minutes == sum(entry.done_minutes for entry in result.modules)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcd"),  # its module: in runs, interleaved, or one alone
            st.booleans(),  # optional
            st.one_of(st.none(), st.integers(5, 30)),  # its deadline's day
            st.integers(1, 200),  # effort
        ),
        max_size=80,
    )
)
def test_each_modules_required_tasks_are_counted_in_plan_order_however_the_modules_interleave(
    rows: list[tuple[str, bool, int | None, int]],
) -> None:
    from learnsync.progress import PlanFacts

    tasks = tuple(
        _task(
            f"t{n}",
            effort,
            module=name,
            optional=optional,
            deadline=None if day is None else MONDAY + timedelta(days=day),
        )
        for n, (name, optional, day, effort) in enumerate(rows)
    )
    facts = PlanFacts(_plan(tasks))
    names = list(dict.fromkeys(name for name, *_ in rows))
    required = {
        name: [n for n, row in enumerate(rows) if row[0] == name and not row[1]] for name in names
    }
    assert facts.module_positions == required
    assert facts.module_totals == tuple(
        (
            name,
            name,
            sum(1 << n for n in required[name]),
            len(required[name]),
            sum(rows[n][3] for n in required[name]),
        )
        for name in names
    )
    sizes = facts.required_sizes
    assert sizes.total == sum(not optional for _, optional, _, _ in rows)
    assert sizes.by_module == {name: len(found) for name, found in required.items() if found}
    assert sizes.with_deadline == sum(
        not optional and day is not None for _, optional, day, _ in rows
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**300 - 1), st.integers(0, 2**300 - 1))
def test_a_set_of_tasks_lists_its_tasks_in_plan_order_and_sums_their_effort(
    chosen: int, other: int
) -> None:
    tasks = tuple(_task(f"t{number}", number * 37 % 500) for number in range(300))
    bits = TaskBits(tasks)
    for mask in (chosen, other, chosen & other, chosen & -chosen):  # many tasks, and one
        members = [item for number, item in enumerate(tasks) if mask >> number & 1]
        assert bits.listed(mask) == members
        assert bits.positions(mask) == [number for number in range(300) if mask >> number & 1]
        assert bits.effort(mask) == sum(item.effort_minutes for item in members)
        ids = [item.id for item in members] + ["not a task"]
        assert bits.mask(ids) == bits.mask(frozenset(ids)) == mask


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 299), max_size=12), st.booleans())
def test_a_few_ids_make_the_same_set_searched_for_as_read_from_the_table_of_bits(
    positions: list[int], table_first: bool
) -> None:
    # up to 8 ids are found by a search of the ids until the table of bits is made; ids of no
    # task (the negative positions) are left out either way
    tasks = tuple(_task(f"t{number}", 10) for number in range(300))
    ids = [f"t{number}" if number >= 0 else f"gone-{number}" for number in positions]
    expected = sum({1 << number for number in positions if number >= 0})
    searched = TaskBits(tasks)
    if table_first:
        searched.bit  # noqa: B018 (the table made before the sets are asked for)
    assert searched.mask(ids) == expected
    assert searched.mask(frozenset(ids)) == expected
    done = frozenset(ids[:3])
    assert searched.mask(searched.with_ids(done, ids[3:])) == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=12), st.lists(st.integers(0, 6), max_size=8)
)
def test_an_id_a_damaged_plan_repeats_is_the_last_task_with_it_searched_for_or_from_the_table(
    numbers: list[int], asked: list[int]
) -> None:
    # a store edited by hand can keep a plan that gives two tasks one id (learnsync writes none):
    # up to 8 ids searched for and the table of bits (made for more, or already made) agree, as
    # the task a completion is recorded for does (PlanFacts.task: the last with the id)
    tasks = tuple(_task(f"t{number}", 10) for number in numbers)
    ids = [f"t{number}" for number in asked]
    last = {task.id: position for position, task in enumerate(tasks)}
    expected = sum({1 << last[name] for name in ids if name in last})
    searched = TaskBits(tasks)
    assert searched.mask(ids) == expected
    assert TaskBits(tasks).mask(frozenset(ids)) == expected
    from_table = TaskBits(tasks)
    from_table.bit  # noqa: B018 (the table made before the set is asked for)
    assert from_table.mask(ids) == expected


def test_a_repeated_id_is_the_last_task_with_it() -> None:
    tasks = (_task("a", 10), _task("b", 20), _task("a", 30))
    bits = TaskBits(tasks)
    assert bits.mask(["a"]) == 0b100
    assert bits.effort(bits.mask(["a", "b"])) == 50
    assert bits.bit == {"a": 0b100, "b": 0b10}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 2**120 - 1), min_size=40, max_size=45), st.integers(1, 1000))
def test_a_sets_effort_is_the_same_summed_task_by_task_and_from_the_effort_planes(
    masks: list[int], scale: int
) -> None:
    # the first sets asked about are summed task by task, the later ones read from the planes
    tasks = tuple(_task(f"t{number}", 1 + number * scale % 487) for number in range(120))
    bits = TaskBits(tasks)
    for mask in [0, *masks, 0]:
        members = [item for number, item in enumerate(tasks) if mask >> number & 1]
        assert bits.effort(mask) == sum(item.effort_minutes for item in members)


def test_kept_index_texts_are_held_for_the_last_plans_given_only() -> None:
    """A script reading plan after plan (of many stores) holds the kept index text, and with
    it the plan, of the last ``_KEPT_PLANS`` only; the plan given again is the newest."""
    from learnsync import rules

    subject = plan(course([module("m0", task("t0", "1h"))]), start=MONDAY)
    plans = [subject._replace(course_title=f"course {number}") for number in range(70)]
    for each in plans:
        keep_index(each, PlanIndex(each, kept=False).kept())
    keep_index(plans[10], PlanIndex(plans[10], kept=False).kept())
    held = [kept_plan for kept_plan, _ in rules._KEPT.values()]
    assert len(held) == rules._KEPT_PLANS
    assert held[-1] is plans[10]
    assert held[0] is plans[6]  # 70 given, the first 6 let go


def test_the_kept_index_of_the_example_courses_is_pinned_to_its_format() -> None:
    """What a store keeps of each plan's index is read back by later releases as long as
    INDEX_FORMAT says it is the same: a change to what PlanIndex works out of a plan (which
    tasks have a deadline when, which are optional, ...) must change INDEX_FORMAT too, or old
    stores answer with the old rule until `store rebuild`."""
    import hashlib
    from pathlib import Path

    from learnsync import rules
    from learnsync.course.loader import load_course

    examples = Path(__file__).resolve().parent.parent / "examples"
    digests = {}
    for name in ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]:
        subject = plan(load_course(examples / f"{name}.toml"), start=MONDAY)
        text = PlanIndex(subject, kept=False).kept()
        digests[name] = hashlib.sha256(text.encode()).hexdigest()[:16]
    assert (rules.INDEX_FORMAT, digests) == (
        1,
        {
            "ai-content-tools": "891d9104cad00e49",
            "design-and-code-library": "2137ff3b17b5a8c4",
            "security-onboarding-blended": "f6ed14ac57e8917e",
        },
    ), "the kept index changed: if PlanIndex's rules changed, add one to INDEX_FORMAT"
