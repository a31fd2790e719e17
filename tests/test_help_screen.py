"""learnsync draws its help screens without rich (``learnsync.help_screen``). These tests hold it
to typer's own rich help, byte for byte: every command at 40, 80 and 120 columns, in a pipe and
on a terminal (with colours, and under NO_COLOR); random commands at random widths; the console
settings rich would find; and what is left to rich.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer import rich_utils
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.testing import CliRunner

from learnsync import help_layout
from learnsync.cli import app
from learnsync.help_screen import Console, print_help

ROOT_COMMAND = typer.main.get_command(app)


class Output(io.StringIO):
    """Standard output as a terminal or a pipe."""

    encoding = "utf-8"

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def _command_paths(
    group: typer.core.TyperGroup, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    paths = [path]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths += _command_paths(command, (*path, name))
        else:
            paths.append((*path, name))
    return paths


COMMAND_PATHS = _command_paths(ROOT_COMMAND)


def _context(path: tuple[str, ...]) -> tuple[typer.core.TyperCommand | TyperGroup, object]:
    context = ROOT_COMMAND.make_context("learnsync", [], resilient_parsing=True)
    command: object = ROOT_COMMAND
    for name in path:
        command = command.get_command(context, name)  # type: ignore[attr-defined]
        context = command.make_context(name, [], parent=context, resilient_parsing=True)  # type: ignore[attr-defined]
    return command, context  # type: ignore[return-value]


def _printed(draw: Callable[[], object], terminal: bool) -> tuple[object, str]:
    output = Output(terminal)
    saved = sys.stdout
    sys.stdout = output
    try:
        result = draw()
    finally:
        sys.stdout = saved
    return result, output.getvalue()


def _both(command: object, context: object, terminal: bool) -> tuple[str | None, str]:
    """(learnsync's screen or None when it leaves it to rich, typer's rich screen)."""
    drawn, ours = _printed(lambda: print_help(command, context), terminal)  # type: ignore[arg-type]
    _, theirs = _printed(
        lambda: rich_utils.rich_format_help(obj=command, ctx=context, markup_mode="rich"),  # type: ignore[arg-type]
        terminal,
    )
    return (ours if drawn else None), theirs


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Set the variables rich reads; unset the others."""
    names = (
        "COLUMNS", "LINES", "TERMINAL_WIDTH", "TERM", "NO_COLOR", "FORCE_COLOR", "PY_COLORS",
        "GITHUB_ACTIONS", "TTY_COMPATIBLE", "_TYPER_FORCE_DISABLE_TERMINAL", "COLORTERM",
    )  # fmt: skip

    def set_variables(**values: str) -> None:
        for name in names:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    set_variables()
    return set_variables


def _markup_in_help(command: object) -> bool:
    texts = [getattr(command, "help", None) or ""]
    texts += [getattr(param, "help", None) or "" for param in command.params]  # type: ignore[attr-defined]
    return any(re.search(r"(?<!\\)\[[a-z#/@][^[]*?]", text) for text in texts)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "learnsync")
@pytest.mark.parametrize("width", [40, 80, 120])
def test_every_help_screen_is_the_one_typer_draws_with_rich_in_a_pipe_and_on_a_terminal(
    path: tuple[str, ...], width: int, environment: Callable[..., None]
) -> None:
    environment(COLUMNS=str(width))
    command, context = _context(path)
    for terminal in (False, True):
        ours, theirs = _both(command, context, terminal)
        if ours is None:  # help text with rich markup: rich draws it
            assert _markup_in_help(command)
            continue
        assert ours == theirs
        assert ("\x1b[" in ours) is terminal


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "learnsync")
def test_under_no_color_a_terminal_gets_bold_and_dim_but_no_colours_as_from_rich(
    path: tuple[str, ...], environment: Callable[..., None]
) -> None:
    environment(COLUMNS="80", NO_COLOR="1")
    command, context = _context(path)
    ours, theirs = _both(command, context, terminal=True)
    if ours is not None:
        assert ours == theirs
        assert "\x1b[1m" in ours
        assert re.search(r"\x1b\[[0-9;]*3[0-7]m", ours) is None


