"""The issuer key file: whole or not at all, never clobbered, readable by its owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from learnsync.credentials.keys import IssuerKeyError, load, new_issuer, save_new


def test_a_key_file_round_trips(tmp_path: Path) -> None:
    issuer = new_issuer("did:web:example.org", name="Academy")
    save_new(issuer, tmp_path / "key.json", force=False)
    again = load(tmp_path / "key.json")
    assert (again.did, again.name, again.public_key) == (
        "did:web:example.org",
        "Academy",
        issuer.public_key,
    )
    assert again.salt("urn:uuid:1") == issuer.salt("urn:uuid:1") != issuer.salt("urn:uuid:2")
    assert stat.S_IMODE((tmp_path / "key.json").stat().st_mode) == 0o600


def test_a_failed_write_leaves_no_key_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(IssuerKeyError, match="No space left on device"):
        save_new(new_issuer(), tmp_path / "key.json", force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_key_that_appears_while_writing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "key.json"
    real_link = os.link

    def racing_link(source: str, target: Path) -> None:
        Path(target).write_text("another process's key")
        real_link(source, target)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(IssuerKeyError, match="already holds an issuer key"):
        save_new(new_issuer(), path, force=False)
    assert path.read_text() == "another process's key"
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


def test_a_did_key_that_does_not_match_the_private_key_is_refused(tmp_path: Path) -> None:
    first, second = new_issuer(), new_issuer()
    save_new(first, tmp_path / "key.json", force=False)
    text = (tmp_path / "key.json").read_text().replace(first.did, second.did)
    (tmp_path / "key.json").write_text(text)
    with pytest.raises(IssuerKeyError, match="did: the did:key does not match the private key"):
        load(tmp_path / "key.json")
