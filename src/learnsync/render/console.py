"""The rich consoles every text renderer prints through.

Colour only on a terminal and never under ``NO_COLOR`` (rich honours both); markup and
highlighting are off, so text from a course file is printed exactly as written.
"""

from __future__ import annotations

import os

from rich.console import Console


def make_console(*, stderr: bool = False) -> Console:
    width = os.environ.get("COLUMNS")
    return Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        width=int(width) if width and width.isdigit() else None,
    )
