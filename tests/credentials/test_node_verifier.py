"""learnsync's signed badges against an independent verifier (Digital Bazaar's, under node):
it accepts what `export` signs, rejects what was tampered with, and `verify` agrees on both."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from learnsync.credentials.keys import load
from learnsync.credentials.proof import sign
from learnsync.render.openbadges import plain
from tests.credentials.node_verifier import install, node_verify
from tests.test_cli_export import records  # noqa: F401 (a fixture)

Run = Callable[..., Result]
NOW = "2027-02-01T12:00:00Z"
ANN = "ann--sprint--first-step.json"
RAJ = "raj--sprint--first-step.json"


@pytest.fixture(scope="module")
def verifier() -> Path:
    return install()


def ours(run_cli: Run, files: list[Path], *options: object) -> list[bool]:
    document = json.loads(run_cli("verify", *files, *options, "-f", "json").stdout)
    return [credential["valid"] for credential in document["credentials"]]


def tamper(source: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = json.loads(source.read_text())
    change(document)
    target.write_text(json.dumps(document))
    return target


def test_both_verifiers_accept_signed_badges_and_reject_tampered_ones(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    verifier: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_cli("issuer", "init")
    out = tmp_path / "badges"
    assert run_cli("export", "-f", "badges", "--output-dir", out).exit_code == 0
    signed = [out / ANN, out / RAJ]
    changes: list[Callable[[dict[str, Any]], None]] = [
        lambda d: d["credentialSubject"]["achievement"].update(name="Grand master"),
        lambda d: d.update(validFrom="2027-01-03T17:00:00Z"),
        lambda d: d["credentialSubject"]["identifier"][0].update(salt="0" * 32),
        lambda d: d["issuer"].update(name="Someone else"),
    ]
    tampered = [
        tamper(out / ANN, tmp_path / f"tampered-{number}.json", change)
        for number, change in enumerate(changes)
    ]
    monkeypatch.setenv("LEARNSYNC_NOW", NOW)
    files = signed + tampered
    verdicts = node_verify(verifier, files, NOW)
    assert [verdict["verified"] for verdict in verdicts] == [True, True, False, False, False, False]
    assert all(v["error"] == "Invalid signature." for v in verdicts[2:]), verdicts
    assert ours(run_cli, files) == [True, True, False, False, False, False]


def test_both_verifiers_resolve_a_did_web_issuer_from_its_did_json(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    verifier: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    did_json = tmp_path / "did.json"
    run_cli("issuer", "init", "--did-web", "learn.example.org", "--did-json", did_json)
    run_cli("export", "-f", "badges", "-l", "ann", "--output-dir", tmp_path)
    monkeypatch.setenv("LEARNSYNC_NOW", NOW)
    files = [tmp_path / ANN]
    [verdict] = node_verify(verifier, files, NOW, [did_json])
    assert verdict["verified"] is True, verdict
    assert ours(run_cli, files, "--did-json", did_json) == [True]


def test_both_verifiers_check_dates(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    verifier: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_cli("issuer", "init")
    run_cli("export", "-f", "badges", "-l", "ann", "--output-dir", tmp_path)
    before = "2027-01-04T16:00:00Z"
    monkeypatch.setenv("LEARNSYNC_NOW", before)
    [verdict] = node_verify(verifier, [tmp_path / ANN], before)
    assert verdict["verified"] is False
    assert ours(run_cli, [tmp_path / ANN]) == [False]


def test_text_with_control_characters_verifies_in_both_once_made_plain(
    run_cli: Run,
    records: None,  # noqa: F811 (the fixture)
    tmp_path: Path,
    verifier: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    did = json.loads(run_cli("issuer", "init", "-f", "json").stdout)["did"]
    run_cli("export", "-f", "badges", "-l", "ann", "--output-dir", tmp_path)
    document = json.loads((tmp_path / ANN).read_text())
    del document["proof"]
    text = 'Line one\r\nline\ttwo \x08\x0c\x1b[31mred\x7f, é ✓ \u2028 "quoted" back\\slash'
    assert plain(text) == 'Line one\r\nline\ttwo [31mred, é ✓ \u2028 "quoted" back\\slash'
    document["credentialSubject"]["achievement"]["description"] = plain(text)
    issuer = load(Path(json.loads(run_cli("issuer", "show", "-f", "json").stdout)["key_file"]))
    assert issuer.did == did
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(sign(document, issuer, issuer_time())))
    monkeypatch.setenv("LEARNSYNC_NOW", NOW)
    [verdict] = node_verify(verifier, [path], NOW)
    assert verdict["verified"] is True, verdict
    assert ours(run_cli, [path]) == [True]


def issuer_time() -> Any:
    from datetime import UTC, datetime

    return datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
