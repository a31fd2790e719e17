"""plan --format json writes its task lines directly, byte for byte as the generic encoder
writes the plan's document."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.loader import load_course, parse_course
from learnsync.planning import plan
from learnsync.planning.model import Plan, PlannedTask, Slot
from learnsync.planning.snapshot import plan_document, task_record
from learnsync.render.jsonfmt import compact, dumps_document
from learnsync.render.plan_json import render_plan, task_lines
from learnsync.rules import sessions_after_end

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_course  # noqa: E402


def _generic(made: Plan) -> str:
    return dumps_document(plan_document(made) | {"warnings": sessions_after_end(made)})


@pytest.mark.parametrize("mode", [None, "sync", "async", "hybrid"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_plans_are_written_as_the_generic_encoder_writes_them(
    path: Path, mode: str | None
) -> None:
    made = plan(load_course(path), start=date(2027, 1, 4), mode=mode)  # type: ignore[arg-type]
    assert render_plan(made) == _generic(made)


def test_a_generated_plan_is_written_as_the_generic_encoder_writes_it() -> None:
    made = plan(parse_course(generate_course(300, 600)), start=date(2027, 1, 4))
    assert render_plan(made) == _generic(made)


TEXT = st.text(max_size=12) | st.sampled_from(['"', "\\", "\x7f", "\u202e", "\u2028", "é", "\n"])
DAYS = st.dates(date(2000, 1, 1), date(2200, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    st.builds(
        PlannedTask,
        id=TEXT,
        module=TEXT,
        title=TEXT,
        kind=st.sampled_from(["reading", "video", "quiz"]),
        mode=st.sampled_from(["sync", "async", "hybrid"]),
        effort_minutes=st.integers(1, 600_000),
        requires=st.lists(TEXT, max_size=3).map(tuple),
        optional=st.booleans(),
        points=st.integers(0, 10**6),
        tags=st.lists(TEXT, max_size=3).map(tuple),
        url=st.none() | TEXT,
        due=st.none() | DAYS,
        deadline=st.none() | DAYS,
        slots=st.lists(st.builds(Slot, DAYS, st.integers(1, 1440)), max_size=3).map(tuple),
    )
)
def test_any_task_line_is_the_generic_encoding_of_its_record(task: PlannedTask) -> None:
    assert task_lines([task]) == [compact(task_record(task))]
