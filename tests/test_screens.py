"""What a person sees: the everyday screens at 80 and 120 columns, with and without colour,
pinned as golden files (tests/screens/), and never a line wider than the terminal or a word
split across lines.

Regenerate the golden files after an intended change with LEARNSYNC_GOLDEN=1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.charts import burndown, study_calendar
from learnsync.planning import plan
from learnsync.render.terminal import Line, cells, clip
from learnsync.tracking import Event
from tests.conftest import EXAMPLES, ROOT

Run = Callable[..., Result]
GOLDEN = ROOT / "tests" / "screens"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROSTER = """\
[[learner]]
id = "ann"
name = "Ann Example"

[[learner]]
id = "chen"
name = "Chen Li"
timezone = "America/New_York"
"""


@pytest.fixture
def cohort(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two learners of the example course a week and a day in: ann keeps up, chen does not."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+01:00")
    roster = tmp_path / "team.toml"
    roster.write_text(ROSTER)
    course = EXAMPLES / "ai-content-tools.toml"
    assert run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04").exit_code == 0
    for day, items in (
        ("2027-01-04T18:00:00+01:00", ["kickoff", "how-llms-work"]),
        ("2027-01-05T18:00:00+01:00", ["prompt-patterns", "first-prompts"]),
        ("2027-01-07T18:00:00+01:00", ["prompting-quiz", "house-style", "prompt-clinic"]),
        ("2027-01-11T18:00:00+01:00", ["outline-to-draft"]),
    ):
        monkeypatch.setenv("LEARNSYNC_NOW", day)
        assert run_cli("done", *items, "-l", "ann").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T23:00:00-05:00")
    assert run_cli("done", "how-llms-work", "-l", "chen").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T09:00:00+01:00")
    return course


SCREENS: dict[str, list[str]] = {
    "plan": ["plan", str(EXAMPLES / "ai-content-tools.toml"), "--start", "2027-01-04"],
    "plan-paced": [
        "plan",
        str(EXAMPLES / "ai-content-tools.toml"),
        "--start",
        "2027-01-04",
        "--blackout",
        "2027-01-13..2027-01-15",
        "--end",
        "2027-02-05",
    ],
    "next-ann": ["next", "-l", "ann"],
    "next-chen": ["next", "-l", "chen"],
    "status-ann": ["status", "-l", "ann"],
    "status-chen": ["status", "-l", "chen"],
    "badges-ann": ["badges", "-l", "ann"],
    "report": ["report", "ai-content-tools"],
    "remind": ["remind", "--within", "3d"],
    "enrollments": ["enrollments"],
}


def _screen(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, arguments: list[str], width: int, colour: bool
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    if colour:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = run_cli(*arguments)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("LEARNSYNC_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path} differs: LEARNSYNC_GOLDEN=1 rewrites it"
    )


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_screens_look_as_pinned_and_fit_without_splitting_words(
    run_cli: Run, cohort: Path, monkeypatch: pytest.MonkeyPatch, screen: str, width: int
) -> None:
    plain = _screen(run_cli, monkeypatch, SCREENS[screen], width, colour=False)
    _check_golden(f"{screen}-{width}", plain)
    coloured = _screen(run_cli, monkeypatch, SCREENS[screen], width, colour=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain  # colour changes nothing but the colour
    wide = _screen(run_cli, monkeypatch, SCREENS[screen], 1000, colour=False)
    words = set(wide.split())
    for line in plain.splitlines():
        assert cells(line) <= width, line
        for word in line.split():
            assert word in words or "…" in word, f"{word!r} is split: {line!r}"


def test_a_pipe_gets_whole_lines(
    run_cli: Run, cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS")
    text = run_cli("status", "-l", "chen").stdout
    assert "Exercise: ten prompts for one article" in text
    assert "…" not in text


def test_the_status_charts_fit_and_draw_the_plan_and_the_work_done(
    run_cli: Run, cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _screen(run_cli, monkeypatch, ["status", "-l", "ann", "--chart"], 80, colour=False)
    assert "Required work left (hours)" in text
    assert "plan" in text and "done" in text and "forecast" in text
    assert "Study days" in text
    assert all(cells(line) <= 80 for line in text.splitlines())
    calendar = text.split("Study days\n", 1)[1].splitlines()
    assert calendar[1:4] == ["Mon  ▒ ░", "Tue  ▒ ·", "Wed  ·  "]  # two things on Mon 4th


def test_a_line_too_wide_shortens_its_title_then_wraps_between_words() -> None:
    line = Line("  Overdue   ").add("Exercise: ten prompts for one article", flex=True)
    line.add(", deadline Wed 06 Jan")
    assert [part.text for part in line.fit(60)] == [
        "  Overdue   Exercise: ten prompts for…, deadline Wed 06 Jan"
    ]
    assert [part.text for part in line.fit(40)] == [
        "  Overdue   Exercise…, deadline Wed 06",
        "            Jan",
    ]
    assert clip("Supercalifragilistic", 10) == "Supercali…"
    assert clip("short", 10) == "short"


def test_the_burndown_follows_the_plan_and_the_work_done() -> None:
    from learnsync.course.loader import load_course

    made = plan(load_course(EXAMPLES / "ai-content-tools.toml"), start=date(2027, 1, 4))
    from datetime import UTC, datetime

    events = [Event("done", "how-llms-work", datetime(2027, 1, 4, 17, tzinfo=UTC))]
    chart = burndown(made, events, date(2027, 1, 6), weekly_pace_minutes=140)
    assert chart.days[0] == date(2027, 1, 4) and chart.days[-1] == made.finish
    assert chart.planned[0] == 825 - 30  # Monday's planned required work
    assert chart.done == (795, 795, 795)
    assert chart.forecast[0] == (date(2027, 1, 6), 795) and chart.forecast[-1][1] == 0
    calendar = study_calendar(made, events, date(2027, 1, 6))
    assert calendar.weeks == ((1, 0, 0, None, None, None, None),)
