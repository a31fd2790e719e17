"""Reading the files people name (course files, rosters): regular files only, and never more
than a cap, counted while reading.

A FIFO would block the command until someone writes to it, a device such as ``/dev/zero``
never ends: both are refused before a byte is read, the way a folder is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from learnsync.errors import LearnsyncError

MAX_INPUT_BYTES = 8 * 1024 * 1024
_CHUNK = 1 << 20
_MEGABYTE = 1024 * 1024

# The files read since the command began, by device and inode: no output may be written over
# one of them (``learnsync.output``). The command line forgets them as each command begins.
_read: set[tuple[int, int]] = set()


def was_read(status: os.stat_result) -> bool:
    """Whether the file ``status`` describes was read as an input of this command."""
    return (status.st_dev, status.st_ino) in _read


def count_as_sources(paths: Iterable[str]) -> None:
    """Files the command's data come from without being read now (the course files enrollments
    were made from): no output of the command replaces them either. Missing ones are skipped."""
    for path in paths:
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(status.st_mode):
            _read.add((status.st_dev, status.st_ino))


def forget_read() -> None:
    """A new command begins: the files read before it are no inputs of it."""
    _read.clear()


class InputFileError(LearnsyncError):
    """A file that cannot be read as input. ``code`` is the finding code (``unreadable-file``,
    ``file-too-large``), ``reason`` the message without the file's name, ``hint`` what to do,
    ``system`` the operating system's words when it refused to open or read the file."""

    def __init__(
        self,
        path: str,
        code: str,
        reason: str,
        hint: str | None = None,
        system: str | None = None,
    ) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.code = code
        self.reason = reason
        self.hint = hint
        self.system = system


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input_file(
    path: str | Path, limit: int = MAX_INPUT_BYTES, what: str = "file", *, source: bool = True
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; ``InputFileError``
    for anything else. Opening never blocks (a FIFO is refused, not waited on). A ``source``
    (a course file, a roster) is never replaced by the command's output; a file the command
    reads in order to update it (an issuer's key, its DID document) is not a source."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError as error:
        raise InputFileError(
            name, "unreadable-file", "no such file", system=error.strerror
        ) from None
    except IsADirectoryError:
        raise InputFileError(name, "unreadable-file", f"is a folder, not a {what}") from None
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
        raise InputFileError(name, "unreadable-file", reason, system=error.strerror) from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputFileError(name, "unreadable-file", f"is a folder, not a {what}")
        if not stat.S_ISREG(status.st_mode):
            reason = f"is {kind_of(status.st_mode)}, not a {what}: only regular files are read"
            raise InputFileError(name, "unreadable-file", reason)
        if status.st_size > limit:
            raise _too_large(name, f"is {status.st_size / _MEGABYTE:.1f} MB", limit, what)
        if source:
            _read.add((status.st_dev, status.st_ino))
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
        raise InputFileError(name, "unreadable-file", reason) from None
    finally:
        os.close(descriptor)
    if size > limit:  # it grew while it was read
        raise _too_large(name, f"is more than {limit // _MEGABYTE} MB", limit, what)
    return b"".join(chunks)


def _too_large(name: str, size: str, limit: int, what: str) -> InputFileError:
    return InputFileError(
        name,
        "file-too-large",
        f"{size}; a {what} may be at most {limit // _MEGABYTE} MB",
        hint="split the material into several courses" if what == "course file" else None,
    )
