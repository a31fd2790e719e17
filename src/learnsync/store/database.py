"""The SQLite store: opened with care, migrated on open, written in short transactions.

WAL mode and a busy timeout let several learnsync processes write at once; foreign keys are on;
the file is readable by its owner only. A file that is a folder, not SQLite, truncated or
read-only is refused before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnsync.course.defaults import DAY_START_LATEST
from learnsync.errors import LearnsyncError
from learnsync.planning.model import Plan, item_ids
from learnsync.record import Record
from learnsync.rules import NO_DEADLINE
from learnsync.store import rows as _rows
from learnsync.store.records import EnrollmentRow, PlanChange, PlanIds, PlanOptions, PlanRecord
from learnsync.store.rows import EVENT_COLUMNS as _EVENT_COLUMNS
from learnsync.store.rows import DamagedStore, StoreError
from learnsync.tracking import Event

if TYPE_CHECKING:
    from learnsync.progress import PlanFacts, Replay

__all__ = [
    "AlreadyEnrolled",
    "Appended",
    "DamagedStore",
    "EnrollmentRow",
    "PlanChange",
    "PlanIds",
    "PlanOptions",
    "PlanRecord",
    "Store",
    "StoreError",
    "open_store",
]

BUSY_TIMEOUT_MS = 15_000
# "LSYN": the SQLite application_id that marks a file as a learnsync store.
APPLICATION_ID = 0x4C53594E
# The schema this learnsync writes: how many migrations ``store.migrations.MIGRATIONS`` holds
# (a test holds them equal; a new migration adds one here). A store at this version is opened
# without loading the migrations.
SCHEMA_VERSION = 25
_HEADER = b"SQLite format 3\x00"


class Appended(Record):
    """What ``Store.append_checked`` appended (with the ids), and the enrollment's progress
    snapshot before and after: ``before`` when the stored one was up to date (else None),
    ``after`` the one written with the events (None when nothing was appended)."""

    events: list[tuple[int, Event]]
    before: Replay | None
    after: Replay | None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _deadline_text(deadline: datetime | None) -> str | None:
    if deadline is None:
        return None
    return "none" if deadline == NO_DEADLINE else _iso(deadline)


def _refuse_unusable_file(path: Path, *, write: bool) -> None:
    """Raise ``StoreError`` for a path that must not be opened: never writes to the file, and
    leaves no file beside it. A new path, an empty file, an empty SQLite database and a
    learnsync store (marked, or an older one with its ``migrations`` table) pass."""
    try:
        if path.is_dir():
            raise StoreError(f"store {path} is a folder, not a database file; pass --store FILE")
        if not path.exists():
            if path.is_symlink():
                raise StoreError(f"store {path} is a symbolic link to nothing; pass --store FILE")
            return
        header, size = _read_header(path)
    except PermissionError:
        raise StoreError(
            f"store {path} cannot be read: permission denied (on the file or a folder above it)"
        ) from None
    except OSError as error:
        raise StoreError(f"store {path} cannot be read: {error.strerror or error}") from None
    if size == 0:
        return
    if not header.startswith(_HEADER):
        raise StoreError(
            f"store {path} is not a learnsync store (not an SQLite database); it was left as it is"
        )
    if len(header) < 100:
        raise StoreError(f"store {path} is truncated ({size} bytes); it was left as it is")
    if not _is_learnsync_store(path, header):
        raise StoreError(
            f"store {path} is an SQLite database of another application, not a learnsync store; "
            "it was left as it is: pass --store with another file"
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65_536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96] and page_count
    # A write-ahead log beside the file may hold the pages a checkpoint could not write (a disk
    # that was full): SQLite reads them from there and writes them back, so it is not truncated.
    if counted and page_size * page_count > size and not _has_log(path):
        raise StoreError(
            f"store {path} is truncated: {size} bytes of {page_size * page_count}; it was left as it is"
        )
    if write and not os.access(path, os.W_OK):
        raise StoreError(f"store {path} is read-only; nothing was written")
    if write and not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"the folder of store {path} is read-only; nothing was written")


def _read_header(path: Path) -> tuple[bytes, int]:
    """The first 100 bytes and the size of a regular file; refuse anything else unopened
    (a FIFO would block, a device never end)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise StoreError(f"store {path} is not a regular file; pass --store FILE")
        header = b""
        while len(header) < 100:
            chunk = os.read(descriptor, 100 - len(header))
            if not chunk:
                break
            header += chunk
        return header, status.st_size
    finally:
        os.close(descriptor)


