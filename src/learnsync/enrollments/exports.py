"""An enrollment's records in open formats: xAPI statements (for ``export`` and ``sync``) and
Open Badges credentials."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from learnsync.enrollments.access import read_enrollment
from learnsync.enrollments.team import learner_progress
from learnsync.store.database import EnrollmentRow, Store


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
    store: Store, rows: list[EnrollmentRow], now: datetime
) -> Iterator[tuple[EnrollmentRow, str, dict[str, Any]]]:
    """(enrollment, badge id, Open Badges 3.0 credential) for every badge earned in ``rows``."""
    from learnsync.render.openbadges import credential

    for row in rows:
        enrollment = read_enrollment(store, row)
        info = store.learner_info(row.learner)
        email = info[1] if info else None
        for status in learner_progress(enrollment, now).badges:
            if status.earned:
                yield row, status.badge.id, credential(enrollment.plan, row.learner, status, email)
