"""An enrollment's records in open formats: xAPI statements (for ``export`` and ``sync``) and
Open Badges credentials."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from learnsync.enrollments.access import read_enrollment
from learnsync.enrollments.team import learner_progress
from learnsync.store.database import EnrollmentRow, Store

if TYPE_CHECKING:
    from learnsync.credentials.keys import IssuerKey


def statement_records(store: Store, rows: list[EnrollmentRow]) -> Iterator[tuple[str, str]]:
    """(statement id, statement as compact JSON) for every event of ``rows``."""
    from learnsync.render.xapi import statement_lines

    plans = store.current_plans([row.id for row in rows])
    for row in rows:
        info = store.learner_info(row.learner)
        display_name, email = (info[0], info[1]) if info else (None, None)
        yield from statement_lines(
            plans[row.id],
            row.learner,
            store.raw_events(row.id),
            display_name=display_name,
            email=email,
        )


def badge_credentials(
    store: Store,
    rows: list[EnrollmentRow],
    now: datetime,
    issuer: IssuerKey,
    learner_did: str | None = None,
) -> Iterator[tuple[EnrollmentRow, str, dict[str, Any]]]:
    """(enrollment, badge id, signed Open Badges 3.0 credential) for every badge earned in
    ``rows``: issued by ``issuer``, signed at ``now``, the learner named by ``learner_did`` if
    given, else by a salted hash of their email (or name)."""
    from learnsync.credentials.proof import sign
    from learnsync.render.openbadges import credential, credential_id, learner_identity

    for row in rows:
        enrollment = read_enrollment(store, row)
        info = store.learner_info(row.learner)
        email = info[1] if info else None
        for status in learner_progress(enrollment, now).badges:
            if not status.earned:
                continue
            salt = issuer.salt(credential_id(enrollment.plan, row.learner, status))
            unsigned = credential(
                enrollment.plan,
                row.learner,
                status,
                issuer_id=issuer.did,
                issuer_name=issuer.name,
                identity=None if learner_did else learner_identity(row.learner, email, salt),
                learner_did=learner_did,
            )
            yield row, status.badge.id, sign(unsigned, issuer, now)