def _has_log(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 32
    except OSError:
        return False


def _is_learnsync_store(path: Path, header: bytes) -> bool:
    """Whether an SQLite file is a learnsync store: it carries learnsync's ``application_id``,
    or it is an older learnsync store (no mark yet, the ``migrations`` table that learnsync
    keeps, a schema version learnsync knows), or it is an empty database.

    The file is read as an immutable database: no lock, no journal, no ``-wal`` or ``-shm``."""
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        return True
    if application_id != 0:
        return False
    from urllib.parse import quote

    from learnsync.store.migrations import MIGRATIONS

    uri = f"file:{quote(str(path.absolute()))}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        names = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if not names:
            return version == 0 and not _has_log(path)
        if "migrations" not in names or not 1 <= version <= len(MIGRATIONS):
            return False
        recorded = connection.execute(
            "SELECT version, name FROM migrations ORDER BY version"
        ).fetchall()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    expected = [(number, name) for number, (name, _) in enumerate(MIGRATIONS[:version], 1)]
    return [tuple(row) for row in recorded] == expected


def open_store(path: Path, *, write: bool = True, create: bool | None = None) -> Store:
    """Open the store at ``path``, applying pending migrations; create it when ``create``
    (by default, when opened to ``write``). Anything that is not a learnsync store is refused
    before it is opened, and left as it is."""
    _refuse_unusable_file(path, write=write)
    if not path.exists():
        if not (write if create is None else create):
            raise StoreError(f"there is no store at {path} yet: enroll in a course first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(descriptor)
        except OSError as error:
            raise StoreError(f"cannot create store {path}: {error.strerror or error}") from None
    try:
        connection = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            factory=_StoreConnection,
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open store {path}: {error}") from None
    connection.store_path = path
    store = Store(connection, path)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = FULL")
        # Migrate before switching to WAL: a new store's first transactions go through a
        # rollback journal, so the file on disk always holds its tables and its mark.
        applied = store.migrate(create=write if create is None else create)
        # A reader leaves the file as it is, in whatever journal mode it is; a writer switches
        # it to WAL, but not a store found damaged first (learnsync's own are in WAL already).
        if write and _journal_mode(connection) != "wal":
            if not applied:
                _refuse_damaged_schema(connection)
            connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StoreError(_explain(path, error)) from None
    except BaseException:
        connection.close()
        raise
    return store


def _journal_mode(connection: sqlite3.Connection) -> str:
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def _explain(path: Path, error: sqlite3.Error) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return f"store {path} is read-only; nothing was written"
    if "locked" in text or "busy" in text:
        return f"store {path} is busy: another learnsync kept it locked for {BUSY_TIMEOUT_MS // 1000} s; try again"
    if "disk is full" in text or "disk I/O" in text:
        return f"store {path}: the disk is full or failing ({text}); nothing was recorded"
    if "not a database" in text or "malformed" in text:
        return f"store {path} is damaged ({text}); it was left as it is"
    return f"store {path}: {text}"


# The tables of derived data: written again from the events and the plan documents by
# ``learnsync store rebuild`` (``Store.rebuild_snapshots``), which makes them anew when they are
# lost or damaged; the same tables as migrations 0011, 0016 and 0019 make.
_DERIVED_TABLES = {
    "progress_snapshots": "CREATE TABLE progress_snapshots (enrollment_id INTEGER PRIMARY KEY "
    "REFERENCES enrollments (id), plan_id INTEGER NOT NULL, last_event_id INTEGER NOT NULL, "
    "data TEXT NOT NULL)",
    "plan_ids": "CREATE TABLE plan_ids (document TEXT PRIMARY KEY, display_timezone TEXT NOT "
    "NULL, ids TEXT NOT NULL) WITHOUT ROWID",
    "plan_index": "CREATE TABLE plan_index (document TEXT PRIMARY KEY, data TEXT NOT NULL) "
    "WITHOUT ROWID",
}
# What SQLite says when a statement fails for a reason outside the store's schema (busy, a
# disk that fails, a read-only file): every other failure of a statement ("no such table", "no
# such column", "ambiguous column name", "misuse of aggregate" when a column is lost and its
# name means another...) has the store's schema compared with what its version should hold.
_NOT_THE_SCHEMA = ("locked", "busy", "disk", "readonly", "read-only", "interrupt", "full", "memory")


class DamagedSchema(StoreError):
    """A store that lacks a table or a column its schema version should hold (or holds a view
    in place of a table): named, with whether ``learnsync store rebuild`` makes it again."""

    def __init__(self, path: Path, problems: Sequence[str], tables: Collection[str]) -> None:
        self.tables = frozenset(tables)  # the tables lost or damaged
        self.derived = self.tables <= _DERIVED_TABLES.keys()
        them = "it" if len(self.tables) == 1 else "them"
        remedy = (
            f"learnsync store rebuild makes {them} again from the events and plans"
            if self.derived
            else f"restore it from a backup (learnsync store rebuild cannot make {them} again)"
        )
        super().__init__(
            f"store {path} is damaged: {'; '.join(problems)}; it was left as it is: {remedy}"
        )


class _StoreConnection(sqlite3.Connection):
    """A store's connection: a statement that fails because the store lacks a table or a column
    learnsync made, or holds a view in its place, raises ``DamagedSchema`` naming them. Nothing
    is asked of the schema until a statement fails."""

    store_path: Path

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as error:
            _raise_damage(self, error)
            raise

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.OperationalError as error:
            _raise_damage(self, error)
            raise


def _remake_derived_tables(connection: sqlite3.Connection) -> None:
    """Drop and make anew each table of derived data that is lost or damaged (inside the
    caller's transaction); raise ``DamagedSchema`` when anything else is."""
    problems, tables = schema_damage(connection)
    if not problems:
        return
    if not set(tables) <= _DERIVED_TABLES.keys():
        raise DamagedSchema(_path_of(connection), problems, tables)
    kinds = dict(connection.execute("SELECT name, type FROM sqlite_master"))
    for table in tables:
        if table in kinds:
            connection.execute(f"DROP {kinds[table].upper()} {table}")
        connection.execute(_DERIVED_TABLES[table])


def _path_of(connection: sqlite3.Connection) -> Path:
    path: Path = getattr(connection, "store_path", Path("?"))
    return path


def _raise_damage(connection: _StoreConnection, error: sqlite3.OperationalError) -> None:
    """Raise ``DamagedSchema`` when ``error`` comes of a store whose schema lacks what its
    version should hold; else return (the caller raises ``error``)."""
    if any(words in str(error) for words in _NOT_THE_SCHEMA):
        return
    try:
        _refuse_damaged_schema(connection)
    except DamagedSchema as damage:
        raise damage from error


def _refuse_damaged_schema(connection: _StoreConnection) -> None:
    problems, tables = schema_damage(connection)
    if problems:
        raise DamagedSchema(_path_of(connection), problems, tables)


def schema_damage(connection: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """What the store lacks of the tables and columns its schema version should hold, or holds
    as a view: (one phrase per problem, the tables concerned); nothing when it is sound. The
    schema expected is that of a new database the store's migrations are run on."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    expected = _expected_columns(version)
    kinds = dict(
        connection.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    )
    problems: list[str] = []
    tables: list[str] = []
    if expected and not kinds.keys() & expected.keys():
        return [
            f"it is marked as a learnsync store at schema {version} but holds none of its tables"
        ], list(expected)
    for table, columns in expected.items():
        if table not in kinds:
            problems.append(f"table {table} is missing")
        elif kinds[table] != "table":
            problems.append(f"{table} is a {kinds[table]}, not a table")
        else:
            present = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            lost = [column for column in columns if column not in present]
            if not lost:
                continue
            problems.append(
                f"table {table} lacks column{'s' if len(lost) > 1 else ''} {', '.join(lost)}"
            )
        tables.append(table)
    return problems, tables


def _expected_columns(version: int) -> dict[str, list[str]]:
    """The tables, with their columns, that a store at schema ``version`` holds."""
    from learnsync.store.migrations import MIGRATIONS

    if not 0 <= version <= len(MIGRATIONS):
        return {}
    model = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for _, migration in MIGRATIONS[:version]:
            migration(model)
        if version:
            model.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        names = [
            row[0]
            for row in model.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
            )
        ]
        return {
            name: [row[1] for row in model.execute(f'PRAGMA table_info("{name}")')]
            for name in names
        }
    finally:
        model.close()


class Store:
    """One open store. Every write is one short transaction; reads see a consistent snapshot."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._plans = _PlanCache()  # decoded plans by document hash: a cohort shares one

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``: all of it lands, or none of it."""
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(_explain(self.path, error)) from None
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(_explain(self.path, error)) from None
            raise

    # -- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, *, create: bool = True) -> list[str]:
        """Apply pending migrations, each in one transaction with its record; return their names.
        A store whose schema version no learnsync wrote, or whose tables or record of migrations
        do not match its version, is refused before anything is written; so is an empty one
        unless ``create``."""
        version = self.schema_version()
        if version == SCHEMA_VERSION:  # the usual open: up to date
            return []
        from learnsync.store.migrations import MIGRATIONS

        known = len(MIGRATIONS)
        if version > known:
            raise StoreError(
                f"store {self.path} was written by a newer learnsync (schema {version}; this one "
                f"knows {known}): upgrade learnsync; the store was left as it is"
            )
        self._refuse_unknown_version(version, [name for name, _ in MIGRATIONS], create=create)
        applied: list[str] = []
        while version < known:
            with self.transaction() as connection:
                version = self.schema_version()  # another process may have migrated meanwhile
                if version >= known:
                    break
                name, migration = MIGRATIONS[version]
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS migrations "
                    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                migration(connection)
                connection.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version + 1, name, _iso(datetime.now(UTC))),
                )
                connection.execute(f"PRAGMA user_version = {version + 1}")
                # A new store carries its mark from its first transaction on.
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                applied.append(name)
            version = self.schema_version()
        return applied

    def _refuse_unknown_version(self, version: int, names: list[str], *, create: bool) -> None:
        """Raise ``StoreError`` for a store at ``version`` (below the current one) that no
        learnsync left so: a negative version, tables at version 0, a record of migrations that
        is not that of the migrations ``names`` up to ``version``. An empty store is refused
        unless ``create``."""
        damaged = f"store {self.path} is damaged: "
        kept = "; it was left as it is"
        if version < 0:
            raise StoreError(
                f"{damaged}its schema version is {version}, which no learnsync writes{kept}"
            )
        tables = [
            row[0]
            for row in self.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        if version == 0:
            if tables:
                raise StoreError(
                    f"{damaged}its schema version is 0 but it holds tables "
                    f"({', '.join(tables[:5])}{', ...' if len(tables) > 5 else ''}){kept}"
                )
            if not create:
                raise StoreError(f"there is no store at {self.path} yet: enroll in a course first")
            return
        expected = [(number, name) for number, name in enumerate(names[:version], 1)]
        try:
            recorded = self.connection.execute(
                "SELECT version, name FROM migrations ORDER BY version"
            ).fetchall()
        except (sqlite3.OperationalError, DamagedSchema):
            recorded = None
        if recorded is None or [tuple(row) for row in recorded] != expected:
            raise StoreError(
                f"{damaged}its table migrations does not record the {version} migrations of its "
                f"schema version{kept}"
            )

    # -- enrollments ----------------------------------------------------------------------

    def enroll(
        self,
        learner: str,
        course_id: str,
        *,
        now: datetime,
        source_path: str,
        source_hash: str,
        source: str,
        plan: Plan,
        options: PlanOptions,
    ) -> EnrollmentRow:
        """A new enrollment with its first plan; ``AlreadyEnrolled`` when there is one."""
        plan_text = _plan_text(plan)
        with self.transaction() as connection:
            existing = connection.execute(
                "SELECT withdrawn_at FROM enrollments WHERE learner = ? AND course_id = ?",
                (learner, course_id),
            ).fetchone()
            if existing:
                raise AlreadyEnrolled(learner, course_id, withdrawn=existing[0] is not None)
            cursor = connection.execute(
                "INSERT INTO enrollments (learner, course_id, created_at) VALUES (?, ?, ?)",
                (learner, course_id, _iso(now)),
            )
            enrollment_id = int(cursor.lastrowid or 0)
            self._insert_plan(
                connection,
                enrollment_id,
                now=now,
                reason="enroll",
                source_path=source_path,
                source_hash=source_hash,
                source=source,
                plan=plan,
                plan_text=plan_text,
                options=options,
            )
            _refresh_snapshot(connection, enrollment_id, self._plans)
        return EnrollmentRow(enrollment_id, learner, course_id, now)

    def _insert_plan(
        self,
        connection: sqlite3.Connection,
        enrollment_id: int,
        *,
        now: datetime,
        reason: str,
        source_path: str,
        source_hash: str,
        source: str,
        plan: Plan,
        plan_text: str,
        options: PlanOptions,
    ) -> None:
        references = [_put_document(connection, text) for text in (source, plan_text)]
        _put_plan_ids(connection, references[1], plan, replace=False)
        _put_plan_index(connection, references[1], plan, replace=False)
        connection.execute(
            "INSERT INTO plans (enrollment_id, created_at, reason, source_path, source_hash, "
            "source_document, plan_document, options, finish) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                enrollment_id,
                _iso(now),
                reason,
                source_path,
                source_hash,
                *references,
                options.to_json(),
                plan.finish.isoformat() if plan.finish else None,
            ),
        )

    def save_learner(
        self,
        name: str,
        *,
        display_name: str | None,
        email: str | None,
        timezone: str | None,
        now: datetime,
    ) -> None:
        """Record (or update) who a learner is."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO learners (name, display_name, email, timezone, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "display_name = excluded.display_name, email = excluded.email, "
                "timezone = excluded.timezone, updated_at = excluded.updated_at",
                (name, display_name, email, timezone, _iso(now)),
            )

    def learner_info(self, name: str) -> tuple[str | None, str | None, str | None] | None:
        """(display name, email, time zone) of a learner from a roster, or None."""
        row = self.connection.execute(
            "SELECT rowid, display_name, email, timezone FROM learners WHERE name = ?", (name,)
        ).fetchone()
        return _rows.learner(row, self.path) if row else None

    def learners(self, *, include_withdrawn: bool = False) -> list[str]:
        """The learners enrolled in at least one course (or withdrawn from one), sorted."""
        where = "" if include_withdrawn else " WHERE withdrawn_at IS NULL"
        rows = self.connection.execute(
            f"SELECT min(id), learner FROM enrollments{where} GROUP BY learner ORDER BY learner"
        ).fetchall()
        return _rows.learner_names(rows, self.path)

    def is_learner(self, name: str, *, include_withdrawn: bool = False) -> bool:
        """Whether ``name`` is among ``learners()``: one row looked for, not every learner."""
        where = "" if include_withdrawn else " AND withdrawn_at IS NULL"
        return (
            self.connection.execute(
                f"SELECT 1 FROM enrollments WHERE learner = ?{where} LIMIT 1", (name,)
            ).fetchone()
            is not None
        )

    def enrollments(
        self,
        learner: str | None = None,
        course_id: str | None = None,
        *,
        include_withdrawn: bool = False,
    ) -> list[EnrollmentRow]:
        """The enrollments (of ``learner``, in ``course_id``); withdrawn ones only when asked."""
        query = "SELECT id, learner, course_id, created_at FROM enrollments"
        conditions = ["1" if include_withdrawn else "withdrawn_at IS NULL"]
        values = []
        if learner is not None:
            conditions.append("learner = ?")
            values.append(learner)
        if course_id is not None:
            conditions.append("course_id = ?")
            values.append(course_id)
        query += " WHERE " + " AND ".join(conditions) + " ORDER BY learner, course_id"
        return [_rows.enrollment(row, self.path) for row in self.connection.execute(query, values)]

    def withdraw(self, enrollment_id: int, *, now: datetime) -> None:
        """Withdraw the enrollment: it leaves every view; its events and plans are kept."""
        with self.transaction() as connection:
            connection.execute(
                "UPDATE enrollments SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL",
                (_iso(now), enrollment_id),
            )

    def erase(self, enrollment_id: int) -> int:
        """Delete the enrollment with its events, plans and every other row about it, in one
        transaction; the learner's name, email and zone go too when no enrollment is left.
        Returns how many events were deleted."""
        with self.transaction() as connection:
            (learner,) = connection.execute(
                "SELECT learner FROM enrollments WHERE id = ?", (enrollment_id,)
            ).fetchone()
            (events,) = connection.execute(
                "SELECT count(*) FROM events WHERE enrollment_id = ?", (enrollment_id,)
            ).fetchone()
            connection.execute("INSERT INTO erasing (enrollment_id) VALUES (?)", (enrollment_id,))
            for table in _tables_about_enrollments(connection):
                connection.execute(f"DELETE FROM {table} WHERE enrollment_id = ?", (enrollment_id,))
            connection.execute("DELETE FROM enrollments WHERE id = ?", (enrollment_id,))
            connection.execute("DELETE FROM erasing")
            for kept in ("plan_ids", "plan_index"):
                connection.execute(
                    f"DELETE FROM {kept} WHERE document NOT IN (SELECT plan_document FROM plans)"
                )
            connection.execute(
                "DELETE FROM documents WHERE hash NOT IN (SELECT source_document FROM plans) "
                "AND hash NOT IN (SELECT plan_document FROM plans)"
            )
            connection.execute(
                "DELETE FROM learners WHERE name = ? AND name NOT IN (SELECT learner FROM "
                "enrollments)",
                (learner,),
            )
        return int(events)

    def current_plan(self, enrollment_id: int) -> PlanRecord:
        """The enrollment's plan in force: the newest."""
        row = self.connection.execute(
            "SELECT p.id, p.created_at, p.reason, p.source_path, p.source_hash, "
            "p.source_document, p.plan_document, p.options, s.text FROM plans AS p "
            "LEFT JOIN documents AS s ON s.hash = p.source_document "
            "WHERE p.enrollment_id = ? ORDER BY p.id DESC LIMIT 1",
            (enrollment_id,),
        ).fetchone()
        if row is None:
            raise _rows.no_plan(self.path, enrollment_id)
        created_at, options = _rows.plan_parts(row[:8], row[8], self.path)
        return PlanRecord(
            row[0],
            enrollment_id,
            created_at,
            row[2],
            row[3],
            row[4],
            row[8],
            self.plan_of(row[6]),
            options,
        )

    def plan_ids(self, enrollment_id: int, *, decoded: bool = False) -> PlanIds:
        """The ids of the enrollment's plan in force and its learner's time zone, as kept beside
        the plan (the plan is decoded only when they are not, or not readable; or with
        ``decoded``)."""
        try:
            row = self.connection.execute(
                "SELECT p.id, p.plan_document, k.display_timezone, k.ids FROM plans AS p "
                "LEFT JOIN plan_ids AS k ON k.document = p.plan_document "
                "WHERE p.enrollment_id = ? ORDER BY p.id DESC LIMIT 1",
                (enrollment_id,),
            ).fetchone()
            _, document, timezone, ids = _rows.plan_in_force(row, self.path, enrollment_id)
        except DamagedSchema as error:
            if not error.derived:  # only derived data is lost: the ids are read from the plan
                raise
            document = _plan_in_force(self.connection, enrollment_id)[1]
            timezone = ids = None
        kept = None if decoded else _kept_ids(ids)
        if kept is None or not _known_zone(timezone):
            return _ids_of(self.plan_of(document))
        return PlanIds(timezone, *kept)

    def source_paths(self, enrollment_ids: Sequence[int]) -> set[str]:
        """The course files the plans of these enrollments were made from."""
        paths: set[str] = set()
        for start in range(0, len(enrollment_ids), 500):
            chunk = list(enrollment_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT DISTINCT source_path FROM plans WHERE enrollment_id IN ({marks})", chunk
            )
            paths.update(row[0] for row in rows if type(row[0]) is str)  # else names no file
        return paths

    def current_plans(self, enrollment_ids: Sequence[int]) -> dict[int, Plan]:
        """The plan in force of each enrollment; a plan shared by a cohort is decoded once."""
        plans: dict[int, Plan] = {}
        for enrollment_id in enrollment_ids:
            plans[enrollment_id] = self.plan_of(_plan_in_force(self.connection, enrollment_id)[1])
        return plans

    def plan_of(self, document: str) -> Plan:
        """The plan stored as ``document`` (its hash), decoded once per store."""
        return self._plans.plan(self.connection, document)

    def plan_facts(self, document: str) -> PlanFacts:
        """What progress needs of the plan stored as ``document``, worked out once per store."""
        return self._plans.plan_and_facts(self.connection, document)[1]

    def plan_history(self, enrollment_id: int) -> list[PlanChange]:
        """Every plan the enrollment has had, oldest first: when, why, and its finish."""
        rows = self.connection.execute(
            "SELECT id, created_at, reason, finish FROM plans WHERE enrollment_id = ? ORDER BY id",
            (enrollment_id,),
        ).fetchall()
        return [_rows.plan_change(row, self.path) for row in rows]

    def add_plan(
        self,
        enrollment_id: int,
        *,
        now: datetime,
        reason: str,
        source_path: str,
        source_hash: str,
        source: str,
        plan: Plan,
        options: PlanOptions,
    ) -> None:
        """A new plan in force for the enrollment; the older ones are kept, and its progress
        snapshot follows the new plan in the same transaction."""
        plan_text = _plan_text(plan)
        with self.transaction() as connection:
            self._insert_plan(
                connection,
                enrollment_id,
                now=now,
                reason=reason,
                source_path=source_path,
                source_hash=source_hash,
                source=source,
                plan=plan,
                plan_text=plan_text,
                options=options,
            )
            _refresh_snapshot(connection, enrollment_id, self._plans)

    # -- events ---------------------------------------------------------------------------

    def events(self, enrollment_id: int) -> list[Event]:
        """The enrollment's events in the order recorded."""
        return [
            _rows.event(row, self.path)
            for row in self.connection.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE enrollment_id = ? ORDER BY id",
                (enrollment_id,),
            )
        ]

    def event_kinds(self, enrollment_id: int) -> list[tuple[str, str]]:
        """(kind, item) of the enrollment's events in the order recorded: all that its done set
        (``tracking.done_items``) needs, without a date-time decoded."""
        rows = self.connection.execute(
            "SELECT id, kind, item FROM events WHERE enrollment_id = ? ORDER BY id",
            (enrollment_id,),
        ).fetchall()
        return _rows.event_kinds(rows, self.path)

    def event_count(self, enrollment_id: int) -> int:
        """How many events the enrollment has (none of them decoded: a damaged one counts)."""
        (count,) = self.connection.execute(
            "SELECT count(*) FROM events WHERE enrollment_id = ?", (enrollment_id,)
        ).fetchone()
        return int(count)

    def raw_events(self, enrollment_id: int) -> list[tuple[int, str, str, str, float | None]]:
        """(id, kind, item, ``at`` as stored: ISO in UTC, score) of an enrollment's events, in the
        order recorded: for exports, which need no datetime objects."""
        rows = self.connection.execute(
            "SELECT id, kind, item, at, score FROM events WHERE enrollment_id = ? ORDER BY id",
            (enrollment_id,),
        ).fetchall()
        return _rows.raw_events(rows, self.path)

    def sent_to(self, lrs: str) -> set[str]:
        """Ids of the statements ``lrs`` has acknowledged."""
        rows = self.connection.execute(
            "SELECT statement_id FROM lrs_sent WHERE lrs = ?", (lrs,)
        ).fetchall()
        return _rows.sent_ids(rows, self.path, lrs)

    def mark_sent(self, lrs: str, statement_ids: Sequence[str], *, now: datetime) -> None:
        """Record that ``lrs`` acknowledged these statements, all in one transaction."""
        with self.transaction() as connection:
            connection.executemany(
                "INSERT OR IGNORE INTO lrs_sent (lrs, statement_id, sent_at) VALUES (?, ?, ?)",
                [(lrs, identifier, _iso(now)) for identifier in statement_ids],
            )

    def course_events(self, course_id: str) -> dict[int, list[Event]]:
        """Every event of a course's enrollments, by enrollment, each list in the order recorded:
        one query for a whole team."""
        grouped: dict[int, list[Event]] = {}
        rows = self.connection.execute(
            "SELECT e.enrollment_id, e.id, e.kind, e.item, e.at, e.recorded_at, e.score, e.note, "
            "e.deadline FROM events AS e JOIN enrollments AS n ON n.id = e.enrollment_id "
            "WHERE n.course_id = ? ORDER BY e.id",
            (course_id,),
        )
        for row in rows:
            grouped.setdefault(row[0], []).append(_rows.event(row[1:], self.path))
        return grouped

    def append_checked(
        self,
        enrollment_id: int,
        decide: Callable[[Callable[[Collection[str]], list[Event]]], Sequence[Event]],
        *,
        now: datetime,
    ) -> Appended:
        """Append what ``decide`` makes of the enrollment's events, in one ``BEGIN IMMEDIATE``
        transaction: no other process writes in between, so a completion recorded by two
        processes at once is recorded once. ``decide`` is given ``events_of``: the events of the
        ids it names, in the order recorded (only those are read); it may raise to append
        nothing. Returns the appended events with their ids and, when there are any, the
        enrollment's progress before and after them (what a caller showing the change needs,
        without replaying again): the snapshot kept before (replayed from the events when it
        was not up to date), and the one written with the events."""
        with self.transaction() as connection:

            def events_of(items: Collection[str]) -> list[Event]:
                return _item_events(connection, enrollment_id, items)

            new = list(decide(events_of))
            if not new:
                return Appended([], None, None)
            before = (
                _snapshot(connection, enrollment_id, self._plans)
                or _replayed(connection, enrollment_id, self._plans)[1]
            )
            ids = _insert_events(connection, enrollment_id, new, now)
            stored = [
                event._replace(id=event_id, recorded_at=now)
                for event_id, event in zip(ids, new, strict=True)
            ]
            after = _snapshot_after(connection, enrollment_id, before, ids, self._plans)
            return Appended(list(zip(ids, stored, strict=True)), before, after)

    def replayed(self, enrollment_id: int) -> Replay:
        """What the enrollment's events add up to under its plan in force: its progress
        snapshot when it is up to date, else a replay of its events (nothing is written)."""
        return (
            _snapshot(self.connection, enrollment_id, self._plans)
            or _replayed(self.connection, enrollment_id, self._plans)[1]
        )

    def append_events(
        self, enrollment_id: int, events: Sequence[Event], *, now: datetime
    ) -> list[int]:
        """Append ``events`` in one transaction (with the enrollment's progress snapshot);
        return their ids once they are committed. An event that could complete nothing under
        the plan in force (``tracking.misfit``: an ``attended`` task, a ``done`` session) is
        refused with a ``LearnsyncError`` naming it, and nothing is appended."""
        from learnsync.tracking import misfit

        sessions = self.plan_ids(enrollment_id).sessions
        for event in events:
            problem = misfit(event.kind, event.item, sessions)
            if problem is not None:
                raise LearnsyncError(problem)
        with self.transaction() as connection:
            ids = _insert_events(connection, enrollment_id, events, now)
            _refresh_snapshot(connection, enrollment_id, self._plans)
            return ids

    def rebuild_snapshots(self, damaged: list[str] | None = None) -> int:
        """Replay every enrollment's events into its progress snapshot, and write the ids and
        the index of every plan again (``plan_ids``, ``plan_index``), in one transaction; return
        how many snapshots were written. A table of derived data that is lost or damaged is
        made anew; a store that lacks anything else is refused (``DamagedSchema``). An
        enrollment whose rows are damaged is left without a snapshot, its damage added to
        ``damaged``."""
        with self.transaction() as connection:
            _remake_derived_tables(connection)
            rebuild_plan_ids(connection, self._plans)
            rebuild_plan_indexes(connection, self._plans)
            return rebuild_snapshots(connection, self._plans, damaged)

    def kept_done(self, enrollment_id: int) -> frozenset[str] | None:
        """The enrollment's done set (``tracking.done_items`` of its events, as far as its plan's
        tasks and sessions go) from its progress snapshot when that is up to date and keeps it
        (``Replay.items_done``), read without the rest of the snapshot; else None."""
        from learnsync.tracking import kept_done

        row = _snapshot_row(self.connection, enrollment_id)
        if row is None:
            return None
        plan = self.plan_of(row[1])
        try:
            return kept_done(_json_loads(row[0]), plan)
        except DAMAGED:  # a damaged snapshot is derived data: the events tell
            return None

    def snapshot(self, enrollment_id: int) -> Replay | None:
        """The enrollment's progress snapshot when it is up to date (for its plan in force and
        its last event), else None: it then equals a replay of its events."""
        return _snapshot(self.connection, enrollment_id, self._plans)

    def course_snapshots(self, course_id: str) -> dict[int, Replay]:
        """The progress snapshot of each of a course's enrollments that has one up to date (for
        its plan in force and its last event): one query for a whole team."""
        from learnsync.progress import Replay

        rows = self.connection.execute(
            "SELECT n.id, s.data, kept.plan_document FROM enrollments AS n "
            "JOIN progress_snapshots AS s ON s.enrollment_id = n.id "
            "JOIN plans AS kept ON kept.id = s.plan_id "
            "WHERE n.course_id = ? "
            "AND s.plan_id = (SELECT MAX(p.id) FROM plans AS p WHERE p.enrollment_id = n.id) "
            "AND s.last_event_id = "
            "COALESCE((SELECT MAX(e.id) FROM events AS e WHERE e.enrollment_id = n.id), 0)",
            (course_id,),
        ).fetchall()
        found: dict[int, Replay] = {}
        for enrollment_id, data, document in rows:
            plan = self._plans.plan(self.connection, document)
            try:
                replayed = Replay.from_json(_json_loads(data), plan)
            except DAMAGED:  # a damaged snapshot is derived data: the events tell
                continue
            if replayed is not None:
                found[enrollment_id] = replayed
        return found


def _insert_events(
    connection: sqlite3.Connection, enrollment_id: int, events: Sequence[Event], now: datetime
) -> list[int]:
    ids = []
    for event in events:
        cursor = connection.execute(
            "INSERT INTO events (enrollment_id, kind, item, at, recorded_at, score, note, "
            "deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                enrollment_id,
                event.kind,
                event.item,
                _iso(event.at),
                _iso(now),
                event.score,
                event.note,
                _deadline_text(event.deadline),
            ),
        )
        ids.append(int(cursor.lastrowid or 0))
    return ids


