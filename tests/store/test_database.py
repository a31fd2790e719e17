from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from learnsync.store import migrations
from learnsync.store.database import SCHEMA_VERSION, PlanOptions, StoreError, open_store
from learnsync.tracking import Event as NewEvent
from tests.conftest import tiny_plan

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def test_a_new_store_is_created_migrated_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store.sqlite3"
    with open_store(path) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        names = [
            row[0]
            for row in store.connection.execute("SELECT name FROM migrations ORDER BY version")
        ]
        assert names == [name for name, _ in migrations.MIGRATIONS]
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_schema_version_counts_the_migrations() -> None:
    assert len(migrations.MIGRATIONS) == SCHEMA_VERSION


def test_a_store_at_the_schema_version_opens_without_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    open_store(path).close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from learnsync.store.database import open_store\n"
        f"open_store(Path({str(path)!r}), write=False).close()\n"
        "print('learnsync.store.migrations' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout == "False\n"


def test_opening_again_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    open_store(path).close()
    with open_store(path) as store:
        assert store.migrate() == []


def test_a_failing_migration_leaves_neither_its_changes_nor_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite3"
    open_store(path).close()

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half (x)")
        raise RuntimeError("migration failed halfway")

    released = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_broken", broken)])
    monkeypatch.setattr("learnsync.store.database.SCHEMA_VERSION", released + 1)
    with pytest.raises(RuntimeError):
        open_store(path)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == released
    assert (
        connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0]
        == 0
    )
    assert connection.execute("SELECT count(*) FROM migrations").fetchone()[0] == released


def test_a_store_from_a_newer_learnsync_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    open_store(path).close()
    connection = sqlite3.connect(path)
    newer = len(migrations.MIGRATIONS) + 1
    connection.execute(f"PRAGMA user_version = {newer}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(caught.value) == (
        f"store {path} was written by a newer learnsync (schema {newer}; this one knows "
        f"{len(migrations.MIGRATIONS)}): "
        "upgrade learnsync; the store was left as it is"
    )
    assert path.read_bytes() == before


def test_events_are_append_only(tmp_path: Path) -> None:
    with open_store(tmp_path / "store.sqlite3") as store:
        row = store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c.toml",
            source_hash="h",
            source="",
            plan=tiny_plan(),
            options=PlanOptions(),
        )
        store.append_events(row.id, [NewEvent("done", "t", NOW)], now=NOW)
        for statement in ("UPDATE events SET item = 'x'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="events are append-only"):
                store.connection.execute(statement)
        assert [event.item for event in store.events(row.id)] == ["t"]


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert (
        str(caught.value) == f"store {tmp_path} is a folder, not a database file; pass --store FILE"
    )


def test_a_file_that_is_not_sqlite_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert "is not a learnsync store (not an SQLite database)" in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_a_truncated_store_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with open_store(path) as store:
        row = store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c",
            source_hash="h",
            source="x" * 20000,
            plan=tiny_plan(),
            options=PlanOptions(),
        )
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert row.id == 1
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert f"store {path} is truncated: {len(before)} bytes of {len(data)}" in str(caught.value)
    assert path.read_bytes() == before


@pytest.fixture
def read_only_file() -> object:
    """Make a file read-only even for root (the immutable flag), and writable again after."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
            return
        if shutil.which("chattr") is None:
            pytest.skip("root ignores file modes and chattr is missing")
        result = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if result.returncode:
            pytest.skip(f"cannot make a file immutable here: {result.stderr.decode().strip()}")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_store_is_refused_and_left_alone(
    tmp_path: Path, read_only_file: Callable[[Path], None]
) -> None:
    path = tmp_path / "store.sqlite3"
    with open_store(path) as store:
        store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c",
            source_hash="h",
            source="",
            plan=tiny_plan(),
            options=PlanOptions(),
        )
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in tmp_path.glob("store.sqlite3-*"):
        extra.unlink()
    read_only_file(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught, open_store(path) as store:
        store.append_events(1, [NewEvent("done", "t", NOW)], now=NOW)
    assert str(caught.value) == f"store {path} is read-only; nothing was written"
    assert path.read_bytes() == before
