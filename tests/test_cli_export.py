from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import ROOT
from tests.test_cli_team import ROSTER
from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
OB_SCHEMA = ROOT.parent / "shared" / "validators" / "ob_v3p0_achievementcredential_schema.json"


@pytest.fixture
def records(
    run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = write_course(
        COURSE.replace(
            'title = "Sprint"', 'title = "Sprint"\niri = "https://learn.example.org/sprint"'
        )
    )
    assert run_cli("enroll", course, "--roster", write_course(ROSTER, "team.toml")).exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "kickoff", "-l", "ann")
    run_cli("done", "practice", "--score", "0.75", "-l", "ann")
    run_cli("undo", "practice", "-l", "ann")
    run_cli("done", "intro", "-l", "raj")


def test_xapi_statements_are_valid_deterministic_and_void_undone_work(
    run_cli: Run, records: None
) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    first = run_cli("export", "--format", "xapi", "--learner", "ann")
    assert first.exit_code == 0
    statements = json.loads(first.stdout)
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
    assert [s["verb"]["display"]["en-US"] for s in statements] == [
        "completed",
        "attended",
        "completed",
        "voided",
    ]
    completed, attended, scored, voided = statements
    assert completed["actor"] == {
        "objectType": "Agent",
        "name": "Ann",
        "mbox": "mailto:ann@example.org",
    }
    assert completed["object"]["id"] == "https://learn.example.org/sprint/task/intro"
    assert completed["timestamp"] == "2027-01-04T17:00:00+00:00"
    assert scored["result"] == {"completion": True, "score": {"scaled": 0.75}}
    assert attended["object"]["id"] == "https://learn.example.org/sprint/session/kickoff"
    assert voided["object"] == {"objectType": "StatementRef", "id": scored["id"]}
    assert run_cli("export", "--format", "xapi", "--learner", "ann").stdout == first.stdout


def test_learners_without_an_email_are_accounts_on_the_course_site(
    run_cli: Run, records: None
) -> None:
    [statement] = json.loads(run_cli("export", "-f", "xapi", "-l", "raj").stdout)
    assert statement["actor"]["account"] == {
        "homePage": "https://learn.example.org/sprint",
        "name": "raj",
    }


def test_open_badges_credentials_validate_against_1edtech(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    if not OB_SCHEMA.exists():
        pytest.skip("the Open Badges schema is not beside the project (../shared/validators)")
    out = tmp_path / "badges"
    result = run_cli("export", "--format", "badges", "--output-dir", out)
    assert result.exit_code == 0
    files = sorted(path.name for path in out.iterdir())
    assert files == ["ann--sprint--first-step.json", "raj--sprint--first-step.json"]
    schema = json.loads(OB_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    credential = json.loads((out / files[0]).read_text())
    assert list(validator.iter_errors(credential)) == []
    assert credential["validFrom"] == "2027-01-04T17:00:00Z"
    assert credential["issuer"] == {
        "id": "https://learn.example.org/sprint",
        "type": ["Profile"],
        "name": "Sprint",
    }
    assert credential["credentialSubject"]["id"] == "mailto:ann@example.org"
    assert credential["credentialSubject"]["achievement"]["criteria"] == {
        "narrative": "Finish a first task."
    }


def test_events_export_as_json_and_csv(run_cli: Run, records: None) -> None:
    document = json.loads(run_cli("export", "-f", "json", "-l", "ann").stdout)
    assert [(e["kind"], e["item"]) for e in document["events"]] == [
        ("done", "intro"),
        ("attended", "kickoff"),
        ("done", "practice"),
        ("undone", "practice"),
    ]
    rows = list(csv.DictReader(io.StringIO(run_cli("export", "-f", "csv").stdout)))
    assert rows[0]["learner"] == "ann" and rows[-1]["learner"] == "raj"


def test_export_options_that_do_not_fit_are_usage_errors(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    assert run_cli("export", "-f", "badges").exit_code == 2
    assert run_cli("export", "-f", "xapi", "--output-dir", tmp_path).exit_code == 2
    assert run_cli("export", "-f", "ics").exit_code == 2
    assert "BEGIN:VCALENDAR" in run_cli("export", "-f", "ics", "-l", "ann").stdout


def test_statement_ids_are_uuid5_of_the_event() -> None:
    import uuid

    from learnsync.render.xapi import NAMESPACE, statement_id

    for event_id in (1, 42, 99_999):
        name = f"urn:x\nZoë\n{event_id}\ndone\nintro\n2027-01-04T17:00:00+00:00"
        expected = str(uuid.uuid5(NAMESPACE, name))
        assert (
            statement_id("urn:x", "Zoë", event_id, "done", "intro", "2027-01-04T17:00:00+00:00")
            == expected
        )


def test_an_output_folder_that_is_a_file_is_a_usage_error(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    result = run_cli("export", "-f", "badges", "--output-dir", blocker)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --output-dir: cannot make the folder {blocker}:")


def test_an_exported_calendar_keeps_real_session_lengths_and_deadline_to_dos(
    run_cli: Run, write_course: Callable[..., Path]
) -> None:
    from datetime import UTC, datetime

    import icalendar

    from tests import clock_changes

    course = write_course(clock_changes.COURSE)
    start = clock_changes.START.isoformat()
    assert run_cli("enroll", course, "-l", "ann", "--start", start).exit_code == 0

    exported = icalendar.Calendar.from_ical(run_cli("export", "-f", "ics", "-l", "ann").stdout)

    sessions = {
        str(event["uid"]).split(".ann@")[0].removeprefix("session-"): (
            event.decoded("dtstart"),
            event.decoded("dtend"),
        )
        for event in exported.walk("VEVENT")
        if str(event["uid"]).startswith("session-")
    }
    assert sessions == clock_changes.SESSIONS
    todos = {str(todo["uid"]): todo.decoded("due") for todo in exported.walk("VTODO")}
    assert todos["due-a.ann@clocks.learnsync"] == datetime(2027, 4, 4, 21, 59, 59, tzinfo=UTC)
