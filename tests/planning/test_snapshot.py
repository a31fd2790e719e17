from __future__ import annotations

from datetime import date

import pytest

import learnsync
from learnsync.planning.snapshot import plan_document, plan_from_document
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    "name", ["ai-content-tools", "design-and-code-library", "security-onboarding-blended"]
)
def test_a_plan_survives_the_trip_through_its_document(name: str) -> None:
    course = learnsync.load_course(EXAMPLES / f"{name}.toml")
    original = learnsync.plan(course, start=date(2027, 1, 4), timezone="Asia/Tokyo")
    assert plan_from_document(plan_document(original)) == original
