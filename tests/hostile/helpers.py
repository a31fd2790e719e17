"""What the hostile tests share: a small sync course, a folder snapshot, a learnsync process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COURSE = """\
[course]
id = "c"
title = "C"
mode = "sync"

[[module]]
id = "m"
title = "M"
due = "week 2"

[[module.task]]
id = "t"
title = "T"
effort = "30m"
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes: what a command must leave as it was."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def learnsync(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``learnsync ARGS...`` in a process of its own, as a user would."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "learnsync", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )
