from __future__ import annotations

import io

import pytest

from learnsync.render.terminal import Line, colour_enabled, printable


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_line_shows_control_characters_instead_of_obeying_them() -> None:
    assert Line("ok\x1b[2J\n").add("x\u202e").render(colour=True) == printable("ok\x1b[2J\nx\u202e")


def test_colour_only_on_a_terminal_and_never_under_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert colour_enabled(FakeTerminal()) is True
    assert colour_enabled(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert colour_enabled(FakeTerminal()) is False


def test_a_line_renders_styles_only_with_colour() -> None:
    line = Line("due ", "bold yellow").add("[red]title[/red]")
    assert line.render(colour=False) == "due [red]title[/red]"
    assert line.render(colour=True) == "\x1b[1;33mdue \x1b[0m[red]title[/red]"
