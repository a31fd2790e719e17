from __future__ import annotations

import csv
import io
import json
import os
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
    did = json.loads(run_cli("issuer", "init", "-f", "json").stdout)["did"]
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
    assert credential["issuer"] == {"id": did, "type": ["Profile"], "name": "Sprint"}
    assert credential["credentialSubject"]["achievement"]["criteria"] == {
        "narrative": "Finish a first task."
    }
    [proof] = credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == f"{did}#{did.removeprefix('did:key:')}"
    assert proof["created"] == "2027-01-04T17:00:00Z"


def test_badge_learners_are_a_salted_hash_of_their_email_never_the_email(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    import hashlib

    run_cli("issuer", "init")
    run_cli("export", "-f", "badges", "--output-dir", tmp_path)
    text = (tmp_path / "ann--sprint--first-step.json").read_text()
    assert "ann@example.org" not in text
    subject = json.loads(text)["credentialSubject"]
    assert "id" not in subject
    [identity] = subject["identifier"]
    salt = identity["salt"]
    assert len(salt) == 32
    assert identity == {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": "sha256$" + hashlib.sha256(f"ann@example.org{salt}".encode()).hexdigest(),
        "identityType": "emailAddress",
        "salt": salt,
    }
    [raj] = json.loads((tmp_path / "raj--sprint--first-step.json").read_text())[
        "credentialSubject"
    ]["identifier"]
    assert raj["identityType"] == "userName"
    assert raj["salt"] != salt
    assert (
        raj["identityHash"] == "sha256$" + hashlib.sha256(f"raj{raj['salt']}".encode()).hexdigest()
    )


def test_exporting_twice_at_the_same_instant_gives_the_same_signed_credentials(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    run_cli("issuer", "init")
    run_cli("export", "-f", "badges", "--output-dir", tmp_path / "one")
    run_cli("export", "-f", "badges", "--output-dir", tmp_path / "two")
    name = "ann--sprint--first-step.json"
    assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()


def test_a_learner_did_replaces_the_hashed_email(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    run_cli("issuer", "init")
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    result = run_cli(
        "export", "-f", "badges", "-l", "ann", "--learner-did", did, "--output-dir", tmp_path
    )
    assert result.exit_code == 0, result.stderr
    credential = json.loads((tmp_path / "ann--sprint--first-step.json").read_text())
    assert credential["credentialSubject"]["id"] == did
    assert "identifier" not in credential["credentialSubject"]


def test_badge_export_options_that_do_not_fit_are_usage_errors(
    run_cli: Run, records: None, tmp_path: Path
) -> None:
    run_cli("issuer", "init")
    out = tmp_path / "out"
    everyone = run_cli(
        "export", "-f", "badges", "--learner-did", "did:key:z6Mk1", "--output-dir", out
    )
    assert everyone.exit_code == 2
    assert everyone.stderr == ("error: --learner-did names one learner's DID: pass --learner too\n")
    not_a_did = run_cli(
        "export",
        "-f",
        "badges",
        "-l",
        "ann",
        "--learner-did",
        "ann@example.org",
        "--output-dir",
        out,
    )
    assert not_a_did.exit_code == 2
    assert not_a_did.stderr == (
        "error: --learner-did: 'ann@example.org' is not a DID (did:METHOD:ID, like did:key:z6Mk...)\n"
    )
    assert run_cli("export", "-f", "json", "--learner-did", "did:key:z6Mk1").exit_code == 2
    assert run_cli("export", "-f", "json", "--key", tmp_path / "k.json").exit_code == 2
    assert not out.exists()


def test_badges_need_an_issuer_key(run_cli: Run, records: None, tmp_path: Path) -> None:
    result = run_cli("export", "-f", "badges", "--output-dir", tmp_path / "out")
    assert result.exit_code == 1
    key = Path(os.environ["LEARNSYNC_STORE"]).parent / "issuer-key.json"
    assert result.stderr == (
        f"error: no issuer key at {key}: create one with `learnsync issuer init`\n"
    )
    assert not key.exists()


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
