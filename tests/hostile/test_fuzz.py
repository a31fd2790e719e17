"""Fuzz: random bytes and random course documents (control characters, extreme numbers and
dates in every value) never crash `check`, `plan` in any format, or `enroll`/`done`/`status`.

"Crash" is exit 3, the unexpected-error exit; every other outcome is a verdict. The examples
are few and derandomized (the same ones on every run), so the test is fast and never flaky.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from learnsync.cli import app

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=timedelta(seconds=30),  # a guard against a hang, not a measure of speed
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CRASH = 3

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30
) | st.sampled_from(["", "\n", "\x1b]52;c;aGk=\x07", "\u202e", "\u2028", "a\r\nb", "\x00"])
numbers = st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.sampled_from(
    [0, -1, 1, 99_999_999, 2**63 - 1]
)
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([1e308, -0.0])
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
day_texts = st.builds(
    lambda unit, number: f"{unit} {number}",
    st.sampled_from(["day", "week", "DAY"]),
    numbers,
)
durations = st.builds(
    lambda number, unit: f"{number}{unit}", numbers, st.sampled_from(["h", "m", ""])
)
session_days = st.builds(
    lambda name, number, unit: f"{name} + {number} {unit}",
    st.sampled_from(["s", "t", "m", "zz", ""]),
    numbers,
    st.sampled_from(["days", "day", "weeks"]),
) | st.sampled_from(["before s", "before t", "before zz", "before", "s + 2 days"])
values: st.SearchStrategy[Any] = st.one_of(
    texts, numbers, floats, dates, moments, day_texts, durations, st.booleans(), session_days
)

BASE: dict[str, Any] = {
    "course": {"id": "c", "title": "C", "mode": "sync"},
    "calendar": {
        "timezone": "UTC",
        "daily": "1h",
        "holidays": [date(2027, 1, 6)],
        "blackouts": "shift",
        "blackout": [{"from": "day 3", "to": "day 4", "title": "B"}],
    },
    "scoring": {"late_penalty": 0.5, "levels": [0, 50]},
    "module": [
        {
            "id": "m",
            "title": "M",
            "due": "week 2",
            "task": [
                {"id": "t", "title": "T", "effort": "30m", "points": 10, "due": "s + 2 days"},
                {"id": "u", "title": "U", "effort": "1h", "requires": ["t"], "due": "day 5"},
            ],
        }
    ],
    "session": [{"id": "s", "title": "S", "at": "day 1 10:00", "duration": "1h"}],
    "badge": [{"id": "b", "title": "B", "description": "D", "rule": "tasks", "count": 1}],
}
PLACES: list[tuple[str | int, ...]] = [
    ("course", "title"),
    ("course", "mode"),
    ("calendar", "daily"),
    ("calendar", "holidays", 0),
    ("calendar", "blackouts"),
    ("calendar", "blackout", 0, "from"),
    ("calendar", "blackout", 0, "to"),
    ("calendar", "blackout", 0, "title"),
    ("module", 0, "task", 0, "due"),
    ("scoring", "late_penalty"),
    ("scoring", "levels", 1),
    ("module", 0, "due"),
    ("module", 0, "task", 0, "effort"),
    ("module", 0, "task", 0, "points"),
    ("module", 0, "task", 1, "due"),
    ("module", 0, "task", 0, "id"),
    ("session", 0, "at"),
    ("session", 0, "duration"),
    ("badge", 0, "count"),
]


def _with(document: dict[str, Any], place: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    import copy

    changed = copy.deepcopy(document)
    target: Any = changed
    for part in place[:-1]:
        target = target[part]
    target[place[-1]] = value
    return changed


def _toml(document: dict[str, Any]) -> bytes | None:
    try:
        return tomli_w.dumps(document).encode("utf-8")
    except (ValueError, TypeError):
        return None  # a value TOML cannot hold (nan is fine, some floats are not)


def _run(*args: str) -> int:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code != CRASH, (args, result.output)
    return result.exit_code


def _everything(path: Path) -> None:
    for output_format in ("text", "json", "github", "sarif"):
        assert _run("check", str(path), "--format", output_format, "--start", "2027-01-04") in (
            0,
            1,
        )
    for output_format in ("table", "json", "csv", "md", "ics"):
        _run("plan", str(path), "--start", "2027-01-04", "--format", output_format)
    _run("plan", str(path), "--start", "2027-01-04", "--end", "2027-01-29", "--blackout",
         "2027-01-12..2027-01-13")  # fmt: skip
    if _run("enroll", str(path), "--learner", "ann", "--start", "2027-01-04") == 0:
        _run("done", "t", "--learner", "ann")
        _run("done", "s", "--learner", "ann", "--at", "2027-01-04T12:00")
        _run("status", "--learner", "ann", "--format", "json")
        _run("status", "--learner", "ann")


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path_factory: Any, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "course.toml"
    path.write_bytes(data)
    _everything(path)


@FUZZ
@given(
    changes=st.lists(st.tuples(st.sampled_from(PLACES), values), min_size=1, max_size=3),
)
def test_random_course_documents_never_crash(
    tmp_path_factory: Any, monkeypatch: Any, changes: list[tuple[tuple[str | int, ...], Any]]
) -> None:
    document = BASE
    for place, value in changes:
        document = _with(document, place, value)
    text = _toml(document)
    if text is None:
        return
    folder = tmp_path_factory.mktemp("course")
    monkeypatch.setenv("LEARNSYNC_STORE", str(folder / "store.sqlite3"))
    path = folder / "course.toml"
    path.write_bytes(text)
    _everything(path)
