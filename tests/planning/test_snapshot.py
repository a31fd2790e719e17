from __future__ import annotations

import json
from datetime import date

import pytest

import learnsync
from learnsync.planning.snapshot import (
    plan_document,
    plan_from_document,
    stored_document,
    task_columns,
)
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    "name", ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]
)
def test_a_plan_survives_the_trip_through_its_document(name: str) -> None:
    course = learnsync.load_course(EXAMPLES / f"{name}.toml")
    original = learnsync.plan(course, start=date(2027, 1, 4), timezone="Asia/Tokyo")
    assert plan_from_document(plan_document(original)) == original
    # as the store keeps it: through JSON text, with its tasks by column
    stored = json.loads(json.dumps(stored_document(original)))
    assert plan_from_document(stored) == original
    # what the store's migration makes of the document a plan was stored as before, byte for
    # byte: a cohort enrolled before it shares its plan with the learners enrolled after
    before = plan_document(original)
    before["task_columns"] = task_columns(before.pop("tasks"))
    assert json.dumps(before) == json.dumps(stored_document(original))


def test_a_stored_plan_with_columns_of_different_lengths_is_refused() -> None:
    course = learnsync.load_course(EXAMPLES / "ai-content-tools.toml")
    stored = stored_document(learnsync.plan(course, start=date(2027, 1, 4)))
    stored["task_columns"]["title"].pop()
    with pytest.raises(ValueError):
        plan_from_document(stored)
