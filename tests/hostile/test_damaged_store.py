"""A damaged store (a table or a column of its own lost, a view in its place, a schema version
no learnsync writes, a marked database with nothing in it) gets one clear line and exit 1 from
every command, never an unexpected error (exit 3), and is left as it is, byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from learnsync.store.database import APPLICATION_ID, SCHEMA_VERSION
from tests.hostile.damaged import READ_ONLY, WRITING, Run
from tests.hostile.damaged import damage as _damage
from tests.hostile.damaged import digest as _digest
from tests.hostile.damaged import refused_or_unaffected as _refused_or_unaffected

CORE_TABLES = ["enrollments", "plans", "documents", "events"]
DERIVED_TABLES = ["progress_snapshots", "plan_ids", "plan_index"]


def _lost(path: Path, problem: str) -> str:
    return (
        f"error: store {path} is damaged: {problem}; it was left as it is: restore it from a "
        "backup (learnsync store rebuild cannot make it again)\n"
    )


@pytest.mark.parametrize("command", READ_ONLY + WRITING, ids=" ".join)
@pytest.mark.parametrize("table", CORE_TABLES)
def test_a_store_that_lost_a_table_of_its_own_is_refused_by_name_and_left_alone(
    store: Path, run_cli: Run, table: str, command: list[str]
) -> None:
    message = _lost(store, f"table {table} is missing")
    _refused_or_unaffected(store, run_cli, command, [f"DROP TABLE {table}"], message)


def test_every_read_only_command_that_reads_the_events_refuses_a_store_that_lost_them(
    store: Path, run_cli: Run
) -> None:
    _damage(store, "DROP TABLE events")
    codes = [run_cli("--store", store, *command).exit_code for command in READ_ONLY]
    assert codes == [1] * len(READ_ONLY)


@pytest.mark.parametrize("command", READ_ONLY + WRITING[:3], ids=" ".join)
def test_a_store_that_lost_its_progress_snapshots_names_store_rebuild_and_is_left_alone(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    message = (
        f"error: store {store} is damaged: table progress_snapshots is missing; it was left as "
        "it is: learnsync store rebuild makes it again from the events and plans\n"
    )
    _refused_or_unaffected(store, run_cli, command, ["DROP TABLE progress_snapshots"], message)


def test_the_learner_views_refuse_a_store_that_lost_its_progress_snapshots(
    store: Path, run_cli: Run
) -> None:
    _damage(store, "DROP TABLE progress_snapshots")
    codes = [run_cli("--store", store, *command).exit_code for command in READ_ONLY[:2]]
    assert codes == [1, 1]


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE {table}",
        "ALTER TABLE {table} RENAME TO lost",
        "ALTER TABLE {table} RENAME TO lost; CREATE VIEW {table} AS SELECT * FROM lost",
        "ALTER TABLE {table} DROP COLUMN data",
    ],
    ids=["dropped", "renamed", "a view", "a column lost"],
)
@pytest.mark.parametrize("table", DERIVED_TABLES)
def test_store_rebuild_makes_a_lost_or_damaged_table_of_derived_data_anew(
    store: Path, run_cli: Run, table: str, damage: str
) -> None:
    status = run_cli("--store", store, "status", "--learner", "ann").output
    if table != "progress_snapshots" and "DROP COLUMN" in damage:
        damage = damage.replace("data", "display_timezone" if table == "plan_ids" else "data")
    _damage(store, *damage.format(table=table).split("; "))
    rebuilt = run_cli("--store", store, "store", "rebuild")
    assert (rebuilt.exit_code, rebuilt.output) == (
        0,
        "Rebuilt the progress of 1 enrollment from their events.\n",
    )
    assert run_cli("--store", store, "status", "--learner", "ann").output == status
    connection = sqlite3.connect(store)
    kind = connection.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,))
    assert kind.fetchone() == ("table",)
    assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)


def test_store_rebuild_refuses_a_store_that_lost_a_table_of_its_own_and_leaves_it_alone(
    store: Path, run_cli: Run
) -> None:
    _damage(store, "DROP TABLE events", "DROP TABLE plan_index")
    before = _digest(store)
    result = run_cli("--store", store, "store", "rebuild")
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: table events is missing; table plan_index is missing; "
        "it was left as it is: restore it from a backup (learnsync store rebuild cannot make "
        "them again)\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize("command", [*READ_ONLY[:3], READ_ONLY[4], *WRITING[:3]], ids=" ".join)
@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (
            "ALTER TABLE events RENAME TO old; CREATE VIEW events AS SELECT * FROM old",
            "events is a view, not a table",
        ),
        (
            "ALTER TABLE enrollments DROP COLUMN withdrawn_at",
            "table enrollments lacks column withdrawn_at",
        ),
        ("ALTER TABLE plans DROP COLUMN finish", "table plans lacks column finish"),
        (
            "CREATE TABLE kept AS SELECT enrollment_id, kind, item, at, recorded_at, score, note, "
            "deadline FROM events; DROP TABLE events; ALTER TABLE kept RENAME TO events",
            "table events lacks column id",
        ),
    ],
    ids=[
        "events a view",
        "enrollments without withdrawn_at",
        "plans without finish",
        "events without id",
    ],
)
def test_a_store_with_a_view_in_place_of_a_table_or_a_column_lost_is_refused_and_left_alone(
    store: Path, run_cli: Run, damage: str, problem: str, command: list[str]
) -> None:
    damage = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; " + damage
    message = _lost(store, problem)
    _refused_or_unaffected(store, run_cli, command, damage.split("; "), message)


@pytest.mark.parametrize("command", READ_ONLY + WRITING, ids=" ".join)
@pytest.mark.parametrize("version", [-1, -(2**31)])
def test_a_negative_schema_version_is_refused_before_anything_is_written(
    store: Path, run_cli: Run, version: int, command: list[str]
) -> None:
    _damage(store, f"PRAGMA user_version = {version}")
    before = _digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: its schema version is {version}, which no "
        "learnsync writes; it was left as it is\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize("command", READ_ONLY[:2] + WRITING[:1], ids=" ".join)
def test_a_store_with_tables_at_schema_version_0_is_refused_and_left_alone(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    _damage(store, "PRAGMA user_version = 0")
    before = _digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: its schema version is 0 but it holds tables "
        "(documents, enrollments, erasing, events, learners, ...); it was left as it is\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize("command", READ_ONLY[:2] + WRITING[:1], ids=" ".join)
def test_an_older_schema_version_its_migrations_do_not_record_is_refused_and_left_alone(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    _damage(store, "PRAGMA user_version = 5")
    before = _digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: its table migrations does not record the 5 "
        "migrations of its schema version; it was left as it is\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize("command", READ_ONLY + WRITING, ids=" ".join)
def test_a_marked_database_with_no_tables_at_the_current_schema_is_refused_and_left_alone(
    tmp_path: Path, run_cli: Run, command: list[str]
) -> None:
    path = tmp_path / "marked.sqlite3"
    _damage(
        path,
        f"PRAGMA application_id = {APPLICATION_ID}",
        f"PRAGMA user_version = {SCHEMA_VERSION}",
        "CREATE TABLE t (x)",
        "DROP TABLE t",
    )
    before = _digest(path)
    result = run_cli("--store", path, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {path} is damaged: it is marked as a learnsync store at schema "
        f"{SCHEMA_VERSION} but holds none of its tables; it was left as it is: restore it "
        "from a backup (learnsync store rebuild cannot make them again)\n",
    )
    assert _digest(path) == before


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_read_only_command_leaves_an_empty_file_empty(
    tmp_path: Path, run_cli: Run, command: list[str]
) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    result = run_cli("--store", path, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: there is no store at {path} yet: enroll in a course first\n",
    )
    assert path.read_bytes() == b""


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_read_only_command_leaves_a_store_in_another_journal_mode_as_it_is(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    _damage(store, "PRAGMA journal_mode = DELETE")
    before = _digest(store)
    assert run_cli("--store", store, *command).exit_code in {0, 1}
    assert _digest(store) == before


def _plan_document(store: Path) -> str:
    connection = sqlite3.connect(store)
    (document,) = connection.execute("SELECT plan_document FROM plans").fetchone()
    connection.close()
    return str(document)


PLAN_READERS = [READ_ONLY[index] for index in (0, 1, 2, 4, 5, 7)]


@pytest.mark.parametrize("command", PLAN_READERS, ids=" ".join)
@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        ("$.task_table.title[0]", "12345", "TypeError"),  # a number where a text is kept
        ("$.task_table.title[0]", "null", "TypeError"),
        ("$.task_table.tag_names", '"llm"', "TypeError"),  # a text where a list is kept
        ("$.task_table.modes[0]", '"weekly"', "ValueError"),
        ("$.task_table.module", '"B01"', "IndexError"),  # a position past the modules
        ("$.task_table.requires", '["t"]', "TypeError"),  # an id where its position is kept
        ("$.task_table.requires_counts", '"bff"', "ValueError"),  # a negative count
        ("$.task_table.tag_counts", '"B01"', "ValueError"),  # a tag more than there are
        ("$.task_table.kind", '"d0000000000000000"', "ValueError"),  # floats
        ("$.course.title", "12345", "TypeError"),
        ("$.display_timezone", '"Mars/Olympus_Mons"', "ZoneInfoNotFoundError"),
    ],
    ids=[
        "title a number",
        "title null",
        "tags a text",
        "mode unknown",
        "module past the end",
        "requires ids",
        "count negative",
        "counts too many",
        "packed floats",
        "course title",
        "zone",
    ],
)
def test_a_plan_with_a_value_of_the_wrong_type_is_refused_as_damaged_and_left_alone(
    store: Path, run_cli: Run, path: str, value: str, error: str, command: list[str]
) -> None:
    document = _plan_document(store)
    _damage(
        store,
        f"UPDATE documents SET text = json_set(text, '{path}', json('{value}')) "
        f"WHERE hash = '{document}'",
    )
    before = _digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: documents row {document[:12]}, column text: a plan "
        f"that cannot be read ({error}); it was left as it is\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize("command", [*PLAN_READERS[:4], READ_ONLY[3]], ids=" ".join)
@pytest.mark.parametrize(
    ("damage", "where", "problem"),
    [
        (
            "UPDATE enrollments SET created_at = 'garbage'",
            "enrollments row 1, column created_at",
            "a text that is no ISO date-time",
        ),
        (
            "UPDATE enrollments SET created_at = 12345",
            "enrollments row 1, column created_at",
            "a text that is no ISO date-time",
        ),
        (
            "UPDATE enrollments SET course_id = x'00ff'",
            "enrollments row 1, column course_id",
            "a blob where a text is kept",
        ),
        (
            "UPDATE plans SET created_at = x'00ff'",
            "plans row 1, column created_at",
            "a blob where an ISO date-time is kept",
        ),
        (
            "UPDATE plans SET finish = 'the end'",
            "plans row 1, column finish",
            "a text that is no ISO date",
        ),
    ],
    ids=["enrolled not a date", "enrolled a number", "course bytes", "plan made bytes", "finish"],
)
def test_a_row_holding_a_value_of_the_wrong_type_is_refused_as_damaged_and_left_alone(
    store: Path, run_cli: Run, damage: str, where: str, problem: str, command: list[str]
) -> None:
    _damage(store, "DROP TRIGGER plans_no_update", damage)
    before = _digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: {where}: {problem}; it was left as it is\n",
    )
    assert _digest(store) == before


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ("garbage", "JSONDecodeError"),
        ("12345", "TypeError"),
        ("[]", "TypeError"),
        # the values inside: each made the next plan's maths fail (exit 3) before
        ('{"daily_minutes": "abc"}', "ValueError"),
        ('{"daily_minutes": 100000}', "ValueError"),
        ('{"workdays": ["funday"]}', "ValueError"),
        ('{"workdays": "mon"}', "ValueError"),
        ('{"mode": 5}', "ValueError"),
        ('{"timezone": 7}', "ValueError"),
        ('{"day_start": "04:00"}', "ValueError"),
        ('{"day_start": true}', "ValueError"),
        ('{"end": "2027-03-01", "max_daily_minutes": "x"}', "ValueError"),
        ('{"blackouts": [{"from": "2027-01-10", "to": "2027-01-12", "title": 5}]}', "TypeError"),
    ],
)
@pytest.mark.parametrize("command", [["status"], ["next"], ["replan"]], ids=" ".join)
def test_a_plan_whose_options_are_damaged_is_refused_as_damaged_and_left_alone(
    store: Path, run_cli: Run, options: str, error: str, command: list[str]
) -> None:
    _damage(store, "DROP TRIGGER plans_no_update", f"UPDATE plans SET options = '{options}'")
    before = _digest(store)
    result = run_cli("--store", store, *command, "--learner", "ann")
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: plans row 1, column options: plan options that "
        f"cannot be read ({error}); it was left as it is\n",
    )
    assert _digest(store) == before
