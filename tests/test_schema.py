from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES, MINIMAL_COURSE


def as_json(value: Any) -> Any:
    """A TOML document the way an editor hands it to a JSON Schema: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    from learnsync.course.schema import course_schema

    schema = course_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda path: path.stem)
def test_the_schema_accepts_every_example(
    path: Path, validator: jsonschema.Draft7Validator
) -> None:
    document = as_json(tomllib.loads(path.read_text()))
    assert list(validator.iter_errors(document)) == []


def test_the_schema_accepts_the_init_template(validator: jsonschema.Draft7Validator) -> None:
    from learnsync.commands.init import render_template

    document = as_json(tomllib.loads(render_template("Onboarding", "course.toml")))
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(
    ("change", "message_part"),
    [
        (('effort = "30m"', 'efort = "30m"'), "'efort' was unexpected"),
        (('effort = "30m"', 'effort = "soon"'), "is not valid under any of the given schemas"),
        (('title = "T"', "title = 3"), "is not of type 'string'"),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(
    change: tuple[str, str], message_part: str, validator: jsonschema.Draft7Validator
) -> None:
    document = as_json(tomllib.loads(MINIMAL_COURSE.replace(*change)))
    errors = [error.message for error in validator.iter_errors(document)]
    assert any(message_part in error for error in errors), errors


def test_schema_command_prints_the_schema(run_cli: Callable[..., Result]) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["required"] == ["course"]
    assert set(schema["properties"]) == {
        "course",
        "calendar",
        "pace",
        "scoring",
        "module",
        "session",
        "badge",
        "cohort",
    }


def test_schema_command_writes_a_file(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "learnsync.schema.json"
    assert run_cli("schema", "--output", target).exit_code == 0
    assert json.loads(target.read_text())["title"] == "learnsync course, format 1"


def test_the_schema_has_extra_workdays_as_an_array_of_dates(
    run_cli: Callable[..., Result], validator: jsonschema.Draft7Validator
) -> None:
    extra = MINIMAL_COURSE.replace(
        'title = "C"\n', 'title = "C"\n\n[calendar]\nworkdays_extra = [2027-10-29]\n', 1
    )
    assert list(validator.iter_errors(as_json(tomllib.loads(extra)))) == []
    one_date = as_json(tomllib.loads(extra.replace("[2027-10-29]", "2027-10-29")))
    assert [error.message for error in validator.iter_errors(one_date)] == [
        "'2027-10-29' is not of type 'array'"
    ]
    calendar = json.loads(run_cli("schema").stdout)["definitions"]["Calendar"]
    assert calendar["properties"]["workdays_extra"]["items"] == {"type": "string", "format": "date"}
