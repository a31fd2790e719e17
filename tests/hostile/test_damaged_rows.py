"""A store row holding a value of another type than its column keeps (SQLite keeps any value
in any column: a store edited by hand or by another program) is damage: one line naming the
store, the table, the row and the column, exit 1 from every command that reads it, never an
unexpected error (exit 3); the store is left as it is, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.damaged import READ_ONLY, WRITING, Run, damage, digest, refused_or_unaffected

# Another program's edit: the triggers that keep events and plans append-only and the CHECK
# constraints do not stop it (an older sqlite3 shell, a tool that rewrites the table).
UNGUARDED = [
    "PRAGMA ignore_check_constraints = ON",
    "DROP TRIGGER events_no_update",
    "DROP TRIGGER plans_no_update",
    "DROP TRIGGER plans_no_delete",
]
# An event appended by another program (ann's task recorded done again, which changes nothing):
# the progress snapshot is then out of date, and every command that needs her progress reads
# the events.
ANOTHER_EVENT = [
    "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) "
    "SELECT enrollment_id, kind, item, at, recorded_at FROM events",
]
EVENTS = [
    ("item = x'00ff'", "item", "a blob where a text is kept"),
    ("kind = 'finished'", "kind", "a text that is not done, undone or attended"),
    ("kind = x'01'", "kind", "a blob where done, undone or attended is kept"),
    ("at = 'yesterday'", "at", "a text that is no ISO date-time"),
    ("at = '2027-01-01T12:00:00'", "at", "a date-time without its UTC offset"),
    ("at = x'00'", "at", "a blob where an ISO date-time is kept"),
    ("at = '9999-12-31T23:59:59+00:00'", "at", "a date-time outside the years 2000 to 2200"),
    ("recorded_at = 20270101", "recorded_at", "a date-time without its UTC offset"),
    ("score = 'high'", "score", "a text where a number from 0 to 1 is kept"),
    ("score = 7.5", "score", "a number outside 0 to 1"),
    ("score = x'00'", "score", "a blob where a number from 0 to 1 is kept"),
    ("note = x'00ff'", "note", "a blob where a text is kept"),
    ("deadline = 'soon'", "deadline", "a text that is no ISO date-time"),
]
EVENT_IDS = [
    "item blob",
    "kind unknown",
    "kind blob",
    "at no date",
    "at no offset",
    "at blob",
    "at far future",
    "recorded a number",
    "score text",
    "score above 1",
    "score blob",
    "note blob",
    "deadline no date",
]
# What commands do not read of the events, and so work on as on the sound store: next needs
# only their kinds and items (the done set), the xAPI export no note, deadline or time recorded,
# and done only the events of the ids it is given (an item that is a blob names none of them).
UNREAD = {
    "next --learner ann": {"at", "recorded_at", "score", "note", "deadline"},
    "export --format xapi": {"recorded_at", "note", "deadline"},
    "done t --learner ann": {"item"},
}


@pytest.mark.parametrize("command", READ_ONLY + WRITING[:3], ids=" ".join)
@pytest.mark.parametrize(("change", "column", "problem"), EVENTS, ids=EVENT_IDS)
def test_an_event_of_the_wrong_type_is_refused_by_row_and_column_and_left_alone(
    store: Path, run_cli: Run, change: str, column: str, problem: str, command: list[str]
) -> None:
    message = (
        f"error: store {store} is damaged: events row 2, column {column}: {problem}; "
        "it was left as it is\n"
    )
    damage(store, *ANOTHER_EVENT)
    result = refused_or_unaffected(
        store, run_cli, command, [*UNGUARDED, f"UPDATE events SET {change} WHERE id = 2"], message
    )
    assert result.exit_code == (0 if column in UNREAD.get(" ".join(command), ()) else 1)


@pytest.mark.parametrize("command", READ_ONLY[:2] + READ_ONLY[6:8], ids=" ".join)
def test_the_first_damaged_event_of_several_is_named(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    damage(
        store,
        *UNGUARDED,
        "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) "
        "SELECT enrollment_id, 'undone', item, at, recorded_at FROM events",
        "UPDATE events SET kind = 'gone' WHERE id = 2",
        "UPDATE events SET item = x'00' WHERE id = 1",
    )
    before = digest(store)
    result = run_cli("--store", store, *command)
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: events row 1, column item: a blob where a text is "
        "kept; it was left as it is\n",
    )
    assert digest(store) == before


@pytest.mark.parametrize("command", WRITING[:3], ids=" ".join)
def test_a_writing_command_on_a_damaged_event_writes_nothing(
    store: Path, run_cli: Run, command: list[str]
) -> None:
    """``replan`` wrote its new plan before the damage showed where the events were printed."""
    damage(store, *UNGUARDED, "UPDATE events SET item = x'00ff' WHERE id = 1")
    before = digest(store)
    result = run_cli("--store", store, *command)
    assert result.exit_code == 1
    assert digest(store) == before


LEARNERS = [
    ("display_name", "x'00ff'", "a blob where a text is kept"),
    ("email", "x'00'", "a blob where a text is kept"),
    ("timezone", "x'00'", "a blob where a text is kept"),
]


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
@pytest.mark.parametrize(("column", "value", "problem"), LEARNERS, ids=[c[0] for c in LEARNERS])
def test_a_learner_of_the_wrong_type_is_refused_by_row_and_column(
    store: Path, run_cli: Run, column: str, value: str, problem: str, command: list[str]
) -> None:
    message = (
        f"error: store {store} is damaged: learners row 1, column {column}: {problem}; "
        "it was left as it is\n"
    )
    change = (
        "INSERT INTO learners (name, display_name, email, timezone, updated_at) "
        "VALUES ('ann', 'Ann', 'ann@example.org', 'UTC', '2027-01-01T12:00:00+00:00')",
        f"UPDATE learners SET {column} = {value}",
    )
    result = refused_or_unaffected(store, run_cli, command, list(change), message)
    reads_learners = command[0] in ("report", "leaderboard", "remind") or "xapi" in command
    assert result.exit_code == (1 if reads_learners else 0)


@pytest.mark.parametrize("command", [*READ_ONLY[:2], READ_ONLY[4], *WRITING[:3]], ids=" ".join)
@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (
            "UPDATE enrollments SET learner = x'00'",
            "enrollments row 1, column learner",
            "a blob where a text is kept",
        ),
        (
            "UPDATE plans SET reason = x'00'",
            "plans row 1, column reason",
            "a blob where a text is kept",
        ),
        (
            "UPDATE plans SET plan_document = x'00'",
            "plans row 1, column plan_document",
            "a blob where a text is kept",
        ),
        ("DELETE FROM plans", "enrollments row 1, column id", "an enrollment with no plan"),
        (
            "UPDATE plans SET enrollment_id = 9",
            "enrollments row 1, column id",
            "an enrollment with no plan",
        ),
    ],
    ids=["learner blob", "reason blob", "document blob", "no plan", "plan of no enrollment"],
)
def test_an_enrollment_or_plan_row_of_the_wrong_type_or_pointing_nowhere_is_refused(
    store: Path, run_cli: Run, change: str, where: str, problem: str, command: list[str]
) -> None:
    message = f"error: store {store} is damaged: {where}: {problem}; it was left as it is\n"
    refused_or_unaffected(store, run_cli, command, [*UNGUARDED, change], message)


def test_a_sync_refuses_a_statement_id_that_is_no_text_and_sends_nothing(
    store: Path, run_cli: Run
) -> None:
    damage(
        store,
        "INSERT INTO lrs_sent (lrs, statement_id, sent_at) VALUES "
        "('http://127.0.0.1:9/xAPI/statements', x'00ff', '2027-01-01T12:00:00+00:00')",
    )
    before = digest(store)
    result = run_cli("--store", store, "sync", "--lrs", "http://127.0.0.1:9/xAPI/")
    assert (result.exit_code, result.output) == (
        1,
        f"error: store {store} is damaged: lrs_sent row of http://127.0.0.1:9/xAPI/statements, "
        "column statement_id: a blob where a text is kept; it was left as it is\n",
    )
    assert digest(store) == before


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("--keep-events", "Withdrew ann from c; their 2 events are kept, out of the team views."),
        ("--delete-events", "Erased ann's enrollment in c with its 2 events and plans."),
    ],
)
def test_a_learner_whose_events_are_damaged_can_still_be_withdrawn_or_erased(
    store: Path, run_cli: Run, option: str, said: str
) -> None:
    """What takes the damage out of every view needs none of it decoded."""
    damage(store, *UNGUARDED, *ANOTHER_EVENT, "UPDATE events SET item = x'00ff' WHERE id = 2")
    result = run_cli("--store", store, "unenroll", "ann", option)
    assert (result.exit_code, result.output) == (0, f"{said}\n")
    listed = run_cli("--store", store, "enrollments")
    assert (listed.exit_code, listed.output) == (0, "No enrollments yet: learnsync enroll PATH\n")


def test_store_rebuild_names_each_enrollment_it_leaves_out_and_exits_1(
    store: Path, run_cli: Run
) -> None:
    damage(store, *UNGUARDED, *ANOTHER_EVENT, "UPDATE events SET at = 'soon' WHERE id = 2")
    result = run_cli("--store", store, "store", "rebuild")
    assert (result.exit_code, result.output) == (
        1,
        "Rebuilt the progress of 0 enrollments from their events; 1 left out, their rows "
        f"damaged.\nerror: store {store} is damaged: events row 2, column at: a text that is no "
        "ISO date-time; it was left as it is\n",
    )
    as_json = run_cli("--store", store, "store", "rebuild", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.output)) == (
        1,
        {
            "schema_version": 1,
            "path": str(store),
            "rebuilt": 0,
            "damaged": [
                f"store {store} is damaged: events row 2, column at: a text that is no ISO "
                "date-time; it was left as it is"
            ],
        },
    )