def test_every_command_is_drawn_without_rich_and_no_help_text_holds_rich_markup(
    environment: Callable[..., None],
) -> None:
    # rich would read "[default: 8h]" in a help text as a style and drop it (replan's
    # --max-daily once printed "The most --catch-up asks for a day .")
    environment(COLUMNS="80")
    left_to_rich = []
    for path in COMMAND_PATHS:
        command, context = _context(path)
        drawn, _ = _printed(lambda: print_help(command, context), terminal=False)  # noqa: B023
        if not drawn:
            left_to_rich.append(path)
        assert not _markup_in_help(command), path
    assert left_to_rich == []


def test_the_help_command_and_dash_dash_help_print_the_same_screen() -> None:
    runner = CliRunner()
    environment = {"COLUMNS": "80", "NO_COLOR": "1"}
    direct = runner.invoke(app, ["store", "path", "--help"], env=environment)
    via_help = runner.invoke(app, ["help", "store", "path"], env=environment)
    assert direct.exit_code == via_help.exit_code == 0
    assert direct.stdout == via_help.stdout
    assert direct.stdout.startswith(
        "                                                                                \n Usage: learnsync store path [OPTIONS]"
    )


def test_help_loads_neither_rich_nor_markdown_nor_pygments() -> None:
    code = (
        "import sys, runpy; sys.argv = ['learnsync', 'check', '--help']\n"
        "try:\n    runpy.run_module('learnsync', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('rich', 'markdown_it', 'pygments',"
        " 'typer.rich_utils', 'pydantic', 'learnsync.course'))]\n"
        "print(heavy, file=sys.stderr)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage: learnsync check [OPTIONS] PATH..." in output.stdout
    assert output.stderr.strip().splitlines()[-1] == "[]"


# -- random commands at random widths ------------------------------------------------------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)
_TOKEN = st.one_of(
    _WORD,
    _WORD.map(lambda word: f"--{word}"),
    _WORD.map(lambda word: f"-{word[0]}"),
    st.lists(_WORD, min_size=2, max_size=3).map(lambda words: "<" + "|".join(words) + ">"),
    _WORD.map(lambda word: f"({word}),"),
    _WORD.map(lambda word: word.upper() + "_" + word.upper() + ":"),
    st.sampled_from(["a", "I", "-", "--", "...", "\\[\\[cohort]]", "\u2026"]),
    st.text(alphabet="abcdefghij", min_size=30, max_size=60),
)
_SENTENCE = st.lists(_TOKEN, min_size=1, max_size=25).map(" ".join)
_PARAGRAPH = st.one_of(
    _SENTENCE,
    st.lists(_SENTENCE, min_size=1, max_size=3).map(lambda lines: "\b\n" + "\n".join(lines)),
    st.lists(_SENTENCE, min_size=1, max_size=3).map(
        lambda lines: "Example:\n  " + "\n  ".join(lines)
    ),
)
_HELP = st.lists(_PARAGRAPH, min_size=1, max_size=4).map("\n\n".join)
_METAVAR = st.one_of(
    st.none(),
    _WORD.map(str.upper),
    st.lists(_WORD, min_size=2, max_size=4).map(lambda words: "[" + "|".join(words) + "]"),
)


@st.composite
def _options(draw: st.DrawFn) -> TyperOption:
    name = draw(_WORD)
    declarations = [f"--{name}"]
    if draw(st.booleans()):
        declarations.append(f"-{name[0]}")
    flag = draw(st.booleans())
    if flag and draw(st.booleans()):
        declarations = [f"--{name}/--no-{name}"]
    return TyperOption(
        param_decls=declarations,
        is_flag=flag or None,
        default=False if flag else draw(st.one_of(st.none(), _WORD)),
        required=not flag and draw(st.booleans()),
        metavar=None if flag else draw(_METAVAR),
        help=draw(st.one_of(st.none(), _SENTENCE)),
        show_default=draw(st.booleans()),
        envvar=draw(st.one_of(st.none(), _WORD.map(str.upper))),
        show_envvar=draw(st.booleans()),
        hidden=draw(st.booleans()) and draw(st.booleans()),
    )


@st.composite
def _arguments(draw: st.DrawFn) -> TyperArgument:
    return TyperArgument(
        param_decls=[draw(_WORD)],
        required=draw(st.booleans()),
        metavar=draw(st.one_of(st.none(), _WORD.map(lambda word: word.upper() + "..."))),
        help=draw(st.one_of(st.none(), _SENTENCE)),
    )


@st.composite
def _commands(draw: st.DrawFn) -> TyperCommand | TyperGroup:
    help_text = draw(st.one_of(st.none(), _HELP))
    params = draw(st.lists(_arguments(), max_size=2)) + draw(st.lists(_options(), max_size=5))
    names = [param.name for param in params]
    if len(set(names)) < len(names):
        params = params[:1]
    if draw(st.booleans()):
        return TyperCommand(draw(_WORD), params=params, help=help_text)
    commands = {
        name: TyperCommand(name, help=draw(st.one_of(st.none(), _SENTENCE)))
        for name in draw(st.lists(_WORD, min_size=1, max_size=6, unique=True))
    }
    return TyperGroup(name=draw(_WORD), commands=commands, params=params, help=help_text)


@settings(max_examples=60, deadline=None)
@given(_commands(), st.integers(min_value=20, max_value=160), st.booleans(), st.booleans())
def test_any_command_at_any_width_is_drawn_as_rich_draws_it(
    command: TyperCommand | TyperGroup, width: int, terminal: bool, no_color: bool
) -> None:
    saved = dict(os.environ)
    try:
        for name in ("TERMINAL_WIDTH", "LINES", "FORCE_COLOR", "PY_COLORS", "TTY_COMPATIBLE"):
            os.environ.pop(name, None)
        os.environ["COLUMNS"] = str(width)
        os.environ["TERM"] = "xterm-256color"
        if no_color:
            os.environ["NO_COLOR"] = "1"
        else:
            os.environ.pop("NO_COLOR", None)
        context = command.make_context("prog", [], resilient_parsing=True)
        ours, theirs = _both(command, context, terminal)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert ours is not None
    assert ours == theirs


# -- the console rich would set up ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "terminal"),
    [
        ({}, False),
        ({}, True),
        ({"COLUMNS": "57"}, True),
        ({"COLUMNS": "57", "LINES": "20"}, True),
        ({"COLUMNS": "57", "TERM": "dumb"}, True),
        ({"COLUMNS": "57", "LINES": "20", "TERM": "dumb"}, True),
        ({"TERM": "unknown"}, True),
        ({"TERMINAL_WIDTH": "66", "COLUMNS": "57"}, False),
        ({"TERMINAL_WIDTH": "66", "LINES": "9"}, True),
        ({"NO_COLOR": "1"}, True),
        ({"NO_COLOR": ""}, True),
        ({"FORCE_COLOR": "1"}, False),
        ({"FORCE_COLOR": ""}, True),
        ({"PY_COLORS": "1"}, False),
        ({"GITHUB_ACTIONS": "true"}, False),
        ({"TTY_COMPATIBLE": "1"}, False),
        ({"TTY_COMPATIBLE": "0"}, True),
        ({"_TYPER_FORCE_DISABLE_TERMINAL": "1", "FORCE_COLOR": "1"}, True),
        ({"COLUMNS": "abc"}, False),
    ],
)
def test_the_console_is_the_one_rich_would_set_up(
    variables: dict[str, str], terminal: bool, environment: Callable[..., None]
) -> None:
    environment(**variables)
    monkeypatched_force = (
        True
        if os.environ.get("GITHUB_ACTIONS")
        or os.environ.get("FORCE_COLOR")
        or os.environ.get("PY_COLORS")
        else None
    )
    if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        monkeypatched_force = False
    width = os.environ.get("TERMINAL_WIDTH")
    output = Output(terminal)
    saved = sys.stdout
    sys.stdout = output
    try:
        ours = Console()
        # typer reads these two when rich_utils is imported: set them as a fresh process would
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(rich_utils, "FORCE_TERMINAL", monkeypatched_force)
            patch.setattr(rich_utils, "MAX_WIDTH", int(width) if width else None)
            theirs = rich_utils._get_rich_console()
            assert ours.width == theirs.width
            assert ours.is_terminal == theirs.is_terminal
            assert ours.colour == (theirs.color_system is not None)
            assert ours.no_color == theirs.no_color
    finally:
        sys.stdout = saved


