"""The command line: arguments and options only. Each command hands plain values to one function
in ``learnsync.commands`` and exits with the code it returns.

Nothing heavy is imported here, so that ``learnsync --version`` starts fast.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from learnsync import __version__

app = typer.Typer(
    name="learnsync",
    help="Turn a course written as a TOML file into a learning plan, and keep score.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"learnsync {__version__}")
        raise typer.Exit()


_debug = False


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the traceback of an unexpected error.", envvar="LEARNSYNC_DEBUG"
        ),
    ] = False,
) -> None:
    """learnsync: course files in, learning plans and scores out."""
    global _debug
    _debug = debug


def _run(function: Callable[..., int], **arguments: Any) -> None:
    """The one error handler: known errors print one line, Ctrl-C exits 130, the rest exit 3."""
    from learnsync.commands.errors import handle

    raise typer.Exit(handle(function, arguments, debug=_debug))


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Course files, or folders to search for *.toml.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="How to print the findings.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate course files: syntax, types, ids, requirements, calendars, badges.

    Exit code 0 when every file is valid, 1 when any has an error (or a warning with --strict),
    2 for a usage error.

    Example:  learnsync check examples/ --format github
    """
    from learnsync.commands import check as command

    _run(command.run, paths=paths, output_format=output_format.value, strict=strict)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the schema to this file.")
    ] = None,
) -> None:
    """Print the JSON Schema of the course format, for editors and other tools.

    Example:  learnsync schema --output learnsync.schema.json
    """
    from learnsync.commands import schema as command

    _run(command.run, output=output)


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="[PATH]", help="Where to write the course (a folder gets course.toml)."
        ),
    ] = Path("course.toml"),
    title: Annotated[str, typer.Option("--title", help="The course title.")] = "My first course",
) -> None:
    """Write a small, commented, valid course to start from. Never overwrites a file.

    Example:  learnsync init onboarding.toml --title "Onboarding"
    """
    from learnsync.commands import init as command

    _run(command.run, path=path, title=title)


def main() -> None:
    """Entry point of the ``learnsync`` console script."""
    app(prog_name="learnsync")
