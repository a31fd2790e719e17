"""Every finding code points at the right line and column: the value when the value is wrong,
the key when the key is (unknown or missing), the whole file (0, 0) when it cannot be read.

The files in broken/ cover most codes with their first error; this table covers the others, and
a test keeps the two together covering every code check can report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.render.sarif import RULES
from tests.conftest import MINIMAL_COURSE

BROKEN = Path(__file__).parent / "broken"
SESSION = '\n[[session]]\nid = "s"\ntitle = "S"\nat = "{at}"\nduration = "1h"\n'
SYNC = MINIMAL_COURSE.replace('title = "C"', 'title = "C"\nmode = "sync"')

# code -> (course text, extra arguments, line, column); text None means a special file below
CASES: dict[str, tuple[str | bytes | None, tuple[str, ...], int, int]] = {
    "encoding": (b'[course]\nid = "\xff"\n', (), 2, 7),
    "empty-file": ("", (), 1, 1),
    "unreadable-file": (None, (), 0, 0),
    "no-course-files": (None, (), 0, 0),
    "file-too-large": (None, (), 0, 0),
    "more-findings": (  # past 20 findings of one code, one line counts the rest: the whole file
        MINIMAL_COURSE.replace(
            'title = "C"', 'title = "C"\n' + "".join(f"x{number} = 1\n" for number in range(21))
        ),
        (),
        0,
        0,
    ),
    "invalid-url": (
        MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\nurl = "javascript:alert(1)"'),
        (),
        13,
        7,
    ),
    "nonexistent-session-time": (
        MINIMAL_COURSE.replace(
            'title = "C"', 'title = "C"\n\n[calendar]\ntimezone = "Europe/Berlin"'
        )
        + SESSION.format(at="2027-03-28T02:30:00"),
        (),
        20,
        6,
    ),
    "ambiguous-session-time": (
        MINIMAL_COURSE.replace(
            'title = "C"',
            'title = "C"\n\n[calendar]\ntimezone = "Europe/Berlin"\nworkdays = ["sun"]',
        )
        + SESSION.format(at="day 7 02:30"),
        ("--start", "2027-10-25"),
        21,
        6,
    ),
    "duplicate-value": (
        MINIMAL_COURSE + '\n[calendar]\nworkdays = ["mon", "tue", "mon"]\n',
        (),
        15,
        27,
    ),
    "requires-optional": (
        MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\noptional = true')
        + '\n[[module.task]]\nid = "u"\ntitle = "U"\neffort = "1h"\nrequires = ["t"]\n',
        (),
        19,
        13,
    ),
    "unknown-subdivision": (
        MINIMAL_COURSE + '\n[calendar]\ncountry = "DE"\nsubdivision = "XX"\n',
        (),
        16,
        15,
    ),
    "no-tasks": ('[course]\nid = "c"\ntitle = "C"\n', (), 1, 1),
    "empty-module": (MINIMAL_COURSE + '\n[[module]]\nid = "n"\ntitle = "N"\n', (), 14, 1),
    "due-after-module": (
        MINIMAL_COURSE.replace('title = "M"', 'title = "M"\ndue = "day 2"').replace(
            'effort = "30m"', 'effort = "30m"\ndue = "day 3"'
        ),
        (),
        14,
        7,
    ),
    "session-off-day": (
        SYNC + SESSION.format(at="day 6 10:00"),
        ("--start", "2027-01-04"),
        18,
        6,
    ),
    "session-on-public-holiday": (
        SYNC.replace('mode = "sync"', 'mode = "sync"\n\n[calendar]\ncountry = "US"')
        + SESSION.format(at="day 5 10:00"),
        ("--start", "2026-12-21"),
        21,
        6,
    ),
    "badge-unused-parameter": (
        MINIMAL_COURSE + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "course"\ncount = 3\n',
        (),
        18,
        9,
    ),
    "unreachable-badge": (
        MINIMAL_COURSE + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "tasks"\ncount = 3\n',
        (),
        18,
        9,
    ),
    "blackout-reversed": (
        MINIMAL_COURSE + '\n[[calendar.blackout]]\nfrom = "day 5"\nto = "day 2"\n',
        (),
        16,
        6,
    ),
    "blackout-outside-plan": (
        SYNC + '\n[[calendar.blackout]]\nfrom = "day 40"\n',
        ("--start", "2027-01-04"),
        16,
        8,
    ),
    "session-in-blackout": (
        SYNC
        + '\n[[calendar.blackout]]\nfrom = "day 3"\nto = "day 4"\n'
        + SESSION.format(at="day 3 10:00"),
        ("--start", "2027-01-04"),
        22,
        6,
    ),
    "unknown-session": (
        MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30m"\ndue = "nosuch + 1 day"')
        + SESSION.format(at="day 3 10:00"),
        (),
        13,
        7,
    ),
    "due-before-session": (
        MINIMAL_COURSE.replace(
            'effort = "30m"', 'effort = "30m"\ndue = "before s"\nrequires = ["s"]'
        )
        + SESSION.format(at="day 3 10:00"),
        (),
        13,
        7,
    ),
    "weekly-streak-without-target": (
        MINIMAL_COURSE
        + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "streak"\nunit = "weeks"\ncount = 3\n',
        (),
        18,
        8,
    ),
    "freeze-max-without-freeze-every": (
        MINIMAL_COURSE + "\n[scoring]\nfreeze_max = 2\n",
        (),
        15,
        14,
    ),
    "streak-setting-unused": (
        MINIMAL_COURSE
        + "\n[scoring]\nweekly_target = 3\n"
        + '\n[[badge]]\nid = "b"\ntitle = "B"\nrule = "course"\n',
        (),
        15,
        17,
    ),
    "infeasible-deadline": (
        SYNC.replace('title = "M"', 'title = "M"\ndue = "day 1"').replace('"30m"', '"2h"'),
        (),
        9,
        7,
    ),
    "plan-too-long": (
        SYNC.replace('mode = "sync"', 'mode = "sync"\n\n[calendar]\ndaily = 1').replace(
            '"30m"', "30000"
        ),
        ("--start", "2027-01-04"),
        6,
        1,
    ),
}
EXPECT = re.compile(r"# expect: exit \d+, line \d+, column \d+, code (?P<code>\S+)\n")


def test_every_code_check_reports_has_its_column_asserted() -> None:
    broken = {
        match["code"]
        for path in BROKEN.glob("*.toml")
        if (match := EXPECT.match(path.read_text(encoding="utf-8")))
    }
    assert set(RULES) <= broken | set(CASES), set(RULES) - broken - set(CASES)
    assert {"nonexistent-session-time", "ambiguous-session-time"} <= set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_finding_points_at_its_line_and_column(
    code: str, tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, arguments, line, column = CASES[code]
    path = tmp_path / "course.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    elif code == "no-course-files":
        path = tmp_path
    elif code == "file-too-large":
        monkeypatch.setattr("learnsync.course.loader.MAX_COURSE_BYTES", 10)
        path.write_text(MINIMAL_COURSE, encoding="utf-8")
    result = run_cli("check", "--format", "json", path, *arguments)
    findings = json.loads(result.stdout)["findings"]
    found = [(f["line"], f["column"]) for f in findings if f["code"] == code]
    assert found[:1] == [(line, column)], findings
