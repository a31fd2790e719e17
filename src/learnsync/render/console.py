"""The rich consoles every text renderer prints through.

Colour only on a terminal and never under ``NO_COLOR`` (rich honours both); markup and
highlighting are off, so text from a course file is printed exactly as written.
"""

from __future__ import annotations

import os
import sys

from rich import box
from rich.console import Console

from learnsync.render.terminal import terminal_size

PIPE_WIDTH = 160  # a pipe or a file has no width: do not wrap tables at 80 columns


def make_console(*, stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = terminal_size(os.environ.get("COLUMNS"))
    if width is None and not stream.isatty():
        width = PIPE_WIDTH
    return Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        width=width,
    )


def table_box(console: Console) -> box.Box | None:
    """Rules under table headers on a terminal; none in a pipe or a file."""
    return box.SIMPLE_HEAD if console.is_terminal else None
