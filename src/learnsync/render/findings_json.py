"""Findings as JSON for scripts (``check --format json``), schema_version 1.

Document::

    {"schema_version": 1, "valid": bool,
     "summary": {"files": int, "errors": int, "warnings": int, "skipped": int},
     "files": [{"path", "valid", "course" (id or null), "errors", "warnings",
                "cohorts": [{"start", "name"}]}],
     "findings": [{"path", "line", "column", "severity", "code", "message", "key", "hint",
                   "date_bound", "cohorts": [{"start", "name"}]}]}

``path`` is the course file, ``key`` the key path down to the value (``module[0].task[1].effort``,
empty for the whole file), ``line`` and ``column`` are 1-based (0 when the file could not be read).
A file's ``cohorts`` are those its date-bound checks ran for; a finding is ``date_bound`` when it
depends on the cohort's dates, and its ``cohorts`` are those it was found for. ``skipped`` counts
the TOML files without a ``[course]`` table that a folder search passed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnsync.course.findings import CohortStart, Finding
from learnsync.course.loader import CheckResult
from learnsync.render.jsonfmt import dumps_document

SCHEMA_VERSION = 1


def finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.file,
        "line": finding.line,
        "column": finding.column,
        "severity": finding.severity,
        "code": finding.code,
        "message": finding.message,
        "key": finding.key_path,
        "hint": finding.hint,
        "date_bound": finding.date_bound,
        "cohorts": [cohort_record(cohort) for cohort in finding.cohorts],
    }


def cohort_record(cohort: CohortStart) -> dict[str, Any]:
    return {"start": cohort.start.isoformat(), "name": cohort.name}


def render_check_results(results: Sequence[CheckResult], *, skipped: int = 0) -> str:
    errors = sum(len(result.errors) for result in results)
    document = {
        "schema_version": SCHEMA_VERSION,
        "valid": errors == 0,
        "summary": {
            "files": len(results),
            "errors": errors,
            "warnings": sum(len(result.warnings) for result in results),
            "skipped": skipped,
        },
        "files": [
            {
                "path": result.file,
                "valid": not result.errors,
                "course": result.course.id if result.course is not None else None,
                "errors": len(result.errors),
                "warnings": len(result.warnings),
                "cohorts": [cohort_record(cohort) for cohort in result.cohorts],
            }
            for result in results
        ],
        "findings": [finding_record(f) for result in results for f in result.findings],
    }
    return dumps_document(document)
