"""A valid course is read without pydantic into exactly the records pydantic builds; whatever
pydantic refuses (or might), the builder leaves to pydantic."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from learnsync.course import model, validation
from learnsync.course.build import build_course

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
BROKEN = sorted((Path(__file__).parent / "broken").glob("*.toml"))

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_course  # noqa: E402

# Every table and key of the format, each with a valid value.
FULL: dict[str, Any] = {
    "course": {
        "id": "c-1",
        "title": "Course",
        "summary": "s",
        "objectives": ["o"],
        "mode": "sync",
        "iri": "urn:example:c-1",
    },
    "calendar": {
        "timezone": "Europe/Berlin",
        "workdays": ["mon", "tue"],
        "daily": "1h30m",
        "holidays": [dt.date(2027, 1, 6)],
        "country": "DE",
        "subdivision": "BE",
        "workdays_extra": ["2027-01-09"],
        "blackouts": "shift",
        "blackout": [{"from": "day 3", "to": "day 4", "title": "Break"}],
    },
    "pace": {"weekly": "4h"},
    "scoring": {
        "late_penalty": 0.25,
        "levels": [0, 10],
        "freeze_every": 5,
        "freeze_max": 2,
        "weekly_target": 3,
    },
    "module": [
        {
            "id": "m",
            "title": "M",
            "description": "d",
            "due": "week 2",
            "mode": "hybrid",
            "task": [
                {
                    "id": "a",
                    "title": "A",
                    "kind": "video",
                    "effort": 30,
                    "points": 3,
                    "url": "https://example.org/a",
                    "description": "x",
                    "tags": ["t"],
                    "requires": [],
                    "due": "day 3",
                    "optional": False,
                },
                {"id": "b", "title": "B", "effort": "1h", "requires": ["a"], "due": "k + 2 days"},
            ],
        }
    ],
    "session": [
        {
            "id": "k",
            "title": "Kickoff",
            "at": "day 1 10:00",
            "duration": "1h",
            "mandatory": True,
            "points": 5,
            "url": "https://example.org/k",
            "description": "k",
        }
    ],
    "badge": [
        {"id": "b1", "title": "B", "description": "d", "rule": "kind", "kind": "video", "count": 1},
        {
            "id": "b2",
            "title": "S",
            "rule": "streak",
            "unit": "weeks",
            "count": 2,
            "days": 3,
            "points": 4,
            "module": "m",
        },
    ],
    "cohort": [{"start": dt.date(2027, 1, 4), "name": "January"}],
}


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
        found.append((*path, "unknown"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


PATHS = _paths(FULL)
DELETE = object()
SAMPLES: list[object] = [
    "",
    " ",
    "a",
    "a b",
    "a,b",
    "A",
    "-a",
    "a-",
    "x" * 101,
    "é",
    "\u00a0",
    "\u2028",
    "\x1c",
    "\x7f",
    "day 0",
    "day 1",
    "week 2",
    "day 36601",
    "2027-01-04",
    "1999-12-31",
    "2027-01-04T10:00:00",
    "day 1 10:00",
    "day 1 24:00",
    "k + 1 day",
    "before k",
    "0",
    "45",
    "1h",
    "0m",
    "10001h",
    "mon",
    "sync",
    "video",
    "kind",
    "streak",
    "weeks",
    "fixed",
    "UTC",
    "https://example.org",
    "ftp://example.org",
    "urn:x",
    "1:x",
    -1,
    0,
    1,
    2,
    3,
    7,
    8,
    10,
    11,
    100,
    101,
    600_000,
    600_001,
    0.5,
    1.0,
    1.5,
    float("nan"),
    True,
    False,
    dt.date(2027, 1, 4),
    dt.date(1999, 12, 31),
    dt.datetime(2027, 1, 4, 10, 0),
    dt.time(10, 0),
    [],
    ["a"],
    {},
]
SCALARS = (
    st.sampled_from(SAMPLES)
    | st.text(max_size=6)
    | st.integers(-2, 120)
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.times()
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "title", "effort", "x"]), children, max_size=3)
    ),
    max_leaves=6,
)
EDITS = st.lists(
    st.tuples(st.sampled_from(PATHS), st.just(DELETE) | VALUES | VALUES.map(lambda v: [v])),
    min_size=1,
    max_size=3,
)


def _edited(document: dict[str, Any], edits: list[tuple[tuple[Any, ...], object]]) -> Any:
    edited: Any = copy.deepcopy(document)
    for path, value in edits:
        if not path:
            continue
        node = edited
        try:
            for part in path[:-1]:
                node = node[part]
            if value is DELETE:
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return edited


def _pydantic(document: object) -> model.Course | None:
    try:
        return validation.to_records(validation.Course.model_validate(document))  # type: ignore[no-any-return]
    except ValidationError:
        return None


def _agrees(document: object) -> model.Course | None:
    """The builder's course, after checking it against pydantic's."""
    built = build_course(document)
    if built is not None:
        expected = _pydantic(document)
        assert built == expected
        assert repr(built) == repr(expected)  # 1 == 1.0 == True: the types must agree too
    return built


@pytest.mark.parametrize("path", EXAMPLES + BROKEN, ids=lambda path: path.name)
def test_course_files_build_as_pydantic_builds_them(path: Path) -> None:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return
    built = _agrees(document)
    if path in EXAMPLES:
        assert built is not None


def test_every_key_of_the_format_builds_as_pydantic_builds_it() -> None:
    assert _agrees(FULL) is not None


def test_a_generated_course_of_a_thousand_tasks_builds_without_pydantic() -> None:
    document = tomllib.loads(generate_course(1_000, 2_000))
    assert _agrees(document) is not None


@pytest.mark.parametrize("path", PATHS, ids=lambda path: ".".join(map(str, path)))
def test_each_key_with_any_sample_value_builds_as_pydantic_builds_it(
    path: tuple[Any, ...],
) -> None:
    for value in [DELETE, *SAMPLES]:
        _agrees(_edited(FULL, [(path, value)]))


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_any_edit_of_a_course_builds_as_pydantic_builds_it_or_is_left_to_pydantic(
    edits: list[tuple[tuple[Any, ...], object]],
) -> None:
    _agrees(_edited(FULL, edits))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=110))
def test_any_id_is_accepted_only_when_pydantic_accepts_it(identifier: str) -> None:
    document = _edited(FULL, [(("module", 0, "task", 0, "id"), identifier)])
    _agrees(document)
    iri = _edited(FULL, [(("course", "iri"), "urn:" + identifier)])
    _agrees(iri)


def test_the_records_have_the_fields_and_keys_of_the_pydantic_models() -> None:
    for name, pydantic_model in validation.MODELS.items():
        record = getattr(model, name)
        fields = pydantic_model.model_fields
        assert record.fields == tuple(fields)
        assert record.keys == tuple(field.alias or name for name, field in fields.items())


def test_records_compare_copy_and_validate_as_the_models_did() -> None:
    course = model.Course.model_validate(FULL)
    assert course == model.Course.model_validate(copy.deepcopy(FULL))
    blackout = model.Blackout.model_validate({"from": "day 2"})
    assert blackout.title == "Blackout" and blackout.last is None
    assert hash(blackout) == hash(model.Blackout.model_validate({"from": "day 2"}))
    later = course.calendar.model_copy(update={"daily_minutes": 120})
    assert (later.daily_minutes, later.timezone) == (120, "Europe/Berlin")
    assert course.calendar.daily_minutes == 90
    with pytest.raises(ValidationError):
        model.Course.model_validate({"course": {"id": "x"}})


def test_checking_and_planning_a_valid_course_do_not_import_pydantic(tmp_path: Path) -> None:
    course = str(ROOT / "examples" / "ai-content-tools.toml")
    for arguments in (["check", course], ["plan", course, "--start", "2027-01-04", "-f", "json"]):
        code = (
            f"import sys, runpy; sys.argv = ['learnsync', *{arguments!r}]\n"
            "try:\n    runpy.run_module('learnsync', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print([m for m in sys.modules if m.startswith('pydantic')])"
        )
        output = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert output.stdout.strip().splitlines()[-1] == "[]", arguments


def _keys(*tables: dict[str, Any]) -> set[str]:
    return {key for table in tables for key in table}


def _fields(table: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in table.model_fields.items()}


@pytest.mark.parametrize(
    ("table", "keys"),
    [
        (validation.Course, _keys(FULL)),
        (validation.CourseInfo, _keys(FULL["course"])),
        (validation.Calendar, _keys(FULL["calendar"])),
        (validation.Blackout, _keys(*FULL["calendar"]["blackout"])),
        (validation.Pace, _keys(FULL["pace"])),
        (validation.Scoring, _keys(FULL["scoring"])),
        (validation.Module, _keys(*FULL["module"])),
        (validation.Task, _keys(*FULL["module"][0]["task"])),
        (validation.Session, _keys(*FULL["session"])),
        (validation.Badge, _keys(*FULL["badge"])),
        (validation.Cohort, _keys(*FULL["cohort"])),
    ],
)
def test_the_full_course_sets_every_key_of_every_table(
    table: type[BaseModel], keys: set[str]
) -> None:
    # the differential tests vary each key of FULL: a key missing from it would go untested
    assert keys == _fields(table)
