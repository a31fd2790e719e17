"""CSV that spreadsheets open safely: cells that would start a formula are quoted as text, and
control characters, line breaks included, are shown as visible escapes (``\\n``, ``\\x1b``), so
every row is one line that prints as written (``--format json`` keeps text exactly)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from learnsync.render.safe_text import printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """The cell text, shown as ``printable`` shows it; a leading ``=``, ``+``, ``-``, ``@``, tab or
    CR gets a ``'`` (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = printable(str(value))
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def render_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
