"""Findings: what the loader and the checks say about a course file, with where it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def format_key_path(key: KeyPath) -> str:
    """Render a key path the way an author reads it: ``module[2].task[0].effort``."""
    out: list[str] = []
    for part in key:
        if isinstance(part, int):
            out.append(f"[{part}]")
            continue
        text = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
        out.append(("." if out else "") + text)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class CohortStart:
    """A cohort that date-bound checks are run for: its first day, and its name if it has one."""

    start: date
    name: str | None = None

    @property
    def label(self) -> str:
        day = self.start.isoformat()
        return f"{self.name} ({day})" if self.name else day


def cohorts_phrase(cohorts: tuple[CohortStart, ...]) -> str:
    """``cohort starting 2027-01-04`` or ``cohorts starting 2027-01-04, 2027-01-11 and ...``."""
    labels = [cohort.label for cohort in cohorts]
    if len(labels) == 1:
        return f"cohort starting {labels[0]}"
    return f"cohorts starting {', '.join(labels[:-1])} and {labels[-1]}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a course file.

    ``key`` is the path down to the offending value; ``line`` and ``column`` are 1-based and
    0 when the finding is about the whole file (it could not be read, say). ``cohorts`` is empty
    for a finding that holds for any cohort, else the cohorts (start dates) it was found for: a
    date-bound finding.
    """

    code: str
    message: str
    severity: Severity = "error"
    key: KeyPath = ()
    hint: str | None = None
    file: str = ""
    line: int = 0
    column: int = 0
    cohorts: tuple[CohortStart, ...] = ()

    @property
    def date_bound(self) -> bool:
        """Whether the finding depends on the cohort's start date."""
        return bool(self.cohorts)

    @property
    def key_path(self) -> str:
        return format_key_path(self.key)

    def located(self, file: str, line: int, column: int) -> Finding:
        return replace(self, file=file, line=line, column=column)

    def __str__(self) -> str:
        where = self.file or "<course>"
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: {self.severity} [{self.code}] {self.message}"
        if self.key:
            text += f" (at {self.key_path})"
        if self.hint:
            text += f"; {self.hint}"
        return text


MAX_FINDINGS_PER_CODE = 20


def more_findings(code: str, count: int, severity: Severity) -> Finding:
    """The line that stands for the findings of one code past ``MAX_FINDINGS_PER_CODE``."""
    return Finding(
        "more-findings",
        f"{count} more [{code}] finding{'s' if count != 1 else ''} not listed: at most "
        f"{MAX_FINDINGS_PER_CODE} of one code are listed for a file",
        severity,
    )


def cap_findings(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the first ``MAX_FINDINGS_PER_CODE`` findings of each code, one ``more-findings`` line
    for each code that had more): a file with 100,000 unknown keys reports twenty."""
    from collections import Counter

    seen: Counter[str] = Counter()
    kept: list[Finding] = []
    dropped: dict[str, list[Finding]] = {}
    for finding in findings:
        seen[finding.code] += 1
        if seen[finding.code] <= MAX_FINDINGS_PER_CODE:
            kept.append(finding)
        else:
            dropped.setdefault(finding.code, []).append(finding)
    summaries = [
        more_findings(
            code,
            len(rest),
            "error" if any(item.severity == "error" for item in rest) else "warning",
        )
        for code, rest in dropped.items()
    ]
    return kept, summaries


def did_you_mean(word: str, choices: object) -> str | None:
    """The hint for a near miss, or None when nothing is close."""
    import difflib

    options = [str(choice) for choice in choices]  # type: ignore[attr-defined]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