def _snapshot_row(connection: sqlite3.Connection, enrollment_id: int) -> tuple[str, str] | None:
    """(data, plan document) of the enrollment's progress snapshot when it is up to date: kept
    for its plan in force and its last event."""
    row: tuple[str, str] | None = connection.execute(
        "SELECT s.data, p.plan_document FROM progress_snapshots AS s "
        "JOIN plans AS p ON p.id = s.plan_id WHERE s.enrollment_id = ? "
        "AND s.plan_id = (SELECT MAX(id) FROM plans WHERE enrollment_id = ?) "
        "AND s.last_event_id = "
        "COALESCE((SELECT MAX(id) FROM events WHERE enrollment_id = ?), 0)",
        (enrollment_id, enrollment_id, enrollment_id),
    ).fetchone()
    return row


def _snapshot(
    connection: sqlite3.Connection, enrollment_id: int, plans: _PlanCache
) -> Replay | None:
    from learnsync.progress import Replay

    row = _snapshot_row(connection, enrollment_id)
    if row is None:
        return None
    plan = plans.plan(connection, row[1])
    try:
        return Replay.from_json(_json_loads(row[0]), plan)
    except DAMAGED:  # a damaged snapshot is derived data: the events tell
        return None


def _tables_about_enrollments(connection: sqlite3.Connection) -> list[str]:
    """Every table with an ``enrollment_id`` column (events, plans, and what later migrations
    add), but ``erasing``."""
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'erasing'"
        )
    ]
    return [
        table
        for table in tables
        if any(
            column[1] == "enrollment_id"
            for column in connection.execute(f"PRAGMA table_info({table})")
        )
    ]


