"""did:key and did:web: encoding, parsing and offline resolution of the issuer's key."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnsync.credentials.dids import (
    DidError,
    did_document,
    did_key,
    did_web,
    did_web_url,
    public_key_from_multibase,
    resolve_assertion_key,
)

KEY = bytes(range(32))


@given(st.binary(min_size=32, max_size=32))
def test_a_did_key_gives_back_its_public_key(public_key: bytes) -> None:
    did = did_key(public_key)
    assert did.startswith("did:key:z6Mk")
    resolved = resolve_assertion_key(f"{did}#{did.removeprefix('did:key:')}", {})
    assert (resolved.controller, resolved.public_key) == (did, public_key)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("f00", "'f00' is not a base58btc multibase key"),
        ("z0OIl", "'z0OIl' is not valid base58"),
        ("z" + "1" * 40, "is not an Ed25519 public key"),
    ],
)
def test_what_is_not_an_ed25519_multikey_is_refused(value: str, message: str) -> None:
    with pytest.raises(DidError, match=message):
        public_key_from_multibase(value)


@pytest.mark.parametrize(
    ("address", "did", "url"),
    [
        ("example.org", "did:web:example.org", "https://example.org/.well-known/did.json"),
        ("https://Example.org/", "did:web:example.org", "https://example.org/.well-known/did.json"),
        (
            "example.org/badges/2027",
            "did:web:example.org:badges:2027",
            "https://example.org/badges/2027/did.json",
        ),
        (
            "example.org:8443",
            "did:web:example.org%3A8443",
            "https://example.org:8443/.well-known/did.json",
        ),
        ("did:web:example.org:u", "did:web:example.org:u", "https://example.org/u/did.json"),
    ],
)
def test_did_web_from_a_domain_and_where_its_document_is_published(
    address: str, did: str, url: str
) -> None:
    assert did_web(address) == did
    assert did_web_url(did) == url


@pytest.mark.parametrize("address", ["", "localhost", "exa mple.org", "example.org/a b", "-x.org"])
def test_what_is_not_a_domain_is_not_a_did_web(address: str) -> None:
    with pytest.raises(DidError):
        did_web(address)


def test_a_did_web_key_must_be_an_assertion_method_of_its_document() -> None:
    did = "did:web:example.org"
    document = did_document(did, [did_key(KEY).removeprefix("did:key:")])
    method = document["assertionMethod"][0]
    assert resolve_assertion_key(method, {did: document}).public_key == KEY
    with pytest.raises(DidError, match=re.escape("cannot resolve did:web:example.org offline")):
        resolve_assertion_key(method, {})
    with pytest.raises(DidError, match="is not an assertion key"):
        resolve_assertion_key(method, {did: {**document, "assertionMethod": []}})
    foreign = {**document["verificationMethod"][0], "controller": "did:web:evil.example"}
    with pytest.raises(DidError, match=re.escape("is not controlled by did:web:example.org")):
        resolve_assertion_key(method, {did: {**document, "verificationMethod": [foreign]}})


def test_other_did_methods_and_mismatched_did_key_fragments_are_refused() -> None:
    with pytest.raises(DidError, match="only did:key and did:web issuers are supported"):
        resolve_assertion_key("did:example:123#key-1", {})
    did = did_key(KEY)
    with pytest.raises(DidError, match="names a key that is not its did:key"):
        resolve_assertion_key(f"{did}#{did_key(bytes(32)).removeprefix('did:key:')}", {})
