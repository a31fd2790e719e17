"""Calendars that a real calendar client imports: khal, which refuses a whole file when one event
ends before it starts, where the Python iCalendar libraries accept it silently.

khal reads events only (it leaves to-dos out), so the to-dos are checked by the two parsers in
test_plan_ics.py. khal is in the test extras; where it cannot be installed these tests skip and
say so.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnsync.cli import app
from tests import clock_changes
from tests.conftest import EXAMPLES

pytest.importorskip(
    "khal", reason="khal, the calendar client these tests import into, is not installed"
)


@dataclass
class Imported:
    config: Path
    calendar: Path
    events: int  # VEVENTs in the files imported
    result: subprocess.CompletedProcess[str]


def _khal(config: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "khal", "-c", str(config), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The calendars of every example and of the clock-change course, imported once into a khal
    set-up of its own (one calendar folder and database in a temp folder, times shown in UTC)."""
    folder = tmp_path_factory.mktemp("khal")
    calendar = folder / "calendar"
    calendar.mkdir()
    config = folder / "khal.conf"
    config.write_text(
        "[calendars]\n[[learnsync]]\n"
        f"path = {calendar}\ntype = calendar\n"
        "[locale]\nlocal_timezone = UTC\ndefault_timezone = UTC\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n",
        encoding="utf-8",
    )
    clocks = folder / "clocks.toml"
    clocks.write_text(clock_changes.COURSE, encoding="utf-8")
    courses = [
        *((path, "2027-01-04") for path in sorted(EXAMPLES.glob("*.toml"))),
        (clocks, clock_changes.START.isoformat()),
    ]
    files, events = [], 0
    with pytest.MonkeyPatch.context() as patch:  # module-scoped: the autouse isolation is not on
        patch.setenv("LEARNSYNC_STORE", str(folder / "store.sqlite"))
        for course, start in courses:
            output = folder / f"{course.stem}.ics"
            result = CliRunner().invoke(
                app, ["plan", str(course), "--start", start, "-f", "ics", "-o", str(output)]
            )
            assert result.exit_code == 0, result.output
            files.append(output)
            events += output.read_text(encoding="utf-8").count("BEGIN:VEVENT")
    return Imported(config, calendar, events, _khal(config, "import", "--batch", *files))


def test_khal_imports_every_example_and_a_course_across_both_clock_changes(
    imported: Imported,
) -> None:
    assert imported.result.returncode == 0, imported.result.stderr
    assert imported.result.stderr == ""
    assert len(list(imported.calendar.glob("*.ics"))) == imported.events


def test_khal_shows_the_clock_change_sessions_at_their_real_length(imported: Imported) -> None:
    listed = _khal(
        imported.config, "list", "--format", "{start} {end} {title}", "2027-03-27", "2027-11-01"
    )

    assert listed.returncode == 0, listed.stderr
    # khal lists an event under each day it touches
    sessions = list(dict.fromkeys(line for line in listed.stdout.splitlines() if "hour" in line))
    assert sessions == [  # in UTC: 30 minutes in March, two hours in October
        "2027-03-28 01:30 2027-03-28 02:00 In the hour that never happens",
        "2027-10-30 23:30 2027-10-31 01:30 Across the hour that happens twice",
    ]
