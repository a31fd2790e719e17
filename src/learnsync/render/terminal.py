"""Plain terminal output for the everyday commands: colour only on a terminal (never under
``NO_COLOR``), and text from a course or the store shown literally, with control characters
made visible so that no file can move the cursor or restyle the terminal.

It does what rich does for line-oriented output at a fraction of its import time, which keeps
``next`` and ``done`` inside their 150 ms budget.

Lines fit the terminal: when a line is wider than the terminal (``COLUMNS``, else the terminal's
own width; a pipe or a file has none and nothing is fitted), its flexible pieces (titles) are
shortened at a word boundary with "…", and what still does not fit is wrapped between words
under the line's label. No word is ever split.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from learnsync.render.safe_text import printable

__all__ = [
    "Line",
    "cells",
    "clip",
    "colour_enabled",
    "printable",
    "say",
    "styled_by_rich",
    "terminal_width",
    "write_lines",
]
ELLIPSIS = "…"
MIN_FLEX = 12  # a title is never shortened below this many cells


def cells(text: str) -> int:
    """Cells a string takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    import unicodedata  # only for text that is not ASCII: it is a shared library to load

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: cut after the last whole word that fits, with "…";
    a single word longer than that is cut with "…" too (a title, never an id)."""
    if cells(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    room = width - 1
    head = ""
    for char in text:
        if cells(head + char) > room:
            break
        head += char
    rest = text[len(head) :]
    if rest and not rest[0].isspace() and not head.endswith(" ") and " " in head.strip():
        head = head.rstrip().rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-–") + ELLIPSIS


MAX_TERMINAL_SIZE = 10_000  # columns or lines: more is a mistake that rich would allocate for


def terminal_size(value: str | None) -> int | None:
    """A terminal size set in the environment (``COLUMNS``, ``LINES``, ``TERMINAL_WIDTH``): a
    whole number from 1 to ``MAX_TERMINAL_SIZE``; anything else is as if unset (None)."""
    if value is None or not value.isdecimal() or len(value) > 5:
        return None
    size = int(value)
    return size if 0 < size <= MAX_TERMINAL_SIZE else None


def terminal_width(stream: TextIO) -> int | None:
    """The width to fit lines to: ``COLUMNS`` when set, else the terminal's; None for a pipe or
    a file, whose lines are never wrapped."""
    columns = terminal_size(os.environ.get("COLUMNS"))
    if columns is not None:
        return columns
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}


def colour_enabled(stream: TextIO) -> bool:
    if "NO_COLOR" in os.environ:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def styled_by_rich(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether rich writes styles to ``stream``: when it takes it for a terminal (a tty, or
    ``TTY_COMPATIBLE=1`` or ``FORCE_COLOR`` say so). Elsewhere its output is the plain text,
    which can be written without importing rich."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in {"0", "1"}:
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


class Line:
    """A line built from pieces, each with an optional style such as ``"bold red"``; a
    ``flex`` piece (a title) may be shortened to fit the terminal."""

    def __init__(self, text: str = "", style: str = "", *, flex: bool = False) -> None:
        self.pieces: list[tuple[str, str]] = []
        self.flexible: set[int] = set()
        if text:
            self.add(text, style, flex=flex)

    def add(self, text: str, style: str = "", *, flex: bool = False) -> Line:
        if flex:
            self.flexible.add(len(self.pieces))
        self.pieces.append((printable(text), style))
        return self

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def fit(self, width: int) -> list[Line]:
        """This line in ``width`` cells: flexible pieces shortened first (longest first, to no
        less than ``MIN_FLEX`` cells), then wrapped between words under the line's label."""
        excess = cells(self.text) - width
        if excess <= 0:
            return [self]
        pieces = list(self.pieces)
        for index in sorted(self.flexible, key=lambda i: -cells(pieces[i][0])):
            if excess <= 0:
                break
            text, style = pieces[index]
            target = max(MIN_FLEX, cells(text) - excess)
            if target < cells(text):
                shorter = clip(text, target)
                excess -= cells(text) - cells(shorter)
                pieces[index] = (shorter, style)
        fitted = Line()
        fitted.pieces = pieces
        if excess <= 0:
            return [fitted]
        return fitted._wrap(width)

    def _wrap(self, width: int) -> list[Line]:
        first = self.pieces[0][0] if self.pieces else ""
        indent = cells(first) if first.strip() and cells(first) <= width // 2 else 0
        if not first.strip():
            indent = len(first)
        if indent == 0:
            indent = len(first) - len(first.lstrip())
        words: list[tuple[str, str]] = []  # words with the spaces before them, and their style
        for text, style in self.pieces:
            token = ""
            for char in text:
                mark = token.strip()  # a mark (★, ●) stays with the word after it
                if char == " " and mark and not (len(mark) == 1 and not mark.isalnum()):
                    words.append((token, style))
                    token = ""
                token += char
            if token:
                words.append((token, style))
        lines: list[Line] = []
        current = Line()
        used = 0
        for word, style in words:
            size = cells(word)
            if used and used + size > width:
                lines.append(current._rstrip())
                current = Line(" " * indent)
                word = word.lstrip(" ")
                size = cells(word)
                used = indent
            if used + size > width:  # one word wider than the line: a long title word or URL
                word = clip(word, width - used)
                size = cells(word)
            current.pieces.append((word, style))
            used += size
        lines.append(current._rstrip())
        return lines

    def _rstrip(self) -> Line:
        while self.pieces and not self.pieces[-1][0].strip():
            self.pieces.pop()
        if self.pieces:
            self.pieces[-1] = (self.pieces[-1][0].rstrip(), self.pieces[-1][1])
        return self

    def render(self, colour: bool) -> str:
        if not colour:
            return "".join(text for text, _ in self.pieces)
        out = []
        for text, style in self.pieces:
            codes = ";".join(_CODES[word] for word in style.split() if word in _CODES)
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
        return "".join(out)


def write_lines(
    stream: TextIO, lines: list[Line], *, width: int | None = None, fit: bool = True
) -> None:
    """``lines`` to ``stream``, fitted to its width (``terminal_width``) unless ``width`` says;
    not fitted at all without ``fit``."""
    colour = colour_enabled(stream)
    width = (width or terminal_width(stream)) if fit else None
    if width is not None:
        lines = [part for line in lines for part in line.fit(width)]
    stream.write("".join(line.render(colour) + "\n" for line in lines))


def say(stream: TextIO, text: str) -> None:
    """One line of plain text (a notice naming a file, say), shown as written."""
    stream.write(printable(text) + "\n")
