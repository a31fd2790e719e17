from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]

ROSTER = """\
[[learner]]
id = "ann"
name = "Ann"
email = "ann@example.org"

[[learner]]
id = "=cmd|' /C calc'!A0"
name = "Formula"

[[learner]]
id = "raj"
timezone = "Asia/Kolkata"
daily = "2h"
workdays = ["mon", "tue", "wed", "thu", "fri", "sat"]
start = 2027-01-11
"""


@pytest.fixture
def team(run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = write_course(COURSE)
    roster = write_course(ROSTER, "team.toml")
    result = run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "practice", "kickoff", "-l", "ann")
    run_cli("done", "intro", "-l", "=cmd|' /C calc'!A0")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T09:00:00+01:00")
    run_cli("done", "intro", "-l", "raj")
    return course


def test_status_json_has_the_documented_fields(run_cli: Run, team: Path) -> None:
    document = json.loads(run_cli("status", "-l", "ann", "-f", "json").stdout)
    for key in (
        "learner",
        "course",
        "done",
        "total",
        "percent",
        "points",
        "level",
        "on_track",
        "behind_minutes",
        "overdue",
        "streak_days",
        "forecast_finish",
        "badges",
    ):
        assert key in document
    assert (document["learner"], document["course"], document["done"], document["total"]) == (
        "ann",
        "sprint",
        2,
        3,
    )
    assert document["points"] == 5 + 10 + 5
    assert document["badges"] == [
        {
            "id": "first-step",
            "title": "First step",
            "earned_at": "2027-01-04T18:00:00+01:00",
            "earned_on": "2027-01-04",
        }
    ]
    assert document["overdue"] == [
        {"id": "quiz", "title": "Quiz", "due": "2027-01-06", "deadline": "2027-01-10"}
    ]


def test_status_text_shows_bars_points_streak_and_badges(run_cli: Run, team: Path) -> None:
    lines = run_cli("status", "-l", "ann").stdout.splitlines()
    assert lines[0] == "Sprint  (sprint, sync) for ann, Tue 12 Jan 2027"
    assert lines[1] == "  Progress  ███████████░░░░░  66.7%  2/3 required · 1h30m/2h"
    assert "  Points    20  level 1  ████░░░░░░  30 to level 2" in lines
    assert "  Badges    ★ First step (Mon 04 Jan)" in lines


def test_badges_lists_earned_and_locked_with_criteria(run_cli: Run, team: Path) -> None:
    document = json.loads(run_cli("badges", "-l", "ann", "-f", "json").stdout)
    by_id = {badge["id"]: badge for badge in document["badges"]}
    assert by_id["first-step"]["earned"] is True
    assert by_id["graduate"]["progress"] == "2/3 required tasks"
    assert by_id["graduate"]["criteria"] == "finish every required task of the course"


def test_leaderboard_ranks_by_points_then_on_time_then_who_was_first(
    run_cli: Run, team: Path
) -> None:
    document = json.loads(run_cli("leaderboard", "sprint", "-f", "json").stdout)
    assert [(row["rank"], row["learner"], row["points"]) for row in document["leaderboard"]] == [
        (1, "ann", 20),
        (2, "=cmd|' /C calc'!A0", 5),
        (3, "raj", 3),  # late: 5 points halved, rounded half up
    ]
    top = json.loads(run_cli("leaderboard", "sprint", "--top", "1", "-f", "json").stdout)
    assert [row["learner"] for row in top["leaderboard"]] == ["ann"]


def test_report_csv_is_one_row_a_learner_and_safe_in_a_spreadsheet(
    run_cli: Run, team: Path
) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli("report", "sprint", "-f", "csv").stdout)))
    assert [row["learner"] for row in rows] == ["'=cmd|' /C calc'!A0", "ann", "raj"]
    assert rows[1]["done"] == "2" and rows[1]["points"] == "20"


def test_report_markdown_and_table(run_cli: Run, team: Path) -> None:
    markdown = run_cli("report", "sprint", "-f", "md").stdout
    assert markdown.startswith("# Report: Sprint\n")
    assert "| ann | 66.7 | 2 | 3 |" in markdown
    table = run_cli("report", team).stdout  # a course file works as well as its id
    assert "Report: Sprint (sprint)" in table


