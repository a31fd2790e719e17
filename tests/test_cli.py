from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

import pytest
import typer.main
from typer.testing import Result

from learnsync import __version__
from learnsync.cli import app
from tests.conftest import ROOT


def _leaf_commands(group: object, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            names += _leaf_commands(command, f"{full} ")
        else:
            names.append(full)
    return names


COMMANDS = _leaf_commands(typer.main.get_command(app))


def test_version(run_cli: Callable[..., Result]) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"learnsync {__version__}\n"


def test_version_loads_neither_pydantic_nor_the_core() -> None:
    code = (
        "import sys, runpy; sys.argv = ['learnsync', '--version']\n"
        "try:\n    runpy.run_module('learnsync', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('pydantic', 'rich', 'learnsync.course',"
        " 'learnsync.planning', 'holidays', 'icalendar'))]\n"
        "print(heavy)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip().splitlines()[-1] == "[]"


# What no everyday command loads: the course model and the planner (they read the stored plan),
# rich, dataclasses (a dataclass compiles its methods from source at every import), getpass
# and termios when the learner is named (the login name is looked up only without one), the
# output module for text (it writes JSON and files), and the migrations (the store is up to date).
NEVER_EVERYDAY = (
    "pydantic",
    "rich",
    "markdown_it",
    "pygments",
    "holidays",
    "tomli",
    "tomllib",
    "learnsync.course.model",
    "learnsync.course.values",
    "learnsync.course.loader",
    "learnsync.planning.planner",
    "learnsync.planning.calendar",
    "tempfile",
    "dataclasses",
    "getpass",
    "termios",
    "learnsync.output",
    "learnsync.store.migrations",
)


@pytest.mark.parametrize(
    ("arguments", "also_not"),
    [
        # next prints no progress, rewards or forecast
        # (nor the plan's agenda without a session today)
        (
            ["next"],
            (
                "learnsync.progress",
                "learnsync.badges",
                "learnsync.forecast",
                "random",
                "learnsync.render.agenda",
            ),
        ),
        # done prints its rewards, not the forecast
        (["done", "how-llms-work"], ("learnsync.forecast", "random")),
        (["status"], ()),
    ],
    ids=["next", "done", "status"],
)
def test_everyday_commands_load_only_what_they_print(
    arguments: list[str], also_not: tuple[str, ...], run_cli: Callable[..., Result]
) -> None:
    course = str(ROOT / "examples" / "ai-content-tools.toml")
    enrolled = run_cli("enroll", course, "--learner", "ann", "--start", "2027-01-04")
    assert enrolled.exit_code == 0, enrolled.output
    unwanted = (*NEVER_EVERYDAY, *also_not)
    code = (
        f"import sys, runpy; sys.argv = ['learnsync', *{arguments!r}, '--learner', 'ann']\n"
        "try:\n    runpy.run_module('learnsync', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"heavy = [m for m in sys.modules if m.startswith({unwanted!r})]\n"
        "print(heavy)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    output = subprocess.run(
        [sys.executable, "-m", "learnsync", "--version"], capture_output=True, text=True, check=True
    )
    assert output.stdout == f"learnsync {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, run_cli: Callable[..., Result]
) -> None:
    result = run_cli(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"learnsync {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"learnsync {command}\b", readme), f"README does not document '{command}'"


def test_an_unexpected_error_exits_3_without_a_traceback(
    run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from learnsync.commands import schema

    def explode(**_: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "run", explode)
    result = run_cli("schema")
    assert result.exit_code == 3
    assert result.stderr.startswith("unexpected error: RuntimeError: boom\n")
    assert "Traceback" not in result.stderr


def test_ctrl_c_exits_130(run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    from learnsync.commands import schema

    def interrupted(**_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(schema, "run", interrupted)
    assert run_cli("schema").exit_code == 130


def test_the_cli_reference_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_tour_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "tour.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
