from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import MINIMAL_COURSE, ROOT

VALIDATORS = ROOT.parent / "shared" / "validators"
SARIF_SCHEMA = VALIDATORS / "sarif-2.1.0.schema.json"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    if not SARIF_SCHEMA.exists():
        pytest.skip("the SARIF schema is not beside the project (../shared/validators)")
    schema = json.loads(SARIF_SCHEMA.read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_check_sarif_is_valid_sarif_with_rules_levels_uris_and_regions(
    run_cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sarif_validator: jsonschema.protocols.Validator,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "courses").mkdir()
    bad = tmp_path / "courses" / "my course.toml"
    bad.write_text(MINIMAL_COURSE.replace('effort = "30m"', 'efort = "30m"'))
    warned = tmp_path / "courses" / "warn.toml"
    warned.write_text(MINIMAL_COURSE + '\n[[module]]\nid = "empty"\ntitle = "E"\n')
    result = run_cli("check", "courses", "--format", "sarif", "--start", "none")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(sarif_validator.iter_errors(document)) == []
    run = document["runs"][0]
    assert [
        (rule["id"], rule["defaultConfiguration"]["level"])
        for rule in run["tool"]["driver"]["rules"]
    ] == [
        ("unknown-key", "error"),
        ("empty-module", "warning"),
    ]
    first, second = run["results"]
    assert first["level"] == "error"
    location = first["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "courses/my%20course.toml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 1},
    }
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "module[0].task[0].efort", "kind": "member"}
    ]
    assert second["level"] == "warning"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
