"""learnsync verify: signature, issuer, dates and shape of badge credentials, offline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.test_cli_export import OB_SCHEMA, records  # noqa: F401 (a fixture)

Run = Callable[..., Result]
ANN = "ann--sprint--first-step.json"
RAJ = "raj--sprint--first-step.json"
LATER = "2027-02-01T12:00:00+00:00"


@pytest.fixture
def badges(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Two signed credentials (ann's and raj's) in a folder; the clock a month later."""
    assert run_cli("issuer", "init").exit_code == 0
    out = tmp_path / "badges"
    assert run_cli("export", "-f", "badges", "--output-dir", out).exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", LATER)
    return out


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))
    return path


def issuer_of(path: Path) -> str:
    issuer: str = json.loads(path.read_text())["issuer"]["id"]
    return issuer


def test_exported_credentials_verify(run_cli: Run, badges: Path) -> None:
    result = run_cli("verify", badges / ANN, badges / RAJ)
    assert result.exit_code == 0
    issuer = issuer_of(badges / ANN)
    assert result.stdout == (
        f"{badges / ANN}: valid: 'First step' issued by {issuer}\n"
        f"{badges / RAJ}: valid: 'First step' issued by {issuer}\n"
    )


def test_a_folder_verifies_every_json_file_in_it(run_cli: Run, badges: Path) -> None:
    result = run_cli("verify", badges, "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["valid"], document["invalid"]) == (2, 0)
    assert [c["path"] for c in document["credentials"]] == [str(badges / ANN), str(badges / RAJ)]
    assert document["credentials"][0] == {
        "path": str(badges / ANN),
        "valid": True,
        "problems": [],
        "id": json.loads((badges / ANN).read_text())["id"],
        "name": "First step",
        "issuer": issuer_of(badges / ANN),
        "valid_from": "2027-01-04T17:00:00Z",
        "valid_until": None,
    }


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"]["achievement"].update(name="Grand master"),
        lambda d: d.update(validFrom="2027-01-03T17:00:00Z"),
        lambda d: d["issuer"].update(name="Someone else"),
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="sha256$" + "0" * 64),
        lambda d: d["proof"][0].update(created="2027-01-05T00:00:00Z"),
        lambda d: d["credentialSubject"].update(id="did:example:mallory"),
    ],
    ids=["achievement", "validFrom", "issuer name", "learner", "proof created", "added subject"],
)
def test_changing_any_field_breaks_the_signature(
    run_cli: Run, badges: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    edit(badges / ANN, change)
    result = run_cli("verify", badges)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{badges / ANN}: invalid: the signature does not match: changed after signing, or "
        "signed by another key",
        f"{badges / RAJ}: valid: 'First step' issued by {issuer_of(badges / RAJ)}",
    ]


def test_a_credential_signed_by_another_key_than_its_issuers_is_invalid(
    run_cli: Run, badges: Path
) -> None:
    other = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    edit(badges / ANN, lambda d: d["issuer"].update(id=other))
    result = run_cli("verify", badges / ANN)
    assert result.exit_code == 1
    signer = issuer_of(badges / RAJ)
    assert result.stdout == (
        f"{badges / ANN}: invalid: issuer: the proof was made by {signer}, not by {other}\n"
    )


def test_a_credential_that_is_not_yet_valid_or_expired_is_invalid(
    run_cli: Run, badges: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T16:59:59+00:00")
    early = run_cli("verify", badges / ANN)
    assert early.exit_code == 1
    assert early.stdout.endswith(": invalid: not valid yet: valid from 2027-01-04T17:00:00Z\n")
    monkeypatch.setenv("LEARNSYNC_NOW", LATER)
    edit(badges / ANN, lambda d: d.update(validUntil="2027-01-31T00:00:00Z"))
    late = json.loads(run_cli("verify", badges / ANN, "-f", "json").stdout)
    assert late["credentials"][0]["problems"] == [
        "the signature does not match: changed after signing, or signed by another key",
        "expired: valid until 2027-01-31T00:00:00Z",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "{",
            "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ("[]", "not a JSON object"),
    ],
)
def test_files_that_are_not_credentials_are_invalid_not_crashes(
    run_cli: Run, tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    result = run_cli("verify", path)
    assert result.exit_code == 1
    assert result.stdout == f"{path}: invalid: {problem}\n"


def test_an_unsigned_credential_is_invalid(run_cli: Run, badges: Path) -> None:
    edit(badges / ANN, lambda d: d.pop("proof"))
    assert (
        run_cli("verify", badges / ANN).stdout == f"{badges / ANN}: invalid: unsigned: no proof\n"
    )


def test_a_missing_file_is_invalid(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("verify", tmp_path / "gone.json")
    assert result.exit_code == 1
    assert (
        result.stdout
        == f"{tmp_path / 'gone.json'}: invalid: cannot read it: No such file or directory\n"
    )


def test_did_web_issuers_resolve_from_the_did_json_given(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    did_json = tmp_path / "did.json"
    run_cli("issuer", "init", "--did-web", "example.org", "--did-json", did_json)
    run_cli("export", "-f", "badges", "-l", "ann", "--output-dir", tmp_path / "out")
    monkeypatch.setenv("LEARNSYNC_NOW", LATER)
    credential = tmp_path / "out" / ANN
    assert issuer_of(credential) == "did:web:example.org"
    without = run_cli("verify", credential)
    assert without.exit_code == 1
    assert without.stdout == (
        f"{credential}: invalid: issuer: cannot resolve did:web:example.org offline: pass its "
        "did.json with --did-json\n"
    )
    assert run_cli("verify", credential, "--did-json", did_json).exit_code == 0
    run_cli(
        "issuer", "init", "--did-web", "example.org", "--force", "--did-json", tmp_path / "new.json"
    )
    replaced = run_cli("verify", credential, "--did-json", tmp_path / "new.json")
    assert replaced.exit_code == 1
    assert "is not an assertion key in the did.json of did:web:example.org" in replaced.stdout


def test_the_1edtech_schema_can_be_checked_too(run_cli: Run, badges: Path) -> None:
    if not OB_SCHEMA.exists():
        pytest.skip("the Open Badges schema is not beside the project (../shared/validators)")
    assert run_cli("verify", badges, "--schema", OB_SCHEMA).exit_code == 0
    edit(badges / ANN, lambda d: d.update(validFrom=17))
    problems = json.loads(
        run_cli("verify", badges / ANN, "--schema", OB_SCHEMA, "-f", "json").stdout
    )["credentials"][0]["problems"]
    assert problems[-1] == "schema: validFrom: 17 is not of type 'string'"


def test_bad_options_are_usage_errors(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{}")
    assert run_cli("verify").exit_code == 2
    result = run_cli("verify", tmp_path / "x.json", "--did-json", tmp_path / "bad.json")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --did-json: {tmp_path / 'bad.json'}: not a DID document (a JSON object with an id)\n"
    )
    schema = run_cli("verify", tmp_path / "x.json", "--schema", tmp_path / "none.json")
    assert schema.exit_code == 2
    assert schema.stderr == (
        f"error: --schema: cannot read {tmp_path / 'none.json'}: No such file or directory\n"
    )
