"""learnsync's ``--help`` screens, drawn as typer's rich help draws them but without importing
rich (whose markdown and traceback modules alone cost more start-up than all of learnsync).

``print_help`` follows ``typer.rich_utils.rich_format_help`` (typer 0.28) line by line, with
``learnsync.help_layout`` standing in for rich's console, text, padding, table, columns and
panel. It prints nothing and returns False for what it does not reproduce (rich markup or
markdown in a help text, an epilog, a deprecated command, characters that are not one cell
wide, Windows or Jupyter consoles, an output that is not UTF-8...): the caller then lets typer's
rich help print the screen. ``tests/test_help_screen.py`` checks that both print the same bytes
for every command, at several widths, on a terminal (colours), under NO_COLOR and in a pipe.
"""

from __future__ import annotations

import builtins
import inspect
import os
import re
import sys
from collections import defaultdict
from typing import Any

from typer import core as typer_core
from typer.core import TyperArgument, TyperGroup, TyperOption

from learnsync.help_layout import (
    Column,
    Columns,
    Line,
    Lines,
    MaybeStyle,
    Options,
    Padding,
    Renderable,
    Table,
    Text,
    Unsupported,
    adjust_line_length,
    ansi,
    check_cells,
    combine,
    measure,
    parse_style,
    render_lines,
    render_panel,
)
from learnsync.render.terminal import styled_by_rich, terminal_size

try:  # typer 0.28 carries its own copy of click; earlier releases use click itself
    from typer._click import core as click_core
    from typer._click import types as click_types
except ImportError:  # pragma: no cover
    from click import core as click_core  # type: ignore[no-redef]
    from click import types as click_types  # type: ignore[no-redef]

# typer.rich_utils' styles and strings
_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": "bold yellow",
    "types_sep": "dim",
    "usage": "yellow",
}
STYLE_USAGE_COMMAND = "bold"
STYLE_HELPTEXT = "dim"
STYLE_OPTION_DEFAULT = "dim"
STYLE_OPTION_ENVVAR = "dim yellow"
STYLE_REQUIRED_SHORT = "red"
STYLE_REQUIRED_LONG = "dim red"
STYLE_TYPES = "bold yellow"
STYLE_PANEL_BORDER = "dim"
STYLE_COMMANDS_FIRST_COLUMN = "bold cyan"
ARGUMENTS_PANEL_TITLE = "Arguments"
OPTIONS_PANEL_TITLE = "Options"
COMMANDS_PANEL_TITLE = "Commands"

# typer.rich_utils' highlighters: each pattern with the characters any match must hold (a text
# without them is not searched; the pattern is compiled the first time it is needed)
_HIGHLIGHTS: list[tuple[str, str]] = [
    (r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])", "-"),
    (r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])", "-"),
    (r"(?P<types>\<[^\>]+\>)", "<"),
    (r"(?P<usage>Usage: )", "U"),
]
_NEGATIVE_HIGHLIGHTS: list[tuple[str, str]] = [
    (r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])", "-"),
    (r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])", "-"),
]
_TYPES_HIGHLIGHTS: list[tuple[str, str]] = [
    (r"^(?P<types_sep>(\[|<))", "[<"),
    (r"(?P<types_sep>\|)", "|"),
    (r"(?P<types_sep>(\]|>))(\.\.\.)?$", "]>"),
]
_HIGHLIGHTERS = {
    "highlights": _HIGHLIGHTS,
    "negative": _NEGATIVE_HIGHLIGHTS,
    "types": _TYPES_HIGHLIGHTS,
}

# rich's markup tags and emoji codes: a help text holding either is left to rich
_MARKUP_TAG = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")


class _Styles:
    """Style definitions and compiled highlight patterns, made once a process when first used."""

    def __init__(self) -> None:
        self.cache: dict[str, MaybeStyle] = {}
        self.theme = {name: parse_style(value) for name, value in _THEME.items()}
        self.patterns: dict[str, re.Pattern[str]] = {}

    def __call__(self, definition: str) -> MaybeStyle:
        if definition not in self.cache:
            self.cache[definition] = parse_style(definition)
        return self.cache[definition]

    def pattern(self, source: str) -> re.Pattern[str]:
        if source not in self.patterns:
            self.patterns[source] = re.compile(source)
        return self.patterns[source]


_styles: _Styles | None = None


def _get_styles() -> _Styles:
    global _styles
    if _styles is None:
        _styles = _Styles()
    return _styles


def _highlighted(text: Text, which: str = "highlights") -> Text:
    """A copy of ``text`` with the spans one of typer's highlighters adds (in the order of its
    patterns, as rich adds them)."""
    copy = text.copy()
    plain = copy.plain
    if plain:
        styles = _get_styles()
        for source, needed in _HIGHLIGHTERS[which]:
            if any(character in plain for character in needed):
                copy.highlight(styles.pattern(source), styles.theme)
    return copy


