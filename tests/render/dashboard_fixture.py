"""A cohort whose course and roster are hostile: every title and name is markup that would run
or break the page if it were not escaped. Each payload sets a window flag when it runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]

PAYLOAD = "<script>window.__pwned = 1</script>"
HOSTILE_COURSE = """\
[course]
id = "hostile"
title = "<script>window.__pwned = 1</script>"
mode = "sync"

[calendar]
daily = "1h"

[[module]]
id = "m1"
title = "</table><img src=x onerror=\\"window.__pwned = 2\\">"
due = "week 1"

[[module.task]]
id = "t1"
title = "<svg onload=\\"window.__pwned = 3\\">"
effort = "1h"

[[module.task]]
id = "t2"
title = "T2 & <b>bold</b>"
effort = "2h"

[[module]]
id = "m2"
title = "Second ]]> <!-- module"
due = "week 2"

[[module.task]]
id = "t3"
title = "T3"
effort = "3h"

[[badge]]
id = "first"
title = "<img src=x onerror=\\"window.__pwned = 5\\">"
description = "\\"'><script>window.__pwned = 6</script>"
rule = "first-task"
"""
HOSTILE_ROSTER = """\
[[learner]]
id = "eve"
name = "<script>window.__pwned = 7</script>Eve"

[[learner]]
id = "mal"
name = "\\"><img src=x onerror=\\"window.__pwned = 8\\">"
"""
STRINGS = [
    "<script>window.__pwned = 1</script>",
    '</table><img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3">',
    '<img src=x onerror="window.__pwned = 5">',
    "<script>window.__pwned = 7</script>Eve",
]


def make_hostile(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Enroll the hostile roster in the hostile course; eve finishes a task. Returns the course."""
    course = tmp_path / "hostile.toml"
    course.write_text(HOSTILE_COURSE, encoding="utf-8")
    roster = tmp_path / "roster.toml"
    roster.write_text(HOSTILE_ROSTER, encoding="utf-8")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+00:00")
    result = run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+00:00")
    result = run_cli("done", "t1", "-l", "eve")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+00:00")
    return course
