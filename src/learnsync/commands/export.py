"""``learnsync export``: the store's records in open formats."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from learnsync.commands.enrollment import Enrollment, open_for, read_enrollment
from learnsync.errors import UsageError
from learnsync.store.database import EnrollmentRow, Store

SCHEMA_VERSION = 1
FORMATS = ("json", "csv", "xapi", "ics", "badges")


def _rows(store: Store, learner: str | None, course: str | None) -> list[EnrollmentRow]:
    rows = store.enrollments(learner=learner, course_id=course)
    if not rows:
        who = f"{learner} is" if learner else "no one is"
        where = f" in '{course}'" if course else " in any course"
        raise UsageError(f"{who} not enrolled{where}" if learner else f"{who} enrolled{where}")
    return rows


def run(
    output_format: str,
    learner: str | None,
    course: str | None,
    output: Path | None,
    output_dir: Path | None,
    store_option: str | None,
) -> int:
    from learnsync.commands.files import emit

    if output_format == "badges":
        if output_dir is None:
            raise UsageError("--format badges writes one file per badge: pass --output-dir DIR")
    elif output_dir is not None:
        raise UsageError("--output-dir goes with --format badges")
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

            emit(render_plan(read_enrollment(store, rows[0]).plan), output)
            return 0
        assert output_dir is not None
        written = _badges(store, rows, output_dir)
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
)


def _event_records(store: Store, rows: list[EnrollmentRow]) -> list[dict[str, Any]]:
    records = []
    for row in rows:
        for event in store.events(row.id):
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
                            event.recorded_at.isoformat(),
                            event.score,
                            event.note,
                        ),
                        strict=True,
                    )
                )
            )
    return records


def statement_records(store: Store, rows: list[EnrollmentRow]) -> Iterator[tuple[str, str]]:
    """(statement id, statement as compact JSON) for every event of ``rows``."""
    from learnsync.planning.snapshot import plan_from_document
    from learnsync.render.xapi import statement_lines

    plans: dict[str, Any] = {}
    for row in rows:
        text = store.current_plan(row.id).plan
        if text not in plans:
            plans[text] = plan_from_document(json.loads(text))
        info = store.learner_info(row.learner)
        display_name, email = (info[0], info[1]) if info else (None, None)
        yield from statement_lines(
            plans[text],
            row.learner,
            store.raw_events(row.id),
            display_name=display_name,
            email=email,
        )


def _xapi(store: Store, rows: list[EnrollmentRow]) -> str:
    chunks = [line for _, line in statement_records(store, rows)]
    return "[\n" + ",\n".join(chunks) + ("\n" if chunks else "") + "]\n"


def _badges(store: Store, rows: list[EnrollmentRow], output_dir: Path) -> int:
    from learnsync.clock import now as current_time
    from learnsync.commands.files import ensure_folder, write_new_or_replace
    from learnsync.commands.plan import safe_file_name
    from learnsync.progress import progress
    from learnsync.render.openbadges import credential
    from learnsync.render.safe_text import json_text

    ensure_folder(output_dir)
    now = current_time()
    written = 0
    for row in rows:
        enrollment: Enrollment = read_enrollment(store, row)
        info = store.learner_info(row.learner)
        email = info[1] if info else None
        for status in progress(enrollment.plan, enrollment.events, now).badges:
            if not status.earned:
                continue
            name = f"{safe_file_name(row.learner)}--{safe_file_name(row.course_id)}--{safe_file_name(status.badge.id)}.json"
            document = credential(enrollment.plan, row.learner, status, email)
            text = json_text(json.dumps(document, indent=2, ensure_ascii=False))
            write_new_or_replace(output_dir / name, text + "\n")
            written += 1
    return written
