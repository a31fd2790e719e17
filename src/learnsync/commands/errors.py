"""The one error handler around every command."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from learnsync.errors import CourseError, LearnsyncError, PlanInputError

EXIT_USAGE = 2
EXIT_UNEXPECTED = 3
EXIT_INTERRUPTED = 130
# Writing the output failed for a reason outside learnsync: a full disk or device, a quota.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def handle(function: Callable[..., int], arguments: Mapping[str, Any], *, debug: bool) -> int:
    """Run a command; turn what it raises into a message on stderr and an exit code."""
    try:
        code = function(**arguments)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
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
        _drop_stdout()
        return 0
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS:
            return _unexpected(error, debug=debug)
        _drop_stdout()
        _say(f"error: cannot write the output: {error.strerror or error}")
        return 1
    except Exception as error:
        return _unexpected(error, debug=debug)


def _unexpected(error: Exception, *, debug: bool) -> int:
    if debug:
        raise error
    _say(f"unexpected error: {type(error).__name__}: {error}")
    _say("This is a bug in learnsync. Run again with --debug for the traceback, and report it.")
    return EXIT_UNEXPECTED


def _drop_stdout() -> None:
    """Point stdout at /dev/null so that what is still buffered cannot fail again at exit."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def _say(text: str) -> None:
    """One line on stderr (wrapped between words on a terminal, whole in a log); text from
    files, rosters or servers inside it shown as written."""
    from learnsync.render.terminal import Line, write_lines

    isatty = getattr(sys.stderr, "isatty", None)
    write_lines(sys.stderr, [Line(text)], fit=bool(isatty and isatty()))
    sys.stderr.flush()
