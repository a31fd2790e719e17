"""The one error handler around every command."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from learnsync.errors import CourseError, LearnsyncError, PlanInputError

EXIT_USAGE = 2
EXIT_UNEXPECTED = 3
EXIT_INTERRUPTED = 130


def handle(function: Callable[..., int], arguments: Mapping[str, Any], *, debug: bool) -> int:
    """Run a command; turn what it raises into a message on stderr and an exit code."""
    try:
        return function(**arguments)
    except CourseError as error:
        from learnsync.render.text import print_findings

        print_findings(error.findings, stderr=True)
        return error.exit_code
    except PlanInputError as error:  # what the planner was given came from the command line
        _say(f"error: {error}")
        return EXIT_USAGE
    except LearnsyncError as error:
        _say(f"error: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as error:
        if debug:
            raise
        _say(f"unexpected error: {type(error).__name__}: {error}")
        _say("This is a bug in learnsync. Run again with --debug for the traceback, and report it.")
        return EXIT_UNEXPECTED


def _say(text: str) -> None:
    """One line on stderr (wrapped between words on a terminal, whole in a log); text from
    files, rosters or servers inside it shown as written."""
    from learnsync.render.terminal import Line, write_lines

    isatty = getattr(sys.stderr, "isatty", None)
    write_lines(sys.stderr, [Line(text)], fit=bool(isatty and isatty()))
    sys.stderr.flush()