def _text(plain: str, style: str = "", **options: Any) -> Text:
    text = Text(plain, _get_styles()(style), **options)
    check_cells(text.plain)
    return text


def _from_markup(markup: str, style: str) -> Text:
    """rich's ``Text.from_markup`` for text without tags or emoji codes: escaped brackets."""
    if _EMOJI_CODE.search(markup):
        raise Unsupported("an emoji code")
    if "[" not in markup:
        return _text(markup, style)
    pieces = []
    position = 0
    for match in _MARKUP_TAG.finditer(markup):
        full_text, escapes, _ = match.groups()
        start, end = match.span()
        if start > position:
            pieces.append(markup[position:start].replace("\\[", "["))
        backslashes, escaped = divmod(len(escapes), 2)
        if not escaped:
            raise Unsupported("rich markup")
        if backslashes:
            pieces.append("\\" * backslashes)
        pieces.append(full_text[len(escapes) :])
        position = end
    if position < len(markup):
        pieces.append(markup[position:].replace("\\[", "["))
    return _text("".join(pieces), style)


def _rich_text(text: str, style: str = "") -> Text:
    """typer's ``_make_rich_text`` in its "rich" markup mode."""
    text = inspect.cleandoc(text)
    if "\x1b[" in text:
        raise Unsupported("ANSI codes in a help text")
    return _highlighted(_from_markup(text, style))


# -- where the screen goes ---------------------------------------------------------------------


class Console:
    """What rich's console would find out about the terminal, as typer sets it up."""

    def __init__(self) -> None:
        environ = os.environ
        if sys.platform == "win32" or hasattr(builtins, "get_ipython"):
            raise Unsupported("a Windows or Jupyter console")
        stdin_module = getattr(sys.stdin, "__module__", "")
        if isinstance(stdin_module, str) and stdin_module.startswith("idlelib"):
            raise Unsupported("IDLE")
        file = sys.stdout
        if file is None:
            raise Unsupported("no standard output")
        file = getattr(file, "rich_proxied_file", file)
        self.file = file
        encoding = (getattr(file, "encoding", "utf-8") or "utf-8").lower()
        if not encoding.startswith("utf"):
            raise Unsupported("an output that is not UTF-8")
        self.is_terminal = self._is_terminal(environ)
        term = environ.get("TERM", "")
        dumb = self.is_terminal and term.lower() in ("dumb", "unknown")
        self.colour = self.is_terminal and not dumb
        self.no_color = environ.get("NO_COLOR", "") != ""
        self.width = self._width(environ, dumb)
        if self.width < 20:
            raise Unsupported("a console narrower than 20 columns")

    def _is_terminal(self, environ: os._Environ[str]) -> bool:
        # typer's FORCE_TERMINAL, then rich's Console.is_terminal (the one rule of it)
        if environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
            return False
        if environ.get("GITHUB_ACTIONS") or environ.get("FORCE_COLOR") or environ.get("PY_COLORS"):
            return True
        return styled_by_rich(self.file, environ)

    @staticmethod
    def _width(environ: os._Environ[str], dumb: bool) -> int:
        # typer's MAX_WIDTH (TERMINAL_WIDTH), then rich's Console.size
        # (learnsync's main drops sizes that are not terminal_size's, as if unset)
        fixed = terminal_size(environ.get("TERMINAL_WIDTH"))
        if fixed is None and environ.get("TERMINAL_WIDTH"):
            raise Unsupported("TERMINAL_WIDTH is not a terminal size")
        if fixed is None:
            fixed = terminal_size(environ.get("COLUMNS"))
        if fixed is not None and terminal_size(environ.get("LINES")) is not None:
            return fixed
        if dumb:
            return 80
        width: int | None = None
        for descriptor in (0, 1, 2):
            try:
                width = os.get_terminal_size(descriptor)[0]
            except (AttributeError, ValueError, OSError):
                continue
            break
        columns = terminal_size(environ.get("COLUMNS"))
        if columns is not None:
            width = columns
        width = width or 80
        return width if fixed is None else fixed

    def write(self, lines: list[Line]) -> None:
        text = "".join(ansi(line, self.colour, self.no_color) + "\n" for line in lines)
        try:
            self.file.write(text)
            self.file.flush()
        except BrokenPipeError:
            # as rich's console: quiet from now on, exit 1
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None


# -- the screen --------------------------------------------------------------------------------


