"""Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (W3C vc-di-eddsa 1.0).

To sign: canonicalise the proof options (with the document's ``@context``) and the document
without its proof as RDFC-1.0 N-Quads (pyld), hash each with SHA-256, and sign the proof-options
hash followed by the document hash with Ed25519 (cryptography). ``proofValue`` is the signature
in base58btc multibase. Verifying runs the same steps with the public key.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import base58

from learnsync.credentials.jsonld import canonical_nquads
from learnsync.credentials.keys import IssuerKey

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def utc_text(instant: datetime) -> str:
    """An instant as an XML Schema dateTime in UTC, whole seconds: ``2027-01-04T17:00:00Z``."""
    return instant.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    configuration = {**options, "@context": document.get("@context")}
    proof_hash = hashlib.sha256(canonical_nquads(configuration).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsecured).encode("utf-8")).digest()
    return proof_hash + document_hash


def sign(document: dict[str, Any], issuer: IssuerKey, created: datetime) -> dict[str, Any]:
    """``document`` with an embedded ``proof`` made by ``issuer``'s key at ``created``.

    The proof is a list of one (a proof set), as 1EdTech's OpenBadgeCredential schema requires.
    """
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": utc_text(created),
        "verificationMethod": issuer.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = issuer.sign(_hash_data(document, options))
    proof_value = "z" + base58.b58encode(signature).decode("ascii")
    return {**document, "proof": [{**options, "proofValue": proof_value}]}


def proof_problem(document: dict[str, Any], public_key: bytes) -> str | None:
    """Why the document's proof does not verify with ``public_key``; None when it does.

    The proof itself must already be one ``eddsa-rdfc-2022`` DataIntegrityProof (see
    ``proof_of``).
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    proof = proof_of(document)
    assert isinstance(proof, dict), proof
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return "the proof has no base58btc proofValue"
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return "the proofValue is not base58"
    if len(signature) != 64:
        return "the proofValue is not an Ed25519 signature"
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, _hash_data(document, options)
        )
    except InvalidSignature:
        return "the signature does not match: changed after signing, or signed by another key"
    return None


def proof_of(document: dict[str, Any]) -> dict[str, Any] | str:
    """The document's one eddsa-rdfc-2022 proof, or why there is none to check."""
    proof = document.get("proof")
    if proof is None:
        return "unsigned: no proof"
    if isinstance(proof, list):
        if len(proof) != 1:
            return f"{len(proof)} proofs: learnsync checks credentials with exactly one"
        proof = proof[0]
    if not isinstance(proof, dict):
        return "the proof is not an object"
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return (
            f"unsupported proof {proof.get('type')!s}/{proof.get('cryptosuite')!s} "
            f"(learnsync checks {PROOF_TYPE}/{CRYPTOSUITE})"
        )
    if proof.get("proofPurpose") != "assertionMethod":
        return "the proof's purpose is not assertionMethod"
    if not isinstance(proof.get("verificationMethod"), str):
        return "the proof names no verificationMethod"
    return proof
