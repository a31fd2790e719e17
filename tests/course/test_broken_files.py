"""Every file under broken/ says in its first two lines what `learnsync check` must report:

# expect: exit 1, line 14, column 1, code unknown-key
# message: unknown key 'efort' in [[module.task]]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(
    r"# expect: exit (?P<exit>\d+), line (?P<line>\d+), column (?P<column>\d+), code (?P<code>\S+)\n"
    r"# message: (?P<message>.*)\n"
)
FILES = sorted(path for path in BROKEN.glob("*.toml") if path.name != "empty.toml")


def test_there_are_at_least_thirty_broken_files() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_broken_file_is_reported_on_its_line(path: Path, run_cli: Callable[..., Result]) -> None:
    expected = EXPECT.match(path.read_text(encoding="utf-8"))
    assert expected, f"{path.name} lacks its '# expect:' header"

    result = run_cli("check", "--format", "json", path)

    assert result.exit_code == int(expected["exit"])
    findings = json.loads(result.stdout)["findings"]
    first_error = next(finding for finding in findings if finding["severity"] == "error")
    assert first_error["path"] == str(path)
    assert first_error["line"] == int(expected["line"])
    assert first_error["column"] == int(expected["column"])
    assert first_error["code"] == expected["code"]
    assert first_error["message"] == expected["message"]


@pytest.mark.parametrize("path", FILES[:5], ids=[path.stem for path in FILES[:5]])
def test_text_output_starts_with_file_line_and_column(
    path: Path, run_cli: Callable[..., Result]
) -> None:
    expected = EXPECT.match(path.read_text(encoding="utf-8"))
    assert expected

    result = run_cli("check", path)

    assert result.exit_code == 1
    first_error = next(line for line in result.stdout.splitlines() if ": error [" in line)
    assert first_error == (
        f"{path}:{expected['line']}:{expected['column']}: error [{expected['code']}] {expected['message']}"
    )


def test_empty_file_is_reported_as_empty(run_cli: Callable[..., Result]) -> None:
    path = BROKEN / "empty.toml"

    result = run_cli("check", path)

    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:1:1: error [empty-file] is empty"
