"""(1) Another application's SQLite database is never a store: every command refuses it and
leaves it as it was, byte for byte, with no -wal or -shm file beside it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.store.database import APPLICATION_ID, StoreError, open_store
from learnsync.store.migrations import MIGRATIONS, mark_store
from tests.hostile.helpers import COURSE, snapshot

COMMANDS = [
    ["status", "--learner", "ann"],
    ["badges", "--learner", "ann"],
    ["next", "--learner", "ann"],
    ["enrollments"],
    ["done", "t", "--learner", "ann"],
    ["undo", "t", "--learner", "ann"],
    ["replan", "--learner", "ann"],
    ["enroll", "COURSE", "--learner", "ann"],
    ["remind"],
    ["export"],
    ["export", "--format", "xapi"],
    ["report", "c"],
    ["leaderboard", "c"],
    ["sync", "--lrs", "http://127.0.0.1:9/xAPI/"],
]


def _foreign_database(path: Path, *, user_version: int, wal: bool) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers (name) VALUES ('Ada'), ('Grace')")
    connection.execute(f"PRAGMA user_version = {user_version}")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command))
@pytest.mark.parametrize("user_version", [0, 3, 5, 99])
def test_every_command_refuses_another_applications_database_and_leaves_it_alone(
    tmp_path: Path,
    run_cli: Callable[..., Result],
    command: list[str],
    user_version: int,
) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    database = folder / "app.db"
    _foreign_database(database, user_version=user_version, wal=user_version % 2 == 1)
    course = tmp_path / "course.toml"
    course.write_text(COURSE, encoding="utf-8")
    before = snapshot(folder)
    arguments = [str(course) if part == "COURSE" else part for part in command]
    result = run_cli("--store", str(database), *arguments)
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"error: store {database} is an SQLite database of another application, not a "
        "learnsync store; it was left as it is: pass --store with another file\n"
    )
    assert snapshot(folder) == before


def test_an_empty_sqlite_database_may_become_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a database with nothing in it
    path.write_bytes(b"")
    with open_store(path) as store:
        assert store.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_new_store_carries_learnsyncs_mark(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    open_store(path).close()
    assert int.from_bytes(path.read_bytes()[68:72], "big") == APPLICATION_ID


def test_a_store_made_before_the_mark_is_marked_by_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(
        "CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"
    )
    before_the_mark = [migration for _, migration in MIGRATIONS].index(mark_store)
    for number, (name, migration) in enumerate(MIGRATIONS[:before_the_mark], 1):
        migration(connection)
        connection.execute(
            "INSERT INTO migrations VALUES (?, ?, '2026-01-01T00:00:00+00:00')", (number, name)
        )
    connection.execute(f"PRAGMA user_version = {before_the_mark}")
    connection.close()
    with open_store(path, write=False) as store:
        assert store.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.schema_version() == len(MIGRATIONS)
        marked = store.connection.execute(
            "SELECT name FROM migrations WHERE version = ?", (before_the_mark + 1,)
        )
        assert marked.fetchone()[0] == MIGRATIONS[before_the_mark][0]


def test_a_database_with_a_migrations_table_of_its_own_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO migrations VALUES (1, '20240101_users')")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        open_store(path)
    assert path.read_bytes() == before
    assert sorted(item.name for item in tmp_path.iterdir()) == ["app.db"]


def test_a_database_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        open_store(path, write=False)
    assert path.read_bytes() == before


def test_a_fifo_named_as_the_store_is_refused_without_waiting(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    import os
    import stat

    fifo = tmp_path / "store.sqlite3"
    os.mkfifo(fifo)
    for command in (["status", "--learner", "ann"], ["done", "t", "--learner", "ann"]):
        result = run_cli("--store", str(fifo), *command)
        assert (result.exit_code, result.output) == (
            1,
            f"error: store {fifo} is not a regular file; pass --store FILE\n",
        )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_to_nothing_named_as_the_store_is_refused_and_left(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    link = tmp_path / "store.sqlite3"
    link.symlink_to(tmp_path / "elsewhere" / "store.sqlite3")
    course = tmp_path / "course.toml"
    course.write_text(COURSE, encoding="utf-8")
    result = run_cli("--store", str(link), "enroll", str(course), "--learner", "ann")
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {link} is a symbolic link to nothing; pass --store FILE\n",
    )
    assert link.is_symlink()
    assert not (tmp_path / "elsewhere").exists()
