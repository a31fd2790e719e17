"""check's text output: rich writes it where it styles it; elsewhere the same text is written
without rich."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from learnsync.checking import check_paths
from learnsync.render import text as text_module
from learnsync.render.terminal import styled_by_rich

ROOT = Path(__file__).parents[2]
BROKEN = Path(__file__).parents[1] / "course" / "broken"


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _written(monkeypatch: pytest.MonkeyPatch, *, rich: bool) -> str:
    stream = _Stream(tty=False)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(text_module, "styled_by_rich", lambda _: rich)
    results = check_paths([*sorted(BROKEN.glob("*.toml")), ROOT / "examples"])
    text_module.print_check_results(results, skipped=2)
    return stream.getvalue()


def test_findings_in_a_pipe_are_the_text_rich_writes_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("TTY_COMPATIBLE", "FORCE_COLOR", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    plain = _written(monkeypatch, rich=False)
    assert "[unknown-key]" in plain and "\n  hint: " in plain
    assert plain == _written(monkeypatch, rich=True)


@pytest.mark.parametrize(
    ("tty", "compatible", "force"),
    list(itertools.product([False, True], [None, "", "0", "1"], [None, "", "1", "0"])),
)
def test_styled_exactly_where_rich_takes_the_stream_for_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tty: bool, compatible: str | None, force: str | None
) -> None:
    for name, value in (("TTY_COMPATIBLE", compatible), ("FORCE_COLOR", force)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    stream = _Stream(tty)
    assert styled_by_rich(stream) == Console(file=stream).is_terminal


def test_checking_a_valid_course_into_a_pipe_does_not_import_rich() -> None:
    course = str(ROOT / "examples" / "ai-content-tools.toml")
    code = (
        f"import sys, runpy; sys.argv = ['learnsync', 'check', {course!r}]\n"
        "try:\n    runpy.run_module('learnsync', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in sys.modules if m.startswith('rich')])"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"FORCE_COLOR", "TTY_COMPATIBLE"}
    }
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert output.stdout.strip().splitlines() == ["Checked 1 file: all valid.", "[]"]