def _json_loads(text: str) -> dict[str, Any]:
    import json

    value: dict[str, Any] = json.loads(text)
    return value


class _PlanCache:
    """Plans decoded from their documents, and what progress needs of them, once per document."""

    def __init__(self) -> None:
        self.plans: dict[str, Plan] = {}
        self.facts: dict[str, PlanFacts] = {}

    def plan(self, connection: sqlite3.Connection, document: str) -> Plan:
        plan = self.plans.get(document)
        if plan is None:
            from learnsync.planning.snapshot import plan_from_document

            text, index = _document_and_index(connection, document)
            try:
                plan = plan_from_document(_json_loads(text))
            except DAMAGED as error:
                raise DamagedStore(
                    _path_of(connection),
                    "documents",
                    _rows.document_name(document),
                    "text",
                    f"a plan that cannot be read ({type(error).__name__})",
                ) from error
            if isinstance(index, str):
                from learnsync.rules import keep_index

                keep_index(plan, index)
            self.plans[document] = plan
        return plan

    def plan_and_facts(
        self, connection: sqlite3.Connection, document: str
    ) -> tuple[Plan, PlanFacts]:
        plan = self.plan(connection, document)
        facts = self.facts.get(document)
        if facts is None:
            from learnsync.progress import PlanFacts

            facts = self.facts[document] = PlanFacts.of(plan)
        return plan, facts


