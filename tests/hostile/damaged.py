"""What the tests of damaged stores share: the commands run on them, damage done as another
program would do it, and the rule that a refusal leaves the store as it is."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]

READ_ONLY = [
    ["status", "--learner", "ann"],
    ["next", "--learner", "ann"],
    ["badges", "--learner", "ann"],
    ["enrollments"],
    ["report", "c"],
    ["leaderboard", "c"],
    ["export"],
    ["export", "--format", "xapi"],
    ["remind"],
]
WRITING = [
    ["done", "t", "--learner", "ann"],
    ["undo", "t", "--learner", "ann"],
    ["replan", "--learner", "ann"],
    ["store", "rebuild"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path, *statements: str) -> None:
    """Run ``statements`` on the store as another program would, and leave no log beside it."""
    connection = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        connection.execute(statement)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def refused_or_unaffected(
    store: Path, run_cli: Run, command: list[str], damage_done: list[str], message: str
) -> Result:
    """``command`` on the store damaged by ``damage_done`` is refused with ``message`` (exit
    1), or, when it reads nothing damaged, does what it does on the sound store; and the
    store's file is left as it is, byte for byte, when it is refused or the command only
    reads. Returns the result on the damaged store."""
    copy = store.parent / "sound" / store.name
    copy.parent.mkdir()
    shutil.copyfile(store, copy)
    sound = run_cli("--store", copy, *command)
    damage(store, *damage_done)
    before = digest(store)
    result = run_cli("--store", store, *command)
    if result.exit_code == 1:
        assert (result.exit_code, result.output) == (1, message)
    else:
        assert (result.exit_code, result.output) == (sound.exit_code, sound.output)
    if result.exit_code == 1 or command in READ_ONLY:
        assert digest(store) == before
    return result
