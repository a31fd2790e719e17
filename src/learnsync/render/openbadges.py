"""Open Badges 3.0: one OpenBadgeCredential (JSON-LD, unsigned) per earned badge.

The issuer is the course (its IRI and title), the achievement is the badge with its criteria in
words, ``validFrom`` is the instant it was earned, and the subject is the learner's email when a
roster gave one (else a learnsync URN). Ids are UUIDs derived from course, learner and badge, so
exporting twice gives the same credentials.
"""

from __future__ import annotations

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


def credential(
    plan: Plan, learner: str, status: BadgeStatus, email: str | None = None
) -> dict[str, Any]:
    assert status.earned_at is not None, "only earned badges become credentials"
    badge = status.badge
    subject_id = f"mailto:{email}" if email else f"urn:learnsync:learner:{quote(learner, safe='')}"
    key = "\n".join((plan.course_id, learner, badge.id))
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.title,
        "issuer": {"id": plan.iri, "type": ["Profile"], "name": plan.course_title},
        "validFrom": status.earned_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"{plan.iri}/badge/{quote(badge.id, safe='')}",
                "type": ["Achievement"],
                "name": badge.title,
                "description": badge.description or criteria(badge).capitalize(),
                "criteria": {"narrative": criteria(badge).capitalize() + "."},
            },
        },
    }