def print_help(command: click_core.Command, ctx: click_core.Context) -> bool:
    """Print ``command``'s help screen as typer's rich help prints it; False (and nothing
    printed) when it is one this module does not reproduce."""
    if not typer_core.HAS_RICH or getattr(command, "rich_markup_mode", None) != "rich":
        return False  # typer prints click's plain help then
    try:
        console = Console()
        lines = help_lines(command, ctx, console.width)
    except Unsupported:
        return False
    except Exception:  # a screen this module gets wrong is still printed, by rich
        return False
    console.write(lines)
    return True


def help_lines(command: click_core.Command, ctx: click_core.Context, width: int) -> list[Line]:
    """The lines of ``command``'s help screen at ``width`` columns (typer's
    ``rich_format_help``)."""
    if command.epilog or command.deprecated:
        raise Unsupported("an epilog or a deprecated command")
    styles = _get_styles()
    out: list[Line] = []
    usage = _highlighted(_text(command.get_usage(ctx)))
    bold = styles(STYLE_USAGE_COMMAND)
    for line in render_lines(Padding(usage, 1, 1, 1, 1), Options(max_width=width)):
        out.append([(text, combine(bold, style)) for text, style in line])
    if command.help:
        out += _help_text_lines(command, width)
    arguments: defaultdict[str, list[TyperArgument]] = defaultdict(list)
    options: defaultdict[str, list[TyperOption]] = defaultdict(list)
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            arguments[param.rich_help_panel or ARGUMENTS_PANEL_TITLE].append(param)
        elif isinstance(param, TyperOption):
            options[param.rich_help_panel or OPTIONS_PANEL_TITLE].append(param)
    panels: list[tuple[str, list[TyperArgument] | list[TyperOption]]] = [
        (ARGUMENTS_PANEL_TITLE, arguments.get(ARGUMENTS_PANEL_TITLE, []))
    ]
    panels += [
        (name, params) for name, params in arguments.items() if name != ARGUMENTS_PANEL_TITLE
    ]
    panels.append((OPTIONS_PANEL_TITLE, options.get(OPTIONS_PANEL_TITLE, [])))
    panels += [(name, params) for name, params in options.items() if name != OPTIONS_PANEL_TITLE]
    for name, params in panels:
        if params:
            out += _panel(_options_table(params, ctx), name, width)
    if isinstance(command, TyperGroup):
        out += _commands_panels(command, ctx, width)
    return [adjust_line_length(line, width, None, pad=False) for line in out]


def _help_text_lines(command: click_core.Command, width: int) -> list[Line]:
    """typer's ``_get_help_text`` in ``Padding(Align(..., pad=False), (0, 1, 1, 1))``."""
    help_text = inspect.cleandoc(command.help or "").partition("\f")[0]
    first_line, *remaining = help_text.split("\n\n")
    if not first_line.startswith("\b"):
        first_line = first_line.replace("\n", " ")
    texts = [_rich_text(first_line.strip())]
    if remaining:
        texts.append(_text(""))
        texts.append(_rich_text("\n\n".join(remaining), STYLE_HELPTEXT))
    inner = Options(max_width=width - 2)
    # Align measures the group and renders it constrained to its widest line
    measured = [measure(text, inner) for text in texts]
    group_width = max(high for _, high in measured)
    constrained = Options(max_width=min(group_width, inner.max_width))
    lines: list[Line] = []
    if constrained.max_width >= 1:
        for text in texts:
            lines += render_lines(text, constrained, pad=False)
    shape_width = max((sum(len(piece) for piece, _ in line) for line in lines), default=0)
    lines = [adjust_line_length(line, shape_width, None) for line in lines]
    return render_lines(Padding(Lines(lines), 0, 1, 1, 1), Options(max_width=width))


def _parameter_help(param: TyperOption | TyperArgument, ctx: click_core.Context) -> Columns:
    """typer's ``_get_parameter_help``."""
    items: list[Text] = []
    envvar = getattr(param, "envvar", None)
    var_str = ""
    if envvar is None and (
        getattr(param, "allow_from_autoenv", None)
        and getattr(ctx, "auto_envvar_prefix", None) is not None
        and param.name is not None
    ):
        envvar = f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
    if envvar is not None:
        var_str = envvar if isinstance(envvar, str) else ", ".join(str(d) for d in envvar)
    help_value: str | None = getattr(param, "help", None)
    if help_value:
        paragraphs = [
            part.replace("\n", " ").strip()
            if not part.startswith("\b")
            else "{}\n".format(part.strip("\b\n"))
            for part in help_value.split("\n\n")
        ]
        items.append(_rich_text("\n".join(paragraphs).strip()))
    if envvar and getattr(param, "show_envvar", None):
        items.append(_text(f"[env var: {var_str}]", STYLE_OPTION_ENVVAR))
    default_value = param._extract_default_help_str(ctx=ctx)
    show_default_is_str = isinstance(param.show_default, str)
    if show_default_is_str or (
        default_value is not None and (param.show_default or ctx.show_default)
    ):
        default_str = param._get_default_string(
            ctx=ctx, show_default_is_str=show_default_is_str, default_value=default_value
        )
        if default_str:
            items.append(_text(f"[default: {default_str}]", STYLE_OPTION_DEFAULT))
    if param.required:
        items.append(_text("[required]", STYLE_REQUIRED_LONG))
    return Columns(items)


