"""Open Badges 3.0: one OpenBadgeCredential (JSON-LD) per earned badge, before it is signed.

The issuer is the DID of the issuer key (with its name, else the course title), the achievement
is the badge with its criteria in words, ``validFrom`` is the instant it was earned. The learner
appears as a salted SHA-256 hash of their email (or, without one, of their learner name), as
Open Badges' IdentityObject does, or as a DID they gave. Ids are UUIDs derived from course,
learner and badge, so exporting twice gives the same credentials.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from datetime import UTC
from typing import Any
from urllib.parse import quote

from learnsync.badges import BadgeStatus, criteria
from learnsync.planning.model import Plan

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
NAMESPACE = uuid.UUID("3b0e5f4c-2d7a-5e1b-9a6c-6f70656e6261")


def credential_id(plan: Plan, learner: str, status: BadgeStatus) -> str:
    """The credential's stable id: a UUID of course, learner and badge."""
    key = "\n".join((plan.course_id, learner, status.badge.id))
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def hashed_identity(identity: str, identity_type: str, salt: str) -> dict[str, Any]:
    """An Open Badges IdentityObject: ``sha256$`` of the identity followed by the salt."""
    digest = hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": identity_type,
        "salt": salt,
    }


def learner_identity(learner: str, email: str | None, salt: str) -> dict[str, Any]:
    """The learner's hashed identity: their email (lower-cased) if known, else their name."""
    if email:
        return hashed_identity(email.strip().lower(), "emailAddress", salt)
    return hashed_identity(learner, "userName", salt)


def credential(
    plan: Plan,
    learner: str,
    status: BadgeStatus,
    *,
    issuer_id: str,
    issuer_name: str | None,
    identity: dict[str, Any] | None = None,
    learner_did: str | None = None,
) -> dict[str, Any]:
    """The unsigned credential for an earned badge; the subject is ``learner_did`` if given,
    else ``identity`` (see ``learner_identity``)."""
    assert status.earned_at is not None, "only earned badges become credentials"
    badge = status.badge
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if learner_did:
        subject = {"id": learner_did, **subject}
    else:
        assert identity is not None, "a credential names its learner"
        subject["identifier"] = [identity]
    subject["achievement"] = {
        "id": f"{plan.iri}/badge/{quote(badge.id, safe='')}",
        "type": ["Achievement"],
        "name": plain(badge.title),
        "description": plain(badge.description or criteria(badge).capitalize()),
        "criteria": {"narrative": plain(criteria(badge).capitalize() + ".")},
    }
    return {
        "@context": CONTEXT,
        "id": credential_id(plan, learner, status),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": plain(badge.title),
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": plain(issuer_name or plan.course_title),
        },
        "validFrom": status.earned_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "credentialSubject": subject,
    }


def plain(text: str) -> str:
    """``text`` without control characters other than tab, line feed and carriage return.

    pyld and other RDF canonicalisers (rdf-canonize, which JavaScript verifiers use) escape the
    other control characters differently, so a credential that kept one would verify here and
    fail there (the tests check this against such a verifier).
    """
    return "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")
