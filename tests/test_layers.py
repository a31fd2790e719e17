"""The layers: the core stays pure (it imports neither the CLI, the commands, the library, the
store, the renderers, rich nor typer), and no command imports another command."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "learnsync"
CORE = [
    *sorted((PACKAGE / "course").glob("*.py")),
    *sorted((PACKAGE / "planning").glob("*.py")),
    PACKAGE / "tracking.py",
    PACKAGE / "rules.py",
    PACKAGE / "progress.py",
    PACKAGE / "streaks.py",
    PACKAGE / "badges.py",
]
COMMANDS = sorted((PACKAGE / "commands").glob("*.py"))
FORBIDDEN = (
    "learnsync.cli",
    "learnsync.commands",
    "learnsync.enrollments",
    "learnsync.options",
    "learnsync.output",
    "learnsync.render",
    "learnsync.store",
    "rich",
    "typer",
)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_core_imports_nothing_from_the_outer_layers(path: Path) -> None:
    outer = sorted(
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    )
    assert outer == []


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: path.name)
def test_no_command_imports_another_command(path: Path) -> None:
    commands = sorted(
        name for name in imported_modules(path) if name.startswith("learnsync.commands")
    )
    assert commands == []


def test_the_library_imports_no_command_and_not_the_cli() -> None:
    for path in sorted((PACKAGE / "enrollments").glob("*.py")):
        outer = [
            name
            for name in imported_modules(path)
            if name.startswith(("learnsync.commands", "learnsync.cli", "typer"))
        ]
        assert outer == [], path.name


def test_every_name_of_the_library_resolves_to_what_it_names() -> None:
    import types

    import learnsync.enrollments as library

    for name in library.__all__:
        value = getattr(library, name)
        assert not isinstance(value, types.ModuleType), name
        assert value.__name__ == name, name
