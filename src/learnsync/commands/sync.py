"""``learnsync sync``: send the statements a learning record store does not have yet."""

from __future__ import annotations

import sys

from learnsync.enrollments import find_learner, open_for
from learnsync.errors import UsageError
from learnsync.lrs import LrsError
from learnsync.options import lrs_from
from learnsync.output import print_json

SCHEMA_VERSION = 1


def run(
    url: str,
    user: str | None,
    password: str | None,
    course: str | None,
    learner: str | None,
    batch: int,
    timeout: float,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments.exports import statement_records

    lrs = lrs_from(url, user, password, timeout)
    key = lrs.store_key
    with open_for(store_option, write=True) as store:
        if learner is not None:
            learner = find_learner(store, learner)
        rows = store.enrollments(learner=learner, course_id=course)
        if not rows:
            raise UsageError("there is nothing to send: no enrollment matches")
        acknowledged = store.sent_to(key)
        records = list(statement_records(store, rows))
        pending = [
            (identifier, line) for identifier, line in records if identifier not in acknowledged
        ]
        already = len(records) - len(pending)
        sent = 0
        batches = 0
        for start in range(0, len(pending), batch):
            chunk = pending[start : start + batch]
            try:
                lrs.send(chunk)
            except LrsError as error:
                waiting = len(pending) - sent
                raise LrsError(
                    f"{error}; {sent} statements were sent, {waiting} wait in the local store "
                    "and the next sync sends them (nothing is lost)"
                ) from None
            store.mark_sent(key, [identifier for identifier, _ in chunk], now=current_time())
            sent += len(chunk)
            batches += 1
    if output_format == "json":
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "lrs": lrs.shown_statements_url,
                "sent": sent,
                "already_there": already,
                "batches": batches,
            }
        )
    else:
        from learnsync.render.terminal import say

        say(
            sys.stdout,
            f"Sent {sent} statement{'s' if sent != 1 else ''} to {lrs.shown_statements_url} in "
            f"{batches} batch{'es' if batches != 1 else ''}; {already} were there already.",
        )
    return 0