def test_an_unknown_course_gets_a_hint(run_cli: Run, team: Path) -> None:
    result = run_cli("report", "sprnt")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: no one is enrolled in 'sprnt'; did you mean 'sprint'? (courses in the store: sprint)\n"
    )


def test_a_store_without_enrollments_gets_a_message(run_cli: Run, tmp_path: Path) -> None:
    from learnsync.store.database import open_store

    path = tmp_path / "empty.sqlite3"
    open_store(path).close()
    result = run_cli("--store", path, "report", "sprint")
    assert result.exit_code == 1
    assert result.stderr == "error: no one is enrolled in any course yet: learnsync enroll PATH\n"


def test_roster_learners_get_plans_on_their_own_calendars(run_cli: Run, team: Path) -> None:
    raj = json.loads(run_cli("status", "-l", "raj", "-f", "json").stdout)
    assert raj["today"] == "2027-01-12"
    listing = {
        e["learner"]: e
        for e in json.loads(run_cli("enrollments", "-f", "json").stdout)["enrollments"]
    }
    assert listing["raj"]["start"] == "2027-01-11"
    assert listing["ann"]["start"] == "2027-01-04"


def test_enrolling_a_roster_again_keeps_everyone_as_they_were(
    run_cli: Run, team: Path, write_course: Write
) -> None:
    result = run_cli("enroll", team, "--roster", write_course(ROSTER, "team.toml"), "-f", "json")
    document = json.loads(result.stdout)
    assert document["enrollments"] == []
    assert document["already_enrolled"] == ["ann", "=cmd|' /C calc'!A0", "raj"]


def test_a_roster_with_a_duplicate_learner_is_refused_on_its_line(
    run_cli: Run, write_course: Write
) -> None:
    roster = write_course(ROSTER + '\n[[learner]]\nid = "ann"\n', "team.toml")
    result = run_cli("enroll", write_course(COURSE), "--roster", roster)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{roster}:18:6: error [duplicate-learner] learner 'ann' is already listed as learner[0]"
    )


def test_a_roster_with_an_unknown_key_gets_a_hint(run_cli: Run, write_course: Write) -> None:
    roster = write_course('[[learner]]\nid = "ann"\nemial = "a@b.c"\n', "team.toml")
    result = run_cli("enroll", write_course(COURSE), "--roster", roster)
    assert result.exit_code == 1
    assert "unknown key 'emial' in [[learner]]" in result.stderr
    assert "did you mean 'email'?" in result.stderr


def test_plan_roster_writes_one_calendar_per_learner(
    run_cli: Run, write_course: Write, tmp_path: Path
) -> None:
    roster = write_course(ROSTER, "team.toml")
    out = tmp_path / "plans"
    result = run_cli(
        "plan",
        write_course(COURSE),
        "--roster",
        roster,
        "--output-dir",
        out,
        "-f",
        "ics",
        "--start",
        "2027-01-04",
    )
    assert result.exit_code == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "ann.ics",
        "cmd_C_calc_A0.ics",
        "raj.ics",
    ]
    assert "BEGIN:VCALENDAR" in (out / "raj.ics").read_text()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--roster", "team.toml"],
        ["--output-dir", "out"],
        ["--roster", "team.toml", "--output-dir", "out", "-f", "table"],
    ],
)
def test_plan_roster_options_go_together(
    run_cli: Run, write_course: Write, tmp_path: Path, arguments: list[str]
) -> None:
    write_course(ROSTER, "team.toml")
    arguments = [
        str(tmp_path / value) if value in {"team.toml", "out"} else value for value in arguments
    ]
    result = run_cli("plan", write_course(COURSE), *arguments)
    assert result.exit_code == 2


def test_json_status_with_several_courses_needs_a_course(
    run_cli: Run, team: Path, write_course: Write
) -> None:
    other = write_course(COURSE.replace('id = "sprint"', 'id = "other"'), "other.toml")
    run_cli("enroll", other, "-l", "ann")
    assert run_cli("status", "-l", "ann", "-f", "json").exit_code == 2
    assert (
        json.loads(run_cli("status", "-l", "ann", "-f", "json", "--course", "other").stdout)[
            "course"
        ]
        == "other"
    )
