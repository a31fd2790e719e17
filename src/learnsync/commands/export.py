"""``learnsync export``: the store's records in open formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from learnsync.enrollments import find_learner, open_for, read_enrollment
from learnsync.errors import LearnsyncError, UsageError
from learnsync.options import issuer_key_path
from learnsync.store.database import EnrollmentRow, Store
from learnsync.tracking import Event

SCHEMA_VERSION = 1


def _rows(store: Store, learner: str | None, course: str | None) -> list[EnrollmentRow]:
    if learner is not None:
        learner = find_learner(store, learner)
    rows = store.enrollments(learner=learner, course_id=course)
    if not rows:
        who = f"{learner} is not" if learner else "no one is"
        where = f" in '{course}'" if course else " in any course"
        raise LearnsyncError(f"{who} enrolled{where}")
    from learnsync.inputs import count_as_sources

    count_as_sources(store.source_paths([row.id for row in rows]))  # never an output of export
    return rows


def run(
    output_format: str,
    learner: str | None,
    course: str | None,
    output: Path | None,
    output_dir: Path | None,
    store_option: str | None,
    key: Path | None = None,
    learner_did: str | None = None,
) -> int:
    from learnsync.output import emit

    if output_format == "badges":
        if output_dir is None:
            raise UsageError("--format badges writes one file per badge: pass --output-dir DIR")
    elif output_dir is not None or key is not None or learner_did is not None:
        option = "--output-dir" if output_dir else "--key" if key else "--learner-did"
        raise UsageError(f"{option} goes with --format badges")
    with open_for(store_option, write=False) as store:
        rows = _rows(store, learner, course)
        if output_format in ("json", "csv"):
            records = _event_records(store, rows)
            if output_format == "json":
                from learnsync.render.jsonfmt import dumps_document

                emit(dumps_document({"schema_version": SCHEMA_VERSION, "events": records}), output)
            else:
                from learnsync.render.safe_csv import render_rows

                columns = list(records[0]) if records else list(_EVENT_COLUMNS)
                emit(
                    render_rows(columns, ([record[c] for c in columns] for record in records)),
                    output,
                )
            return 0
        if output_format == "xapi":
            emit(_xapi(store, rows), output)
            return 0
        if output_format == "ics":
            if len(rows) > 1:
                raise UsageError("--format ics exports one enrollment: pass --learner and --course")
            from learnsync.render.plan_ics import render_plan

            emit(render_plan(read_enrollment(store, rows[0]).plan, learner=rows[0].learner), output)
            return 0
        assert output_dir is not None
        written = _badges(store, rows, output_dir, issuer_key_path(key, store_option), learner_did)
    from learnsync.render.terminal import say

    say(
        sys.stderr, f"wrote {written} badge credential{'s' if written != 1 else ''} to {output_dir}"
    )
    return 0


_EVENT_COLUMNS = (
    "learner",
    "course",
    "event",
    "kind",
    "item",
    "at",
    "recorded_at",
    "score",
    "note",
    "deadline",
    "late",
    "counts",
    "misfit",
)


def _event_records(store: Store, rows: list[EnrollmentRow]) -> list[dict[str, Any]]:
    """Every event as stored (the export is the record), with whether it counts under the plan
    in force (``tracking.event_counts``) and, for a completion of the kind its item does not
    take, why not (``tracking.misfit``; no deadline verdict then): a script keeps the events
    progress is derived from with ``counts``."""
    from learnsync.tracking import event_counts, misfit

    records = []
    for row in rows:
        kept = store.plan_ids(row.id)
        for event in store.events(row.id):
            unfit = misfit(event.kind, event.item, kept.sessions)
            records.append(
                dict(
                    zip(
                        _EVENT_COLUMNS,
                        (
                            row.learner,
                            row.course_id,
                            event.id,
                            event.kind,
                            event.item,
                            event.at.isoformat(),
                            event.recorded_at.isoformat() if event.recorded_at else None,
                            event.score,
                            event.note,
                            *(_verdict(event) if unfit is None else (None, None)),
                            event_counts(event.kind, event.item, kept.ids, kept.sessions),
                            unfit,
                        ),
                        strict=True,
                    )
                )
            )
    return records


def _verdict(event: Event) -> tuple[str | None, bool | None]:
    """The deadline a completion was judged against when recorded, and whether it was late."""
    from learnsync.rules import NO_DEADLINE, is_late

    if event.kind != "done" or event.deadline is None:
        return None, None
    if event.deadline == NO_DEADLINE:
        return None, False
    return event.deadline.isoformat(), is_late(event.at, event.deadline)


def _xapi(store: Store, rows: list[EnrollmentRow]) -> str:
    from learnsync.enrollments.exports import statement_records

    chunks = [line for _, line in statement_records(store, rows)]
    return "[\n" + ",\n".join(chunks) + ("\n" if chunks else "") + "]\n"


def _badges(
    store: Store,
    rows: list[EnrollmentRow],
    output_dir: Path,
    key: Path,
    learner_did: str | None,
) -> int:
    """Sign and write one Open Badges 3.0 credential per earned badge (see credentials.proof)."""
    from learnsync.clock import now as current_time
    from learnsync.credentials.dids import check_did
    from learnsync.credentials.keys import load
    from learnsync.enrollments.exports import badge_credentials
    from learnsync.output import (
        OutputFile,
        ensure_folder,
        safe_file_name,
        warn_if_open,
        write_files,
    )
    from learnsync.render.safe_text import json_text

    if learner_did is not None:
        check_did(learner_did, "--learner-did")
        if len({row.learner for row in rows}) > 1:
            raise UsageError("--learner-did names one learner's DID: pass --learner too")
    ensure_folder(output_dir)
    issuer = load(key)
    warn_if_open(key)
    files = []
    for row, badge, document in badge_credentials(store, rows, current_time(), issuer, learner_did):
        name = "--".join(safe_file_name(part) for part in (row.learner, row.course_id, badge))
        text = json_text(json.dumps(document, indent=2, ensure_ascii=False))
        files.append(OutputFile(f"{name}.json", text + "\n", f"badge {badge} of {row.learner}"))
    write_files(output_dir, files)
    return len(files)
