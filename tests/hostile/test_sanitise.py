"""Hostile text in every field a command prints (course text, file names, learner names, notes,
ids typed on the command line) never reaches stdout or stderr raw: no escape sequence, no
bidirectional override, no line break of its own, so no workflow command in a CI log."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from learnsync.render.safe_text import unsafe_characters

Run = Callable[..., Result]

# What each hostile string carries: an OSC 52 clipboard write, a screen clear, a C1 CSI, NEL,
# a right-to-left override, the Unicode line and paragraph separators, and a line break followed
# by a GitHub workflow command.
HOSTILE = (
    "X\x1b]52;c;b3duZWQ=\x07\x1b[2J\x9b31m\x85\u202eevil\u2028\u2029\t\r\n"
    "::error file=evil.py,line=1::owned\n"
)
# Roster ids refuse C0 controls; everything else hostile is allowed.
HOSTILE_ID = "ann\x9b31m\u202e\u2028::error file=evil.py,line=1::owned"
WORKFLOW_COMMAND = re.compile(r"^\s*::error file=evil\.py")  # the injected line, were it one


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # JSON's \uXXXX escapes are TOML's too


COURSE = f"""\
[course]
id = "hostile"
title = {toml_string("Course " + HOSTILE)}
summary = {toml_string(HOSTILE)}
objectives = [{toml_string(HOSTILE)}]
mode = "sync"

[[module]]
id = "m"
title = {toml_string("Module " + HOSTILE)}
description = {toml_string(HOSTILE)}
due = "week 2"

[[module.task]]
id = "t"
title = {toml_string("Task " + HOSTILE)}
description = {toml_string(HOSTILE)}
effort = "30m"
tags = [{toml_string("tag" + HOSTILE)}]

[[module.task]]
id = "u"
title = {toml_string("Second " + HOSTILE)}
effort = "30m"
requires = ["t"]

[[session]]
id = "s"
title = {toml_string("Session " + HOSTILE)}
description = {toml_string(HOSTILE)}
at = "day 1 10:00"
duration = "30m"

[[badge]]
id = "b"
title = {toml_string("Badge " + HOSTILE)}
description = {toml_string(HOSTILE)}
rule = "first-task"
"""

ROSTER = f"""\
[[learner]]
id = {toml_string(HOSTILE_ID)}
name = {toml_string("Name " + HOSTILE)}
email = "ann@example.org"

[[learner]]
id = "bob"
"""


def assert_safe(result: Result, *, line_ends: str = "\n") -> None:
    """No unsafe character but the format's own line ends, and no workflow command."""
    for stream in (result.stdout, result.stderr):
        body = stream.replace(line_ends, "").replace("\n", "")
        found = unsafe_characters().search(body)
        assert found is None, (hex(ord(found.group())), stream)
        for line in stream.splitlines():
            assert not WORKFLOW_COMMAND.match(line), line
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)


