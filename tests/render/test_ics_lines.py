"""The iCalendar lines learnsync writes itself: TEXT escaping and line folding (RFC 5545 3.3.11
and 3.1), read back exactly by two independent parsers."""

from __future__ import annotations

import icalendar
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.render.plan_ics import content_line, escape_text, fold_line


def test_text_escapes_backslash_semicolon_comma_and_every_line_break() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_a_short_line_is_not_folded() -> None:
    assert fold_line("SUMMARY:" + "x" * 66) == "SUMMARY:" + "x" * 66


def test_a_long_ascii_line_folds_every_74_octets() -> None:
    line = "DESCRIPTION:" + "x" * 200
    assert fold_line(line).split("\r\n") == [line[:74], " " + line[74:148], " " + line[148:]]


def test_folding_never_splits_a_character() -> None:
    folded = fold_line("SUMMARY:" + "é" * 40 + "🎉" * 30)
    pieces = folded.split("\r\n")
    assert [len(piece.encode()) for piece in pieces] == [74, 75, 61]
    assert "".join(piece.removeprefix(" ") if n else piece for n, piece in enumerate(pieces)) == (
        "SUMMARY:" + "é" * 40 + "🎉" * 30
    )


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_line_unfolds_to_itself_in_lines_of_at_most_75_octets(text: str) -> None:
    line = "X-TEXT:" + text.replace("\r", "").replace("\n", "")
    pieces = fold_line(line).split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert len(pieces[0].encode()) <= 74
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line


def _calendar(line: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTAMP:20270101T000000Z\r\n" + line + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


SUMMARIES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200
)


@settings(max_examples=150, deadline=None)
@given(SUMMARIES)
def test_icalendar_and_vobject_read_back_any_text_exactly(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = _calendar(content_line("SUMMARY", escape_text(text)))
    [event] = icalendar.Calendar.from_ical(document).walk("VEVENT")
    assert str(event["SUMMARY"]) == text
    assert vobject.readOne(document).vevent.summary.value == text
