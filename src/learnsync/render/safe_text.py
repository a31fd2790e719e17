"""The one place that decides which characters of outside text (course files, file names, learner
names, rosters, the store, an LRS's answers) may reach a terminal, a CI log or a text format.

Unsafe are the characters that move the cursor, start an escape sequence or a new line, or
reorder what a reader sees: C0 controls (line feed, carriage return, tab and ESC included), DEL,
C1 controls (CSI ``U+009B``, NEL ``U+0085`` ...), the bidirectional controls (``U+202A``-``U+202E``,
``U+2066``-``U+2069``, ``U+200E``, ``U+200F``, ``U+061C``), the line and paragraph separators
``U+2028`` and ``U+2029``, and lone surrogates (bytes of a file name that are not UTF-8), which
no stream can encode.

- ``printable`` is for everything printed for people or CI logs: each unsafe character is shown
  as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), so one string stays one line and prints
  as written.
- ``json_text`` is for JSON: the same characters written as ``\\uXXXX`` escapes, so a document
  stays faithful (it decodes to the same values) and holds none of them raw.
- Text formats other programs read show them as ``printable`` does (CSV cells, Markdown after
  its own escaping), or, where the format escapes line breaks itself (iCalendar), keep the line
  breaks and show the rest: ``multi_line``.
"""

from __future__ import annotations

import re
from functools import cache

_UNSAFE = (
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
LINE_BREAK = "\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # compiled when first needed: each costs a few million instructions at start-up, and text
    # with nothing unsafe in it (most of it) needs none
    return re.compile(pattern)


def unsafe_characters() -> re.Pattern[str]:
    """The pattern that finds every unsafe character."""
    return _compiled(_UNSAFE)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` as one line that prints as written: every unsafe character shown as a visible
    escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isprintable():  # every unsafe character is a control, format, separator or surrogate
        return text
    return unsafe_characters().sub(_visible, text)


def multi_line(text: str) -> str:
    """``text`` whose line breaks the format escapes itself (iCalendar's ``\\n``): line breaks
    kept as ``\\n``, every other unsafe character as ``printable`` shows it."""
    return "\n".join(printable(part) for part in _compiled(LINE_BREAK).split(text))


def json_text(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the unsafe characters that
    JSON leaves raw (DEL, C1, bidirectional controls, separators, lone surrogates) written as
    ``\\uXXXX`` escapes: the same values, nothing raw. C0 controls are escaped by JSON already."""
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded  # DEL is the only unsafe ASCII character JSON leaves raw
    return _compiled(_JSON_UNSAFE).sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
