from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import Result

from learnsync.render.agenda import time_span
from tests import clock_changes

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_session_in_one_offset_shows_its_clock_times() -> None:
    start = datetime(2027, 1, 4, 10, 0, tzinfo=BERLIN)
    assert time_span(start, start + timedelta(minutes=30)) == "10:00–10:30"


def test_a_session_across_a_clock_change_shows_the_zone_of_each_end() -> None:
    start = datetime(2027, 10, 31, 1, 30, tzinfo=BERLIN)
    end = datetime(2027, 10, 31, 2, 30, tzinfo=BERLIN, fold=1)
    assert time_span(start, end) == "01:30 CEST–02:30 CET"
    stored = [datetime.fromisoformat(s) for s in clock_changes.SESSIONS_AS_SHOWN["autumn"]]
    assert time_span(*stored) == "01:30 UTC+02:00–02:30 UTC+01:00"
    assert stored[0].tzinfo == timezone(timedelta(hours=2))


def test_the_plan_table_and_markdown_show_a_two_hour_session_as_two_hours(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    course = write_course(clock_changes.COURSE)
    for fmt in ("table", "md"):
        result = run_cli("plan", course, "--start", clock_changes.START, "-f", fmt)
        assert "01:30 CEST–02:30 CET" in result.stdout
        assert "03:30–04:00" in result.stdout
