"""The one sanitiser: what outside text may reach a terminal, a CI log or a text format."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from learnsync.render.safe_text import json_text, multi_line, printable, unsafe_characters

UNSAFE = unsafe_characters()


def test_control_characters_are_shown_as_visible_escapes() -> None:
    assert (
        printable("ok\x1b[2J\x07\r done\tand\nmore\x9b\x7f")
        == "ok\\x1b[2J\\x07\\r done\\tand\\nmore\\x9b\\x7f"
    )


def test_bidirectional_controls_and_line_separators_are_shown_as_visible_escapes() -> None:
    assert printable("a\u202eb\u2066c\u200fd\u061ce\u2028f\u2029g\u0085") == (
        "a\\u202eb\\u2066c\\u200fd\\u061ce\\u2028f\\u2029g\\x85"
    )


def test_a_lone_surrogate_from_a_file_name_is_shown_not_written() -> None:
    name = b"caf\xe9.toml".decode("utf-8", errors="surrogateescape")
    assert printable(name) == "caf\\udce9.toml"


def test_an_osc_52_clipboard_write_is_shown_not_obeyed() -> None:
    assert printable("\x1b]52;c;b3duZWQ=\x07") == "\\x1b]52;c;b3duZWQ=\\x07"


def test_ordinary_text_is_left_as_it_is() -> None:
    text = "Café – 日本語 👩‍💻 \\n <b>[red]x[/red]</b> 'quoted' \"double\""
    assert printable(text) == text


@given(st.text())
def test_printable_text_holds_no_unsafe_character(text: str) -> None:
    assert UNSAFE.search(printable(text)) is None


@given(st.text())
def test_multi_line_text_holds_no_unsafe_character_but_line_feeds(text: str) -> None:
    assert UNSAFE.search(multi_line(text).replace("\n", "")) is None


def test_multi_line_keeps_line_breaks_as_line_feeds() -> None:
    assert multi_line("a\r\nb\rc\u2028d\x1b") == "a\nb\nc\nd\\x1b"


@given(st.recursive(st.text() | st.integers() | st.none(), lambda inner: st.lists(inner)))
def test_json_text_is_faithful_and_holds_no_unsafe_character(value: object) -> None:
    encoded = json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(encoded) == value
    assert UNSAFE.search(encoded) is None


@given(st.text() | st.text(st.characters(max_codepoint=0x3000)))
def test_text_with_nothing_unsafe_is_returned_as_it_is_without_a_search(text: str) -> None:
    """Text Python calls printable holds no unsafe character (each is a control, format,
    separator or surrogate character), and ASCII text without DEL none JSON leaves raw: both are
    returned as they are, the same as a search of every character gives."""
    from learnsync.render import safe_text

    if text.isprintable():
        assert UNSAFE.search(text) is None
    assert printable(text) == UNSAFE.sub(safe_text._visible, text)
    json_unsafe = safe_text._compiled(safe_text._JSON_UNSAFE)
    assert json_text(text) == json_unsafe.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