def _document_and_index(connection: sqlite3.Connection, document: str) -> tuple[Any, Any]:
    """The text of the plan stored as ``document`` and its index kept beside it (``plan_index``:
    None when it is not, or when a damaged store lost the table)."""
    try:
        row = connection.execute(
            "SELECT d.text, k.data FROM documents AS d "
            "LEFT JOIN plan_index AS k ON k.document = d.hash WHERE d.hash = ?",
            (document,),
        ).fetchone()
    except DamagedSchema as error:
        if not error.derived:  # only derived data is lost: the document is read without it
            raise
        row = connection.execute(
            "SELECT text, NULL FROM documents WHERE hash = ?", (document,)
        ).fetchone()
    if row is None:
        raise _lost_document(connection, document)
    return row[0], row[1]


def _lost_document(connection: sqlite3.Connection, document: object) -> DamagedStore:
    """The damage of a plan whose document is not in the store: named by the plan's row."""
    path = _path_of(connection)
    plan = connection.execute(
        "SELECT id FROM plans WHERE plan_document IS ? ORDER BY id LIMIT 1", (document,)
    ).fetchone()
    identifier = plan[0] if plan else "?"
    if type(document) is not str:
        return _rows.plan_damage(path, (identifier, document), ("plan_document",))
    return DamagedStore(
        path, "plans", identifier, "plan_document", "names a document the store does not hold"
    )


