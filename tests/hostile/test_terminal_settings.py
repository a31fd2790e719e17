"""Terminal sizes from the environment that are not positive whole numbers are ignored, as if
unset: never a traceback, never a screen laid out at no width."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.helpers import COURSE, learnsync

BAD_VALUES = ["abc", "²", "0", "-5", "", " 80", "8 0", "1e3", "100000000000", "1" * 5000]


@pytest.mark.parametrize("name", ["COLUMNS", "LINES", "TERMINAL_WIDTH"])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_help_ignores_a_terminal_size_that_is_not_a_positive_number(name: str, value: str) -> None:
    result = learnsync("plan", "--help", env={name: value})
    assert (result.returncode, result.stderr) == (0, "")
    assert "Usage: learnsync plan [OPTIONS] PATH" in result.stdout
    assert "--format" in result.stdout


@pytest.mark.parametrize("value", ["abc", "²", "0"])
def test_a_plan_ignores_columns_that_is_not_a_positive_number(tmp_path: Path, value: str) -> None:
    course = tmp_path / "c.toml"
    course.write_text(COURSE, encoding="utf-8")
    arguments = ("plan", str(course), "--start", "2027-01-04")
    unset = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    expected = subprocess.run(
        [sys.executable, "-m", "learnsync", *arguments], capture_output=True, text=True, env=unset
    )
    result = learnsync(*arguments, env={"COLUMNS": value})
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == expected.stdout  # a pipe, laid out as with no COLUMNS at all


def test_a_width_in_other_decimal_digits_is_a_width() -> None:
    arabic = learnsync("plan", "--help", env={"COLUMNS": "٦٠"})  # 60 in Arabic-Indic digits
    ascii_digits = learnsync("plan", "--help", env={"COLUMNS": "60"})
    assert (arabic.returncode, arabic.stdout) == (0, ascii_digits.stdout)
