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


class PlanFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    ics = "ics"


class ModeChoice(enum.StrEnum):
    sync = "sync"
    async_ = "async"
    hybrid = "hybrid"


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
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Check that sync and hybrid courses meet their deadlines for a cohort starting on "
            "this date, YYYY-MM-DD (default: next Monday; 'none' to skip).",
        ),
    ] = None,
) -> None:
    """Validate course files: syntax, types, ids, requirements, calendars, badges.

    Exit code 0 when every file is valid, 1 when any has an error (or a warning with --strict),
    2 for a usage error.

    Example:  learnsync check examples/ --format github
    """
    from learnsync.commands import check as command

    _run(command.run, paths=paths, output_format=output_format.value, strict=strict, start=start)


@app.command()
def plan(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The course file.", show_default=False)
    ],
    mode: Annotated[
        ModeChoice | None,
        typer.Option(
            "--mode", "-m", help="Plan the whole course in this mode (default: as the file says)."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", "-s", metavar="DATE", help="The cohort's first day, YYYY-MM-DD (default: next Monday)."
        ),
    ] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option("--focus", metavar="TAG", help="Put tasks with this tag first in a backlog (repeatable)."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", "--tz", metavar="ZONE", help="Show session times in this IANA time zone."),
    ] = None,
    daily: Annotated[
        str | None,
        typer.Option("--daily", metavar="DURATION", help='Study time per workday, overriding the file ("2h").'),
    ] = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Turn a course into a plan: a fixed schedule (sync), a self-paced backlog (async), or a hybrid.

    Exit code 1 when no plan meets the deadlines, with which one fails, by how much, and what
    would fix it.

    Example:  learnsync plan examples/ai-content-tools.toml --start 2027-01-04 --format ics -o plan.ics
    """
    from learnsync.commands import plan as command

    _run(
        command.run,
        path=path,
        mode=mode.value if mode else None,
        start=start,
        focus=focus or [],
        timezone=timezone,
        daily=daily,
        output_format=output_format.value,
        output=output,
    )


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the schema to this file.")
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
    import gc
    import os

    # learnsync uses no pydantic plugin: skip scanning every installed package for one.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A command is a short-lived process that builds large acyclic structures (parsed TOML,
    # models, plans): reference counting frees them, and the cycle collector's repeated full
    # scans only cost time (a third of `plan` on a 10,000-task course).
    gc.disable()
    app(prog_name="learnsync")
