"""The store's schema, as an ordered list of small named migrations.

A migration runs inside the transaction that records it. Released migrations are never edited:
a change to the schema is a new function appended to ``MIGRATIONS``, and
``store.database.SCHEMA_VERSION`` counts them (a store at that version is opened without this
module).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from learnsync.store.database import APPLICATION_ID, SCHEMA_VERSION


def create_enrollments(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE enrollments (
            id INTEGER PRIMARY KEY,
            learner TEXT NOT NULL,
            course_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (learner, course_id)
        )
        """
    )


def create_plans(connection: sqlite3.Connection) -> None:
    """Every plan an enrollment had, newest last: the course as it was and the plan made of it."""
    connection.execute(
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            source TEXT NOT NULL,
            plan TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    connection.execute("CREATE INDEX plans_by_enrollment ON plans (enrollment_id, id)")


def create_events(connection: sqlite3.Connection) -> None:
    """What learners did, appended and never changed: the state is derived from it."""
    connection.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
            kind TEXT NOT NULL CHECK (kind IN ('done', 'undone', 'attended')),
            item TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
            note TEXT
        )
        """
    )
    connection.execute("CREATE INDEX events_by_enrollment ON events (enrollment_id, id)")
    for action in ("UPDATE", "DELETE"):
        connection.execute(
            f"""
            CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
            """
        )


def create_learners(connection: sqlite3.Connection) -> None:
    """Who the learners are, from rosters: display name, email, time zone."""
    connection.execute(
        """
        CREATE TABLE learners (
            name TEXT PRIMARY KEY,
            display_name TEXT,
            email TEXT,
            timezone TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )


def create_lrs_sent(connection: sqlite3.Connection) -> None:
    """Which statements each learning record store has acknowledged: the next sync skips them."""
    connection.execute(
        """
        CREATE TABLE lrs_sent (
            lrs TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (lrs, statement_id)
        ) WITHOUT ROWID
        """
    )


def share_plan_documents(connection: sqlite3.Connection) -> None:
    """A cohort's course source and plan are stored once, by their SHA-256, not once per learner;
    each plan row names its planned finish (for the replan history) and is never changed."""
    import hashlib
    import json

    connection.execute(
        "CREATE TABLE documents (hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID"
    )
    connection.execute(
        """
        CREATE TABLE plans_shared (
            id INTEGER PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            source_document TEXT NOT NULL REFERENCES documents (hash),
            plan_document TEXT NOT NULL REFERENCES documents (hash),
            options TEXT NOT NULL DEFAULT '{}',
            finish TEXT
        )
        """
    )
    rows = connection.execute(
        "SELECT id, enrollment_id, created_at, reason, source_path, source_hash, source, plan, "
        "options FROM plans ORDER BY id"
    ).fetchall()
    for row in rows:
        source, plan = row[6], row[7]
        references = []
        for text in (source, plan):
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            connection.execute(
                "INSERT OR IGNORE INTO documents (hash, text) VALUES (?, ?)", (digest, text)
            )
            references.append(digest)
        finish = json.loads(plan).get("finish")
        connection.execute(
            "INSERT INTO plans_shared (id, enrollment_id, created_at, reason, source_path, "
            "source_hash, source_document, plan_document, options, finish) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row[:6], *references, row[8], finish),
        )
    connection.execute("DROP TABLE plans")
    connection.execute("ALTER TABLE plans_shared RENAME TO plans")
    connection.execute("CREATE INDEX plans_by_enrollment ON plans (enrollment_id, id)")
    for action in ("UPDATE", "DELETE"):
        connection.execute(
            f"""
            CREATE TRIGGER plans_no_{action.lower()} BEFORE {action} ON plans
            BEGIN SELECT RAISE(ABORT, 'plans are append-only'); END
            """
        )


def add_event_deadlines(connection: sqlite3.Connection) -> None:
    """A completion keeps the deadline it was judged against when it was recorded (an ISO
    instant, or 'none'), so that no later plan changes whether it was late."""
    connection.execute("ALTER TABLE events ADD COLUMN deadline TEXT")


def lrs_sent_keys_without_secrets(connection: sqlite3.Connection) -> None:
    """Name each LRS in ``lrs_sent`` by ``learnsync.lrs.store_key_of``: no user info, a hash in
    place of the query. The old key was the statements URL as built then, user info and query
    included (and a query put before the path: ``?token=T/xAPI/statements``)."""
    from learnsync.lrs import store_key_of

    for (old,) in connection.execute("SELECT DISTINCT lrs FROM lrs_sent").fetchall():
        configured = old.removesuffix("/statements")
        if "?" in configured:
            configured = configured.removesuffix("/xAPI")
        try:
            new = store_key_of(configured)
        except ValueError:
            continue  # not an address learnsync wrote: left as it is
        if new != old:
            connection.execute(
                "INSERT OR IGNORE INTO lrs_sent (lrs, statement_id, sent_at) "
                "SELECT ?, statement_id, sent_at FROM lrs_sent WHERE lrs = ?",
                (new, old),
            )
            connection.execute("DELETE FROM lrs_sent WHERE lrs = ?", (old,))


