"""Plans as plain data and back: the documented JSON of ``plan --format json``, and the form an
enrollment keeps its plan in the store (``stored_document``: the same, with the tasks as a
table of packed columns in ``task_table``; plans stored in the forms before, with a list of
``tasks`` before migration 0017, by column in ``task_columns`` before migration 0020, and as a
table with its texts and lists of texts as JSON lists before migration 0024, are still read).
Reading it back needs neither the course file nor pydantic, so everyday commands stay fast."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import accumulate, compress, islice, repeat
from operator import is_not
from typing import Any

from learnsync.course.defaults import (
    DEFAULT_FREEZE_MAX,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
    WEEKDAYS,
)
from learnsync.planning.model import (
    BadgeRule,
    Blackout,
    Forecast,
    Mode,
    Plan,
    PlannedModule,
    PlannedSession,
    PlannedTask,
    Scoring,
    Slot,
    TaskTable,
)

SCHEMA_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def session_record(session: PlannedSession) -> dict[str, Any]:
    """A live session as plain data: its instants are ISO date-times with their offset."""
    return {
        "id": session.id,
        "title": session.title,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "mandatory": session.mandatory,
        "points": session.points,
        "url": session.url,
    }


def task_record(task: PlannedTask) -> dict[str, Any]:
    """A planned task as plain data."""
    return {
        "id": task.id,
        "module": task.module,
        "title": task.title,
        "kind": task.kind,
        "mode": task.mode,
        "effort_minutes": task.effort_minutes,
        "requires": list(task.requires),
        "optional": task.optional,
        "points": task.points,
        "tags": list(task.tags),
        "url": task.url,
        "due": _day(task.due),
        "deadline": _day(task.deadline),
        "slots": [{"date": slot.date.isoformat(), "minutes": slot.minutes} for slot in task.slots],
    }


def plan_document(plan: Plan, *, tasks: bool = True) -> dict[str, Any]:
    """``plan`` as plain data; without ``tasks`` its task list is left empty (for a renderer that
    writes the tasks itself, ``render.plan_json``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "course": {"id": plan.course_id, "title": plan.course_title, "iri": plan.iri},
        "mode": plan.mode,
        "start": plan.start.isoformat(),
        "finish": _day(plan.finish),
        "timezone": plan.timezone,
        "display_timezone": plan.display_timezone,
        "daily_minutes": plan.daily_minutes,
        "end": _day(plan.end),
        "focus": list(plan.focus),
        "tasks": [task_record(task) for task in plan.tasks] if tasks else [],
        "sessions": [session_record(session) for session in plan.sessions],
        "forecast": None
        if plan.forecast is None
        else {
            "finish": _day(plan.forecast.finish),
            "weekly_minutes": plan.forecast.weekly_minutes,
            "effort_minutes": plan.forecast.effort_minutes,
        },
        "modules": [
            {
                "id": module.id,
                "title": module.title,
                "mode": module.mode,
                "deadline": _day(module.deadline),
            }
            for module in plan.modules
        ],
        "workdays": list(plan.workdays),
        "blackouts": [
            {"from": b.first.isoformat(), "to": b.last.isoformat(), "title": b.title}
            for b in plan.blackouts
        ],
        "calendar_data": dict(plan.calendar_data),
        "weekly_minutes": plan.weekly_minutes,
        "scoring": {
            "late_penalty": plan.scoring.late_penalty,
            "levels": list(plan.scoring.levels),
            "freeze_every": plan.scoring.freeze_every,
            "freeze_max": plan.scoring.freeze_max,
            "weekly_target": plan.scoring.weekly_target,
        },
        "badges": [
            {
                "id": badge.id,
                "title": badge.title,
                "description": badge.description,
                "rule": badge.rule,
                **{
                    name: value
                    for name in ("count", "days", "points", "module", "kind", "unit")
                    if (value := getattr(badge, name)) is not None
                },
            }
            for badge in plan.badges
        ],
        "day_start": f"{plan.day_start // 60:02d}:{plan.day_start % 60:02d}",
        "days_off": [day.isoformat() for day in plan.days_off],
        "extra_study_days": [day.isoformat() for day in plan.extra_days],
    }


