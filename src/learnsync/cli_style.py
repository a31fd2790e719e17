"""How the command line speaks, whatever the command: usage errors as ``error:`` and ``hint:``
lines (exit 2, no boxes), a usage line without typer's ``{PATH}`` braces, help paragraphs that
the terminal rewraps (no line breaks inside a sentence), and a repeated option that takes one
value refused rather than "the last one wins".
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer 0.28 carries its own copy of click; earlier releases use click itself
    from typer._click import core as click_core
    from typer._click import exceptions as click_errors
    from typer._click.formatting import HelpFormatter
except ImportError:  # pragma: no cover
    from click import core as click_core  # type: ignore[no-redef]
    from click import exceptions as click_errors  # type: ignore[no-redef]
    from click.formatting import HelpFormatter  # type: ignore[assignment]

EXIT_USAGE = 2


class Command(TyperCommand):
    """A command whose usage line reads ``learnsync plan [OPTIONS] PATH``, and whose help
    screen is drawn without importing rich."""

    def collect_usage_pieces(self, ctx: click_core.Context) -> list[str]:
        return [_unbraced(piece) for piece in super().collect_usage_pieces(ctx)]

    def parse_args(self, ctx: click_core.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            refuse_repeated_options(self, ctx, args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click_core.Context, formatter: HelpFormatter) -> None:
        from learnsync.help_screen import print_help

        if not print_help(self, ctx):
            super().format_help(ctx, formatter)


class HelpGroup(TyperGroup):
    """A group of commands whose help screen is drawn without importing rich."""

    def format_help(self, ctx: click_core.Context, formatter: HelpFormatter) -> None:
        from learnsync.help_screen import print_help

        if not print_help(self, ctx):
            super().format_help(ctx, formatter)


class Group(HelpGroup):
    """The ``learnsync`` group: click's usage errors in learnsync's own words."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except click_errors.UsageError as error:
            message, hint = usage_message(error)
            typer.echo(f"error: {message}", err=True)
            typer.echo(f"hint: {hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click_errors.ClickException as error:
            typer.echo(f"error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("interrupted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(error: click_errors.UsageError) -> tuple[str, str]:
    """The ``error:`` and the ``hint:`` lines for a usage error click found."""
    text = error.format_message().strip()
    text, _, suggestion = text.partition(" Did you mean ")
    if not suggestion and text.endswith(")") and " (Possible options: " in text:
        text, _, options = text[:-1].partition(" (Possible options: ")
        suggestion = options.replace(", ", " or ")
    text = text.rstrip(".")
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    context = error.ctx
    path = context.command_path if context is not None else "learnsync"
    where = f"run {path} --help"
    if suggestion:
        return text, f"did you mean {suggestion.rstrip('?')}? {where}"
    return text, where


def refuse_repeated_options(
    command: click_core.Command, ctx: click_core.Context, args: list[str]
) -> None:
    """A usage error when an option that takes one value is given more than once."""
    try:
        _, _, order = command.make_parser(ctx).parse_args(args=list(args))
    except click_errors.UsageError:
        return  # the real parse reports it
    seen: dict[str, int] = {}
    for parameter in order:
        if (
            parameter.param_type_name == "option"
            and not parameter.multiple
            and not getattr(parameter, "is_flag", False)
            and not getattr(parameter, "count", False)
            and parameter.name
        ):
            seen[parameter.name] = seen.get(parameter.name, 0) + 1
            if seen[parameter.name] == 2:
                option = max(parameter.opts, key=len)
                raise click_errors.UsageError(
                    f"{option} is given more than once; it takes one value", ctx=ctx
                )


def tidy(app: typer.Typer) -> None:
    """Give every command and group of ``app`` (and of its sub-apps) the classes above, and help
    text whose paragraphs the terminal rewraps; an "Example:" paragraph is kept as written."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = Command
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = rewrapped(info.callback.__doc__)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            if not isinstance(group.typer_instance.info.cls, type):
                group.typer_instance.info.cls = HelpGroup
            tidy(group.typer_instance)


def rewrapped(docstring: str) -> str:
    """A docstring whose paragraphs are each one line, for the terminal to wrap; the commands of
    an "Example:" paragraph go on lines of their own, and a paragraph starting with click's
    ``\\b`` keeps its line breaks."""
    paragraphs = inspect.cleandoc(docstring).split("\n\n")
    return "\n\n".join(_paragraph(part) for part in paragraphs)


def _paragraph(text: str) -> str:
    if text.startswith("\b"):
        return text
    label, colon, example = text.partition(":")
    if label in ("Example", "Examples") and colon:
        return f"{label}:\n" + "\n".join(
            f"  {line.strip()}" for line in example.strip().split("\n")
        )
    return " ".join(text.split("\n"))


def _unbraced(piece: str) -> str:
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
