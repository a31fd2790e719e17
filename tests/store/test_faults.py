"""The store under concurrent writers and sudden death."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from learnsync.store.database import PlanOptions, open_store
from tests.conftest import tiny_plan

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)

WRITER = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from learnsync.store.database import PlanOptions, open_store
from tests.conftest import tiny_plan
from learnsync.tracking import Event as NewEvent

path, worker, count, go = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
store = open_store(path)
while time.time() < go:
    time.sleep(0.001)
now = datetime.now(timezone.utc)
for number in range(count):
    [event_id] = store.append_events(1, [NewEvent("done", f"w{worker}-t{number}", now)], now=now)
    print(event_id, flush=True)
"""


def _enrolled_store(path: Path) -> None:
    with open_store(path) as store:
        store.enroll(
            "ann",
            "c",
            now=NOW,
            source_path="c.toml",
            source_hash="h",
            source="",
            plan=tiny_plan(),
            options=PlanOptions(),
        )


def test_eight_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    _enrolled_store(path)
    go = time.time() + 1.5
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(worker), "50", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(8)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * 8, [err for _, err in outputs]
    acknowledged = {int(line) for out, _ in outputs for line in out.split()}
    assert len(acknowledged) == 400
    with open_store(path) as store:
        events = store.events(1)
    assert len(events) == 400
    assert {event.item for event in events} == {f"w{w}-t{n}" for w in range(8) for n in range(50)}
    assert {event.id for event in events} == acknowledged


def test_a_writer_killed_mid_write_leaves_a_sound_store_with_every_acknowledged_event(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.sqlite3"
    _enrolled_store(path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "0", "100000", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged = []
    while len(acknowledged) < 300:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else "writer died"
        acknowledged.append(int(line))
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    rest, _ = writer.communicate()
    acknowledged += [int(line) for line in rest.split()]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in connection.execute("SELECT id FROM events")}
    assert set(acknowledged) <= stored
    connection.close()
    with open_store(path) as store:  # and it opens and takes writes again
        assert len(store.events(1)) == len(stored)
