"""(4) A store folder nobody may read, and a store a full disk left behind, each get one clear
line; the second works again once there is room, with no other SQLite client touching it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.store.database import PlanOptions, StoreError, open_store
from tests.conftest import tiny_plan

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)

FILL = """
import resource, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from learnsync.store.database import open_store
from learnsync.tracking import Event as NewEvent

path, limit = Path(sys.argv[1]), int(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
now = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)
with open_store(path) as store:
    events = [NewEvent("done", f"t{number}", now, None, "n" * 1000) for number in range(1000)]
    store.append_events(1, events, now=now)
"""


@pytest.fixture
def locked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "private"
    folder.mkdir()
    open_store(folder / "store.sqlite3").close()
    folder.chmod(0)
    if os.geteuid() == 0:  # root reads any folder: make the refusal the kernel's would be
        real_stat = os.stat

        def denied(path: object, *args: object, **kwargs: object) -> os.stat_result:
            if str(path).startswith(str(folder) + os.sep):
                raise PermissionError(13, "Permission denied", str(path))
            return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "stat", denied)
    yield folder
    folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize(
    "command", [["status", "--learner", "ann"], ["enrollments"], ["done", "t"]]
)
def test_a_store_in_a_folder_nobody_may_read_gets_one_line(
    locked_folder: Path, run_cli: Callable[..., Result], command: list[str]
) -> None:
    store = locked_folder / "store.sqlite3"
    result = run_cli("--store", str(store), *command)
    assert result.exit_code == 1
    assert result.output == (
        f"error: store {store} cannot be read: permission denied (on the file or a folder "
        "above it)\n"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE as a full disk")
def test_a_store_a_full_disk_left_behind_works_again_once_there_is_room(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with open_store(path) as store:
        store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c.toml",
            source_hash="h",
            source="x" * 2_000_000,
            plan=tiny_plan(),
            options=PlanOptions(),
        )
    limit = path.stat().st_size + 300_000  # room for the log, not for the grown file
    filled = subprocess.run(
        [sys.executable, "-c", FILL, str(path), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert filled.returncode == 0, filled.stderr
    header_pages = int.from_bytes(path.read_bytes()[28:32], "big")
    assert header_pages * 4096 > path.stat().st_size  # the checkpoint could not grow the file

    with open_store(path, write=False) as store:  # the disk has room again
        assert len(store.events(1)) == 1000
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(path) as store:
        assert len(store.events(1)) == 1000


def test_a_truncated_store_with_no_log_is_still_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with open_store(path) as store:
        store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c.toml",
            source_hash="h",
            source="x" * 100_000,
            plan=tiny_plan(),
            options=PlanOptions(),
        )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="is truncated"):
        open_store(path)
    assert path.read_bytes() == data[: len(data) // 2]
