"""Findings as GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=CODE::message``.

Text from files is first shown as written (``safe_text.printable``: a line break in a file name
becomes a visible ``\\n``, so no file can start a workflow command of its own), then escaped as the
runner requires: ``%``, CR and LF everywhere, and also ``:`` and ``,`` inside properties.
"""

from __future__ import annotations

from collections.abc import Sequence

from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult
from learnsync.render.safe_text import printable


def escape_data(text: str) -> str:
    return printable(text).replace("%", "%25")  # printable leaves no CR or LF to escape


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.file)}"]
    if finding.line:
        properties += [f"line={finding.line}", f"col={finding.column}"]
    properties.append(f"title={escape_property(finding.code)}")
    message = finding.message
    if finding.key:
        message += f" (at {finding.key_path})"
    if finding.hint:
        message += f"; {finding.hint}"
    return f"::{finding.severity} {','.join(properties)}::{escape_data(message)}"


def render_check_results(results: Sequence[CheckResult]) -> str:
    lines = [annotation(finding) for result in results for finding in result.findings]
    return "".join(line + "\n" for line in lines)