def _item_events(
    connection: sqlite3.Connection, enrollment_id: int, items: Collection[str]
) -> list[Event]:
    """The enrollment's events about ``items``, in the order recorded."""
    chosen = list(dict.fromkeys(items))
    found: list[Event] = []
    path = _path_of(connection)
    for start in range(0, len(chosen), 500):
        chunk = chosen[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found += (
            _rows.event(row, path)
            for row in connection.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE enrollment_id = ? "
                f"AND item IN ({marks})",
                (enrollment_id, *chunk),
            )
        )
    found.sort(key=lambda event: event.id)
    return found


def _plan_in_force(connection: sqlite3.Connection, enrollment_id: int) -> tuple[int, str]:
    """(id, plan document) of the enrollment's plan in force: its newest."""
    row = connection.execute(
        "SELECT id, plan_document FROM plans WHERE enrollment_id = ? ORDER BY id DESC LIMIT 1",
        (enrollment_id,),
    ).fetchone()
    plan_id, document = _rows.plan_in_force(row, _path_of(connection), enrollment_id)
    return plan_id, document


def _replayed(
    connection: sqlite3.Connection, enrollment_id: int, plans: _PlanCache
) -> tuple[tuple[int, Plan, int], Replay]:
    """A replay of the enrollment's events under its plan in force, with what its snapshot is
    kept by: (the plan's id, the plan, the last event's id)."""
    from learnsync.progress import replay

    plan_id, document = _plan_in_force(connection, enrollment_id)
    path = _path_of(connection)
    events = [
        _rows.event(row, path)
        for row in connection.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE enrollment_id = ? ORDER BY id",
            (enrollment_id,),
        )
    ]
    plan, facts = plans.plan_and_facts(connection, document)
    last_event_id = max((event.id for event in events), default=0)
    return (plan_id, plan, last_event_id), replay(plan, events, facts)


