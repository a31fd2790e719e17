"""Findings as SARIF 2.1.0 (``check --format sarif``), for code-scanning dashboards.

One run, one rule per finding code that occurs (with its description), one result per
finding with its level, message, the file as a URI relative to the current folder (``%SRCROOT%``)
and the region of the key; the key path is the result's logical location. The message of a
date-bound finding starts with the cohorts it holds for, and its properties list them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from learnsync import __version__
from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult
from learnsync.render.safe_text import json_text, printable

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULES: dict[str, str] = {
    "toml-syntax": "The file is not valid TOML.",
    "encoding": "The file is not UTF-8 text.",
    "empty-file": "The file is empty.",
    "file-too-large": "The file is too large for a course.",
    "unreadable-file": "The file cannot be read.",
    "no-course-files": "A folder holds no course file.",
    "unknown-key": "A key the course format does not have.",
    "more-findings": "More findings of one code than a file lists (20): their count.",
    "missing-key": "A required key is missing.",
    "wrong-type": "A value has the wrong type.",
    "invalid-value": "A value is not one the format allows.",
    "invalid-id": "An id is not valid.",
    "invalid-duration": "A duration is not valid.",
    "invalid-day": "A day is not valid.",
    "invalid-time": "A start time is not valid.",
    "invalid-date": "A date is not valid.",
    "invalid-url": "A web address that is not an http or https URL.",
    "duplicate-id": "Two tasks, modules or sessions share an id.",
    "duplicate-value": "A value is listed twice.",
    "unknown-reference": "A reference names nothing in the course.",
    "requires-cycle": "Requirements form a cycle.",
    "requires-optional": "A required task requires an optional one.",
    "unknown-timezone": "A time zone that does not exist.",
    "unknown-country": "A country with no known public holidays.",
    "unknown-subdivision": "A subdivision the country does not have.",
    "no-workdays": "The calendar has no workday.",
    "no-tasks": "The course has no module.",
    "empty-module": "A module has no task.",
    "due-after-module": "A task is due after its module.",
    "session-overlap": "Two live sessions overlap.",
    "session-off-day": "A live session falls on a day the course excludes.",
    "session-on-public-holiday": "A live session falls on a public holiday.",
    "badge-missing-parameter": "A badge rule lacks a parameter.",
    "badge-unused-parameter": "A badge sets a parameter its rule ignores.",
    "unreachable-badge": "A badge nobody can earn.",
    "weekly-streak-without-target": "A streak badge counts weeks, and no weekly target is set.",
    "freeze-max-without-freeze-every": "freeze_max is set without freeze_every.",
    "streak-setting-unused": "Streak freezes or a weekly target no streak badge uses.",
    "infeasible-deadline": "No plan meets a deadline.",
    "blackout-reversed": "A blackout ends before it begins.",
    "blackout-outside-plan": "A blackout begins after the plan's last day.",
    "session-in-blackout": "A live session falls inside a blackout.",
    "unknown-session": "A deadline names a live session the course does not have.",
    "due-before-session": "A task is due before a live session it requires.",
    "plan-too-long": "The work does not fit in the longest plan.",
}


def artifact_uri(file: str) -> tuple[str, bool]:
    """The file as a URI relative to the current folder when it is inside it, else absolute."""
    path = Path(file)
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri(), False
    return quote(os.fsencode(relative.as_posix())), True  # the bytes of a non-UTF-8 name


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    uri, relative = artifact_uri(finding.file)
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if relative:
        location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
    if finding.line:
        location["region"] = {"startLine": finding.line, "startColumn": max(1, finding.column)}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "error" if finding.severity == "error" else "warning",
        "message": {
            "text": printable(finding.message + (f" ({finding.hint})" if finding.hint else ""))
        },
        "locations": [{"physicalLocation": location}],
    }
    if finding.date_bound:
        result["properties"] = {
            "dateBound": True,
            "cohorts": [cohort.start.isoformat() for cohort in finding.cohorts],
        }
    if finding.key:
        result["locations"][0]["logicalLocations"] = [
            {"fullyQualifiedName": finding.key_path, "kind": "member"}
        ]
    return result


def render_check_results(results: Sequence[CheckResult]) -> str:
    findings = [finding for result in results for finding in result.findings]
    severity: dict[str, str] = {}
    for finding in findings:
        severity.setdefault(finding.code, finding.severity)
    codes = list(severity)
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": RULES.get(code, code)},
            "defaultConfiguration": {"level": severity[code]},
        }
        for code in codes
    ]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "learnsync",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"}
                },
                "results": [_result(finding, codes.index(finding.code)) for finding in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
