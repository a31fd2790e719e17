"""learnsync issuer init / show: the key that signs badges, and the DID verifiers resolve."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.credentials.dids import did_key, public_key_from_multibase

Run = Callable[..., Result]


def default_key() -> Path:
    return Path(os.environ["LEARNSYNC_STORE"]).parent / "issuer-key.json"


def test_init_makes_a_did_key_issuer_beside_the_store_readable_by_its_owner_only(
    run_cli: Run,
) -> None:
    result = run_cli("issuer", "init", "-f", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    key = default_key()
    assert record["key_file"] == str(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    multibase = record["public_key_multibase"]
    assert record["did"] == "did:key:" + multibase == did_key(public_key_from_multibase(multibase))
    assert record["verification_method"] == f"{record['did']}#{multibase}"
    assert record["did_document_url"] is None
    assert [p.name for p in key.parent.iterdir() if p.name.startswith(".")] == []


def test_the_secret_is_never_printed(run_cli: Run) -> None:
    outputs = [
        run_cli("issuer", "init"),
        run_cli("issuer", "show"),
        run_cli("issuer", "show", "-f", "json"),
    ]
    secret = json.loads(default_key().read_text())["private_key_pem"]
    body = secret.splitlines()[1]
    for result in outputs:
        assert result.exit_code == 0
        assert "PRIVATE" not in result.stdout + result.stderr
        assert body not in result.stdout + result.stderr


def test_show_prints_the_did_and_where_the_key_is(run_cli: Run) -> None:
    did = json.loads(run_cli("issuer", "init", "--name", "Example Academy", "-f", "json").stdout)[
        "did"
    ]
    multibase = did.removeprefix("did:key:")
    assert run_cli("issuer", "show").stdout == (
        f"issuer    {did}\n"
        "name      Example Academy\n"
        f"key       {did}#{multibase}\n"
        f"key file  {default_key()}\n"
    )


def test_an_existing_key_is_never_replaced_without_force(run_cli: Run) -> None:
    run_cli("issuer", "init")
    before = default_key().read_text()
    again = run_cli("issuer", "init")
    assert again.exit_code == 1
    assert again.stderr == (
        f"error: {default_key()} already holds an issuer key; not replacing it (--force replaces"
        " it, and credentials signed with the old key then only verify if you keep it)\n"
    )
    assert default_key().read_text() == before
    forced = run_cli("issuer", "init", "--force")
    assert forced.exit_code == 0
    assert default_key().read_text() != before
    assert stat.S_IMODE(default_key().stat().st_mode) == 0o600


def test_a_key_can_live_at_a_path_given(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "keys" / "academy.json"
    did = json.loads(run_cli("issuer", "init", "--key", path, "-f", "json").stdout)["did"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not default_key().exists()
    assert json.loads(run_cli("issuer", "show", "--key", path, "-f", "json").stdout)["did"] == did


def test_the_key_path_can_come_from_the_environment(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_ISSUER_KEY", str(tmp_path / "env-key.json"))
    run_cli("issuer", "init")
    assert (tmp_path / "env-key.json").exists()
    assert not default_key().exists()


def test_did_web_writes_the_did_json_to_publish(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(
        "issuer",
        "init",
        "--did-web",
        "example.org",
        "--did-json",
        tmp_path / "did.json",
        "--name",
        "Example Academy",
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(run_cli("issuer", "show", "-f", "json").stdout)
    multibase = record["public_key_multibase"]
    method = f"did:web:example.org#{multibase}"
    assert record["did"] == "did:web:example.org"
    assert record["did_document_url"] == "https://example.org/.well-known/did.json"
    assert json.loads((tmp_path / "did.json").read_text()) == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:example.org",
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": "did:web:example.org",
                "publicKeyMultibase": multibase,
            }
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }
    assert result.stdout.endswith(
        f"did.json  {tmp_path / 'did.json'}, to publish at "
        "https://example.org/.well-known/did.json\n"
    )


def test_did_web_with_a_path_and_the_default_did_json_beside_the_key(run_cli: Run) -> None:
    record = json.loads(
        run_cli("issuer", "init", "--did-web", "Example.org/badges", "-f", "json").stdout
    )
    assert record["did"] == "did:web:example.org:badges"
    assert record["did_document_url"] == "https://example.org/badges/did.json"
    assert record["did_document_file"] == str(default_key().parent / "did.json")
    assert json.loads((default_key().parent / "did.json").read_text())["id"] == record["did"]


def test_a_rotated_did_web_key_keeps_the_old_one_in_did_json(run_cli: Run) -> None:
    old = json.loads(run_cli("issuer", "init", "--did-web", "example.org", "-f", "json").stdout)
    new = json.loads(
        run_cli("issuer", "init", "--did-web", "example.org", "--force", "-f", "json").stdout
    )
    document = json.loads((default_key().parent / "did.json").read_text())
    assert [m["publicKeyMultibase"] for m in document["verificationMethod"]] == [
        new["public_key_multibase"],
        old["public_key_multibase"],
    ]
    assert document["assertionMethod"] == [
        new["verification_method"],
        old["verification_method"],
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("--did-web", "not a domain"),
            "error: --did-web: 'not a domain' is not a domain name (like example.org, "
            "example.org/badges)\n",
        ),
        (("--did-json", "did.json"), "error: --did-json goes with --did-web\n"),
    ],
)
def test_bad_issuer_options_are_usage_errors(
    run_cli: Run, arguments: tuple[str, ...], message: str
) -> None:
    result = run_cli("issuer", "init", *arguments)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not default_key().exists()


def test_show_without_a_key_says_how_to_make_one(run_cli: Run) -> None:
    result = run_cli("issuer", "show")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: no issuer key at {default_key()}: create one with `learnsync issuer init`\n"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "not a learnsync issuer key file (Expecting value: line 1 column 1"),
        ("[]", "not a learnsync issuer key file"),
        ('{"learnsync_issuer_key": 1}', "missing 'did'"),
        (
            '{"learnsync_issuer_key": 1, "did": "did:key:z6Mk", "private_key_pem": "x"}',
            "private_key_pem: not an unencrypted PEM private key",
        ),
    ],
)
def test_a_damaged_key_file_is_one_clear_error(
    run_cli: Run, tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "key.json"
    path.write_text(text)
    result = run_cli("issuer", "show", "--key", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: {reason}")


def test_a_key_path_that_is_a_folder_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    for command in (("issuer", "init"), ("issuer", "show")):
        result = run_cli(*command, "--key", tmp_path)
        assert result.exit_code == 2
        assert (
            result.stderr == f"error: --key: {tmp_path} is a folder; the issuer key is one file\n"
        )


def test_a_key_others_can_read_gets_a_warning(run_cli: Run, tmp_path: Path) -> None:
    run_cli("issuer", "init")
    default_key().chmod(0o644)
    result = run_cli("issuer", "show")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: others can read the issuer key {default_key()}: chmod 600 it\n"
    )
    default_key().chmod(0o600)
    assert run_cli("issuer", "show").stderr == ""
