"""(14) Parallel `done` and `undo` runs for one learner record exactly one event each."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.helpers import COURSE, learnsync

RUNS = 16
# Each process loads learnsync first, then waits for the same instant to run the command, so
# that the runs really overlap.
AT_ONCE = """
import sys, time
import learnsync.cli, learnsync.commands.record, learnsync.planning.snapshot, learnsync.tracking
go = float(sys.argv[1])
while time.time() < go:
    time.sleep(0.001)
sys.argv = ["learnsync", *sys.argv[2:]]
learnsync.cli.main()
"""


def _course(tasks: int) -> str:
    lines = ['[course]\nid = "c"\ntitle = "C"\n\n[[module]]\nid = "m"\ntitle = "M"\n']
    for number in range(1, tasks + 1):
        lines.append(f'[[module.task]]\nid = "task-{number}"\ntitle = "T"\neffort = "30m"\n')
    return "\n".join(lines)


def _parallel(store: Path, *args: str, runs: int = RUNS) -> list[subprocess.CompletedProcess[str]]:
    environment = {**os.environ, "LEARNSYNC_STORE": str(store)}
    go = str(time.time() + 3)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", AT_ONCE, go, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(runs)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def _events(store: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(store)
    try:
        return connection.execute("SELECT kind, item FROM events ORDER BY id").fetchall()
    finally:
        connection.close()


def test_sixteen_parallel_done_record_one_completion(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    course = tmp_path / "course.toml"
    course.write_text(_course(300), encoding="utf-8")
    enrolled = learnsync(
        "enroll", str(course), "--learner", "ann", env={"LEARNSYNC_STORE": str(store)}
    )
    assert enrolled.returncode == 0, enrolled.stderr

    results = _parallel(store, "done", "task-300", "--learner", "ann", "--format", "json")

    assert [result.returncode for result in results] == [0] * RUNS, [r.stderr for r in results]
    documents = [json.loads(result.stdout) for result in results]
    assert sorted(len(document["recorded"]) for document in documents) == [0] * (RUNS - 1) + [1]
    assert sum(len(document["already_done"]) for document in documents) == RUNS - 1
    assert _events(store) == [("done", "task-300")]


def test_sixteen_parallel_undo_take_the_completion_back_once(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    course = tmp_path / "course.toml"
    course.write_text(COURSE, encoding="utf-8")
    environment = {"LEARNSYNC_STORE": str(store)}
    assert learnsync("enroll", str(course), "--learner", "ann", env=environment).returncode == 0
    assert learnsync("done", "t", "--learner", "ann", env=environment).returncode == 0

    results = _parallel(store, "undo", "t", "--learner", "ann", runs=8)

    assert sorted(result.returncode for result in results) == [0] + [1] * 7
    refused = {result.stderr for result in results if result.returncode}
    assert refused == {"error: 't' is not done, so there is nothing to undo\n"}
    assert _events(store) == [("done", "t"), ("undone", "t")]
