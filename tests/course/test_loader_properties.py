"""Whatever a document holds, the loader answers with a course or its own error, never a crash."""

from __future__ import annotations

import datetime as dt

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync import CourseError, parse_course
from learnsync.course.loader import check_text
from learnsync.course.positions import PositionIndex

KEYS = st.sampled_from(
    [
        "course",
        "id",
        "title",
        "module",
        "task",
        "effort",
        "requires",
        "due",
        "session",
        "at",
        "duration",
        "badge",
        "rule",
        "count",
        "calendar",
        "timezone",
        "workdays",
        "daily",
        "x",
        "é",
    ]
)
SCALARS = (
    st.text(max_size=12)
    | st.integers(-10, 10**6)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.sampled_from(["day 1", "week 0", "1h30m", "0m", "day 2 10:00", "sync", "UTC", "mon"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)


def _load(text: str) -> None:
    try:
        parse_course(text, "doc.toml")
    except CourseError as error:
        for finding in error.findings:
            assert finding.file == "doc.toml"
            assert finding.line >= 0 and finding.column >= 0
            assert finding.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_course_or_a_course_error(text: str) -> None:
    _load(text)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_arbitrary_toml_documents_give_a_course_or_a_course_error(
    document: dict[str, object],
) -> None:
    _load(tomli_w.dumps(document))


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_every_finding_of_a_valid_toml_document_lies_inside_it(document: dict[str, object]) -> None:
    text = tomli_w.dumps(document)
    line_count = text.count("\n") + 1
    for finding in check_text(text, "doc.toml").findings:
        if finding.code == "more-findings":  # it counts the rest: it stands for the whole file
            assert (finding.line, finding.column) == (0, 0)
            continue
        assert 1 <= finding.line <= line_count


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_every_top_level_key_is_located_on_its_own_line(document: dict[str, object]) -> None:
    text = tomli_w.dumps(document)
    lines = text.split("\n")
    index = PositionIndex(text)
    for key, value in document.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
        ):
            continue  # a table: located at its header
        line, column = index.locate((key,))
        assert lines[line - 1][column - 1 :].startswith(key if key.isascii() else f'"{key}"')


def test_a_date_time_for_a_due_date_is_refused_not_crashed() -> None:
    _load(
        tomli_w.dumps(
            {
                "course": {"id": "c", "title": "C"},
                "module": [{"id": "m", "title": "M", "due": dt.datetime(2027, 1, 1)}],
            }
        )
    )
