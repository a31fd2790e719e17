from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tests.conftest import EXAMPLES, MINIMAL_COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]

EMPTY_MODULE = MINIMAL_COURSE + '\n[[module]]\nid = "later"\ntitle = "Later"\n'


def test_a_valid_course_exits_zero(run_cli: Run, write_course: Write) -> None:
    result = run_cli("check", write_course(MINIMAL_COURSE))
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: all valid.\n"


def test_warnings_pass_unless_strict(run_cli: Run, write_course: Write) -> None:
    path = write_course(EMPTY_MODULE)
    assert run_cli("check", path).exit_code == 0
    strict = run_cli("check", "--strict", path)
    assert strict.exit_code == 1
    assert strict.stdout.splitlines() == [
        f"{path}:14:1: warning [empty-module] module 'later' has no tasks",
        "  at module[1]",
        "  hint: add a [[module.task]] after it, or remove the module",
        "Checked 1 file: 0 errors, 1 warning.",
    ]


def test_every_file_is_checked_before_exiting(run_cli: Run, write_course: Write) -> None:
    bad = write_course(MINIMAL_COURSE.replace('"30m"', '"soon"'), "bad.toml")
    good = write_course(MINIMAL_COURSE, "good.toml")
    result = run_cli("check", "--format", "json", bad, good, bad.parent / "missing.toml")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [(f["path"], f["valid"]) for f in document["files"]] == [
        (str(bad), False),
        (str(good), True),
        (str(bad.parent / "missing.toml"), False),
    ]
    assert document["summary"] == {"files": 3, "errors": 2, "warnings": 0, "skipped": 0}


def test_folders_are_searched_for_toml_files_skipping_hidden_ones(
    run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "one.toml").write_text(MINIMAL_COURSE)
    (tmp_path / "a" / "b" / "two.toml").write_text(MINIMAL_COURSE)
    (tmp_path / ".git" / "config.toml").write_text("not = [valid")
    (tmp_path / "notes.txt").write_text("ignored")
    result = run_cli("check", "--format", "json", tmp_path)
    assert result.exit_code == 0
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        str(tmp_path / "a" / "b" / "two.toml"),
        str(tmp_path / "a" / "one.toml"),
    ]


def test_a_folder_without_course_files_fails(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{tmp_path}: error [no-course-files] is a folder with no course file in it"
    )


def test_json_findings_carry_path_line_column_severity_code_and_message(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(MINIMAL_COURSE.replace('effort = "30m"', 'efort = "30m"'))
    result = run_cli("check", "--format", "json", path)
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert document["valid"] is False
    assert document["findings"] == [
        {
            "path": str(path),
            "line": 12,
            "column": 1,
            "severity": "error",
            "code": "unknown-key",
            "message": "unknown key 'efort' in [[module.task]]",
            "key": "module[0].task[0].efort",
            "hint": "did you mean 'effort'?",
            "date_bound": False,
            "cohorts": [],
        }
    ]


def test_github_format_prints_workflow_commands(run_cli: Run, write_course: Write) -> None:
    path = write_course(MINIMAL_COURSE.replace('effort = "30m"', 'efort = "30m"'), "a,b:c%.toml")
    result = run_cli("check", "--format", "github", path)
    assert result.exit_code == 1
    escaped = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert result.stdout == (
        f"::error file={escaped},line=12,col=1,title=unknown-key::unknown key 'efort' in "
        "[[module.task]] (at module[0].task[0].efort); did you mean 'effort'?\n"
    )


def test_github_format_shows_line_breaks_and_escapes_percent_in_messages() -> None:
    from learnsync.course.findings import Finding
    from learnsync.render.github import annotation

    finding = Finding("x", "100% wrong\r\nreally", file="c:,.toml", line=1, column=2)
    assert (
        annotation(finding)
        == "::error file=c%3A%2C.toml,line=1,col=2,title=x::100%25 wrong\\r\\nreally"
    )


def test_course_text_is_printed_literally_not_as_markup(run_cli: Run, write_course: Write) -> None:
    path = write_course(
        MINIMAL_COURSE.replace('id = "t"', 'id = "[red]x[/red]"')
        + ('\n[[module.task]]\nid = "u"\ntitle = "U"\neffort = "1h"\nrequires = ["[bold]y"]\n')
    )
    result = run_cli("check", path)
    assert "task 'u' requires '[bold]y', which is not a task" in result.stdout


def test_an_unknown_format_is_a_usage_error(run_cli: Run, write_course: Write) -> None:
    result = run_cli("check", "--format", "xml", write_course(MINIMAL_COURSE))
    assert result.exit_code == 2


def test_no_path_is_a_usage_error(run_cli: Run) -> None:
    assert run_cli("check").exit_code == 2


def test_every_example_course_is_valid(run_cli: Run) -> None:
    result = run_cli("check", "--strict", EXAMPLES)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "Checked 3 files: all valid.\n"


NIGHT_SESSION = (
    MINIMAL_COURSE.replace(
        'title = "C"\n',
        'title = "C"\n\n[calendar]\ntimezone = "Europe/Berlin"\n'
        'workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n',
    )
    + '\n[[session]]\nid = "night"\ntitle = "Night owls"\nat = "day 7 02:30"\nduration = "30m"\n'
)


def test_a_relative_session_time_the_clocks_repeat_is_a_warning_for_that_cohort(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(NIGHT_SESSION)
    result = run_cli("check", "--start", "2027-10-25", path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:21:6: warning [ambiguous-session-time] cohort starting 2027-10-25: session "
        "'night' (day 7 02:30) starts at "
        "02:30 on Sunday 2027-10-31, a time that happens twice in Europe/Berlin (the clocks go "
        "back 1h that day): it is taken as the first, 02:30 UTC+02:00",
        "  at session[0].at",
        "  hint: move it out of the repeated hour, or write the date-time with its offset "
        "(2027-10-31T02:30:00+01:00 for the second)",
        "Checked 1 file: 0 errors, 1 warning.",
    ]
    assert run_cli("check", "--strict", "--start", "2027-10-25", path).exit_code == 1
    assert run_cli("check", "--strict", "--start", "2027-10-26", path).exit_code == 0


def test_a_folder_search_skips_and_counts_toml_files_without_a_course(
    run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "one.toml").write_text(MINIMAL_COURSE)
    (tmp_path / "courses" / "two.toml").write_text(MINIMAL_COURSE)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "broken-other.toml").write_text("[tool\nname = 1\n")
    (tmp_path / "broken-course.toml").write_text('[course]\nid = "c"\ntitle = [\n')
    result = run_cli("check", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        f"{tmp_path / 'broken-course.toml'}:4:1: error [toml-syntax]"
    )
    assert result.stdout.splitlines()[-1] == (
        "Checked 3 files (2 other TOML files skipped): 1 error, 0 warnings in 1 file."
    )
    document = json.loads(run_cli("check", "-f", "json", tmp_path).stdout)
    assert document["summary"]["skipped"] == 2
    # a file named is always checked, course or not
    named = run_cli("check", tmp_path / "pyproject.toml")
    assert named.exit_code == 1
    assert "[missing-key] missing required key 'course' in the top level" in named.stdout


def test_a_folder_with_only_other_toml_files_says_so(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = run_cli("check", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path}: error [no-course-files] is a folder with no course file in it "
        "(1 other TOML file skipped)"
    )


def test_exclude_skips_files_and_folders_matching_a_glob(run_cli: Run, tmp_path: Path) -> None:
    for name in ("keep.toml", "drafts/a.toml", "drafts/deep/b.toml", "old-c.toml", "x/old-d.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(MINIMAL_COURSE)
    result = run_cli(
        "check", "-f", "json", tmp_path, "--exclude", "drafts", "--exclude", "old-*.toml"
    )
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / "keep.toml")]
    by_path = run_cli("check", "-f", "json", tmp_path, "--exclude", "drafts/deep/*")
    assert len(json.loads(by_path.stdout)["files"]) == 4
    # naming a file checks it, excluded or not
    named = run_cli("check", "-f", "json", tmp_path / "old-c.toml", "--exclude", "old-*.toml")
    assert len(json.loads(named.stdout)["files"]) == 1


