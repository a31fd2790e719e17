"""Checking an Open Badges 3.0 credential offline: shape, issuer, signature and dates.

Every problem found is reported, in that order; a credential is valid when there is none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from learnsync.credentials.dids import DidError, resolve_assertion_key
from learnsync.credentials.jsonld import OB_V3P0, VC_V2
from learnsync.credentials.proof import proof_of, proof_problem
from learnsync.errors import LearnsyncError

_CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


def shape_problems(document: Any) -> list[str]:
    """What an OpenBadgeCredential must have and this one lacks (1EdTech's required fields)."""
    if not isinstance(document, dict):
        return ["not a JSON object"]
    problems = []
    context = document.get("@context")
    if not (isinstance(context, list) and context[:2] == [VC_V2, OB_V3P0]):
        problems.append(f"@context: expected [{VC_V2!r}, {OB_V3P0!r}, ...]")
    types = document.get("type")
    if not (
        isinstance(types, list)
        and "VerifiableCredential" in types
        and _CREDENTIAL_TYPES & set(types)
    ):
        problems.append("type: expected VerifiableCredential and OpenBadgeCredential")
    if not isinstance(document.get("id"), str):
        problems.append("id: missing")
    if _issuer_id(document) is None:
        problems.append("issuer: missing its id")
    if not isinstance(document.get("validFrom"), str):
        problems.append("validFrom: missing")
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(achievement, dict):
        problems.append("credentialSubject.achievement: missing")
    else:
        for key in ("id", "type", "name", "description", "criteria"):
            if key not in achievement:
                problems.append(f"credentialSubject.achievement.{key}: missing")
    return problems


def date_problems(document: dict[str, Any], now: datetime) -> list[str]:
    """``validFrom`` already reached and ``validUntil`` not yet passed, at ``now``."""
    problems = []
    for key in ("validFrom", "validUntil"):
        value = document.get(key)
        if value is None:
            continue
        instant = _instant(value)
        if instant is None:
            problems.append(f"{key}: {value!r} is not a date-time with a time zone")
        elif key == "validFrom" and instant > now:
            problems.append(f"not valid yet: valid from {value}")
        elif key == "validUntil" and instant <= now:
            problems.append(f"expired: valid until {value}")
    return problems


def credential_problems(
    document: Any, now: datetime, did_documents: dict[str, dict[str, Any]]
) -> list[str]:
    """Every reason ``document`` is not a valid, signed credential at ``now`` (empty: valid)."""
    problems = shape_problems(document)
    if not isinstance(document, dict):
        return problems
    proof = proof_of(document)
    if isinstance(proof, str):
        return [*problems, proof, *date_problems(document, now)]
    method = proof["verificationMethod"]
    issuer = _issuer_id(document)
    if issuer is not None and method.partition("#")[0] != issuer:
        problems.append(
            f"issuer: the proof was made by {method.partition('#')[0]}, not by {issuer}"
        )
    else:
        try:
            key = resolve_assertion_key(method, did_documents)
        except DidError as error:
            problems.append(f"issuer: {error}")
        else:
            try:
                problem = proof_problem(document, key.public_key)
            except LearnsyncError as error:
                problem = f"signature: {error}"
            if problem:
                problems.append(problem)
    return [*problems, *date_problems(document, now)]


def _issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else None
