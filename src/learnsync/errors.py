"""The errors the CLI turns into one clear message and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learnsync.course.findings import Finding


class LearnsyncError(Exception):
    """A known failure: the CLI prints its message and exits with ``exit_code``."""

    exit_code = 1


class UsageError(LearnsyncError):
    """The command line itself is wrong (a bad option value, say)."""

    exit_code = 2


class PlanInputError(LearnsyncError):
    """A value handed to the planner that it cannot use (an unknown mode, focus tag or time
    zone). Raised by the core; the command layer reports it as a usage error."""


class CourseError(LearnsyncError):
    """A course file that cannot be used, with every error found in it.

    ``findings`` holds each problem with its file, line, column and key path; the first one is
    also available as ``file``, ``line``, ``column``, ``key_path`` and ``message``.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        if not findings:
            raise ValueError("a CourseError needs at least one finding")
        self.findings = list(findings)
        first = self.findings[0]
        self.file = first.file
        self.line = first.line
        self.column = first.column
        self.key_path = first.key_path
        self.message = first.message
        more = len(self.findings) - 1
        suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        super().__init__(str(first) + suffix)


class PlanError(CourseError):
    """No plan can be made: deadlines that cannot be met, a session on a day off..."""
