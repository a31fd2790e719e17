"""The compiled TOML parser gives exactly what tomllib gives: the same values for every document
tomllib reads, and tomllib's own error (message, line, column) for every document it refuses."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course import toml_text

BROKEN = sorted((Path(__file__).parent / "broken").glob("*.toml"))
EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.toml"))


def _outcome(parse: Any, text: str) -> tuple[str, object]:
    try:
        return "value", parse(text)
    except tomllib.TOMLDecodeError as error:
        return "error", str(error)
    except RecursionError:
        return "error", "recursion"


def test_a_compiled_parser_reads_valid_documents_where_one_is_installed() -> None:
    assert toml_text.parser_name() in {"tomli (compiled)", "tomllib"}


@pytest.mark.parametrize("path", BROKEN + EXAMPLES, ids=lambda path: path.name)
def test_course_files_parse_exactly_as_tomllib_parses_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _outcome(toml_text.loads, text) == _outcome(tomllib.loads, text)


@pytest.mark.parametrize(
    "text",
    [
        'a = "x',
        "a = 1\na = 2",
        "[t]\n[t]",
        "a = 1979-05-27T07:32:00",
        "a = 07:32",  # TOML 1.1 allows a time without seconds; tomllib (TOML 1.0) does not
        'a = "\\e"',  # TOML 1.1's escape character, refused by TOML 1.0
        "a = { b = 1,\n c = 2 }",  # TOML 1.1's multi-line inline table, refused by TOML 1.0
        "a = 1979-05-27 07:32:00Z\nb = 0x_1",
        "a = " + "[" * 2000 + "]" * 2000,
        "a = [1, 'x', {b = 2}]\n[[c]]\n[[c]]\nd = inf\ne = -nan",
        "\ufeffa = 1",
        "a = 1\r\nb = 2\r",
    ],
)
def test_edge_documents_parse_exactly_as_tomllib_parses_them(text: str) -> None:
    assert repr(_outcome(toml_text.loads, text)) == repr(_outcome(tomllib.loads, text))


TOML_PIECES = st.sampled_from(
    [
        "a",
        "b.c",
        " = ",
        "=",
        "1",
        "1.5",
        "-0",
        "+inf",
        "nan",
        "true",
        '"s"',
        "'s'",
        '"""m\n"""',
        "[t]",
        "[[t]]",
        "{",
        "}",
        "[",
        "]",
        ",",
        "\n",
        " ",
        "#c",
        "1979-05-27",
        "07:32:00",
        "T",
        "Z",
        "+01:00",
        ".",
        "\\",
        "\t",
        "0x1F",
        "0o7",
        "0b1",
        "1_000",
        "e5",
        '"\\u00e9"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOML_PIECES, max_size=14).map("".join))
def test_any_text_parses_exactly_as_tomllib_parses_it(text: str) -> None:
    assert repr(_outcome(toml_text.loads, text)) == repr(_outcome(tomllib.loads, text))


SCALARS = (
    st.text(max_size=10)
    | st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.times()
)
DOCUMENTS = st.dictionaries(
    st.text(min_size=1, max_size=5),
    st.recursive(
        SCALARS,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(min_size=1, max_size=4), inner, max_size=3)
        ),
        max_leaves=12,
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS)
def test_any_document_parses_to_the_values_tomllib_gives(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    assert repr(toml_text.loads(text)) == repr(tomllib.loads(text))


def test_tomllib_is_imported_only_when_a_document_is_refused() -> None:
    # importing tomllib compiles its regular expressions: a valid course never needs them where
    # the compiled parser reads it, and the error of a refused one is tomllib's own
    script = (
        "import sys\n"
        "from learnsync.course import toml_text\n"
        "toml_text.loads('[course]\\nid = \"a\"\\n')\n"
        "print('tomllib' in sys.modules)\n"
        "try:\n"
        "    toml_text.loads('id = ')\n"
        "except toml_text.TOMLDecodeError as error:\n"
        "    print(type(error).__module__, error)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(toml_text.parser_name() == "tomllib")
    assert lines[1] == "tomllib Invalid value (at end of document)"
    assert toml_text.TOMLDecodeError is tomllib.TOMLDecodeError
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        toml_text.nothing  # type: ignore[attr-defined]  # noqa: B018
