"""``report`` for a team lead: one line per learner that fits the terminal, sorted by risk, with a
summary; CSV and JSON keep the raw values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from learnsync.cli import app
from tests.team_fixture import MONDAY, Run


def screen(*args: str, columns: int = 80, colour: bool = False, exit_code: int = 0) -> str:
    """What a person sees: the command's output at ``columns``, plain or in colour."""
    env: dict[str, str | None] = {"COLUMNS": str(columns)}
    env |= {"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == exit_code, result.stderr
    return result.stdout


REPORT_80 = """\
Report: AI tools for content production (ai-content-tools)
learner      progress       behind  overdue  points  streak      active  replans
raj          ░░░░░░░░   0%   8h45m        4       0       -       never        0
Bob          █░░░░░░░   7%   8h15m        3      10       -  3 days ago        0
Annika…      ███░░░░░  36%   5h30m        0      34       -  5 days ago        0
Chen Wei     █░░░░░░░  14%      3h        2      23       -  8 days ago        1
Dee          ████████ 100%       -        0     217      1d   yesterday        0
1 of 5 on track, 1 finished, 4 behind: raj 8h45m, Bob 8h15m and 2 more
"""

REPORT_120 = """\
Report: AI tools for content production (ai-content-tools)
learner                    progress       behind  overdue  points  streak      active  replans  p50 finish    riskiest
raj                        ░░░░░░░░   0%   8h45m        4       0       -       never        0      24 Feb   0% 17 Jan
Bob                        █░░░░░░░   7%   8h15m        3      10       -  3 days ago        0      18 Feb   0% 17 Jan
Annika Svensson-Lindqvist  ███░░░░░  36%   5h30m        0      34       -  5 days ago        0      01 Feb  26% 17 Jan
Chen Wei                   █░░░░░░░  14%      3h        2      23       -  8 days ago        1      11 Feb   0% 17 Jan
Dee                        ████████ 100%       -        0     217      1d   yesterday        0           -           -
1 of 5 on track, 1 finished, 4 behind: raj 8h45m, Bob 8h15m, Annika Svensson-Lindqvist 5h30m, Chen Wei 3h
"""


def test_report_at_80_columns_is_one_line_a_learner_most_behind_first(five_learners: Path) -> None:
    assert screen("report", "ai-content-tools") == REPORT_80


def test_report_at_120_columns_shows_whole_names(five_learners: Path) -> None:
    assert screen("report", "ai-content-tools", columns=120) == REPORT_120


def test_report_in_colour_marks_who_is_behind_and_who_finished(five_learners: Path) -> None:
    lines = screen("report", "ai-content-tools", colour=True).splitlines()
    assert lines[2] == (
        "raj          \x1b[36m░░░░░░░░   0%\x1b[0m  \x1b[1;31m 8h45m\x1b[0m  \x1b[31m      4\x1b[0m"
        "       0       -       never        0"
    )
    assert lines[6].startswith("\x1b[32mDee        \x1b[0m  \x1b[32m████████ 100%\x1b[0m")
    assert lines[7] == (
        "\x1b[1m1 of 5 on track\x1b[0m\x1b[32m, 1 finished\x1b[0m\x1b[1;31m, 4 behind\x1b[0m: "
        "raj 8h45m, Bob 8h15m and 2 more"
    )


def test_report_in_a_pipe_is_not_fitted_and_has_no_colour(five_learners: Path) -> None:
    result = CliRunner().invoke(app, ["report", "ai-content-tools"], env={"COLUMNS": None})
    assert result.stdout == REPORT_120


def _words(text: str) -> set[str]:
    return {word.rstrip("…,:") for word in text.split()} - {"and", "more"}


@pytest.mark.parametrize("columns", [60, 72, 80, 100, 120])
def test_every_line_of_report_fits_and_no_word_is_split(five_learners: Path, columns: int) -> None:
    whole = _words(screen("report", "ai-content-tools", columns=1000))
    text = screen("report", "ai-content-tools", columns=columns)
    for line in text.splitlines():
        assert len(line) <= columns, line
        assert _words(line) <= whole, line


@pytest.mark.parametrize(
    ("order", "names"),
    [
        ("risk", ["raj", "Bob", "Annika…", "Chen", "Dee"]),
        ("name", ["Annika…", "Bob", "Chen", "Dee", "raj"]),
        ("points", ["Dee", "Annika…", "Chen", "Bob", "raj"]),
        ("progress", ["Dee", "Annika…", "Chen", "Bob", "raj"]),
    ],
)
def test_report_sort_orders(five_learners: Path, order: str, names: list[str]) -> None:
    lines = screen("report", "ai-content-tools", "--sort", order).splitlines()[2:7]
    assert [line.split()[0] for line in lines] == names


def test_report_json_keeps_raw_values_with_names_and_emails(
    run_cli: Run, five_learners: Path
) -> None:
    document = json.loads(run_cli("report", "ai-content-tools", "-f", "json").stdout)
    rows = {row["learner"]: row for row in document["learners"]}
    assert [row["learner"] for row in document["learners"]] == ["ann", "bob", "chen", "dee", "raj"]
    assert rows["raj"]["behind_minutes"] == 525 and rows["raj"]["behind"] is True
    assert rows["ann"]["name"] == "Annika Svensson-Lindqvist"
    assert rows["ann"]["email"] == "ann@example.org"
    assert rows["ann"]["last_activity"] == "2027-01-08T13:00:00-05:00"
    assert rows["dee"]["finished_on"] == "2027-01-12" and rows["raj"]["finished_on"] is None
    assert rows["chen"]["replans"] == 1
    by_risk = json.loads(
        run_cli("report", "ai-content-tools", "-f", "json", "--sort", "risk").stdout
    )
    assert [row["learner"] for row in by_risk["learners"]] == ["raj", "bob", "ann", "chen", "dee"]


def test_report_csv_keeps_raw_values_with_names_and_emails(
    run_cli: Run, five_learners: Path
) -> None:
    rows = list(
        csv.DictReader(io.StringIO(run_cli("report", "ai-content-tools", "-f", "csv").stdout))
    )
    assert list(rows[0])[:3] == ["learner", "name", "email"]
    raj = next(row for row in rows if row["learner"] == "raj")
    assert raj["behind_minutes"] == "525" and raj["email"] == "raj@example.org"
    assert raj["last_activity"] == "" and raj["finished_on"] == ""


def test_report_markdown_stays_a_table_most_behind_first(run_cli: Run, five_learners: Path) -> None:
    lines = run_cli("report", "ai-content-tools", "-f", "md").stdout.splitlines()
    assert lines[2].startswith("| learner | percent | done | total |")
    assert [line.split(" | ")[0] for line in lines[4:]] == [
        "| raj",
        "| bob",
        "| ann",
        "| chen",
        "| dee",
    ]


def test_the_summary_counts_the_names_that_do_not_fit() -> None:
    from learnsync.render.report_text import summary_line

    def row(name: str, minutes: int) -> dict[str, object]:
        return {
            "learner": name,
            "name": None,
            "on_track": minutes == 0,
            "behind": minutes > 0,
            "behind_minutes": minutes,
        }

    rows = [row("chen", 510), row("ann", 120), row("raj", 30), row("bob", 0)]
    assert summary_line(rows).text == "1 of 4 on track, 3 behind: chen 8h30m, ann 2h, raj 30m"
    assert summary_line(rows, 50).text == "1 of 4 on track, 3 behind: chen 8h30m and 2 more"
    assert summary_line(rows, 30).text == "1 of 4 on track, 3 behind"
    assert summary_line([row("bob", 0)]).text == "1 of 1 on track"


def test_on_track_is_the_one_rule_overdue_work_is_not_on_track(five_learners: Path) -> None:
    # raj replans: the new plan has him behind it no more, but four tasks stay overdue
    result = CliRunner().invoke(app, ["replan", "-l", "raj"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(screen("report", "ai-content-tools", "--format", "json"))["learners"]
    raj = next(row for row in rows if row["learner"] == "raj")
    assert (raj["on_track"], raj["behind"], raj["behind_minutes"], raj["overdue"]) == (
        False,
        False,
        0,
        4,
    )
    assert screen("report", "ai-content-tools", columns=120).splitlines()[-1] == (
        "1 of 5 on track, 1 finished, 1 with work overdue, 3 behind: Bob 8h15m, "
        "Annika Svensson-Lindqvist 5h30m, Chen Wei 3h"
    )
    page = screen("report", "ai-content-tools", "--format", "html")
    assert '<span class="value good" data-summary="on_track">1</span>' in page
    assert '<span class="value bad" data-summary="behind">3</span>' in page
    assert sum(1 for row in rows if row["on_track"]) == 1


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (None, "never"),
        (0, "today"),
        (1, "yesterday"),
        (3, "3 days ago"),
        (14, "2 weeks ago"),
        (104, "3 months ago"),
    ],
)
def test_last_activity_is_a_relative_day(days: int | None, text: str) -> None:
    from learnsync.render.report_text import relative_day

    assert relative_day(days) == text


def test_report_and_the_team_page_rank_learners_by_the_one_risk_order(
    run_cli: Run, five_learners: Path
) -> None:
    from datetime import datetime

    from learnsync.enrollments import open_for, risk_key, team_dashboard

    rows = json.loads(run_cli("report", "ai-content-tools", "-f", "json").stdout)["learners"]
    by_risk = sorted(
        rows,
        key=lambda row: risk_key(
            row["behind_minutes"], row["overdue"], row["percent"], row["name"], row["learner"]
        ),
    )
    table = run_cli("report", "ai-content-tools", "--sort", "risk", "-f", "json").stdout
    assert [row["learner"] for row in json.loads(table)["learners"]] == [
        row["learner"] for row in by_risk
    ]
    with open_for(None, write=False) as store:
        page = team_dashboard(store, "ai-content-tools", datetime.fromisoformat(MONDAY))
    assert [entry.learner for entry in page.learners] == [row["learner"] for row in by_risk]


@given(
    behind=st.integers(0, 600),
    overdue=st.integers(0, 5),
    percent=st.floats(0, 100),
    name=st.one_of(st.none(), st.sampled_from(["ann", "Ann", "bob", "Zoë"])),
)
def test_the_risk_order_puts_the_most_behind_then_most_overdue_then_least_done_first(
    behind: int, overdue: int, percent: float, name: str | None
) -> None:
    from learnsync.enrollments import risk_key

    key = risk_key(behind, overdue, percent, name, "id")
    assert key == (-behind, -overdue, round(percent, 1), (name or "id").casefold(), "id")
    assert risk_key(behind + 1, 0, 100.0, "z", "z") < risk_key(behind, overdue, percent, name, "id")
    assert risk_key(behind, overdue + 1, 100.0, "z", "z") < risk_key(
        behind, overdue, percent, name, "id"
    )
