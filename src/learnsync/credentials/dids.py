"""Decentralised identifiers for the issuer: ``did:key`` (offline) and ``did:web`` (hosted).

A ``did:key`` carries its Ed25519 public key in the identifier itself; a ``did:web`` names a
``did.json`` published on the organisation's web server, which learnsync writes and, to verify,
reads from a file (never from the network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import base58

from learnsync.errors import LearnsyncError

ED25519_PUBLIC_HEADER = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint
DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}(?::[0-9]{1,5})?"
)
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


class DidError(LearnsyncError):
    """A DID or a DID document that cannot be used, with the reason."""


def public_key_multibase(public_key: bytes) -> str:
    """An Ed25519 public key as Multikey ``publicKeyMultibase`` (base58btc, ``z6Mk...``)."""
    if len(public_key) != 32:
        raise DidError("an Ed25519 public key has 32 bytes")
    return "z" + base58.b58encode(ED25519_PUBLIC_HEADER + public_key).decode("ascii")


def public_key_from_multibase(value: str) -> bytes:
    """The 32 bytes of an Ed25519 ``publicKeyMultibase``; DidError when it is not one."""
    if not value.startswith("z"):
        raise DidError(f"{value!r} is not a base58btc multibase key")
    try:
        raw = base58.b58decode(value[1:])
    except ValueError:
        raise DidError(f"{value!r} is not valid base58") from None
    if not raw.startswith(ED25519_PUBLIC_HEADER) or len(raw) != 34:
        raise DidError(f"{value!r} is not an Ed25519 public key")
    return raw[2:]


def did_key(public_key: bytes) -> str:
    """The ``did:key`` of an Ed25519 public key."""
    return "did:key:" + public_key_multibase(public_key)


def did_web(address: str) -> str:
    """The ``did:web`` for ``example.org``, ``example.org/badges`` or a ``did:web:...`` itself."""
    text = address.strip()
    if text.startswith("did:web:"):
        parts = [unquote(part) for part in text.removeprefix("did:web:").split(":")]
        host, path = parts[0], parts[1:]
    else:
        text = text.removeprefix("https://").rstrip("/")
        host, _, rest = text.partition("/")
        path = [segment for segment in rest.split("/") if segment] if rest else []
    host = host.lower()
    if not _HOST.fullmatch(host):
        raise DidError(f"{address!r} is not a domain name (like example.org, example.org/badges)")
    for segment in path:
        if not _PATH_SEGMENT.fullmatch(segment):
            raise DidError(f"{address!r}: the path segment {segment!r} cannot be part of a did:web")
    return ":".join(["did:web", host.replace(":", "%3A"), *path])


def did_web_url(did: str) -> str:
    """Where a ``did:web``'s document is published (https, as did:web requires)."""
    parts = did.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    path = "/".join(parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def did_document(did: str, multibase_keys: list[str]) -> dict[str, Any]:
    """A DID document listing Ed25519 Multikeys; the first is the one that signs now."""
    methods = [
        {
            "id": f"{did}#{key}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key,
        }
        for key in multibase_keys
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


@dataclass(frozen=True)
class ResolvedKey:
    """The public key a verification method names, and the DID that controls it."""

    controller: str
    public_key: bytes


def resolve_assertion_key(
    verification_method: str, did_documents: dict[str, dict[str, Any]]
) -> ResolvedKey:
    """The Ed25519 key behind ``verification_method``, offline.

    ``did:key`` is decoded from the identifier; ``did:web`` is looked up in ``did_documents``
    (by DID), and its key must be listed as an ``assertionMethod`` there.
    """
    did, _, fragment = verification_method.partition("#")
    if did.startswith("did:key:"):
        multibase = did.removeprefix("did:key:")
        if fragment and fragment != multibase:
            raise DidError(f"{verification_method} names a key that is not its did:key")
        return ResolvedKey(did, public_key_from_multibase(multibase))
    if did.startswith("did:web:"):
        document = did_documents.get(did)
        if document is None:
            raise DidError(f"cannot resolve {did} offline: pass its did.json with --did-json")
        return ResolvedKey(did, _assertion_key(document, did, verification_method))
    raise DidError(f"{verification_method}: only did:key and did:web issuers are supported")


def _assertion_key(document: dict[str, Any], did: str, verification_method: str) -> bytes:
    def full(identifier: str) -> str:
        return did + identifier if identifier.startswith("#") else identifier

    listed = document.get("assertionMethod")
    if not isinstance(listed, list):
        raise DidError(f"the did.json of {did} has no assertionMethod list")
    methods = [m for m in document.get("verificationMethod") or [] if isinstance(m, dict)]
    methods += [m for m in listed if isinstance(m, dict)]
    referenced = {full(m) for m in listed if isinstance(m, str)}
    referenced |= {full(str(m.get("id", ""))) for m in listed if isinstance(m, dict)}
    if verification_method not in referenced:
        raise DidError(f"{verification_method} is not an assertion key in the did.json of {did}")
    for method in methods:
        if full(str(method.get("id", ""))) == verification_method:
            if method.get("type") not in ("Multikey", "Ed25519VerificationKey2020"):
                raise DidError(f"{verification_method} is not an Ed25519 Multikey")
            if method.get("controller") != did:
                raise DidError(f"{verification_method} is not controlled by {did}")
            return public_key_from_multibase(str(method.get("publicKeyMultibase", "")))
    raise DidError(f"the did.json of {did} does not describe {verification_method}")


def did_document_id(document: Any) -> str:
    """The ``id`` of a DID document read from a file; DidError when it has none."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise DidError("not a DID document (a JSON object with an id)")
    identifier: str = document["id"]
    return identifier


_DID = re.compile(
    r"did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
)


def check_did(value: str, option: str) -> None:
    """UsageError unless ``value`` is a DID (``did:METHOD:ID``, W3C DID Core syntax)."""
    if not _DID.fullmatch(value):
        from learnsync.errors import UsageError

        raise UsageError(f"{option}: {value!r} is not a DID (did:METHOD:ID, like did:key:z6Mk...)")