def test_the_screen_goes_to_rich_when_the_output_is_not_utf_8(
    environment: Callable[..., None],
) -> None:
    environment(COLUMNS="80")
    output = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    command, context = _context(("check",))
    saved = sys.stdout
    sys.stdout = output
    try:
        assert print_help(command, context) is False  # type: ignore[arg-type]
    finally:
        sys.stdout = saved


# -- the pieces, against rich's ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_TOKEN, st.sampled_from([" ", "  ", "\n", " \n "])), max_size=40).map(
        "".join
    ),
    st.integers(min_value=1, max_value=60),
    st.booleans(),
)
def test_lines_break_where_rich_breaks_them(text: str, width: int, fold: bool) -> None:
    from rich._wrap import divide_line

    for line in text.split("\n"):
        assert help_layout.divide_line(line, width, fold) == divide_line(line, width, fold)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_TOKEN, max_size=30).map(" ".join),
    st.integers(min_value=1, max_value=50),
    st.sampled_from(["fold", "ellipsis", "crop"]),
    st.sampled_from(["default", "left"]),
)
def test_text_wraps_and_truncates_as_rich_text_does(
    text: str, width: int, overflow: str, justify: str
) -> None:
    from rich.console import Console as RichConsole
    from rich.text import Text as RichText

    ours = help_layout.Text(text).wrap(width, justify, overflow, no_wrap=False)
    theirs = RichText(text).wrap(RichConsole(), width, justify=justify, overflow=overflow)  # type: ignore[arg-type]
    assert [line.plain for line in ours] == [line.plain for line in theirs]


