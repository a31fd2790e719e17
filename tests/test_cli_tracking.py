from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]

COURSE = """\
[course]
id = "sprint"
title = "Sprint"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[[module]]
id = "basics"
title = "Basics"
due = "week 1"

[[module.task]]
id = "intro"
title = "Read the intro"
effort = "30m"
due = "day 1"

[[module.task]]
id = "practice"
title = "Practise"
effort = "1h"
requires = ["intro"]

[[module.task]]
id = "quiz"
title = "Quiz"
kind = "quiz"
effort = "30m"
requires = ["practice"]

[[session]]
id = "kickoff"
title = "Kickoff"
at = "day 1 10:00"
duration = "30m"
"""


@pytest.fixture
def enrolled(run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    path = write_course(COURSE)
    result = run_cli("enroll", path, "--learner", "ann", "--start", "2027-01-04")
    assert result.exit_code == 0, result.stderr
    return path


def now(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", moment)


def test_enroll_prints_what_was_planned(run_cli: Run, write_course: Write) -> None:
    result = run_cli("enroll", write_course(COURSE), "--learner", "ann", "--start", "2027-01-04")
    assert result.stdout.splitlines() == [
        "Enrolled ann in sprint (sync, from Mon 04 Jan 2027)",
        "  3 required tasks, done by Wed 06 Jan 2027.",
        "  Next: learnsync next",
    ]


def test_enrolling_twice_is_refused_with_a_hint(run_cli: Run, enrolled: Path) -> None:
    result = run_cli("enroll", enrolled, "--learner", "ann")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: ann is already enrolled in sprint; to follow an edited course file, run: "
        "learnsync replan --course PATH --learner ann\n"
    )


def test_the_learner_is_the_option_then_the_environment_then_the_login(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE)
    monkeypatch.setattr("getpass.getuser", lambda: "login-name")
    assert (
        json.loads(run_cli("enroll", path, "-f", "json").stdout)["enrollment"]["learner"]
        == "login-name"
    )
    monkeypatch.setenv("LEARNSYNC_LEARNER", "from-env")
    assert (
        json.loads(run_cli("enroll", path, "-f", "json").stdout)["enrollment"]["learner"]
        == "from-env"
    )
    assert (
        json.loads(run_cli("enroll", path, "-f", "json", "-l", "opt").stdout)["enrollment"][
            "learner"
        ]
        == "opt"
    )


def test_editing_the_course_file_does_not_move_the_plan(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrolled.write_text(COURSE.replace('due = "week 1"', 'due = "day 2"').replace('"1h"', '"3h"'))
    now(monkeypatch, "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "-l", "ann")
    document = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)
    assert document["courses"][0]["milestone"] == {
        "module": "basics",
        "item": "basics",
        "due": "2027-01-10",
        "tasks_left": 2,
        "tasks": ["practice", "quiz"],
        "passed": False,
    }


def test_done_records_and_reports_a_second_time_without_counting_it(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T18:00:00+01:00")
    first = run_cli("done", "intro", "kickoff", "-l", "ann")
    assert first.stdout.splitlines() == [
        "Done: intro (Read the intro)",
        "Attended: kickoff (Kickoff)",
        "  +10 points (10 in all, level 1; 40 to level 2) · streak 1 day",
        "  ★ Badge earned: First step",
    ]
    second = run_cli("done", "intro", "-l", "ann", "-f", "json")
    document = json.loads(second.stdout)
    assert document["recorded"] == []
    assert document["already_done"] == [{"id": "intro", "at": "2027-01-04T17:00:00+00:00"}]
    listing = json.loads(run_cli("enrollments", "-f", "json").stdout)["enrollments"]
    assert [(e["learner"], e["done"], e["total"]) for e in listing] == [("ann", 1, 3)]


def test_an_unknown_id_is_refused_with_a_hint_and_nothing_is_recorded(
    run_cli: Run, enrolled: Path
) -> None:
    result = run_cli("done", "intro", "practise", "-l", "ann")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: 'practise' is not a task or session of sprint; did you mean 'practice'?\n"
    )
    assert json.loads(run_cli("enrollments", "-f", "json").stdout)["enrollments"][0]["done"] == 0


def test_a_task_whose_prerequisites_are_not_done_is_recorded_with_a_warning(
    run_cli: Run, enrolled: Path
) -> None:
    result = run_cli("done", "quiz", "-l", "ann")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Done: quiz (Quiz)"
    assert result.stderr == "warning: 'quiz' requires practice, not done yet; recorded anyway\n"


def test_at_is_local_to_the_learner_and_never_in_the_future(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-05T12:00:00+01:00")
    document = json.loads(
        run_cli("done", "intro", "--at", "2027-01-04T21:15", "-l", "ann", "-f", "json").stdout
    )
    assert document["recorded"][0]["at"] == "2027-01-04T20:15:00+00:00"
    future = run_cli("done", "practice", "--at", "2027-01-06", "-l", "ann")
    assert future.exit_code == 1
    assert future.stderr == (
        "error: --at 2027-01-06T12:00:00+01:00 is in the future (now is 2027-01-05T12:00:00+01:00)\n"
    )
    assert run_cli("done", "practice", "--at", "soon", "-l", "ann").exit_code == 2
    yesterday = run_cli("done", "practice", "--at", "yesterday 18:00", "-l", "ann", "-f", "json")
    assert json.loads(yesterday.stdout)["recorded"][0]["at"] == "2027-01-04T17:00:00+00:00"


def test_at_takes_a_time_given_without_quotes_and_moments_said_in_words(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-06T20:00:00+01:00")
    spaced = run_cli("done", "intro", "--at", "2027-01-05", "16:30", "-l", "ann", "-f", "json")
    assert json.loads(spaced.stdout)["recorded"][0]["at"] == "2027-01-05T15:30:00+00:00"
    monday = run_cli("done", "practice", "--at", "monday 9:30", "-l", "ann", "-f", "json")
    assert json.loads(monday.stdout)["recorded"][0]["at"] == "2027-01-04T08:30:00+00:00"
    today = run_cli("done", "quiz", "--at", "7:05", "-l", "ann", "-f", "json")
    assert json.loads(today.stdout)["recorded"][0]["at"] == "2027-01-06T06:05:00+00:00"


def test_a_score_outside_zero_to_one_is_a_usage_error(run_cli: Run, enrolled: Path) -> None:
    assert run_cli("done", "intro", "--score", "1.5", "-l", "ann").exit_code == 2


def test_undo_takes_a_completion_back_and_refuses_what_is_not_done(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "-l", "ann")
    assert (
        run_cli("undo", "intro", "-l", "ann").stdout
        == "Undone: intro (it was done on Mon 04 Jan)\n  -5 points (0 in all, level 1; 50 to level 2)\n"
    )
    again = run_cli("undo", "intro", "-l", "ann")
    assert again.exit_code == 1
    assert again.stderr == "error: 'intro' is not done, so there is nothing to undo\n"
    assert json.loads(run_cli("enrollments", "-f", "json").stdout)["enrollments"][0]["done"] == 0


def test_next_shows_overdue_today_sessions_and_due_soon(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-05T09:00:00+01:00")
    result = run_cli("next", "-l", "ann")
    assert result.stdout.splitlines() == [
        "Sprint  (sprint, sync) for ann, Tue 05 Jan",
        "  intro     overdue         Read the intro    was due Mon 04 Jan",
        "  practice  today 1h        Practise          deadline Sun 10 Jan",
        "  quiz      due Sun 10 Jan  Quiz",
        "  behind by 30m: learnsync replan makes a plan from today;",
        "  catch up: 30m a day until Sun 10 Jan meets every deadline (now 1h)",
        "  deadline passed: Mon 04 Jan, intro (1 required task still open)",
    ]


def test_next_on_the_first_day_shows_the_session_in_the_learners_zone(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T08:00:00+01:00")
    run_cli(
        "enroll",
        write_course(COURSE),
        "-l",
        "kim",
        "--start",
        "2027-01-04",
        "--timezone",
        "Europe/London",
    )
    document = json.loads(run_cli("next", "-l", "kim", "-f", "json").stdout)["courses"][0]
    assert document["sessions"] == [
        {
            "id": "kickoff",
            "title": "Kickoff",
            "start": "2027-01-04T09:00:00+00:00",
            "end": "2027-01-04T09:30:00+00:00",
            "mandatory": True,
            "points": 5,
            "url": None,
            "ended": False,
        }
    ]
    assert [(task["id"], task["minutes_today"]) for task in document["now"]] == [("intro", 30)]


def test_next_offers_unlocked_self_paced_tasks_in_backlog_order(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE.replace('mode = "sync"', 'mode = "async"'))
    run_cli("enroll", path, "-l", "bo", "--start", "2027-01-04")
    first = json.loads(run_cli("next", "-l", "bo", "-f", "json").stdout)["courses"][0]
    assert [task["id"] for task in first["unlocked"]] == ["intro"]
    run_cli("done", "intro", "-l", "bo")
    second = json.loads(run_cli("next", "-l", "bo", "-f", "json").stdout)["courses"][0]
    assert [task["id"] for task in second["unlocked"]] == ["practice"]
    assert second["overdue"] == second["now"] == second["due_soon"] == []


def test_replan_after_falling_behind_keeps_what_is_done_and_names_missed_deadlines(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "-l", "ann")
    now(monkeypatch, "2027-01-08T09:00:00+01:00")
    result = run_cli("replan", "-l", "ann", "-f", "json")
    document = json.loads(result.stdout)
    assert (document["from"], document["tasks_left"], document["finish"]) == (
        "2027-01-08",
        2,
        "2027-01-11",
    )
    [missed] = document["missed_deadlines"]
    assert (missed["code"], missed["line"], missed["path"]) == (
        "infeasible-deadline",
        13,
        str(enrolled.resolve()),
    )
    assert missed["message"].startswith(  # the replan's own start, not the cohort's
        "module 'basics' (due week 1) cannot be met from the replan's start on 2027-01-08: 30m short"
    )
    plan = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]
    assert [(task["id"], task["minutes_today"]) for task in plan["now"]] == [("practice", 60)]
    assert plan["overdue"] == []


def test_replan_onto_an_edited_course_keeps_events_of_ids_that_remain(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "quiz", "-l", "ann")
    enrolled.write_text(COURSE.replace('id = "quiz"', 'id = "final-quiz"').replace('"1h"', '"45m"'))
    result = run_cli("replan", "--course", enrolled, "-l", "ann")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Replanned sprint for ann from Mon 04 Jan 2027:",
        "  2 required tasks left, done by Wed 06 Jan 2027.",
        "  Replan 1: the planned finish did not move from the first plan.",
        "  Deadlines stay, and so does the lateness of work already done.",
        "Events kept for ids the course no longer has (they no longer count): quiz",
    ]
    listing = json.loads(run_cli("enrollments", "-f", "json").stdout)["enrollments"][0]
    assert (listing["done"], listing["total"]) == (1, 3)


def test_names_with_quotes_percent_unicode_and_sql_are_kept_as_typed(
    run_cli: Run, write_course: Write, tmp_path: Path
) -> None:
    learner = "O'Brien \"50%\" Zoë'); DROP TABLE events;--"
    path = write_course(
        COURSE.replace('title = "Read the intro"', "title = \"Lies 'n' %s [b]bold[/b] ünï\"")
    )
    assert run_cli("enroll", path, "-l", learner, "--start", "2027-01-04").exit_code == 0
    done = run_cli("done", "intro", "-l", learner)
    assert done.stdout.splitlines()[0] == "Done: intro (Lies 'n' %s [b]bold[/b] ünï)"
    listing = run_cli("enrollments", "-f", "json")
    assert json.loads(listing.stdout)["enrollments"][0]["learner"] == learner
    assert learner in run_cli("enrollments").stdout


def test_a_store_that_is_not_sqlite_gets_one_line_and_stays_unchanged(
    run_cli: Run, enrolled: Path, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    result = run_cli("--store", bogus, "done", "intro", "-l", "ann")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: store {bogus} is not a learnsync store (not an SQLite database); it was left as it is\n"
    )
    assert bogus.read_text() == "hello"


def test_commands_that_only_read_do_not_create_a_store(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    result = run_cli("--store", missing, "next", "-l", "ann")
    assert result.exit_code == 1
    assert result.stderr == f"error: there is no store at {missing} yet: enroll in a course first\n"
    assert not missing.exists()


def test_store_path_follows_the_option_then_the_environment(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_STORE", str(tmp_path / "env.sqlite3"))
    assert run_cli("store", "path").stdout == f"{tmp_path / 'env.sqlite3'}\n"
    assert (
        run_cli("--store", tmp_path / "opt.sqlite3", "store", "path").stdout
        == f"{tmp_path / 'opt.sqlite3'}\n"
    )


def test_the_store_keeps_one_row_per_event_and_plan(run_cli: Run, enrolled: Path) -> None:
    run_cli("done", "intro", "-l", "ann")
    run_cli("replan", "-l", "ann")
    connection = sqlite3.connect(_store())
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    assert [row[0] for row in connection.execute("SELECT reason FROM plans ORDER BY id")] == [
        "enroll",
        "replan",
    ]


def _store() -> str:
    import os

    return os.environ["LEARNSYNC_STORE"]


def test_next_asks_about_a_session_that_has_ended(
    run_cli: Run, enrolled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2027-01-04T12:00:00+01:00")
    lines = run_cli("next", "-l", "ann").stdout.splitlines()
    assert (
        "  kickoff   10:00–10:30     ● Kickoff         mandatory; it has ended: were you there? "
        "learnsync done kickoff" in lines
    )
    run_cli("done", "kickoff", "-l", "ann")
    assert "Kickoff" not in run_cli("next", "-l", "ann").stdout


def test_refused_actions_do_not_create_a_store(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    for arguments in (["done", "intro"], ["undo", "intro"], ["replan"]):
        result = run_cli("--store", missing, *arguments, "-l", "ann")
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"error: there is no store at {missing} yet: enroll in a course first\n"
        )
    assert not missing.exists()


def test_next_names_the_mandatory_sessions_of_the_coming_week(
    run_cli: Run, write_course: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_course(COURSE.replace('at = "day 1 10:00"', 'at = "day 4 10:00"'))
    now(monkeypatch, "2027-01-04T08:00:00+01:00")
    run_cli("enroll", path, "-l", "ann", "--start", "2027-01-04")
    document = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]
    assert [session["id"] for session in document["upcoming_sessions"]] == ["kickoff"]
    lines = run_cli("next", "-l", "ann").stdout.splitlines()
    assert "  coming up: Thu 07 Jan 10:00 ● Kickoff  kickoff, mandatory" in lines
    now(monkeypatch, "2027-01-07T08:00:00+01:00")
    later = json.loads(run_cli("next", "-l", "ann", "-f", "json").stdout)["courses"][0]
    assert later["upcoming_sessions"] == []  # today's sessions are listed as today's
    assert [session["id"] for session in later["sessions"]] == ["kickoff"]


def test_next_tells_today_planned_minutes_apart_from_tasks_planned_on_earlier_days(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(__file__).parent.parent / "examples" / "ai-content-tools.toml"
    assert run_cli("enroll", str(example), "-l", "dan", "--start", "2027-01-04").exit_code == 0
    now(monkeypatch, "2027-01-08T12:00:00+01:00")
    document = json.loads(run_cli("next", "-l", "dan", "-f", "json").stdout)["courses"][0]
    planned = {
        task["id"]: (task["minutes_today"], task["minutes_before_today"], task["planned_from"])
        for task in document["now"]
    }
    assert planned == {
        "how-llms-work": (0, 30, "2027-01-04"),
        "prompt-patterns": (0, 45, "2027-01-05"),
        "prompting-quiz": (0, 20, "2027-01-06"),
        "house-style": (0, 40, "2027-01-06"),
        "outline-to-draft": (30, 60, "2027-01-06"),
        "draft-article": (60, 0, "2027-01-08"),
    }
    lines = run_cli("next", "-l", "dan").stdout.splitlines()
    assert [line.split()[1:3] for line in lines[2:8]] == [
        ["behind", "30m"],
        ["behind", "45m"],
        ["behind", "20m"],
        ["behind", "40m"],
        ["today", "30m"],
        ["today", "1h"],
    ]