def test_git_ignored_files_are_skipped_in_a_work_tree(run_cli: Run, tmp_path: Path) -> None:
    import shutil
    import subprocess

    import pytest

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n*.generated.toml\n!keep.generated.toml\n")
    for name in ("a.toml", "build/b.toml", "c.generated.toml", "keep.generated.toml", "sub/d.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(MINIMAL_COURSE)
    (tmp_path / "sub" / ".gitignore").write_text("d.toml\n")
    result = run_cli("check", "-f", "json", tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        str(tmp_path / "a.toml"),
        str(tmp_path / "keep.generated.toml"),
    ]
    # outside a work tree, nothing is ignored
    shutil.rmtree(tmp_path / ".git")
    result = run_cli("check", "-f", "json", tmp_path)
    assert len(json.loads(result.stdout)["files"]) == 5


SESSION_DUE = """\
[course]
id = "c"
title = "C"
mode = "sync"

[[session]]
id = "wed"
title = "W"
at = AT
duration = "1h"

[[module]]
id = "m"
title = "M"
due = "week 2"

[[module.task]]
id = "t"
title = "T"
effort = "30m"
due = "wed + 3 weeks"
"""


def test_a_task_due_relative_to_a_session_after_its_module_is_reported_on_its_line(
    run_cli: Run, write_course: Write
) -> None:
    relative = write_course(SESSION_DUE.replace("AT", '"day 3 10:00"'))
    assert run_cli("check", relative).stdout.splitlines()[:2] == [
        f"{relative}:21:7: warning [due-after-module] task 't' is due wed + 3 weeks, "
        "after its module's due week 2",
        "  at module[0].task[0].due",
    ]
    dated = write_course(SESSION_DUE.replace("AT", "2027-01-06T10:00:00"), "dated.toml")
    assert run_cli("check", dated).stdout == "Checked 1 file: all valid.\n"
    cohort = run_cli("check", dated, "--start", "2027-01-04")
    assert cohort.stdout.splitlines()[:2] == [
        f"{dated}:21:7: warning [due-after-module] cohort starting 2027-01-04: task 't' is due "
        "wed + 3 weeks, after its module's due week 2",
        "  at module[0].task[0].due",
    ]
    # wed + 3 weeks is 2027-01-27, by week 2 of a cohort starting 2027-01-20 (2027-02-02)
    early = run_cli("check", dated, "--start", "2027-01-20")
    assert early.stdout == "Checked 1 file: all valid.\n"