# What a stored plan is read back as, checked where it is decoded (a damaged store then gives one
# error for the plan, not a crash where a value is shown): each column of the task table in a
# pass in C (joining a column of texts raises TypeError for anything else in it), each value
# outside it on its own.
_MODES = frozenset({"sync", "async", "hybrid"})
_is_list: Callable[[object], bool] = list.__instancecheck__
_is_flag: Callable[[object], bool] = bool.__instancecheck__


def _texts(values: Any) -> list[str]:
    """``values`` when it is a list of texts; else ``TypeError``."""
    if type(values) is not list:
        raise TypeError("a list of texts that is something else")
    "".join(values)
    return values


def _optional_texts(values: Any) -> list[str | None]:
    """``values`` when it is a list of texts and nulls; else ``TypeError``."""
    if type(values) is not list:
        raise TypeError("a list of texts that is something else")
    "".join(compress(values, map(is_not, values, repeat(None))))
    return values


def _lists_of_texts(values: Any) -> list[list[str]]:
    """``values`` when it is a list of lists of texts; else ``TypeError``."""
    if type(values) is not list or not all(map(_is_list, values)):
        raise TypeError("a list of lists that holds something else")
    "".join(map("".join, values))
    return values


def _flags(values: Any) -> list[bool]:
    """``values`` when it is a list of true or false; else ``TypeError``."""
    if type(values) is not list or not all(map(_is_flag, values)):
        raise TypeError("a list of flags holds something else")
    return values


