"""Every `--format json` output matches its published JSON Schema in docs/json/."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES, ROOT
from tests.test_cli_team import ROSTER
from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
FOLDER = ROOT / "docs" / "json"


def validate(name: str, text: str) -> None:
    schema = json.loads((FOLDER / f"{name}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [
        f"{list(error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(json.loads(text))
    ]
    assert errors == [], name


def test_the_schemas_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "json_schemas.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_json_output_matches_its_schema(
    run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def output(name: str, *arguments: object) -> None:
        result = run_cli(*arguments, "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        validate(name, result.stdout)

    course = write_course(COURSE)
    roster = write_course(ROSTER, "team.toml")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    output("check", "check", EXAMPLES)
    output("check", "check", ROOT / "tests" / "course" / "broken" / "requires-cycle.toml")
    for example in sorted(EXAMPLES.glob("*.toml")):
        output("plan", "plan", example, "--start", "2027-01-04")
    output("enroll", "enroll", course, "-l", "kim", "--start", "2027-01-04")
    assert run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    output("done", "done", "intro", "practice", "kickoff", "-l", "ann", "--score", "0.5")
    output("undo", "undo", "practice", "-l", "ann")
    output("enrollments", "enrollments")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+01:00")
    output("next", "next", "-l", "ann")
    output("status", "status", "-l", "ann")
    output("badges", "badges", "-l", "ann")
    output("leaderboard", "leaderboard", "sprint")
    output("report", "report", "sprint")
    output("remind", "remind")
    output("export", "export")
    output("replan", "replan", "-l", "ann")
    output("attendance", "done", "kickoff", "-l", "ann", "-l", "kim")
    output("unenroll", "unenroll", "kim", "--keep-events")
    output("store-path", "store", "path")
    output("issuer", "issuer", "init", "--did-web", "example.org")
    output("issuer", "issuer", "show")
    badges = course.parent / "badges"
    assert run_cli("export", "-f", "badges", "--output-dir", badges).exit_code == 0
    (badges / "broken.json").write_text("{}")
    output("verify", "verify", badges)
    output("store-rebuild", "store", "rebuild")
