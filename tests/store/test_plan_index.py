"""What ``rules.PlanIndex`` works out of a stored plan alone is kept beside the plan: ``next`` and
``status`` read it instead of going over every task. Derived data: written with every plan,
built for older stores by their migration, written again by ``learnsync store rebuild``; when
a damaged store has lost it or holds something else in its place, the index is worked out from
the tasks and nothing changes but the time it takes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.enrollments import record
from learnsync.store import migrations
from learnsync.store.database import open_store
from tests.store.test_snapshots import START, assert_plan_indexes_kept, enroll_team, rewind

Run = Callable[..., Result]


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """ana and bo in the git course, ana with ``read`` done, a week in."""
    store_path = enroll_team(tmp_path, ["ana", "bo"])
    with open_store(store_path) as store:
        record(store, "ana", ["read"], now=START + timedelta(hours=2))
    monkeypatch.setenv("LEARNSYNC_STORE", str(store_path))
    monkeypatch.setenv("LEARNSYNC_NOW", (START + timedelta(days=7)).isoformat())
    yield store_path


def test_every_plan_keeps_its_index_from_enroll_and_replan(team: Path, run_cli: Run) -> None:
    assert run_cli("replan", "-l", "bo", "--daily", "2h").exit_code == 0
    with open_store(team, write=False) as store:
        assert_plan_indexes_kept(store)
        assert store.connection.execute("SELECT count(*) FROM plan_index").fetchone() == (2,)


def test_next_and_status_are_the_same_when_a_damaged_store_lost_the_index(
    team: Path, run_cli: Run
) -> None:
    def outputs() -> list[tuple[int, str, str]]:
        results = [
            run_cli(command, "-l", learner, *output)
            for command in ("next", "status")
            for learner in ("ana", "bo")
            for output in ((), ("-f", "json"))
        ]
        return [(result.exit_code, result.stdout, result.stderr) for result in results]

    kept = outputs()
    assert all(code == 0 for code, _, _ in kept)
    assert '"overdue": [' in kept[1][1]
    connection = sqlite3.connect(team)
    (data,) = connection.execute("SELECT data FROM plan_index").fetchone()
    edits = [  # what the kept index holds in place of the one written: (this, in place of that)
        ("not json", data),
        ("[1, 2]", data),
        ('"v":0', '"v":1'),  # another format
        ("", '"v":1,'),
        ('"days":["2027-13-01",', '"days":['),
        ('"day_sets":["-', '"day_sets":["'),  # not a set
        ('"day_sets":["fff', '"day_sets":["'),  # tasks the plan has not
        ('"optional":"z', '"optional":"'),
        ('"planned":["60",', '"planned":['),
        ('"scheduled":1', '"scheduled":true'),
        ('"lasts":["0","', '"lasts":["'),
        ("[" * 100_000, data),  # nested past Python's stack
    ]
    for this, that in edits:
        assert that in data
        connection.execute("UPDATE plan_index SET data = ?", (data.replace(that, this),))
        connection.commit()
        assert outputs() == kept, this
    for damage in (
        "UPDATE plan_index SET data = x'00ff'",
        "DELETE FROM plan_index",
        "DROP TABLE plan_index",
    ):
        connection.execute(damage)
        connection.commit()
        assert outputs() == kept, damage
    connection.close()
    assert run_cli("store", "rebuild").exit_code == 0  # a lost table is made again
    with open_store(team, write=False) as store:
        assert_plan_indexes_kept(store)


def back_to_before_plan_indexes(team: Path) -> None:
    """Make the store at ``team`` one from before migration 0019: no plan indexes kept."""
    connection = sqlite3.connect(team)
    connection.execute("DROP TABLE plan_index")
    rewind(connection, "0019_keep_plan_indexes")
    connection.commit()
    connection.close()


def test_opening_a_store_from_before_plan_indexes_keeps_them_for_every_plan(team: Path) -> None:
    back_to_before_plan_indexes(team)
    with open_store(team) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        assert_plan_indexes_kept(store)


def test_erasing_a_learner_keeps_only_the_indexes_of_plans_still_stored(
    team: Path, run_cli: Run, write_course: Callable[..., Path]
) -> None:
    other = write_course(
        '[course]\nid = "solo"\ntitle = "Solo"\n\n[[module]]\nid = "m"\ntitle = "M"\n\n'
        '[[module.task]]\nid = "t"\ntitle = "T"\neffort = "1h"\n'
    )
    assert run_cli("enroll", other, "-l", "cy", "--start", "2027-01-04").exit_code == 0
    with open_store(team, write=False) as store:
        assert store.connection.execute("SELECT count(*) FROM plan_index").fetchone() == (2,)
    assert run_cli("unenroll", "cy", "--delete-events").exit_code == 0
    with open_store(team, write=False) as store:
        assert store.connection.execute("SELECT count(*) FROM plan_index").fetchone() == (1,)
        assert_plan_indexes_kept(store)


def test_a_plan_whose_index_cannot_be_worked_out_holds_up_no_other_plan(
    team: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migrating a store in which one plan decodes but its index cannot be worked out (values
    of the wrong type in a damaged store): that plan is left without an index, reported where
    it is read, and every other plan keeps its own; the store is migrated all the same."""
    from learnsync import rules

    assert run_cli("replan", "-l", "bo", "--daily", "2h").exit_code == 0
    kept = rules.PlanIndex.kept

    def damaged(self: rules.PlanIndex) -> str:
        if self.plan.daily_minutes == 120:  # bo's plan
            raise TypeError("'NoneType' object cannot be interpreted as an integer")
        return kept(self)

    monkeypatch.setattr(rules.PlanIndex, "kept", damaged)
    back_to_before_plan_indexes(team)
    with open_store(team) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        assert store.connection.execute("SELECT count(*) FROM plan_index").fetchone() == (1,)
    monkeypatch.setattr(rules.PlanIndex, "kept", kept)
    assert run_cli("status", "-l", "ana").exit_code == 0