@pytest.fixture
def hostile(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, Path]:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    folder = tmp_path / "courses"
    folder.mkdir()
    course = folder / "course.toml"
    course.write_text(COURSE, encoding="utf-8")
    roster = tmp_path / "roster.toml"
    roster.write_text(ROSTER, encoding="utf-8")
    assert_safe(run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04"))
    assert_safe(run_cli("enroll", course, "--learner", HOSTILE, "--start", "2027-01-04"))
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T18:00:00+01:00")
    assert_safe(run_cli("done", "t", "s", "-l", HOSTILE_ID, "--note", HOSTILE))
    assert_safe(run_cli("done", "u", "-l", HOSTILE_ID))
    assert_safe(run_cli("done", "t", "-l", HOSTILE, "--note", HOSTILE, "-f", "json"))
    return folder, course, roster


def test_check_never_prints_a_raw_control_character_or_a_workflow_command(
    run_cli: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "a\n::error file=evil.py,line=1::owned\n.toml").write_text(
        COURSE.replace('effort = "30m"', f"efort = {toml_string(HOSTILE)}", 1), encoding="utf-8"
    )
    (folder / f"b{HOSTILE.replace('/', '')}.toml").write_text("[course\n", encoding="utf-8")
    for output_format in ("text", "json", "github", "sarif"):
        result = run_cli("check", folder, "--format", output_format, "--start", "none")
        assert result.exit_code == 1
        assert_safe(result)
    text = run_cli("check", folder).stdout
    assert "a\\n::error file=evil.py,line=1::owned\\n.toml:" in text


def test_plan_in_every_format_never_prints_a_raw_control_character(
    run_cli: Run, hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, course, roster = hostile
    for output_format in ("table", "json", "md"):
        assert_safe(run_cli("plan", course, "-f", output_format, "--start", "2027-01-04"))
    for output_format in ("csv", "ics"):
        result = run_cli("plan", course, "-f", output_format, "--start", "2027-01-04")
        assert_safe(result, line_ends="\r\n")
    written = run_cli(
        "plan", course, "--roster", roster, "--output-dir", tmp_path / HOSTILE[:5], "-f", "ics"
    )
    assert_safe(written)
    assert_safe(run_cli("plan", tmp_path / f"missing{HOSTILE}.toml"))


def test_learner_commands_never_print_a_raw_control_character(
    run_cli: Run, hostile: tuple[Path, Path, Path]
) -> None:
    for learner in (HOSTILE_ID, HOSTILE):
        for command in ("next", "status", "badges"):
            for output_format in ("text", "json"):
                assert_safe(run_cli(command, "-l", learner, "-f", output_format))
        assert_safe(run_cli("undo", "t", "-l", learner))
        assert_safe(run_cli("replan", "-l", learner))
        assert_safe(run_cli("done", f"nothing{HOSTILE}", "-l", learner))
        assert_safe(run_cli("next", "-l", learner, "-c", HOSTILE))
    assert_safe(run_cli("next", "-l", f"nobody{HOSTILE}"))
    for output_format in ("text", "json"):
        assert_safe(run_cli("enrollments", "-f", output_format))
        assert_safe(run_cli("remind", "--within", "30d", "-f", output_format))


def test_team_views_and_exports_never_print_a_raw_control_character(
    run_cli: Run, hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    for command in ("report", "leaderboard"):
        for output_format in ("table", "json", "md"):
            assert_safe(run_cli(command, "hostile", "-f", output_format))
        assert_safe(run_cli(command, "hostile", "-f", "csv"), line_ends="\r\n")
    assert_safe(run_cli("report", f"hostil{HOSTILE}"))
    for output_format in ("json", "xapi"):
        assert_safe(run_cli("export", "-f", output_format))
    assert_safe(run_cli("export", "-f", "csv"), line_ends="\r\n")
    assert_safe(run_cli("export", "-f", "ics", "-l", HOSTILE_ID), line_ends="\r\n")
    assert_safe(run_cli("export", "-f", "badges", "--output-dir", tmp_path / HOSTILE[:5]))


def test_signed_badges_and_their_verification_never_print_a_raw_control_character(
    run_cli: Run, hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    did_json = tmp_path / "did.json"
    init = run_cli(
        "issuer", "init", "--name", HOSTILE, "--did-web", "example.org", "--did-json", did_json
    )
    assert_safe(init)
    assert_safe(run_cli("issuer", "show"))
    badges = tmp_path / HOSTILE[:5]
    assert_safe(run_cli("export", "-f", "badges", "--output-dir", badges))
    verified = run_cli("verify", badges, "--did-json", did_json)
    assert_safe(verified)
    assert verified.exit_code == 0
    (badges / "x.json").write_text(json.dumps({"name": HOSTILE, "issuer": HOSTILE}))
    invalid = run_cli("verify", badges, "--did-json", did_json)
    assert_safe(invalid)
    assert invalid.exit_code == 1


def test_json_outputs_stay_faithful(run_cli: Run, hostile: tuple[Path, Path, Path]) -> None:
    document = json.loads(run_cli("report", "hostile", "-f", "json").stdout)
    assert HOSTILE_ID in [row["learner"] for row in document["learners"]]
    assert document["title"] == "Course " + HOSTILE
    events = json.loads(run_cli("export", "-f", "json").stdout)["events"]
    assert HOSTILE in [event["note"] for event in events]


def test_a_hostile_store_path_is_shown_not_obeyed(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_STORE", str(tmp_path / f"s{HOSTILE.replace('/', '')}"))
    assert_safe(run_cli("store", "path"))
    assert_safe(run_cli("status"))


UNSAFE_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x1b", "\r", "\n", "\x9b", "\u202e", "\u2028", "\u2029", "\x85", "\t"]),
    ),
    min_size=1,
    max_size=20,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=UNSAFE_TEXT, task=UNSAFE_TEXT)
def test_any_course_text_prints_safely_in_every_plan_format_and_check(
    run_cli: Run, tmp_path: Path, title: str, task: str
) -> None:
    course = tmp_path / "course.toml"
    course.write_text(
        COURSE.replace(toml_string("Course " + HOSTILE), toml_string(title), 1).replace(
            toml_string("Task " + HOSTILE), toml_string(task), 1
        ),
        encoding="utf-8",
    )
    for output_format in ("table", "json", "md"):
        assert_safe(run_cli("plan", course, "-f", output_format, "--start", "2027-01-04"))
    for output_format in ("csv", "ics"):
        result = run_cli("plan", course, "-f", output_format, "--start", "2027-01-04")
        assert_safe(result, line_ends="\r\n")
    for output_format in ("text", "github", "sarif"):
        assert_safe(run_cli("check", course, "-f", output_format))