def _modes(values: Any) -> list[Mode]:
    """``values`` when it is a list of modes (sync, async, hybrid); else ``ValueError``."""
    modes: list[Mode] = _texts(values)  # type: ignore[assignment]
    if not _MODES.issuperset(modes):
        raise ValueError("a mode that is none of sync, async and hybrid")
    return modes


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("a text that is something else")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _integer(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("an integer that is something else")
    return value


def _optional_integer(value: Any) -> int | None:
    return None if value is None else _integer(value)


def _number(value: Any) -> float:
    if type(value) is not int and type(value) is not float:
        raise TypeError("a number that is something else")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("a flag that is something else")
    return value


def _mode(value: Any) -> Mode:
    if type(value) is not str or value not in _MODES:
        raise ValueError("a mode that is none of sync, async and hybrid")
    mode: Mode = value  # type: ignore[assignment]
    return mode


def _instant(text: Any) -> datetime:
    """The date-time with its UTC offset that ``text`` writes; else ``ValueError`` or
    ``TypeError``."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a date-time without its UTC offset")
    return moment


def _zone(value: Any) -> str:
    """``value`` when it names a time zone this machine knows; else ``TypeError`` or
    ``KeyError`` (``ZoneInfoNotFoundError``), or ``ValueError`` for a name no zone can have."""
    from zoneinfo import ZoneInfo

    name = _text(value)
    ZoneInfo(name)
    return name


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def stored_document(plan: Plan) -> dict[str, Any]:
    """``plan`` as the store keeps it: ``plan_document`` with its tasks as a table
    (``task_table``) in place of ``tasks``."""
    document = plan_document(plan, tasks=False)
    del document["tasks"]
    document["task_table"] = task_table(plan.tasks)
    return document


def task_table(tasks: Sequence[PlannedTask]) -> dict[str, Any]:
    """The tasks as the store keeps them: for each field of ``PlannedTask``, its values over the
    tasks in plan order, read back in passes in C. Ids, titles, urls and flags are JSON lists;
    every other column is integers, packed (``_packed``): ``effort_minutes`` and ``points``;
    ``module``, ``kind`` and ``mode`` as positions in ``modules``, ``kinds`` and ``modes``
    (each value once); ``requires`` as the positions of the ids required, one task's after the
    other, each task's count in ``requires_counts`` (an id's position in ``id``, or, for one
    that is no task of the plan, a module or a session, its position in ``outside_ids`` after
    the tasks); ``tags`` likewise, positions in ``tag_names`` (each tag once) counted in
    ``tag_counts``; ``due`` and ``deadline`` as positions in ``days`` (ISO dates, each once)
    plus one (0: none). Slots are kept once each (their days, positions in ``days`` plus one,
    in ``slot_days``, their minutes in ``slot_minutes``), and so is each distinct run of slots
    a task has (``slot_groups``: how many slots each holds; ``slot_group_slots``: their
    positions, one run after the other); ``slots`` is each task's run. A JSON list of integers
    is read about three times slower than their packed digits, a date some ten times slower
    than its position, a list of the few texts a plan repeats (or of lists of them) ten to
    thirty times slower than their positions, and most tasks of a plan share their slots with
    others."""
    days: dict[date, int] = {}

    def day(value: date | None) -> int:
        return 0 if value is None else days.setdefault(value, len(days) + 1)

    slots: dict[Slot, int] = {}  # each distinct slot, and its position
    groups: dict[tuple[Slot, ...], int] = {}  # each distinct slots of a task, and its position
    group_sizes: list[int] = []
    group_slots: list[int] = []
    task_groups: list[int] = []
    for task in tasks:
        group = groups.get(task.slots)
        if group is None:
            group = groups[task.slots] = len(groups)
            group_sizes.append(len(task.slots))
            group_slots.extend(slots.setdefault(slot, len(slots)) for slot in task.slots)
        task_groups.append(group)
    ids = [task.id for task in tasks]
    tasks_by_id: dict[str, int] = {}
    for position, identifier in enumerate(ids):
        tasks_by_id.setdefault(identifier, position)
    outside: dict[str, int] = {}  # each id required that is no task's, and its position

    def required(identifier: str) -> int:
        position = tasks_by_id.get(identifier)
        if position is None:
            position = len(ids) + outside.setdefault(identifier, len(outside))
        return position

    tags: dict[str, int] = {}
    modules: dict[str, int] = {}
    kinds: dict[str, int] = {}
    modes: dict[str, int] = {}
    return {
        "id": ids,
        "module": _packed([modules.setdefault(task.module, len(modules)) for task in tasks]),
        "modules": list(modules),
        "title": [task.title for task in tasks],
        "kind": _packed([kinds.setdefault(task.kind, len(kinds)) for task in tasks]),
        "kinds": list(kinds),
        "mode": _packed([modes.setdefault(task.mode, len(modes)) for task in tasks]),
        "modes": list(modes),
        "effort_minutes": _packed([task.effort_minutes for task in tasks]),
        "requires": _packed([required(name) for task in tasks for name in task.requires]),
        "requires_counts": _packed([len(task.requires) for task in tasks]),
        "outside_ids": list(outside),
        "optional": [task.optional for task in tasks],
        "points": _packed([task.points for task in tasks]),
        "tags": _packed([tags.setdefault(tag, len(tags)) for task in tasks for tag in task.tags]),
        "tag_counts": _packed([len(task.tags) for task in tasks]),
        "tag_names": list(tags),
        "url": [task.url for task in tasks],
        "due": _packed([day(task.due) for task in tasks]),
        "deadline": _packed([day(task.deadline) for task in tasks]),
        "slots": _packed(task_groups),
        "slot_groups": _packed(group_sizes),
        "slot_group_slots": _packed(group_slots),
        "slot_days": _packed([day(slot.date) for slot in slots]),
        "slot_minutes": _packed([slot.minutes for slot in slots]),
        "days": [value.isoformat() for value in days],
    }


def _packed(numbers: Sequence[int]) -> str | list[int]:
    """Integers as ``task_table`` keeps a column of them: the type code (as ``array`` and
    ``memoryview`` name them) of the smallest integers that hold them all, ``B``, ``H``, ``I``
    or ``Q`` (unsigned, 1, 2, 4 or 8 bytes) or ``b``, ``h``, ``i`` or ``q`` (signed), then the
    hexadecimal digits of each (little-endian, two's complement), which a reader turns back
    into a list in C; a JSON list in the rare plan that holds one beyond 64 bits. Tables
    written before migration 0024 have every integer in 8 bytes, signed, and no code: their
    digits are always an even number, the code makes them odd."""
    from array import array

    low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
    for code, size in _SIZES.items():
        if code.isupper():
            fits = low >= 0 and high >> (8 * size) == 0
        else:
            fits = low >> (8 * size - 1) in (0, -1) and high >> (8 * size - 1) in (0, -1)
        if fits:
            packed = array(code, numbers)
            if _BIG_ENDIAN:
                packed.byteswap()
            return code + packed.tobytes().hex()
    return list(numbers)


# the type codes of packed integers, unsigned first, and the bytes each integer takes
_SIZES = {"B": 1, "H": 2, "I": 4, "Q": 8, "b": 1, "h": 2, "i": 4, "q": 8}


def _numbers(value: str | list[int]) -> tuple[list[int], bool]:
    """The integers of ``_packed`` (or of its form before migration 0024, 8 bytes each), and
    whether they were packed unsigned (none can be negative)."""
    if isinstance(value, str):
        code = "q"
        if len(value) % 2:  # the type code first
            code = value[0]
            if code not in _SIZES:
                raise ValueError("packed integers of no type learnsync writes")
            value = value[1:]
        packed = bytes.fromhex(value)
        if _BIG_ENDIAN:
            from array import array

            swapped = array(code, packed)
            swapped.byteswap()
            return swapped.tolist(), code.isupper()
        # a memoryview reads them in C as array would, without loading array's extension
        if len(packed) % _SIZES[code]:  # damage, as array would say it
            raise ValueError("bytes length not a multiple of item size")
        numbers: list[int] = memoryview(packed).cast(code).tolist()  # type: ignore[call-overload]
        return numbers, code.isupper()
    if not isinstance(value, list) or not all(type(number) is int for number in value):
        raise TypeError("a column of integers holds something else")
    return value, False


def _unpacked(value: str | list[int]) -> list[int]:
    """The integers of ``_packed``."""
    return _numbers(value)[0]


def _positions(value: str | list[int], size: int) -> list[int]:
    """The integers of ``_packed`` that are positions in a table of ``size`` (or counts up to
    ``size`` - 1): a damaged one is refused, not read from the table's end (those packed
    unsigned cannot be negative: only their largest is compared)."""
    numbers, unsigned = _numbers(value)
    if numbers and ((not unsigned and min(numbers) < 0) or max(numbers) >= size):
        raise ValueError("a position out of its table")
    return numbers


def _naturals(value: str | list[int]) -> list[int]:
    """The integers of ``_packed``, none negative (those packed unsigned are not gone over)."""
    numbers, unsigned = _numbers(value)
    if numbers and not unsigned and min(numbers) < 0:
        raise ValueError("a negative position or count")
    return numbers


def _grouped(items: list[Any], counts: str | list[int]) -> list[tuple[Any, ...]]:
    """``items`` cut into tuples of ``counts`` items each, in order (every item in one)."""
    sizes = _positions(counts, len(items) + 1)
    if sum(sizes) != len(items):
        raise ValueError("counts that do not add up to the items")
    cut = tuple(items).__getitem__
    return list(map(cut, map(slice, accumulate(sizes, initial=0), accumulate(sizes))))


def _lists(
    positions: str | list[int], values: list[Any], counts: str | list[int]
) -> Iterator[tuple[Any, ...]]:
    """The tuples of the ``values`` at the packed ``positions``, one after the other, each of
    the length in ``counts``: all made in C, by a ``zip`` for each length that takes its values
    from the one iterator over them (some hundreds of instructions a tuple, where cutting each
    out of a tuple by its slice, as ``_grouped`` does, takes some 1,400). A position past the
    end of ``values`` raises ``IndexError`` as the tuples are made: make them all at once."""
    numbers = _naturals(positions)
    sizes = _naturals(counts)
    if sum(sizes) != len(numbers):
        raise ValueError("counts that do not add up to the items")
    return _runs(numbers, values, sizes)


def _runs(numbers: list[int], values: list[Any], sizes: list[int]) -> Iterator[tuple[Any, ...]]:
    """``_lists`` of positions and counts read already (the counts add up to the positions)."""
    members = iter(_at(numbers, values))
    runs = {
        size: zip(*repeat(members, size), strict=True) if size else repeat(())
        for size in set(sizes)
    }
    if len(runs) == 1:  # every list of one length (no tags at all, say): none to pick
        (run,) = runs.values()
        return islice(run, len(sizes))
    return map(next, map(runs.__getitem__, sizes))


class _Runs:
    """A column of tuples kept as ``_lists`` reads it (the values at packed positions, each
    task's count of them), checked now and made when read: whole (``whole``, in C) or one
    task's (``one``). ``done`` reads the requirements of the task it records alone."""

    __slots__ = ("_numbers", "_sizes", "_values")

    def __init__(self, positions: str | list[int], values: list[Any], counts: str | list[int]):
        self._numbers = _naturals(positions)
        self._sizes = _naturals(counts)
        self._values = values
        if sum(self._sizes) != len(self._numbers):
            raise ValueError("counts that do not add up to the items")
        if self._numbers and max(self._numbers) >= len(values):
            raise IndexError("a position out of its table")

    def __len__(self) -> int:
        return len(self._sizes)

    def whole(self) -> list[tuple[Any, ...]]:
        return list(_runs(self._numbers, self._values, self._sizes))

    def one(self, position: int) -> tuple[Any, ...]:
        start = sum(self._sizes[:position])
        chosen = self._numbers[start : start + self._sizes[position]]
        return tuple(map(self._values.__getitem__, chosen))


_BIG_ENDIAN = sys.byteorder == "big"
_BADGE_FIELDS = frozenset(BadgeRule._fields)


def _tasks_of_table(table: dict[str, Any]) -> TaskTable:
    """The tasks of ``task_table``, each column checked here in passes in C (a damaged store is
    found where its plan is read), and made into what the tasks hold (days, tuples, slots) when
    first read: a command reads a few columns and makes a few tasks (``TaskTable``)."""
    days = [None, *map(date.fromisoformat, table["days"])]
    day = days.__getitem__
    task_slots: tuple[Any, Any]
    if "slot_groups" in table:  # each distinct slot, and each distinct slots of a task, once
        task_slots = (None, _Slots(table, days))
    else:  # as migration 0020 first wrote them: every task's slots one after the other
        task_slots = (tuple, _grouped(_slots(table, days), table["slot_counts"]))
    ids = _texts(table["id"])
    # each column a list, or (convert, raw): made into its values when first read
    columns: dict[str, Any]
    if "requires_counts" in table:  # texts that repeat, and lists, as positions
        names = [*ids, *_texts(table["outside_ids"])]
        columns = {
            "module": _each(table["module"], _texts(table["modules"])),
            "kind": _looked_up(table["kind"], _texts(table["kinds"])),
            "mode": _looked_up(table["mode"], _modes(table["modes"])),
            "requires": (None, _Runs(table["requires"], names, table["requires_counts"])),
            "tags": (None, _Runs(table["tags"], _texts(table["tag_names"]), table["tag_counts"])),
        }
    else:  # as migrations 0020 and 0021 wrote them: texts and lists of texts
        columns = {
            "module": _texts(table["module"]),
            "kind": _texts(table["kind"]),
            "mode": _modes(table["mode"]),
            "requires": (tuple, _lists_of_texts(table["requires"])),
            "tags": (tuple, _lists_of_texts(table["tags"])),
        }
    columns |= {
        "id": ids,
        "title": _texts(table["title"]),
        "effort_minutes": _unpacked(table["effort_minutes"]),
        "optional": _flags(table["optional"]),
        "points": _unpacked(table["points"]),
        "url": _optional_texts(table["url"]),
        "due": (day, _positions(table["due"], len(days))),
        "deadline": (day, _positions(table["deadline"], len(days))),
        "slots": task_slots,
    }
    sizes = {len(value[1] if type(value) is tuple else value) for value in columns.values()}
    if len(sizes) != 1:
        raise ValueError("columns of the task table of different lengths")
    (size,) = sizes
    return TaskTable(size, columns)


def _each(positions: str | list[int], values: list[Any]) -> list[Any]:
    """The ``values`` at the packed ``positions``, in order, looked up now: a position past the
    end of ``values`` raises ``IndexError``, a negative one ``ValueError``."""
    return list(_at(_naturals(positions), values))


def _looked_up(positions: str | list[int], values: list[Any]) -> tuple[Any, list[int]]:
    """``_each``, checked now and looked up when read: ``(values.__getitem__, numbers)``."""
    numbers = _naturals(positions)
    if numbers and max(numbers) >= len(values):
        raise IndexError("a position out of its table")
    return values.__getitem__, numbers


def _slots(table: dict[str, Any], days: list[date | None]) -> list[Slot]:
    """Each distinct slot of ``task_table`` (``slot_days``, ``slot_minutes``)."""
    slot_days = _positions(table["slot_days"], len(days))
    if 0 in slot_days:
        raise ValueError("a slot without a day")
    return _made_slots(slot_days, _unpacked(table["slot_minutes"]), days)


def _made_slots(slot_days: list[int], minutes: list[int], days: list[date | None]) -> list[Slot]:
    """The slots on the ``days`` at ``slot_days`` of ``minutes`` each (checked already)."""
    new: Callable[..., Any] = tuple.__new__
    return list(map(new, repeat(Slot), zip(map(days.__getitem__, slot_days), minutes, strict=True)))


class _Slots:
    """The slots column of ``task_table`` (each distinct slot once, each distinct run of slots
    a task has once, and each task's run), checked now and made when read: whole (``whole``)
    or one task's (``one``)."""

    __slots__ = ("_days", "_members", "_minutes", "_sizes", "_slot_days", "_tasks")

    def __init__(self, table: dict[str, Any], days: list[date | None]) -> None:
        self._days = days
        self._slot_days = _positions(table["slot_days"], len(days))
        if 0 in self._slot_days:
            raise ValueError("a slot without a day")
        self._minutes = _unpacked(table["slot_minutes"])
        if len(self._minutes) != len(self._slot_days):
            raise ValueError("slot days and minutes of different lengths")
        self._members = _naturals(table["slot_group_slots"])
        self._sizes = _naturals(table["slot_groups"])
        if sum(self._sizes) != len(self._members):
            raise ValueError("counts that do not add up to the items")
        if self._members and max(self._members) >= len(self._slot_days):
            raise IndexError("a position out of its table")
        self._tasks = _positions(table["slots"], len(self._sizes))

    def __len__(self) -> int:
        return len(self._tasks)

    def whole(self) -> list[tuple[Slot, ...]]:
        slots = _made_slots(self._slot_days, self._minutes, self._days)
        groups = list(_runs(self._members, slots, self._sizes))
        return list(map(groups.__getitem__, self._tasks))

    def one(self, position: int) -> tuple[Slot, ...]:
        group = self._tasks[position]
        start = sum(self._sizes[:group])
        new: Callable[..., Any] = tuple.__new__
        return tuple(
            new(Slot, (self._days[self._slot_days[member]], self._minutes[member]))
            for member in self._members[start : start + self._sizes[group]]
        )


def _at(numbers: list[int], values: list[Any]) -> Iterable[Any]:
    """The ``values`` at the positions ``numbers`` (none negative), as they are read: one past
    the end of ``values`` raises ``IndexError`` there."""
    if len(values) == 1:  # one value for all (a plan's one mode, say): none to look up
        if any(numbers):
            raise IndexError("a position out of its table")
        return repeat(values[0], len(numbers))
    return map(values.__getitem__, numbers)


def task_columns(records: Iterable[dict[str, Any]]) -> dict[str, list[Any]]:
    """The ``task_columns`` a plan was stored with from migration 0017 to 0020 (for each field
    of ``PlannedTask``, its values over the tasks in plan order; a task's slots as [date,
    minutes] pairs), from the task records of ``plan_document`` (a plan stored before the
    columns, or its JSON)."""
    records = list(records)
    columns = {name: [record[name] for record in records] for name in PlannedTask._fields}
    columns["slots"] = [
        [[slot["date"], slot["minutes"]] for slot in slots] for slots in columns["slots"]
    ]
    return columns


def _tasks_of_columns(columns: dict[str, list[Any]]) -> tuple[PlannedTask, ...]:
    """The tasks of ``task_columns``: a plan names the same few days many times, each is
    parsed once, and each record is made from its full row of fields in one step."""
    parse = date.fromisoformat
    new: Callable[..., Any] = tuple.__new__
    days: dict[str | None, date | None] = {None: None}
    for text in {*columns["due"], *columns["deadline"]}:
        if text not in days:
            days[text] = parse(text)
    slots = []
    for pairs in columns["slots"]:
        row = []
        for text, minutes in pairs:
            day = days.get(text)
            if day is None:
                day = days[text] = parse(text)
            row.append(new(Slot, (day, minutes)))
        slots.append(tuple(row))
    on = days.__getitem__
    return tuple(
        map(
            new,
            repeat(PlannedTask),
            zip(
                _texts(columns["id"]),
                _texts(columns["module"]),
                _texts(columns["title"]),
                _texts(columns["kind"]),
                _modes(columns["mode"]),
                _unpacked(columns["effort_minutes"]),
                map(tuple, _lists_of_texts(columns["requires"])),
                _flags(columns["optional"]),
                _unpacked(columns["points"]),
                map(tuple, _lists_of_texts(columns["tags"])),
                _optional_texts(columns["url"]),
                map(on, columns["due"]),
                map(on, columns["deadline"]),
                slots,
                strict=True,
            ),
        )
    )


def plan_from_document(document: dict[str, Any]) -> Plan:
    """The ``Plan`` that ``stored_document`` (or ``plan_document``, or a form the store kept
    plans in before, ``task_columns``) turned into ``document``.

    Every stored plan is read through here (1,000 tasks for a command that shows one line of
    them)."""
    forecast = document.get("forecast")
    scoring = document.get("scoring", {})
    table = document.get("task_table")
    tasks: Sequence[PlannedTask]
    if table is not None:
        tasks = _tasks_of_table(table)
    else:
        columns = document.get("task_columns")
        tasks = _tasks_of_columns(task_columns(document["tasks"]) if columns is None else columns)
    course = document["course"]
    calendar_data = document.get("calendar_data", {})
    return Plan(
        course_id=_text(course["id"]),
        course_title=_text(course["title"]),
        course_iri=_text(course.get("iri", "")),
        mode=_mode(document["mode"]),
        start=date.fromisoformat(document["start"]),
        timezone=_zone(document["timezone"]),
        display_timezone=_zone(document["display_timezone"]),
        daily_minutes=_integer(document["daily_minutes"]),
        end=_date(document.get("end")),
        tasks=tasks,
        sessions=tuple(
            PlannedSession(
                id=_text(session["id"]),
                title=_text(session["title"]),
                start=_instant(session["start"]),
                end=_instant(session["end"]),
                mandatory=_flag(session["mandatory"]),
                points=_integer(session["points"]),
                url=_optional_text(session["url"]),
            )
            for session in document["sessions"]
        ),
        forecast=None
        if forecast is None
        else Forecast(
            finish=_date(forecast["finish"]),
            weekly_minutes=_integer(forecast["weekly_minutes"]),
            effort_minutes=_integer(forecast["effort_minutes"]),
        ),
        focus=tuple(_texts(document.get("focus", []))),
        modules=tuple(
            PlannedModule(
                _text(module["id"]),
                _text(module["title"]),
                _mode(module["mode"]),
                _date(module["deadline"]),
            )
            for module in document.get("modules", ())
        ),
        workdays=_weekdays(document.get("workdays", DEFAULT_WORKDAYS)),
        blackouts=tuple(
            Blackout(date.fromisoformat(b["from"]), date.fromisoformat(b["to"]), _text(b["title"]))
            for b in document.get("blackouts", ())
        ),
        calendar_data=tuple(
            zip(_texts(list(calendar_data)), _texts(list(calendar_data.values())), strict=True)
        ),
        weekly_minutes=_integer(document.get("weekly_minutes", 0)),
        scoring=Scoring(
            _number(scoring.get("late_penalty", DEFAULT_LATE_PENALTY)),
            _integers(scoring.get("levels", DEFAULT_LEVELS)),
            _optional_integer(scoring.get("freeze_every")),
            _integer(scoring.get("freeze_max", DEFAULT_FREEZE_MAX)),
            _optional_integer(scoring.get("weekly_target")),
        ),
        day_start=_minutes(document.get("day_start", "00:00")),
        days_off=tuple(date.fromisoformat(day) for day in document.get("days_off", ())),
        extra_days=tuple(date.fromisoformat(day) for day in document.get("extra_study_days", ())),
        badges=tuple(_badge(badge) for badge in document.get("badges", ())),
    )


def _weekdays(values: Any) -> tuple[str, ...]:
    """The study weekdays a plan keeps (``mon`` ... ``sun``); else ``ValueError`` or
    ``TypeError``."""
    days = tuple(_texts(list(values)) if type(values) is tuple else _texts(values))
    if not set(days) <= set(WEEKDAYS):
        raise ValueError("a workday that is no day of the week")
    return days


def _integers(values: Any) -> tuple[int, ...]:
    numbers = tuple(values)
    if not all(type(number) is int for number in numbers):
        raise TypeError("a list of integers holds something else")
    return numbers


def _badge(badge: dict[str, Any]) -> BadgeRule:
    """A badge rule as a plan keeps it; else ``TypeError`` (a field missing, unknown or of
    another type)."""
    if not _BADGE_FIELDS.issuperset(badge):
        raise TypeError("a badge rule with a field of no badge rule")
    rule = BadgeRule._make(map(badge.get, BadgeRule._fields))  # no keywords to bind
    if None in rule[:4]:
        raise TypeError("a badge rule without its id, title, description or rule")
    for name in ("id", "title", "description", "rule"):
        _text(getattr(rule, name))
    for name in ("count", "days", "points"):
        _optional_integer(getattr(rule, name))
    for name in ("module", "kind", "unit"):
        _optional_text(getattr(rule, name))
    return rule
