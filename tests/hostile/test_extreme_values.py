"""(12) Extreme values never crash: each gets one line naming what is wrong and exit 1 or 2.

Dates outside the years learnsync plans (2000 to 2200) are refused by `check` with the file,
the line and the key; day numbers, durations and option values are bounded where they are read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.hostile.helpers import COURSE

SESSION = '\n[[session]]\nid = "s"\ntitle = "S"\nat = {at}\nduration = "1h"\n'


def _course(tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    assert old in COURSE
    path = tmp_path / "course.toml"
    path.write_text(COURSE.replace(old, new) + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "message"),
    [
        (
            'due = "week 2"',
            'due = "day 10000000"',
            9,
            "module[0].due",
            '"day 10000000" lies too far from the start: at most day 36600 (week 5228)',
        ),
        (
            'due = "week 2"',
            'due = "week 99999999"',
            9,
            "module[0].due",
            '"week 99999999" lies too far from the start: at most day 36600 (week 5228)',
        ),
        (
            'due = "week 2"',
            'due = "day 99999999999999999999999999"',
            9,
            "module[0].due",
            '"day 99999999999999999999999999" lies too far from the start: at most day 36600 '
            "(week 5228)",
        ),
        (
            'due = "week 2"',
            "due = 9999-12-31",
            9,
            "module[0].due",
            "9999-12-31 is outside the years learnsync plans: a day lies in the years 2000 to 2200",
        ),
        (
            'due = "week 2"',
            'due = "1999-12-31"',
            9,
            "module[0].due",
            "1999-12-31 is outside the years learnsync plans: a day lies in the years 2000 to 2200",
        ),
        (
            'effort = "30m"',
            'effort = "99999999h"',
            14,
            "module[0].task[0].effort",
            'a duration may be at most 10000h, got a string ("99999999h")',
        ),
        (
            'effort = "30m"',
            "effort = 9223372036854775807",
            14,
            "module[0].task[0].effort",
            "a duration may be at most 10000h, got an integer (9223372036854775807)",
        ),
    ],
)
def test_check_refuses_an_extreme_value_with_its_file_line_and_key(
    tmp_path: Path,
    run_cli: Callable[..., Result],
    old: str,
    new: str,
    line: int,
    key: str,
    message: str,
) -> None:
    course = _course(tmp_path, old, new)
    result = run_cli("check", str(course), "--format", "json")
    assert result.exit_code == 1, result.output
    import json

    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["key"], finding["message"]) == (line, key, message)
    for command in (["plan", str(course)], ["enroll", str(course), "--learner", "ann"]):
        assert run_cli(*command).exit_code == 1


def test_a_session_at_the_end_of_time_is_refused_by_check(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    course = _course(
        tmp_path, 'mode = "sync"', 'mode = "sync"', SESSION.format(at="9999-12-31T23:30:00")
    )
    result = run_cli("check", str(course))
    assert result.exit_code == 1
    assert "session[0].at" in result.output
    assert "9999-12-31 is outside the years learnsync plans" in result.output
    assert run_cli("plan", str(course)).exit_code == 1


def test_a_holiday_outside_the_years_is_refused_by_check(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    course = _course(
        tmp_path, 'mode = "sync"', 'mode = "sync"', "\n[calendar]\nholidays = [9999-12-31]\n"
    )
    result = run_cli("check", str(course))
    assert result.exit_code == 1
    assert "calendar.holidays[0]" in result.output


@pytest.fixture
def enrolled(tmp_path: Path, run_cli: Callable[..., Result]) -> Path:
    course = _course(tmp_path, "x" * 0, "")
    assert run_cli("enroll", str(course), "--learner", "ann").exit_code == 0
    return course


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["done", "t", "--learner", "ann", "--at", "0001-01-01T00:00"],
            2,
            "error: --at 0001-01-01T00:00:00 is outside the years learnsync plans (2000 to 2200)\n",
        ),
        (
            ["plan", "COURSE", "--start", "9999-12-20"],
            2,
            "error: --start 9999-12-20 is outside the years learnsync plans (2000 to 2200)\n",
        ),
        (
            ["enroll", "COURSE", "--learner", "bob", "--start", "9999-12-20"],
            2,
            "error: --start 9999-12-20 is outside the years learnsync plans (2000 to 2200)\n",
        ),
        (
            ["remind", "--within", "99999999d"],
            2,
            "error: --within '99999999d' is too long: at most 3660d\n",
        ),
    ],
)
def test_an_extreme_option_is_a_usage_error(
    enrolled: Path,
    run_cli: Callable[..., Result],
    arguments: list[str],
    code: int,
    message: str,
) -> None:
    result = run_cli(*[str(enrolled) if part == "COURSE" else part for part in arguments])
    assert (result.exit_code, result.output) == (code, message)


@pytest.mark.parametrize(
    "command", [["status", "--learner", "ann"], ["plan", "COURSE"], ["remind"]]
)
def test_a_now_outside_the_years_is_a_usage_error(
    enrolled: Path,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "9999-12-31")
    result = run_cli(*[str(enrolled) if part == "COURSE" else part for part in command])
    assert (result.exit_code, result.output) == (
        2,
        "error: LEARNSYNC_NOW='9999-12-31' is outside the years learnsync plans (2000 to 2200)\n",
    )


@pytest.mark.parametrize("timeout", ["nan", "inf", "1e400"])
def test_sync_refuses_a_timeout_that_is_no_number_of_seconds(
    enrolled: Path, run_cli: Callable[..., Result], timeout: str
) -> None:
    result = run_cli("sync", "--lrs", "http://127.0.0.1:9/xAPI/", "--timeout", timeout)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1


def test_sync_refuses_an_address_it_cannot_read(
    enrolled: Path, run_cli: Callable[..., Result]
) -> None:
    result = run_cli("sync", "--lrs", "http://[::1")
    assert result.exit_code in (1, 2)
    assert result.output.startswith("error: --lrs ")
    assert "unexpected" not in result.output


def test_sarif_names_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.toml")
    (tmp_path / name).write_text(COURSE.replace('due = "week 2"', 'due = "day 0"'))
    result = subprocess.run(
        [sys.executable, "-m", "learnsync", "check", name, "--format", "sarif"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    import json

    document = json.loads(result.stdout)
    [run] = document["runs"]
    [location] = run["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "bad%FF.toml"


@pytest.mark.parametrize(
    "command",
    [
        ["plan", "COURSE", "-f", "json"],
        ["check", "COURSE"],
        ["check", "COURSE", "--format", "sarif"],
        ["schema"],
    ],
)
def test_standard_output_on_a_full_device_is_one_line(tmp_path: Path, command: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    course = _course(tmp_path, "x" * 0, "")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "learnsync",
                *[str(course) if p == "COURSE" else p for p in command],
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: No space left on device\n"


HUGE_BACKLOG = """\
[course]
id = "huge"
title = "Huge"
mode = "async"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "tiny"
title = "Tiny"
effort = "1m"
""" + "".join(
    f'\n[[module.task]]\nid = "big{n}"\ntitle = "Big"\neffort = "10000h"\n' for n in range(5)
)


def test_a_backlog_beyond_the_years_of_any_plan_is_said_so_and_never_crashes(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    course = tmp_path / "huge.toml"
    course.write_text(HUGE_BACKLOG, encoding="utf-8")
    sentence = (
        "At 5h a week, the required self-paced work (50000h01m) takes more than the 100 years"
        " a plan may span."
    )
    assert sentence in run_cli("plan", str(course)).output
    assert sentence in run_cli("plan", str(course), "-f", "md").output
    assert run_cli("enroll", str(course), "--learner", "ann").exit_code == 0
    assert run_cli("done", "tiny", "--learner", "ann").exit_code == 0
    status = run_cli("status", "--learner", "ann")
    assert status.exit_code == 0
    assert "at your pace (7m a week): after 2200" in [
        line.strip() for line in status.output.splitlines()
    ]
    document = json.loads(run_cli("status", "--learner", "ann", "-f", "json").output)
    assert (document["forecast_finish"], document["weekly_pace_minutes"]) == (None, 7)
    assert run_cli("report", "huge").exit_code == 0
