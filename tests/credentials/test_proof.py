"""eddsa-rdfc-2022 proofs: what is signed verifies, and any change to what was signed does not."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.credentials.jsonld import UnknownContextError
from learnsync.credentials.keys import new_issuer
from learnsync.credentials.proof import proof_of, proof_problem, sign
from learnsync.render.openbadges import CONTEXT, plain

ISSUER = new_issuer()
CREATED = datetime(2027, 1, 5, 9, 30, 12, 345, tzinfo=UTC)
CHANGED = "the signature does not match: changed after signing, or signed by another key"


def credential(name: str = "First step") -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": "urn:uuid:00000000-0000-5000-8000-000000000000",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER.did, "type": ["Profile"], "name": "Academy"},
        "validFrom": "2027-01-04T17:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:learnsync:course:c/badge/b",
                "type": ["Achievement"],
                "name": name,
                "description": "Finish a first task",
                "criteria": {"narrative": "Finish a first task."},
            },
        },
    }


def test_a_signed_credential_carries_one_data_integrity_proof_that_verifies() -> None:
    signed = sign(credential(), ISSUER, CREATED)
    [proof] = signed["proof"]
    assert {key: value for key, value in proof.items() if key != "proofValue"} == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2027-01-05T09:30:12Z",
        "verificationMethod": ISSUER.verification_method,
        "proofPurpose": "assertionMethod",
    }
    assert proof["proofValue"].startswith("z")
    assert proof_problem(signed, ISSUER.public_key) is None
    assert proof_problem(signed, new_issuer().public_key) == CHANGED


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_name_verifies_and_any_other_name_does_not(name: str, other: str) -> None:
    signed = sign(credential(plain(name)), ISSUER, CREATED)
    assert proof_problem(signed, ISSUER.public_key) is None
    signed["credentialSubject"]["achievement"]["name"] = plain(other)
    expected = None if plain(other) == plain(name) else CHANGED
    assert proof_problem(signed, ISSUER.public_key) == expected


def test_proofs_learnsync_does_not_check_are_named() -> None:
    assert proof_of(credential()) == "unsigned: no proof"
    signed = sign(credential(), ISSUER, CREATED)
    two = {**signed, "proof": signed["proof"] * 2}
    assert proof_of(two) == "2 proofs: learnsync checks credentials with exactly one"
    other = {**signed, "proof": [{**signed["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}]}
    assert proof_of(other) == (
        "unsupported proof DataIntegrityProof/ecdsa-rdfc-2019 "
        "(learnsync checks DataIntegrityProof/eddsa-rdfc-2022)"
    )


def test_contexts_are_never_fetched() -> None:
    document = {**credential(), "@context": [*CONTEXT, "https://example.org/context.json"]}
    with pytest.raises(
        UnknownContextError, match=re.escape("unknown JSON-LD context https://example.org")
    ):
        sign(document, ISSUER, CREATED)