def _snapshot_after(
    connection: sqlite3.Connection,
    enrollment_id: int,
    before: Replay,
    ids: Sequence[int],
    plans: _PlanCache,
) -> Replay:
    """The enrollment's progress snapshot once the events ``ids`` are appended, ``before``
    being the replay of the events before them under its plan in force: ``before`` carried on
    by those events when it can be (``progress.replay_more``: completions of tasks not done
    yet, the everyday ``done``), else all the events replayed (``_refresh_snapshot``)."""
    from learnsync.progress import replay_more

    plan_id, document = _plan_in_force(connection, enrollment_id)
    wanted, path = set(ids), _path_of(connection)
    added = [  # as stored, so that they count as a replay of what is stored would count them
        _rows.event(row, path)
        for row in connection.execute(  # a range, not one variable an id: any number at once
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE enrollment_id = ? "
            "AND id BETWEEN ? AND ? ORDER BY id",
            (enrollment_id, min(ids), max(ids)),
        )
        if row[0] in wanted
    ]
    plan, facts = plans.plan_and_facts(connection, document)
    carried = replay_more(plan, before, added, facts) if len(added) == len(ids) else None
    if carried is None:
        return _refresh_snapshot(connection, enrollment_id, plans)
    _write_snapshot(connection, enrollment_id, plan_id, plan, max(ids), carried)
    return carried


def _refresh_snapshot(
    connection: sqlite3.Connection, enrollment_id: int, plans: _PlanCache
) -> Replay:
    """Replay the enrollment's events under its plan in force into its progress snapshot;
    return the replay."""
    (plan_id, plan, last_event_id), replayed = _replayed(connection, enrollment_id, plans)
    _write_snapshot(connection, enrollment_id, plan_id, plan, last_event_id, replayed)
    return replayed


def _write_snapshot(
    connection: sqlite3.Connection,
    enrollment_id: int,
    plan_id: int,
    plan: Plan,
    last_event_id: int,
    replayed: Replay,
) -> None:
    """Keep ``replayed`` as the enrollment's progress snapshot under its plan ``plan_id``, up
    to its event ``last_event_id``."""
    import json

    connection.execute(
        "INSERT OR REPLACE INTO progress_snapshots (enrollment_id, plan_id, last_event_id, data) "
        "VALUES (?, ?, ?, ?)",
        (
            enrollment_id,
            plan_id,
            last_event_id,
            json.dumps(replayed.to_json(plan), separators=(",", ":")),
        ),
    )


# What decoding a damaged plan document or snapshot raises (bad JSON, a missing row or key, a
# value of the wrong type): derived data rebuilt from it is then left out, not the whole store.
# what decoding damaged stored text raises (RecursionError: JSON nested past Python's stack)
DAMAGED = (ValueError, LookupError, TypeError, AttributeError, RecursionError)


def rebuild_snapshots(
    connection: sqlite3.Connection,
    plans: _PlanCache | None = None,
    damaged: list[str] | None = None,
) -> int:
    """Every enrollment's progress snapshot, replayed from its events one enrollment at a time
    (inside the caller's transaction); return how many were written. An enrollment whose plan
    or events cannot be decoded (a damaged store) is left without a snapshot, so that its own
    commands read the damage and report it, and every other enrollment's is written; what is
    damaged is added to ``damaged``, one line each."""
    plans = plans or _PlanCache()
    enrollments = connection.execute(
        "SELECT id FROM enrollments WHERE id IN (SELECT enrollment_id FROM plans) ORDER BY id"
    ).fetchall()
    written = 0
    for (enrollment_id,) in enrollments:
        connection.execute("SAVEPOINT snapshot")
        try:
            _refresh_snapshot(connection, enrollment_id, plans)
            written += 1
        except DAMAGED as error:
            if damaged is not None:
                damaged.append(_damage_of(connection, enrollment_id, error))
            connection.execute("ROLLBACK TO snapshot")
            connection.execute(
                "DELETE FROM progress_snapshots WHERE enrollment_id = ?", (enrollment_id,)
            )
        connection.execute("RELEASE snapshot")
    return written


def _damage_of(connection: sqlite3.Connection, enrollment_id: int, error: Exception) -> str:
    """What is damaged in an enrollment whose progress could not be replayed, in one line."""
    if isinstance(error, DamagedStore):
        return str(error)
    return (
        f"store {_path_of(connection)} is damaged: the progress of enrollment {enrollment_id} "
        f"cannot be replayed ({type(error).__name__}); it was left as it is"
    )


