"""Findings as text for people: ``file:line:col: severity [code] message``, then where, then a hint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult
from learnsync.render.console import make_console
from learnsync.render.terminal import printable

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def finding_text(finding: Finding) -> Text:
    text = Text()
    where = finding.file or "<course>"
    if finding.line:
        where += f":{finding.line}:{finding.column}"
    text.append(printable(where), style="bold")
    text.append(": ")
    text.append(finding.severity, style=_SEVERITY_STYLE[finding.severity])
    text.append(f" [{finding.code}] ", style="dim")
    text.append(printable(finding.message))
    if finding.key:
        text.append("\n  at ", style="dim")
        text.append(printable(finding.key_path), style="cyan")
    if finding.hint:
        text.append("\n  hint: ", style="dim")
        text.append(printable(finding.hint))
    return text


def print_findings(findings: Iterable[Finding], *, stderr: bool = False) -> None:
    console = make_console(stderr=stderr)
    for finding in findings:
        console.print(finding_text(finding))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def print_check_results(results: Sequence[CheckResult], *, skipped: int = 0) -> None:
    """Every finding of every file, then one summary line (with the TOML files a folder search
    skipped because they hold no course)."""
    console = make_console()
    for result in results:
        for finding in result.findings:
            console.print(finding_text(finding))
    errors = sum(len(result.errors) for result in results)
    warnings = sum(len(result.warnings) for result in results)
    others = f" ({_plural(skipped, 'other TOML file')} skipped)" if skipped else ""
    summary = Text(f"Checked {_plural(len(results), 'file')}{others}: ")
    if not errors and not warnings:
        summary.append("all valid.", style="green")
    else:
        failing = sum(1 for result in results if result.errors)
        summary.append(_plural(errors, "error"), style="bold red" if errors else "")
        summary.append(", ")
        summary.append(_plural(warnings, "warning"), style="yellow" if warnings else "")
        if errors:
            summary.append(f" in {_plural(failing, 'file')}")
        summary.append(".")
    console.print(summary)
