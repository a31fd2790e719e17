"""One voice: usage errors as an ``error:`` and a ``hint:`` line (exit 2, no boxes), usage lines
without braces, help that fits 80 columns with an example, a repeated single-value option
refused, and a course schema whose descriptions speak to course authors."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import CliRunner, Result

from learnsync.cli import app
from tests.test_cli import COMMANDS


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (("report",), "error: missing argument 'COURSE'\nhint: run learnsync report --help\n"),
        (
            ("reprt",),
            "error: no such command 'reprt'\n"
            "hint: did you mean 'report', 'export'? run learnsync --help\n",
        ),
        (
            ("next", "--lerner", "ann"),
            "error: no such option: --lerner\n"
            "hint: did you mean --learner? run learnsync next --help\n",
        ),
        (
            ("next", "--format", "xml"),
            "error: invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'\n"
            "hint: run learnsync next --help\n",
        ),
        (
            ("store", "path", "--format", "xml"),
            "error: invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'\n"
            "hint: run learnsync store path --help\n",
        ),
        (
            ("status", "--learner", "ann", "-l", "bob"),
            "error: --learner is given more than once; it takes one value\n"
            "hint: run learnsync status --help\n",
        ),
        (
            ("export", "-l", "ann", "--learner=bob"),
            "error: --learner is given more than once; it takes one value\n"
            "hint: run learnsync export --help\n",
        ),
        (
            ("done", "intro", "--note", "a", "--note", "b"),
            "error: --note is given more than once; it takes one value\n"
            "hint: run learnsync done --help\n",
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_a_usage_error_is_an_error_line_and_a_hint_and_exits_2(
    args: tuple[str, ...], stderr: str, run_cli: Callable[..., Result]
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr == stderr
    assert result.stdout == ""


def test_usage_errors_have_no_boxes_on_a_real_terminal_width(
    run_cli: Callable[..., Result],
) -> None:
    result = run_cli("plan")
    assert "╭" not in result.stderr and "Usage:" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_lines_have_no_braces(command: str, run_cli: Callable[..., Result]) -> None:
    usage = next(
        line for line in run_cli(*command.split(), "--help").stdout.splitlines() if "Usage:" in line
    )
    assert "{" not in usage and "}" not in usage


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_80_columns_with_whole_sentences_and_an_example_of_its_own(
    command: str,
) -> None:
    result = CliRunner().invoke(
        app, [*command.split(), "--help"], env={"COLUMNS": "80", "NO_COLOR": "1"}
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    example = lines.index(" Example:")
    assert lines[example + 1].strip().startswith(f"learnsync {command}")


def test_help_paragraphs_are_rewrapped_by_the_terminal() -> None:
    from learnsync.cli_style import rewrapped

    docstring = """First line.

    A sentence that the author
    broke in two.

    Example:  learnsync next
    """
    assert rewrapped(docstring) == (
        "First line.\n\nA sentence that the author broke in two.\n\nExample:\n  learnsync next"
    )


def test_enroll_help_keeps_its_sentence_together() -> None:
    result = CliRunner().invoke(app, ["enroll", "--help"], env={"COLUMNS": "80"})
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[5:7] == [
        " Later edits of the course file never move the enrollment's deadlines;",
        " `learnsync replan --course PATH` moves it onto an edited file on purpose.",
    ]


def test_the_course_schema_speaks_to_course_authors(run_cli: Callable[..., Result]) -> None:
    schema = json.loads(run_cli("schema").stdout)
    descriptions: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            text = node.get("description")
            if isinstance(text, str):
                descriptions.append(text)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert schema["description"] == "A learnsync course file, format 1."
    assert "[calendar]: when people study. Every key is optional." in descriptions
    for text in descriptions:
        assert "Python" not in text and "``" not in text and "\n" not in text, text
