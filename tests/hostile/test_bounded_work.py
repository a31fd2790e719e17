"""(13) The work is bounded by the input, not by the dates or the counts it names: a far
deadline is not walked day by day, and at most MAX_FINDINGS_PER_CODE findings of one code are
listed for a file, then one line counts the rest. (Speed itself is measured in benchmarks/.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from learnsync.course.findings import MAX_FINDINGS_PER_CODE
from learnsync.planning.schedule import Job, edf_schedule

HEADER = '[course]\nid = "c"\ntitle = "C"\nmode = "sync"\n'
MODULE = '\n[[module]]\nid = "m"\ntitle = "M"\n\n[[module.task]]\nid = "t"\ntitle = "T"\neffort = "30m"\n'


def test_a_far_deadline_costs_no_capacity_past_the_last_day_worked() -> None:
    asked: list[int] = []

    def capacity(day: int) -> int:
        asked.append(day)
        return 60

    schedule = edf_schedule(
        [Job(effort=90, release=0, deadline=60_000, key=60_000, rank=0)], capacity, 100_000
    )
    assert schedule.feasible
    assert schedule.finish_day == [1]
    assert max(asked) <= 2
    assert schedule.lateness == [-30]  # early by what day 1 had left, at least


def test_lateness_before_the_last_day_worked_is_exact() -> None:
    jobs = [
        Job(effort=120, release=0, deadline=0, key=0, rank=0),
        Job(effort=60, release=0, deadline=5, key=5, rank=1),
    ]
    schedule = edf_schedule(jobs, lambda day: 60, 1000)
    assert schedule.lateness[0] == 60  # one day's work past the end of day 0
    assert schedule.lateness[1] is not None and schedule.lateness[1] <= 0


def test_a_hundred_thousand_unknown_keys_list_twenty_and_count_the_rest(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    course = tmp_path / "course.toml"
    keys = "".join(f"unknown{number} = 1\n" for number in range(100_000))
    course.write_text(HEADER + keys + MODULE, encoding="utf-8")
    result = run_cli("check", str(course), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    unknown = [finding for finding in findings if finding["code"] == "unknown-key"]
    assert len(unknown) == MAX_FINDINGS_PER_CODE
    assert [finding["key"] for finding in unknown[:2]] == ["course.unknown0", "course.unknown1"]
    [more] = [finding for finding in findings if finding["code"] == "more-findings"]
    assert more["message"] == (
        "99980 more [unknown-key] findings not listed: at most 20 of one code are listed for a file"
    )
    assert (more["line"], more["severity"]) == (0, "error")


def test_three_thousand_overlapping_sessions_list_twenty_and_count_the_rest(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    sessions = "".join(
        f'\n[[session]]\nid = "s{number}"\ntitle = "S"\nat = "day 1 10:00"\nduration = "1h"\n'
        for number in range(3_000)
    )
    course = tmp_path / "course.toml"
    course.write_text(HEADER + MODULE + sessions, encoding="utf-8")
    result = run_cli("check", str(course))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert sum(": error [session-overlap]" in line for line in lines) == MAX_FINDINGS_PER_CODE
    assert lines[-2] == (
        f"{course}: error [more-findings] 2979 more [session-overlap] findings not listed: at "
        "most 20 of one code are listed for a file"
    )
