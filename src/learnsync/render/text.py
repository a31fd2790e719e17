"""Findings as text for people: ``file:line:col: severity [code] message``, then where, then a hint.

Styled through rich where styles are written (a terminal); elsewhere (a pipe, a file) the same
text is written without importing rich."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult
from learnsync.render.terminal import printable, styled_by_rich

if TYPE_CHECKING:
    from rich.text import Text

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
Pieces = list[tuple[str, str]]  # (text, rich style)


def _finding_pieces(finding: Finding) -> Pieces:
    where = finding.file or "<course>"
    if finding.line:
        where += f":{finding.line}:{finding.column}"
    pieces = [
        (printable(where), "bold"),
        (": ", ""),
        (finding.severity, _SEVERITY_STYLE[finding.severity]),
        (f" [{finding.code}] ", "dim"),
        (printable(finding.message), ""),
    ]
    if finding.key:
        pieces += [("\n  at ", "dim"), (printable(finding.key_path), "cyan")]
    if finding.hint:
        pieces += [("\n  hint: ", "dim"), (printable(finding.hint), "")]
    return pieces


def _text(pieces: Pieces) -> Text:
    from rich.text import Text

    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


def _print(lines: Iterable[Pieces], *, stderr: bool = False) -> None:
    stream = sys.stderr if stderr else sys.stdout
    if not styled_by_rich(stream):
        stream.write("".join("".join(piece for piece, _ in line) + "\n" for line in lines))
        stream.flush()  # as rich does: what follows on the other stream comes after it
        return
    from learnsync.render.console import make_console

    console = make_console(stderr=stderr)
    for line in lines:
        console.print(_text(line))


def print_findings(findings: Iterable[Finding], *, stderr: bool = False) -> None:
    _print([_finding_pieces(finding) for finding in findings], stderr=stderr)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def print_check_results(results: Sequence[CheckResult], *, skipped: int = 0) -> None:
    """Every finding of every file, then one summary line (with the TOML files a folder search
    skipped because they hold no course)."""
    lines = [_finding_pieces(finding) for result in results for finding in result.findings]
    errors = sum(len(result.errors) for result in results)
    warnings = sum(len(result.warnings) for result in results)
    others = f" ({_plural(skipped, 'other TOML file')} skipped)" if skipped else ""
    summary: Pieces = [(f"Checked {_plural(len(results), 'file')}{others}: ", "")]
    if not errors and not warnings:
        summary.append(("all valid.", "green"))
    else:
        failing = sum(1 for result in results if result.errors)
        summary.append((_plural(errors, "error"), "bold red" if errors else ""))
        summary.append((", ", ""))
        summary.append((_plural(warnings, "warning"), "yellow" if warnings else ""))
        if errors:
            summary.append((f" in {_plural(failing, 'file')}", ""))
        summary.append((".", ""))
    _print([*lines, summary])