def test_the_ellipsis_and_the_punctuation_allowed_take_one_cell_for_rich() -> None:
    from rich.cells import cell_len

    allowed = [chr(code) for code in range(0x2010, 0x2028)] + [
        chr(code) for code in range(0x2030, 0x205F)
    ]
    assert all(cell_len(character) == 1 for character in allowed)
    with pytest.raises(help_layout.Unsupported):
        help_layout.check_cells("wide \u4e2d")


def test_without_rich_typer_prints_clicks_plain_help_and_so_does_learnsync(
    monkeypatch: pytest.MonkeyPatch, environment: Callable[..., None]
) -> None:
    environment(COLUMNS="80")
    monkeypatch.setattr(typer.core, "HAS_RICH", False)
    command, context = _context(("check",))
    drawn, printed = _printed(lambda: print_help(command, context), terminal=False)  # type: ignore[arg-type]
    assert (drawn, printed) == (False, "")


def test_a_screen_the_formatter_cannot_draw_is_printed_by_rich_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from learnsync import help_screen

    environment = {"COLUMNS": "80", "NO_COLOR": "1"}
    expected = CliRunner().invoke(app, ["check", "--help"], env=environment).stdout

    def broken(*_: object) -> list[help_layout.Line]:
        raise ZeroDivisionError

    monkeypatch.setattr(help_screen, "help_lines", broken)
    result = CliRunner().invoke(app, ["check", "--help"], env=environment)
    assert result.exit_code == 0
    assert result.stdout == expected
