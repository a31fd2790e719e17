"""Output: files written whole or not at all, and only over what is a file; JSON documents;
safe file names.

Every file a command writes goes through ``write_output``: a regular file (or a new path) is
replaced through a temporary file and a rename, keeping its permission bits; a device, a FIFO
or ``-`` (stdout) is written to as it is; a symbolic link is followed and its target replaced,
never the link itself; a folder is refused. Nothing is written over a file the command read
as input (a course file, a roster), over an SQLite database (the store itself, or another
program's), or over a database's write-ahead log, shared memory or rollback journal.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from learnsync.errors import LearnsyncError, UsageError
from learnsync.record import Record

STDOUT = "-"


def write_output(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as the kind of thing it is (see the module docstring)."""
    data = text.encode("utf-8")
    if str(path) == STDOUT:
        sys.stdout.write(text)
        return
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _cannot_write(path, error) from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise LearnsyncError(f"cannot write {path}: it is a folder")
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_in_place(path, data)
        return
    # A link (even one to nothing yet) is followed: its target is what gets replaced.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    if status is not None:
        _refuse_what_is_not_output(path, target, status)
    else:
        _refuse_database_companion(path, target)
    _replace(path, target, data, status)


_SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_COMPANIONS = ("-wal", "-shm", "-journal")


def _refuse_what_is_not_output(shown: Path, target: Path, status: os.stat_result) -> None:
    """An existing regular file that is an input of this command, or a database, or one of a
    database's companion files, is never replaced by an output."""
    from learnsync.inputs import was_read

    if was_read(status):
        raise LearnsyncError(
            f"cannot write {shown}: it is an input of this command; choose another file"
        )
    try:
        with open(target, "rb") as stream:
            head = stream.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise _cannot_write(shown, error) from None
    if head == _SQLITE_HEADER:
        raise LearnsyncError(
            f"cannot write {shown}: it is an SQLite database (a learnsync store, or another "
            "program's); choose another file"
        )
    if head[:4] in _WAL_MAGIC:
        raise LearnsyncError(f"cannot write {shown}: it is a database's write-ahead log")
    _refuse_database_companion(shown, target)


def _refuse_database_companion(shown: Path, target: Path) -> None:
    """``store.sqlite3-wal``, ``-shm`` or ``-journal`` beside a database belongs to it, even
    empty or not there yet."""
    for suffix in _COMPANIONS:
        if target.name.endswith(suffix):
            database = target.with_name(target.name[: -len(suffix)])
            try:
                with open(database, "rb") as stream:
                    head = stream.read(len(_SQLITE_HEADER))
            except OSError:
                return
            if head == _SQLITE_HEADER:
                raise LearnsyncError(
                    f"cannot write {shown}: it belongs to the SQLite database {database.name}"
                )


class OutputFile(Record):
    """One file of a set written into a folder: its name, its text, and whose it is (named
    when two would share a file)."""

    name: str
    text: str
    owner: str


def check_output_names(folder: Path, files: Sequence[OutputFile]) -> None:
    """Refuse, before anything is written, a set of files for ``folder`` where two names would
    be one file (on a case-insensitive file system too) or one would land on a folder."""
    seen: dict[str, str] = {}
    for file in files:
        key = file.name.casefold()
        if key in seen:
            raise UsageError(
                f"'{seen[key]}' and '{file.owner}' would share the file {folder / file.name}"
            )
        seen[key] = file.owner
        if (folder / file.name).is_dir():
            raise LearnsyncError(f"cannot write {folder / file.name}: it is a folder")


def write_files(folder: Path, files: Sequence[OutputFile]) -> None:
    """Write every file into ``folder``, once all their names have been checked."""
    check_output_names(folder, files)
    ensure_folder(folder)
    for file in files:
        write_output(folder / file.name, file.text)


def _replace(shown: Path, target: Path, data: bytes, status: os.stat_result | None) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    try:
        import tempfile  # only when writing a file: not on every command's start-up

        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as error:
        raise _cannot_write(shown, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is None:
            os.chmod(temporary, 0o644 & ~_umask())
        else:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
                # Only root may give a file away; the bits are kept all the same.
                with contextlib.suppress(OSError):
                    os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(shown, error) from None


def _write_in_place(path: Path, data: bytes) -> None:
    """A device or a FIFO: opened as it is (never created, never truncated) and written to."""
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except OSError as error:
        raise _cannot_write(path, error) from None
    finally:
        os.close(descriptor)


def _cannot_write(path: Path, error: OSError) -> LearnsyncError:
    return LearnsyncError(f"cannot write {path}: {error.strerror or error}")


def ensure_folder(path: Path, option: str = "--output-dir") -> None:
    """Make the folder an option names, or say why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"{option}: cannot make the folder {path}: {error.strerror or error}"
        ) from None


def emit(text: str, output: Path | None) -> None:
    """``text`` to stdout (no ``output``, or ``-``), or whole to the file ``output`` (saying so
    on stderr)."""
    if output is None or str(output) == STDOUT:
        sys.stdout.write(text)
        return
    write_output(output, text)
    from learnsync.render.terminal import say

    say(sys.stderr, f"wrote {output}")


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; refuse when anything is there already."""
    try:
        with path.open("x", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except FileExistsError:
        raise LearnsyncError(f"{path} already exists; not overwriting it") from None
    except OSError as error:
        raise LearnsyncError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def print_json(document: dict[str, object]) -> None:
    """A ``--format json`` document to stdout."""
    import sys

    from learnsync.render.jsonfmt import dumps_document

    sys.stdout.write(dumps_document(document))


def safe_file_name(name: str) -> str:
    """A learner id (or any id) as a file name: no separators, nothing hidden."""
    import re

    cleaned = re.sub(r"[^\w.@+-]+", "_", name, flags=re.UNICODE).strip("._") or "learner"
    return cleaned[:120]


def warn_if_open(key: Path) -> None:
    """A warning on stderr when others can read the issuer key file (ssh refuses such keys)."""
    import sys

    from learnsync.credentials.keys import open_to_others
    from learnsync.render.terminal import say

    if open_to_others(key):
        say(sys.stderr, f"warning: others can read the issuer key {key}: chmod 600 it")