def allow_withdrawals(connection: sqlite3.Connection) -> None:
    """A learner can leave a course: withdrawn (``withdrawn_at`` set, every event kept), or erased
    (the enrollment, its events and its plans deleted in one transaction). Events and plans stay
    append-only: their delete triggers let a row go only while its enrollment is listed in
    ``erasing``, which the erasing transaction fills and empties."""
    connection.execute("ALTER TABLE enrollments ADD COLUMN withdrawn_at TEXT")
    connection.execute("CREATE TABLE erasing (enrollment_id INTEGER PRIMARY KEY)")
    for table in ("events", "plans"):
        connection.execute(f"DROP TRIGGER {table}_no_delete")
        connection.execute(
            f"""
            CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            WHEN OLD.enrollment_id NOT IN (SELECT enrollment_id FROM erasing)
            BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END
            """
        )


def mark_store(connection: sqlite3.Connection) -> None:
    """Mark the file as a learnsync store (SQLite's ``application_id``): learnsync opens no
    other database. New stores carry the mark from their first transaction; this marks the
    stores made before it."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def keep_progress_snapshots(connection: sqlite3.Connection) -> None:
    """Each enrollment's progress under its plan in force, as far as it does not depend on the
    instant (``progress.Replay``), kept beside the events it was replayed from: team views read
    one row a learner instead of replaying every event. Derived data: written in the transaction
    of every event and plan, valid only for the plan and the last event it names, and rebuilt
    from the events here and by ``learnsync store rebuild``."""
    from learnsync.store.database import rebuild_snapshots

    connection.execute(
        """
        CREATE TABLE progress_snapshots (
            enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments (id),
            plan_id INTEGER NOT NULL,
            last_event_id INTEGER NOT NULL,
            data TEXT NOT NULL
        )
        """
    )
    rebuild_snapshots(connection)


def count_fair_streaks(connection: sqlite3.Connection) -> None:
    """Progress snapshots in format 2, whose streaks know the learner's day start, days off,
    freezes and weekly targets: every snapshot is replayed again from its events (those in
    format 1 are ignored until then, and the team views replay instead)."""
    from learnsync.store.database import rebuild_snapshots

    rebuild_snapshots(connection)


def forget_undone_study_days(connection: sqlite3.Connection) -> None:
    """A day whose only completion was undone is no study day: every snapshot is replayed again
    from its events, so no streak counts such a day."""
    from learnsync.store.database import rebuild_snapshots

    rebuild_snapshots(connection)


def keep_done_sets_as_task_bits(connection: sqlite3.Connection) -> None:
    """Progress snapshots in format 3, whose done set is the bits of its plan's tasks (a team
    view reads it back without a pass over ids): each snapshot in format 2 is read under its
    plan and written again; nothing is replayed."""
    from learnsync.store.database import rewrite_snapshots_in_format

    rewrite_snapshots_in_format(connection, 2)


def count_days_from_day_start(connection: sqlite3.Connection) -> None:
    """A completion counts for the learner's day (``day_start`` applied) in the minutes done by
    day, the last days done and the finish, as in the streak: every snapshot is replayed again
    from its events."""
    from learnsync.store.database import rebuild_snapshots

    rebuild_snapshots(connection)


def keep_plan_ids(connection: sqlite3.Connection) -> None:
    """The ids each stored plan holds (its tasks and sessions) and its learner's time zone, kept
    beside the plan's document: ``done`` finds the enrollment that holds an id, and tells an id
    done already, without decoding the plan. Derived data: written with every plan document,
    and rebuilt from the documents here and by ``learnsync store rebuild``."""
    from learnsync.store.database import rebuild_plan_ids

    connection.execute(
        "CREATE TABLE IF NOT EXISTS plan_ids (document TEXT PRIMARY KEY, "
        "display_timezone TEXT NOT NULL, ids TEXT NOT NULL) WITHOUT ROWID"
    )
    rebuild_plan_ids(connection)


def store_plans_by_column(connection: sqlite3.Connection) -> None:
    """Every stored plan with its tasks by column (``planning.snapshot.stored_document``): read
    back in about half the time. Each plan document is rewritten from its JSON, nothing is
    planned again, and the plan rows name the new documents (their update trigger is lifted
    for that alone), and so do the ids kept beside them (``keep_plan_ids``); one already by
    column is left as it is."""
    from learnsync.planning.snapshot import task_columns
    from learnsync.store.database import rebuild_plan_ids

    def by_column(document: dict[str, Any]) -> dict[str, Any] | None:
        if "tasks" not in document:
            return None
        document["task_columns"] = task_columns(document.pop("tasks"))
        return document

    if _rewrite_plan_documents(connection, by_column):
        rebuild_plan_ids(connection)  # kept by document: the new ones


def _rewrite_plan_documents(
    connection: sqlite3.Connection, rewrite: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> bool:
    """Every stored plan document as ``rewrite`` makes it anew (None: left as it is, and so is
    a damaged one, reported where it is read), the plan rows naming the new documents (their
    update trigger lifted for that alone) and the documents replaced deleted; True when any
    was rewritten."""
    import hashlib
    import json

    from learnsync.store.database import DAMAGED

    moved = []
    for (digest,) in connection.execute("SELECT DISTINCT plan_document FROM plans").fetchall():
        try:
            (text,) = connection.execute(
                "SELECT text FROM documents WHERE hash = ?", (digest,)
            ).fetchone()
            document = rewrite(json.loads(text))
        except DAMAGED:  # a damaged document is left as it is, and reported where it is read
            continue
        if document is None:
            continue
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        new = hashlib.sha256(text.encode("utf-8")).hexdigest()
        connection.execute(
            "INSERT OR IGNORE INTO documents (hash, text) VALUES (?, ?)", (new, text)
        )
        moved.append((new, digest))
    if not moved:
        return False
    connection.execute("DROP TRIGGER IF EXISTS plans_no_update")
    connection.executemany("UPDATE plans SET plan_document = ? WHERE plan_document = ?", moved)
    connection.execute(
        """
        CREATE TRIGGER plans_no_update BEFORE UPDATE ON plans
        BEGIN SELECT RAISE(ABORT, 'plans are append-only'); END
        """
    )
    connection.executemany(  # the documents replaced, now that no plan names them
        "DELETE FROM documents WHERE hash = ? AND hash NOT IN (SELECT source_document FROM plans) "
        "AND hash NOT IN (SELECT plan_document FROM plans)",
        [(old,) for _, old in moved],
    )
    return True


def keep_all_that_is_done(connection: sqlite3.Connection) -> None:
    """A progress snapshot keeps, besides the tasks counted, the plan's sessions and tasks done
    by ``tracking.done_items`` that they do not hold (``Replay.also_done``): ``next`` and the
    catch-up advice read the done set from it instead of the events. Every snapshot is replayed
    again from its events."""
    from learnsync.store.database import rebuild_snapshots

    rebuild_snapshots(connection)


def keep_plan_indexes(connection: sqlite3.Connection) -> None:
    """What ``rules.PlanIndex`` works out of each stored plan alone (its deadline days and their
    tasks, the minutes planned by day, its optional tasks), kept beside the plan's document:
    ``next`` and ``status`` read it instead of going over every task. Derived data: written
    with every plan document, and rebuilt from the documents here and by ``learnsync store
    rebuild``."""
    from learnsync.store.database import rebuild_plan_indexes

    connection.execute(
        "CREATE TABLE IF NOT EXISTS plan_index (document TEXT PRIMARY KEY, data TEXT NOT NULL) "
        "WITHOUT ROWID"
    )
    rebuild_plan_indexes(connection)


def store_plan_tasks_as_a_table(connection: sqlite3.Connection) -> None:
    """Every stored plan with its tasks as a table (``planning.snapshot.task_table``: integers
    and dates packed, each distinct slot once): read back in about three quarters of the time.
    Each plan document is read and written again with its tasks as a table, nothing is planned
    again, and the plan rows name the new documents (their update trigger is lifted for that
    alone), and so do the ids and the indexes kept beside them; one already a table as written
    now, or damaged, is left as it is. Run again by migration 0021 for the tables 0020 first
    wrote, with every slot of every task."""
    _write_task_tables_again(connection, "slot_groups")


def complete_items_by_their_kind(connection: sqlite3.Connection) -> None:
    """One rule of what completes an item, for every command (``tracking.completion_kind``): a
    ``done`` event a task, an ``attended`` event a session. An ``attended`` event of a task
    (which ``next`` counted done, ``status`` did not) and a ``done`` event of a session now
    complete nothing anywhere, so every progress snapshot is replayed again from its events
    (``also_done`` keeps sessions attended only), and the ids kept beside each plan say which
    are sessions (``done`` tells an id done already without decoding the plan). Events are
    left as they are."""
    from learnsync.store.database import rebuild_plan_ids, rebuild_snapshots

    rebuild_plan_ids(connection)
    rebuild_snapshots(connection)


def date_activity_by_what_counts(connection: sqlite3.Connection) -> None:
    """The last activity of an enrollment is its latest event that counts
    (``tracking.last_activity``): a completion of the kind its item takes or an undo, of an item
    of the plan. A task attended, a session done, or an event of an id the plan no longer holds
    dated it before; every progress snapshot is replayed again. Events are left as they are."""
    from learnsync.store.database import rebuild_snapshots

    rebuild_snapshots(connection)


def store_plan_texts_and_lists_as_positions(connection: sqlite3.Connection) -> None:
    """Every stored plan with the texts its tasks repeat (``module``, ``kind``, ``mode``, the
    ids they require and their tags) kept once each and named by packed positions, and every
    packed integer in as few bytes as hold its column (``planning.snapshot.task_table``): the
    1,000-task plan of the benchmarks is read back in about two thirds of the instructions,
    from a document less than half the size. Each plan document is read and written again,
    nothing is planned again, and the plan rows name the new documents (their update trigger
    is lifted for that alone), and so do the ids and the indexes kept beside them; one
    already written so, or damaged, is left as it is."""
    _write_task_tables_again(connection, "requires_counts")


def _write_task_tables_again(connection: sqlite3.Connection, written_now: str) -> None:
    """Every stored plan document whose task table lacks the column ``written_now`` (one the
    form it is to take has), its tasks written again as ``task_table`` writes them now; the ids
    and the indexes kept beside the documents follow them."""
    from learnsync.planning.snapshot import plan_from_document, task_table
    from learnsync.store.database import rebuild_plan_ids, rebuild_plan_indexes

    def written_again(document: dict[str, Any]) -> dict[str, Any] | None:
        if written_now in document.get("task_table", ()):  # a table as written now
            return None
        table = task_table(plan_from_document(document).tasks)
        document.pop("tasks", None)
        document.pop("task_columns", None)
        document["task_table"] = table
        return document

    if _rewrite_plan_documents(connection, written_again):
        rebuild_plan_ids(connection)  # kept by document: the new ones
        rebuild_plan_indexes(connection)


def find_events_by_item(connection: sqlite3.Connection) -> None:
    """An index of each enrollment's events by item: ``done`` and ``undo`` read the events of
    the ids they are given (and of what those require), one lookup each, not a pass over the
    enrollment's every event (about 1.2M instructions at 1,000 events, 20 bytes an event)."""
    connection.execute("CREATE INDEX IF NOT EXISTS events_by_item ON events (enrollment_id, item)")


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_create_enrollments", create_enrollments),
    ("0002_create_plans", create_plans),
    ("0003_create_events", create_events),
    ("0004_create_learners", create_learners),
    ("0005_create_lrs_sent", create_lrs_sent),
    ("0006_share_plan_documents", share_plan_documents),
    ("0007_add_event_deadlines", add_event_deadlines),
    ("0008_lrs_sent_keys_without_secrets", lrs_sent_keys_without_secrets),
    ("0009_allow_withdrawals", allow_withdrawals),
    ("0010_mark_store", mark_store),
    ("0011_keep_progress_snapshots", keep_progress_snapshots),
    ("0012_count_fair_streaks", count_fair_streaks),
    ("0013_forget_undone_study_days", forget_undone_study_days),
    ("0014_keep_done_sets_as_task_bits", keep_done_sets_as_task_bits),
    ("0015_count_days_from_day_start", count_days_from_day_start),
    ("0016_keep_plan_ids", keep_plan_ids),
    ("0017_store_plans_by_column", store_plans_by_column),
    ("0018_keep_all_that_is_done", keep_all_that_is_done),
    ("0019_keep_plan_indexes", keep_plan_indexes),
    ("0020_store_plan_tasks_as_a_table", store_plan_tasks_as_a_table),
    ("0021_store_each_slot_of_a_plan_once", store_plan_tasks_as_a_table),
    ("0022_complete_items_by_their_kind", complete_items_by_their_kind),
    ("0023_date_activity_by_what_counts", date_activity_by_what_counts),
    ("0024_store_plan_texts_and_lists_as_positions", store_plan_texts_and_lists_as_positions),
    ("0025_find_events_by_item", find_events_by_item),
]

# A store at SCHEMA_VERSION is opened without this module: a migration it does not count would
# never run on such a store.
if len(MIGRATIONS) != SCHEMA_VERSION:
    raise RuntimeError(
        f"store.database.SCHEMA_VERSION is {SCHEMA_VERSION} but there are {len(MIGRATIONS)} "
        "migrations: make it their number"
    )
