from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES

Run = Callable[..., Result]
Write = Callable[..., Path]
AI_COURSE = EXAMPLES / "ai-content-tools.toml"

SMALL = """\
[course]
id = "small"
title = "Small [red]course[/red]"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[[module]]
id = "m"
title = "M"
due = "week 1"

[[module.task]]
id = "a"
title = "=HYPERLINK(\\"http://x\\")"
effort = "1h30m"
url = "https://example.org/a"

[[module.task]]
id = "b"
title = "[bold]b|c*d*[/bold]"
effort = "30m"
requires = ["a"]
optional = true

[[session]]
id = "kick"
title = "Kickoff, with; commas"
at = "day 1 10:00"
duration = "30m"
"""


def test_json_plan_has_the_documented_fields(run_cli: Run, write_course: Write) -> None:
    result = run_cli("plan", write_course(SMALL), "--start", "2027-01-04", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert (document["mode"], document["start"], document["finish"]) == (
        "sync",
        "2027-01-04",
        "2027-01-06",
    )
    assert document["forecast"] is None
    assert document["tasks"][0] == {
        "id": "a",
        "module": "m",
        "title": '=HYPERLINK("http://x")',
        "kind": "reading",
        "mode": "sync",
        "effort_minutes": 90,
        "requires": [],
        "optional": False,
        "points": 15,
        "tags": [],
        "url": "https://example.org/a",
        "due": "2027-01-05",
        "deadline": "2027-01-10",
        "slots": [{"date": "2027-01-04", "minutes": 30}, {"date": "2027-01-05", "minutes": 60}],
    }
    assert document["sessions"] == [
        {
            "id": "kick",
            "title": "Kickoff, with; commas",
            "start": "2027-01-04T10:00:00+01:00",
            "end": "2027-01-04T10:30:00+01:00",
            "mandatory": True,
            "points": 5,
            "url": None,
        }
    ]


def test_timezone_option_shows_sessions_in_the_learners_zone(
    run_cli: Run, write_course: Write
) -> None:
    result = run_cli(
        "plan",
        write_course(SMALL),
        "--start",
        "2027-01-04",
        "-f",
        "json",
        "--timezone",
        "Asia/Tokyo",
    )
    session = json.loads(result.stdout)["sessions"][0]
    assert (session["start"], session["end"]) == (
        "2027-01-04T18:00:00+09:00",
        "2027-01-04T18:30:00+09:00",
    )


@pytest.mark.parametrize("output_format", ["json", "csv", "md", "ics", "table"])
def test_the_same_inputs_give_the_same_bytes(run_cli: Run, output_format: str) -> None:
    first = run_cli("plan", AI_COURSE, "--start", "2027-01-04", "--format", output_format)
    second = run_cli("plan", AI_COURSE, "--start", "2027-01-04", "--format", output_format)
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert len(first.stdout) > 500


def test_csv_has_one_row_a_task_and_neutralises_formulas(run_cli: Run, write_course: Write) -> None:
    result = run_cli("plan", write_course(SMALL), "--start", "2027-01-04", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == ["a", "b"]
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["slots"] == "2027-01-04:30;2027-01-05:60"
    assert rows[1]["requires"] == "a"


def test_markdown_escapes_course_text(run_cli: Run, write_course: Write) -> None:
    result = run_cli("plan", write_course(SMALL), "--start", "2027-01-04", "--format", "md")
    assert result.stdout.startswith("# Small \\[red\\]course\\[/red\\]\n")
    assert (
        "| Wed 06 Jan | 30m | \\[bold\\]b\\|c\\*d\\*\\[/bold\\] | m | due optional |"
        in result.stdout
    )


def test_table_prints_course_text_literally(run_cli: Run, write_course: Write) -> None:
    result = run_cli("plan", write_course(SMALL), "--start", "2027-01-04")
    assert result.exit_code == 0
    assert result.stdout.startswith("Small [red]course[/red]\nsync plan from Mon 04 Jan 2027")
    assert "[bold]b|c*d*[/bold]" in result.stdout
    assert "● 10:00–10:30 Kickoff, with; commas" in result.stdout


def test_ics_imports_with_sessions_at_their_instant_slots_and_deadlines(
    run_cli: Run, write_course: Write, tmp_path: Path
) -> None:
    target = tmp_path / "plan.ics"
    result = run_cli(
        "plan", write_course(SMALL), "--start", "2027-01-04", "--format", "ics", "--output", target
    )
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    todos = calendar.walk("VTODO")
    session = next(event for event in events if str(event["uid"]).startswith("session-"))
    assert session.decoded("dtstart") == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert str(session["summary"]) == "Kickoff, with; commas"
    assert sorted(
        str(event["summary"]) for event in events if str(event["uid"]).startswith("study-")
    ) == [
        'Study: =HYPERLINK("http://x") (1h)',
        'Study: =HYPERLINK("http://x") (30m)',
        "Study: [bold]b|c*d*[/bold] (30m)",
    ]
    # due at the module's deadline (end of Sunday 10 January), from the planned days
    assert [(todo.decoded("dtstart"), todo.decoded("due")) for todo in todos] == [
        (datetime(2027, 1, 4, 23, 0, tzinfo=UTC), datetime(2027, 1, 10, 22, 59, 59, tzinfo=UTC)),
        (datetime(2027, 1, 5, 23, 0, tzinfo=UTC), datetime(2027, 1, 10, 22, 59, 59, tzinfo=UTC)),
    ]
    assert len({str(component["uid"]) for component in [*events, *todos]}) == len(events) + len(
        todos
    )
    assert all(len(line) <= 75 for line in target.read_bytes().split(b"\r\n"))


def test_an_infeasible_plan_exits_1_with_the_line_of_the_deadline(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(SMALL.replace('due = "week 1"', 'due = "day 1"'))
    result = run_cli("plan", path, "--start", "2027-01-04")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:13:7: error [infeasible-deadline] module 'm' (due day 1) cannot be met from a start on "
        "2027-01-04: 1h30m short (90 minutes); the best plan gets there on 2027-01-06",
        "  at module[0].due",
        '  hint: any one of these would do: daily = "2h30m"; due on 2027-01-06 or later',
    ]


def test_check_with_a_start_reports_the_same_finding(run_cli: Run, write_course: Write) -> None:
    path = write_course(
        SMALL.replace('due = "week 1"', 'due = "day 3"').replace(
            'daily = "1h"', 'daily = "1h"\nholidays = [2027-01-05]'
        )
    )
    result = run_cli("check", path, "--start", "2027-01-04", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["code"]) == (14, "infeasible-deadline")
    assert finding["message"] == (
        "cohort starting 2027-01-04: module 'm' (due day 3) cannot be met: 30m short "
        "(30 minutes); the best plan gets there on day 4"
    )
    assert run_cli("check", path, "--start", "none").exit_code == 0
    assert run_cli("check", path).exit_code == 0


def test_check_tests_a_session_on_a_day_off_only_for_the_cohorts_named(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(SMALL.replace('at = "day 1 10:00"', 'at = "day 6 10:00"'))
    assert run_cli("check", path).stdout == "Checked 1 file: all valid.\n"
    result = run_cli("check", path, "--start", "2027-01-04", "--start", "2027-01-11")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:31:6: error [session-off-day] cohorts starting 2027-01-04 and 2027-01-11: "
        "session 'kick' falls on a Saturday, which is not one of the course's workdays"
    )


def test_a_start_can_be_said_in_words(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+01:00")  # a Wednesday
    for words, start in (
        ("today", "2027-01-06"),
        ("tomorrow", "2027-01-07"),
        ("monday", "2027-01-11"),
        ("next monday", "2027-01-11"),
        ("friday", "2027-01-08"),
    ):
        result = run_cli("plan", write_course(SMALL), "--start", words, "-f", "json")
        assert json.loads(result.stdout)["start"] == start, words


@pytest.mark.parametrize(
    ("arguments", "exit_code", "message"),
    [
        (
            ["--start", "next week"],
            2,
            "error: --start 'next week' is not a date: use YYYY-MM-DD (2027-01-04), today, "
            "tomorrow, monday or next monday\n",
        ),
        (
            ["--timezone", "Nowhere/City"],
            2,
            "error: time zone 'Nowhere/City' does not exist: use an IANA name such as Europe/Berlin\n",
        ),
        (["--focus", "python"], 2, "error: no task has the focus tag 'python' (tags: none)\n"),
        (
            ["--daily", "lots"],
            2,
            'error: --daily: "lots" is not a duration: use "45m", "1h", "1h30m", or a whole number of minutes\n',
        ),
    ],
)
def test_bad_options_get_one_clear_line(
    run_cli: Run, write_course: Write, arguments: list[str], exit_code: int, message: str
) -> None:
    result = run_cli("plan", write_course(SMALL), *arguments)
    assert result.exit_code == exit_code
    assert result.stderr == message


def test_an_unknown_mode_is_a_usage_error(run_cli: Run, write_course: Write) -> None:
    assert run_cli("plan", write_course(SMALL), "--mode", "weekly").exit_code == 2


def test_an_invalid_course_is_refused_with_its_findings(run_cli: Run, write_course: Write) -> None:
    path = write_course(SMALL.replace('effort = "30m"', 'effort = "half an hour"'))
    result = run_cli("plan", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:24:10: error [invalid-duration]")


def test_async_backlog_json_has_a_forecast(run_cli: Run) -> None:
    result = run_cli(
        "plan",
        EXAMPLES / "design-and-code-library.toml",
        "--start",
        "2027-01-04",
        "-f",
        "json",
        "--focus",
        "python",
    )
    document = json.loads(result.stdout)
    assert document["mode"] == "async"
    assert document["forecast"] == {
        "finish": "2027-02-01",
        "weekly_minutes": 150,
        "effort_minutes": 605,
    }
    assert document["tasks"][0]["id"] == "comprehensions"
    assert all(task["slots"] == [] and task["due"] is None for task in document["tasks"])


def test_control_characters_from_a_course_cannot_restyle_the_terminal(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(
        SMALL.replace('title = "M"', 'title = "M\\u001b[2J\\u0007"').replace(
            'title = "=HYPERLINK(\\"http://x\\")"', 'title = "evil\\u001b[31mred"'
        )
    )
    result = run_cli("plan", path, "--start", "2027-01-04")
    assert "\x1b" not in result.stdout
    assert "evil\\x1b[31mred" in result.stdout


def test_a_plan_records_the_holiday_data_release_it_was_made_with(
    run_cli: Run, write_course: Write
) -> None:
    with_country = run_cli(
        "plan", EXAMPLES / "ai-content-tools.toml", "--start", "2027-01-04", "-f", "json"
    )
    assert json.loads(with_country.stdout)["calendar_data"] == {"holidays": "0.109"}
    without = run_cli("plan", write_course(SMALL), "--start", "2027-01-04", "-f", "json")
    assert json.loads(without.stdout)["calendar_data"] == {}


def test_an_extra_workday_is_studied_although_it_is_a_public_holiday(
    run_cli: Run, write_course: Write
) -> None:
    # Friday 2027-10-29 is Diwali, a public holiday in California
    californian = SMALL.replace(
        'daily = "1h"\n', 'daily = "1h"\ncountry = "US"\nsubdivision = "CA"\n'
    ).replace('timezone = "Europe/Berlin"', 'timezone = "America/Los_Angeles"')
    worked = californian.replace('country = "US"', 'workdays_extra = [2027-10-29]\ncountry = "US"')

    def days(text: str) -> list[str]:
        result = run_cli("plan", write_course(text), "--start", "2027-10-28", "-f", "json")
        assert result.exit_code == 0, result.stdout
        return [
            slot["date"] for task in json.loads(result.stdout)["tasks"] for slot in task["slots"]
        ]

    # 30 minutes on Thursday (the kickoff takes the rest), then a's hour and b's half hour
    assert days(californian) == ["2027-10-28", "2027-11-01", "2027-11-02"]
    assert days(worked) == ["2027-10-28", "2027-10-29", "2027-11-01"]
