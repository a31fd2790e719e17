"""The ids each stored plan holds and its learner's time zone are kept beside the plan: ``done``
finds the enrollment holding an id and tells an id done already from them, without decoding the
plan. Derived data: written with every plan, built for older stores by their migration, written
again by ``learnsync store rebuild``; when a damaged store has lost them, the plan is decoded and
nothing changes but the time it takes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.enrollments import record
from learnsync.enrollments.access import read_enrollment
from learnsync.planning import snapshot
from learnsync.store import database, migrations
from learnsync.store.database import open_store
from learnsync.tracking import Event
from tests.store.test_snapshots import START, assert_plan_ids_kept, enroll_team, rewind

Run = Callable[..., Result]


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """ana and bo in the git course, ana with ``read`` done."""
    store_path = enroll_team(tmp_path, ["ana", "bo"])
    with open_store(store_path) as store:
        record(store, "ana", ["read"], now=START + timedelta(hours=2))
    monkeypatch.setenv("LEARNSYNC_STORE", str(store_path))
    monkeypatch.setenv("LEARNSYNC_NOW", (START + timedelta(days=1)).isoformat())
    yield store_path


def test_every_plan_keeps_its_ids_from_enroll_and_replan(team: Path, run_cli: Run) -> None:
    assert run_cli("replan", "-l", "bo", "--daily", "2h").exit_code == 0
    with open_store(team, write=False) as store:
        assert_plan_ids_kept(store)
        assert store.connection.execute("SELECT count(*) FROM plan_ids").fetchone() == (2,)


def test_done_of_an_id_done_already_does_not_decode_the_plan(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(document: object) -> None:
        raise AssertionError("the plan was decoded")

    monkeypatch.setattr(snapshot, "plan_from_document", refuse)
    with open_store(team) as store:
        done = record(store, "ana", ["read"], now=START + timedelta(days=1))
    assert (done.already, done.events) == ([("read", START + timedelta(hours=2))], [])


def test_done_and_its_errors_are_the_same_when_a_damaged_store_lost_the_ids(
    team: Path, run_cli: Run
) -> None:
    def outputs() -> list[tuple[int, str, str]]:
        results = [
            run_cli("done", "read", "-l", "ana"),
            run_cli("done", "read", "-l", "ana", "-f", "json"),
            run_cli("done", "raed", "-l", "ana"),
        ]
        return [(result.exit_code, result.stdout, result.stderr) for result in results]

    kept = outputs()
    assert kept[0][1].startswith("Already done: read (on Mon 04 Jan)")
    assert kept[2][0] == 1 and "did you mean 'read'" in kept[2][2]
    connection = sqlite3.connect(team)
    for damage in (
        "UPDATE plan_ids SET ids = 'not json'",
        "UPDATE plan_ids SET ids = '{\"read\": 1}'",
        "UPDATE plan_ids SET ids = '[1, 2]'",
        "UPDATE plan_ids SET ids = x'00ff'",
        "UPDATE plan_ids SET display_timezone = 7",
        "UPDATE plan_ids SET display_timezone = 'Not/AZone'",
        "UPDATE plan_ids SET ids = '[\"write\"]'",  # read lost
        'UPDATE plan_ids SET ids = \'{"ids": ["read"]}\'',  # which are sessions lost
        'UPDATE plan_ids SET ids = \'{"ids": ["read"], "sessions": [1]}\'',
        "DELETE FROM plan_ids",
    ):
        connection.execute(damage)
        connection.commit()
        assert outputs() == kept, damage
    connection.close()
    assert run_cli("store", "rebuild").exit_code == 0
    with open_store(team, write=False) as store:
        assert_plan_ids_kept(store)


def test_opening_a_store_from_before_plan_ids_keeps_them_for_every_plan(team: Path) -> None:
    connection = sqlite3.connect(team)
    connection.execute("DROP TABLE plan_ids")
    rewind(connection, "0016_keep_plan_ids")
    connection.commit()
    connection.close()
    with open_store(team) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        assert_plan_ids_kept(store)


def test_erasing_a_learner_keeps_only_the_ids_of_plans_still_stored(
    team: Path, run_cli: Run, write_course: Callable[..., Path]
) -> None:
    other = write_course(
        '[course]\nid = "solo"\ntitle = "Solo"\n\n[[module]]\nid = "m"\ntitle = "M"\n\n'
        '[[module.task]]\nid = "t"\ntitle = "T"\neffort = "1h"\n'
    )
    assert run_cli("enroll", other, "-l", "cy", "--start", "2027-01-04").exit_code == 0
    with open_store(team, write=False) as store:
        assert store.connection.execute("SELECT count(*) FROM plan_ids").fetchone() == (2,)
    assert run_cli("unenroll", "cy", "--delete-events").exit_code == 0
    with open_store(team, write=False) as store:
        assert store.connection.execute("SELECT count(*) FROM plan_ids").fetchone() == (1,)
        assert_plan_ids_kept(store)


def test_a_session_everyone_attended_already_is_said_so_for_each(team: Path, run_cli: Run) -> None:
    first = run_cli("done", "kickoff", "-l", "ana", "-l", "bo")
    assert (first.exit_code, first.stdout) == (0, "Attended: kickoff (Kickoff): ana, bo\n")
    again = run_cli("done", "kickoff", "-l", "ana", "-l", "bo")
    assert (again.exit_code, again.stdout) == (
        0,
        "Already recorded, not counted twice: kickoff (Kickoff): ana, bo\n",
    )


def test_a_damaged_plan_document_leaves_the_migrations_to_every_other_enrollment(
    team: Path, run_cli: Run
) -> None:
    assert run_cli("replan", "-l", "ana", "--daily", "2h").exit_code == 0  # a plan of her own
    before = run_cli("next", "-l", "bo")
    connection = sqlite3.connect(team)
    connection.execute("DROP TABLE plan_ids")
    connection.execute("DROP TRIGGER plans_no_update")  # as a store some tool rewrote may be
    rewind(connection, "0016_keep_plan_ids")
    connection.execute(
        "UPDATE documents SET text = '{not json' WHERE hash = (SELECT plan_document FROM plans "
        "WHERE enrollment_id = (SELECT id FROM enrollments WHERE learner = 'ana') "
        "ORDER BY id DESC LIMIT 1)"
    )
    connection.commit()
    connection.close()
    after = run_cli("next", "-l", "bo")  # migrates the store: 0016 to the last
    assert (after.exit_code, after.stdout, after.stderr) == (0, before.stdout, "")
    with open_store(team, write=False) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        assert store.connection.execute("SELECT count(*) FROM plan_ids").fetchone() == (1,)
        kept = store.connection.execute(
            "SELECT count(*) FROM progress_snapshots AS s JOIN enrollments AS n "
            "ON n.id = s.enrollment_id WHERE n.learner = 'ana'"
        ).fetchone()
        assert kept == (0,)  # replayed where it is read, and the damage reported there
    damaged = run_cli("next", "-l", "ana")
    assert damaged.exit_code == 1
    assert damaged.stderr.startswith(f"error: store {team} is damaged: documents row ")
    assert damaged.stderr.endswith(
        ", column text: a plan that cannot be read (JSONDecodeError); it was left as it is\n"
    )


def test_what_record_did_not_read_is_an_error_to_ask_for_not_made_up(team: Path) -> None:
    with open_store(team) as store:
        done = record(store, "ana", ["read"], now=START + timedelta(days=1))
    assert done.already == [("read", START + timedelta(hours=2))]
    with pytest.raises(LookupError, match=r"^the enrollment was read without its events$"):
        done.enrollment.events  # noqa: B018
    with pytest.raises(LookupError, match=r"^the enrollment's plan was not read while its store"):
        done.enrollment.plan  # noqa: B018


def test_kept_ids_of_a_damaged_store_never_record_what_the_plan_has_not(
    team: Path, run_cli: Run
) -> None:
    connection = sqlite3.connect(team)
    connection.execute("""UPDATE plan_ids SET ids = '["read", "ghost"]'""")
    connection.commit()
    ghost = run_cli("done", "ghost", "-l", "bo")
    assert (ghost.exit_code, ghost.stdout, ghost.stderr) == (
        1,
        "",
        "error: 'ghost' is not a task or session of git\n",
    )
    connection.execute("DROP TABLE plan_ids")
    connection.commit()
    connection.close()
    again = run_cli("done", "read", "-l", "ana")
    assert (again.exit_code, again.stdout.startswith("Already done: read")) == (0, True)


def test_a_damaged_snapshot_is_read_past_and_a_damaged_event_is_named(
    team: Path, run_cli: Run
) -> None:
    kept = [run_cli(*command, "-l", "ana").stdout for command in (["status"], ["next"])]
    connection = sqlite3.connect(team)
    for damage in (
        "UPDATE progress_snapshots SET data = json_set(data, '$.done', 'zz')",
        "UPDATE progress_snapshots SET data = substr(data, 1, 20)",
        "UPDATE progress_snapshots SET data = '[]'",
    ):
        connection.execute(damage)
        connection.commit()
        now = [run_cli(*command, "-l", "ana") for command in (["status"], ["next"])]
        assert [(result.exit_code, result.stdout) for result in now] == [(0, kept[0]), (0, kept[1])]
    event = connection.execute(
        "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) VALUES "
        "((SELECT id FROM enrollments WHERE learner = 'ana'), 'done', 'read', 'garbage', "
        "'2027-01-05T00:00:00+00:00')"
    ).lastrowid
    connection.commit()
    connection.close()
    result = run_cli("status", "-l", "ana")
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: store {team} is damaged: events row {event}, column at: a text that is no "
        "ISO date-time; it was left as it is\n",
    )
    assert run_cli("next", "-l", "ana").exit_code == 0  # it reads no moment of an event


def test_a_store_from_before_0022_forgets_a_task_attended_and_says_which_ids_are_sessions(
    team: Path,
) -> None:
    """Before migration 0022, a task attended counted done for next (its snapshot kept it in
    ``also_done``) and not for status, and the kept ids did not say which are sessions. Opened
    now, every snapshot is replayed (the task is open for next too) and the ids are kept again,
    events untouched."""
    import json

    with open_store(team) as store:
        [ana] = store.enrollments(learner="ana")
        store.append_events(ana.id, [Event("attended", "kickoff", START)], now=START)
    connection = sqlite3.connect(team)
    connection.execute(
        "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) VALUES (?, ?, ?, ?, ?)",
        (ana.id, "attended", "practise", START.isoformat(), START.isoformat()),
    )
    # the snapshot and the ids as learnsync kept them before 0022
    (data,) = connection.execute(
        "SELECT data FROM progress_snapshots WHERE enrollment_id = ?", (ana.id,)
    ).fetchone()
    connection.execute(
        "UPDATE progress_snapshots SET data = ?, last_event_id = "
        "(SELECT MAX(id) FROM events WHERE enrollment_id = ?) WHERE enrollment_id = ?",
        (json.dumps({**json.loads(data), "also_done": ["kickoff", "practise"]}), ana.id, ana.id),
    )
    connection.execute("UPDATE plan_ids SET ids = json_extract(ids, '$.ids')")
    rewind(connection, "0022_complete_items_by_their_kind")
    connection.commit()
    connection.close()
    with open_store(team, write=False) as store:
        assert store.kept_done(ana.id) == {"read", "kickoff"}
        assert [(event.kind, event.item) for event in store.events(ana.id)] == [
            ("done", "read"),
            ("attended", "kickoff"),
            ("attended", "practise"),
        ]
        assert_plan_ids_kept(store)
        # what next reads as done, and the tasks status counts
        assert read_enrollment(store, ana, events=False, done=True).done == {"read", "kickoff"}
        snapshot = store.snapshot(ana.id)
        assert snapshot is not None and snapshot.done == {"read"}


def test_the_store_refuses_an_event_that_could_complete_nothing(team: Path) -> None:
    """``Store.append_events`` (what a script or an importer calls) refuses a task attended and a
    session done, naming the id and the command that records it, and appends nothing of the
    batch."""
    from learnsync.errors import LearnsyncError

    with open_store(team) as store:
        [ana] = store.enrollments(learner="ana")
        before = store.events(ana.id)
        for kind, item, message in (
            (
                "attended",
                "practise",
                "'practise' is a task, not a live session: 'attended' is for sessions; "
                "record the task with: learnsync done practise",
            ),
            (
                "done",
                "kickoff",
                "'kickoff' is a live session: it is attended, not done; "
                "record its attendance with: learnsync done kickoff",
            ),
        ):
            batch = [Event("done", "quiz", START), Event(kind, item, START)]
            with pytest.raises(LearnsyncError) as refused:
                store.append_events(ana.id, batch, now=START)
            assert str(refused.value) == message
            assert store.events(ana.id) == before
        store.append_events(ana.id, [Event("undone", "read", START)], now=START)
        assert [event.kind for event in store.events(ana.id)] == ["done", "undone"]


def test_the_events_of_an_item_are_found_by_the_index_of_items_old_stores_get_it_too(
    team: Path, run_cli: Run
) -> None:
    connection = sqlite3.connect(team)
    connection.execute("DROP INDEX events_by_item")
    rewind(connection, "0025_find_events_by_item")
    connection.commit()
    connection.close()
    assert run_cli("done", "read", "-l", "ana").stdout.startswith("Already done: read")
    with open_store(team, write=False) as store:
        columns = store.connection.execute("PRAGMA index_info(events_by_item)").fetchall()
        assert [column[2] for column in columns] == ["enrollment_id", "item"]
        plan = store.connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE enrollment_id = 1 AND item IN (?)",
            ("read",),
        ).fetchall()
        assert "USING COVERING INDEX events_by_item (enrollment_id=? AND item=?)" in plan[0][3]


@pytest.mark.parametrize("day_start", ["04:00", 721, -1, True, 240.0, None, [240]])
def test_a_kept_day_start_that_is_no_day_start_is_left_to_the_plan(day_start: object) -> None:
    kept = json.dumps({"ids": ["read"], "sessions": [], "day_start": day_start})
    assert database._kept_ids(kept) == (frozenset({"read"}), frozenset(), None)
    assert database._kept_ids(kept.replace(json.dumps(day_start), "240")) == (
        frozenset({"read"}),
        frozenset(),
        240,
    )