def rewrite_snapshots_in_format(connection: sqlite3.Connection, older: int) -> int:
    """Every progress snapshot of format ``older`` that the current format can read, read under
    the plan it was replayed under and written again in the current format, events untouched
    and nothing replayed (inside the caller's transaction); return how many were written."""
    import json

    from learnsync.progress import Replay

    plans = _PlanCache()
    rows = connection.execute(
        "SELECT s.enrollment_id, s.data, p.plan_document FROM progress_snapshots AS s "
        "JOIN plans AS p ON p.id = s.plan_id"
    ).fetchall()
    written = 0
    for enrollment_id, data, document in rows:
        try:
            value = _json_loads(data)
            if value.get("v") != older:
                continue
            plan = plans.plan(connection, document)
            replayed = Replay.from_json(value, plan)
        except DAMAGED:  # left as it is: never read as up to date, its events replayed instead
            continue
        if replayed is None:
            continue
        connection.execute(
            "UPDATE progress_snapshots SET data = ? WHERE enrollment_id = ?",
            (json.dumps(replayed.to_json(plan), separators=(",", ":")), enrollment_id),
        )
        written += 1
    return written


def _plan_text(plan: Plan) -> str:
    import json

    from learnsync.planning.snapshot import stored_document

    return json.dumps(stored_document(plan), ensure_ascii=False, separators=(",", ":"))


def _ids_of(plan: Plan) -> PlanIds:
    sessions = frozenset(session.id for session in plan.sessions)
    return PlanIds(plan.display_timezone, frozenset(item_ids(plan)), sessions, plan.day_start)


def _known_zone(name: object) -> bool:
    """Whether ``name`` is a time zone this machine knows (kept ids name their plan's)."""
    from zoneinfo import ZoneInfo

    if not isinstance(name, str):
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _kept_ids(text: object) -> tuple[frozenset[str], frozenset[str], int | None] | None:
    """The ids, the session ids and the day start kept as ``text`` (``{"ids": [...], "sessions":
    [...], "day_start": minutes}``, lists of strings); None when they are not that (ids kept
    before they said which are sessions are read from the plan until they are written again).
    A day start that is missing (kept before it was) or no day start is None: read from the
    plan when it is needed."""
    import json

    if not isinstance(text, str):
        return None
    try:
        kept = json.loads(text)
    except ValueError:
        return None
    if not isinstance(kept, dict):
        return None
    ids, sessions = kept.get("ids"), kept.get("sessions")
    if not isinstance(ids, list) or not isinstance(sessions, list):
        return None
    try:  # joining texts raises TypeError for anything else among them (a pass in C)
        "".join(ids)
        "".join(sessions)
    except TypeError:
        return None
    day_start = kept.get("day_start")
    if type(day_start) is not int or not 0 <= day_start <= DAY_START_LATEST:
        day_start = None
    return frozenset(ids), frozenset(sessions), day_start


def _put_plan_ids(
    connection: sqlite3.Connection, document: str, plan: Plan, *, replace: bool
) -> None:
    """Keep the ids of ``plan`` (stored as ``document``) beside it; with ``replace``, write
    them again when they are kept already."""
    import json

    if (
        not replace
        and connection.execute("SELECT 1 FROM plan_ids WHERE document = ?", (document,)).fetchone()
    ):
        return
    kept = {
        "ids": item_ids(plan),
        "sessions": [session.id for session in plan.sessions],
        "day_start": plan.day_start,
    }
    connection.execute(
        "INSERT OR REPLACE INTO plan_ids (document, display_timezone, ids) VALUES (?, ?, ?)",
        (document, plan.display_timezone, json.dumps(kept, separators=(",", ":"))),
    )


def rebuild_plan_ids(connection: sqlite3.Connection, plans: _PlanCache | None = None) -> int:
    """The ids of every stored plan, written again from its document (inside the caller's
    transaction); return how many plans."""
    plans = plans or _PlanCache()
    connection.execute("DELETE FROM plan_ids")
    documents = connection.execute("SELECT DISTINCT plan_document FROM plans").fetchall()
    for (document,) in documents:
        try:
            plan = plans.plan(connection, document)
        except DAMAGED:  # a damaged document keeps no ids: done reads them from the plan
            continue
        _put_plan_ids(connection, document, plan, replace=True)
    return len(documents)


def _put_plan_index(
    connection: sqlite3.Connection, document: str, plan: Plan, *, replace: bool
) -> None:
    """Keep what ``rules.PlanIndex`` works out of ``plan`` alone (stored as ``document``) beside
    it; with ``replace``, write it again when it is kept already."""
    from learnsync.rules import PlanIndex, keep_index

    if (
        not replace
        and connection.execute(
            "SELECT 1 FROM plan_index WHERE document = ?", (document,)
        ).fetchone()
    ):
        return
    text = PlanIndex(plan, kept=False).kept()
    connection.execute(
        "INSERT OR REPLACE INTO plan_index (document, data) VALUES (?, ?)", (document, text)
    )
    keep_index(plan, text)  # what this process reads of the plan from now on, too


def rebuild_plan_indexes(connection: sqlite3.Connection, plans: _PlanCache | None = None) -> int:
    """The index of every stored plan (``plan_index``), worked out again from its document
    (inside the caller's transaction); return how many plans."""
    plans = plans or _PlanCache()
    connection.execute("DELETE FROM plan_index")
    documents = connection.execute("SELECT DISTINCT plan_document FROM plans").fetchall()
    for (document,) in documents:
        try:
            plan = plans.plan(connection, document)
            _put_plan_index(connection, document, plan, replace=True)
        except DAMAGED:  # a damaged document keeps no index: it is reported where it is read
            continue
    return len(documents)


def _put_document(connection: sqlite3.Connection, text: str) -> str:
    """Store ``text`` once by its SHA-256; return the hash."""
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    connection.execute("INSERT OR IGNORE INTO documents (hash, text) VALUES (?, ?)", (digest, text))
    return digest


class AlreadyEnrolled(LearnsyncError):
    def __init__(self, learner: str, course_id: str, *, withdrawn: bool = False) -> None:
        super().__init__(
            f"{learner} withdrew from {course_id} and their events are kept; to enroll again, "
            f"erase them first: learnsync unenroll {learner} --course {course_id} --delete-events"
            if withdrawn
            else f"{learner} is already enrolled in {course_id}; to follow an edited course file, "
            f"run: learnsync replan --course PATH --learner {learner}"
        )
        self.learner = learner
        self.course_id = course_id
