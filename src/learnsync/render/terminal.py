"""Plain terminal output for the everyday commands: colour only on a terminal (never under
``NO_COLOR``), and text from a course or the store shown literally, with control characters
made visible so that no file can move the cursor or restyle the terminal.

It does what rich does for line-oriented output at a fraction of its import time, which keeps
``next`` and ``done`` inside their 150 ms budget.
"""

from __future__ import annotations

import os
from typing import TextIO

from learnsync.render.safe_text import printable

__all__ = ["Line", "colour_enabled", "printable", "say", "write_lines"]

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


class Line:
    """A line built from pieces, each with an optional style such as ``"bold red"``."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.pieces: list[tuple[str, str]] = []
        if text:
            self.add(text, style)

    def add(self, text: str, style: str = "") -> Line:
        self.pieces.append((printable(text), style))
        return self

    def render(self, colour: bool) -> str:
        if not colour:
            return "".join(text for text, _ in self.pieces)
        out = []
        for text, style in self.pieces:
            codes = ";".join(_CODES[word] for word in style.split() if word in _CODES)
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
        return "".join(out)


def write_lines(stream: TextIO, lines: list[Line]) -> None:
    colour = colour_enabled(stream)
    stream.write("".join(line.render(colour) + "\n" for line in lines))


def say(stream: TextIO, text: str) -> None:
    """One line of plain text (a notice naming a file, say), shown as written."""
    stream.write(printable(text) + "\n")