def _options_table(
    params: list[TyperArgument] | list[TyperOption], ctx: click_core.Context
) -> Table:
    """typer's ``_print_options_panel``: the table of a panel of arguments or options."""
    rows: list[list[Renderable]] = []
    required_cells: list[Renderable] = []
    for param in params:
        long_names: list[str] = []
        short_names: list[str] = []
        secondary_long: list[str] = []
        secondary_short: list[str] = []
        metavar_name = None
        metavar_type = None
        metavar_str = param.make_metavar(ctx=ctx)
        if isinstance(param, TyperArgument):
            metavar_name = param.metavar if param.metavar is not None else (param.name or "")
            metavar_type = param.type.get_metavar(param=param, ctx=ctx)
            if metavar_type is None:
                metavar_type = f"<{param.type.name}>"
        else:
            metavar_type = metavar_str
        for name in param.opts:
            if "--" in name:
                long_names.append(name)
            elif metavar_name:
                short_names.append(metavar_name)
            else:
                short_names.append(name)
        for name in param.secondary_opts:
            if "--" in name:
                secondary_long.append(name)
            elif metavar_name:
                secondary_short.append(metavar_name)
            else:
                secondary_short.append(name)
        types_text = _text("", STYLE_TYPES, overflow="fold")
        if metavar_type and "bool" not in metavar_type.lower():
            check_cells(metavar_type)
            types_text.plain += metavar_type
        if (
            isinstance(param.type, click_types._NumberRangeBase)
            and isinstance(param, TyperOption)
            and not (param.count and param.type.min == 0 and param.type.max is None)
        ):
            range_str = param.type._describe_range()
            if range_str:
                check_cells(range_str)
                types_text.plain += f" [{range_str}]"
        required_cells.append(_text("*", STYLE_REQUIRED_SHORT) if param.required else "")
        rows.append(
            [
                _highlighted(_text(",".join(long_names))),
                _highlighted(_text(",".join(short_names))),
                _highlighted(_text(",".join(secondary_long)), "negative"),
                _highlighted(_text(",".join(secondary_short)), "negative"),
                _highlighted(types_text, "types"),
                _parameter_help(param, ctx),
            ]
        )
    if any(isinstance(cell, Text) for cell in required_cells):
        rows = [[required, *row] for required, row in zip(required_cells, rows, strict=True)]
    columns = [Column(index=index) for index in range(len(rows[0]))]
    return Table(columns=columns, rows=rows, expand=True)


def _commands_panels(group: TyperGroup, ctx: click_core.Context, width: int) -> list[Line]:
    panels: defaultdict[str, list[click_core.Command]] = defaultdict(list)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command and not command.hidden:
            panel = getattr(command, "rich_help_panel", None) or COMMANDS_PANEL_TITLE
            panels[panel].append(command)
    longest = max(
        (len(command.name or "") for commands in panels.values() for command in commands),
        default=0,
    )
    ordered = [(COMMANDS_PANEL_TITLE, panels.get(COMMANDS_PANEL_TITLE, []))]
    ordered += [
        (name, commands) for name, commands in panels.items() if name != COMMANDS_PANEL_TITLE
    ]
    out: list[Line] = []
    for name, commands in ordered:
        rows: list[list[Renderable]] = []
        for command in commands:
            if command.deprecated:
                raise Unsupported("a deprecated command")
            help_text = command.short_help or command.help or ""
            paragraphs = inspect.cleandoc(help_text).split("\n\n")
            if paragraphs[0].startswith("\b"):
                paragraphs[0] = paragraphs[0].replace("\b\n", "")
            rows.append([_text(command.name or ""), _rich_text(paragraphs[0].strip())])
        if rows:
            columns = [
                Column(
                    index=0,
                    width=longest,
                    no_wrap=True,
                    style=_get_styles()(STYLE_COMMANDS_FIRST_COLUMN),
                ),
                Column(index=1, ratio=10),
            ]
            out += _panel(Table(columns=columns, rows=rows, expand=True), name, width)
    return out


def _panel(table: Table, title: str, width: int) -> list[Line]:
    if "[" in title:
        raise Unsupported("markup in a panel title")
    check_cells(title)
    return render_panel(table, title, width, _get_styles()(STYLE_PANEL_BORDER))


__all__ = ["help_lines", "print_help"]
