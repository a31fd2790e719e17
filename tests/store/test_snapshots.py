"""The progress snapshot each enrollment keeps in the store is the replay of its events: after any
sequence of completions (also recorded for earlier instants), undos, replans and replans onto an
edited course, the team views read from it exactly what a full replay gives, at any instant; with
streak freezes, a weekly target and a learner whose day starts at 04:00 too."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from learnsync.commands.next import view_document
from learnsync.course.loader import load_course
from learnsync.enrollments import (
    course_progress,
    learner_progress,
    record,
    replan,
    rewards,
    undo,
)
from learnsync.enrollments.access import Enrollment, read_enrollment
from learnsync.enrollments.seats import Seat, plans_for
from learnsync.enrollments.workflows import Recorded, enroll
from learnsync.errors import LearnsyncError
from learnsync.progress import Replay, replay
from learnsync.rules import PlanIndex
from learnsync.store import migrations
from learnsync.store.database import Store, open_store
from learnsync.tracking import (
    Event,
    Requirements,
    done_items,
    item_states,
    misfit,
    next_view,
)

MONDAY = date(2027, 1, 4)
START = datetime(2027, 1, 4, 8, tzinfo=UTC)
TASKS = ["read", "practise", "quiz", "extra", "wrap-up", "project"]


def rewind(connection: sqlite3.Connection, migration: str) -> None:
    """Mark the store at ``connection`` as from before ``migration`` (and those after it), so
    that the next open runs them again."""
    version = [name for name, _ in migrations.MIGRATIONS].index(migration)
    connection.execute("DELETE FROM migrations WHERE version > ?", (version,))
    connection.execute(f"PRAGMA user_version = {version}")


def course_text(edited: bool = False) -> str:
    """A hybrid course with deadlines, an optional task, a session and badges; the edited one
    moves a deadline, changes points and efforts, and drops a task."""
    quiz_due = "day 9" if edited else "day 3"
    project = (
        ""
        if edited
        else '\n[[module.task]]\nid = "project"\ntitle = "Project"\nkind = "project"\n'
        'effort = "3h"\npoints = 40\n'
    )
    return f"""\
[course]
id = "git"
title = "Git"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
daily = "1h"

[scoring]
late_penalty = 0.5
levels = [0, 20, 60]
freeze_every = 2
freeze_max = 1
weekly_target = 2

[[module]]
id = "basics"
title = "Basics"
due = "week 2"

[[module.task]]
id = "read"
title = "Read"
effort = "{"45m" if edited else "1h"}"

[[module.task]]
id = "practise"
title = "Practise"
effort = "1h"
requires = ["read"]

[[module.task]]
id = "quiz"
title = "Quiz"
kind = "quiz"
effort = "30m"
due = "{quiz_due}"
points = {25 if edited else 15}

[[module.task]]
id = "extra"
title = "Extra"
effort = "30m"
optional = true

[[module]]
id = "advanced"
title = "Advanced"
due = "week 4"

[[module.task]]
id = "wrap-up"
title = "Wrap up"
effort = "2h"
requires = ["basics", "kickoff"]
{project}
[[session]]
id = "kickoff"
title = "Kickoff"
at = "day 1 10:00"
duration = "1h"
points = 5

[[badge]]
id = "starter"
title = "Starter"
description = "Two tasks"
rule = "tasks"
count = 2

[[badge]]
id = "steady"
title = "Steady"
description = "Two days in a row"
rule = "streak"
days = 2

[[badge]]
id = "weekly"
title = "Weekly"
description = "Two weeks in a row"
rule = "streak"
unit = "weeks"
count = 2

[[badge]]
id = "early"
title = "Early"
description = "Early"
rule = "early-finish"
days = 1
"""


def enroll_team(folder: Path, learners: list[str]) -> Path:
    path = folder / "git.toml"
    path.write_text(course_text())
    store_path = folder / "store.sqlite3"
    course = load_course(path)
    seats = [
        Seat(name, MONDAY, "America/New_York", day_start=4 * 60)
        if name == "ny"
        else Seat(name, MONDAY, None)
        for name in learners
    ]
    with open_store(store_path) as store:
        enroll(
            store,
            course,
            path,
            seats,
            plans_for(course, path, seats, None),
            mode="hybrid",
            now=START,
        )
    return store_path


def assert_snapshots_equal_replay(store_path: Path, now: datetime) -> None:
    with open_store(store_path, write=False) as store:
        kept = store.course_snapshots("git")
        rows = store.enrollments(course_id="git")
        assert sorted(kept) == sorted(row.id for row in rows)  # every snapshot is up to date
        for moment in (now, now + timedelta(days=3), now + timedelta(days=30)):
            team = {
                entry.learner: entry.progress
                for entry in course_progress(store, "git", moment).learners
            }
            for row in rows:
                replayed = learner_progress(read_enrollment(store, row), moment)
                assert team[row.learner] == replayed
                kept_one = read_enrollment(store, row, events=False, snapshot=True)
                assert kept_one.snapshot is not None
                assert learner_progress(kept_one, moment) == replayed
                # the snapshot is up to date: no event was read, and none is made up
                with pytest.raises(LookupError):
                    kept_one.events  # noqa: B018
                with pytest.raises(LookupError):
                    kept_one.done  # noqa: B018 (neither the events nor the done set were read)
                # the done set read on its own (kept by the snapshot) is the one of the events,
                # as far as the plan's tasks and sessions go, and next shows the same from it
                whole = read_enrollment(store, row)
                plan = whole.plan
                items = {task.id for task in plan.tasks} | {each.id for each in plan.sessions}
                alone = read_enrollment(store, row, events=False, done=True)
                sessions = {each.id for each in plan.sessions}
                assert alone.done == done_items(whole.events, sessions) & items
                # the tasks next counts done are the ones status counts (and scores)
                assert alone.done - sessions == kept_one.snapshot.done
                assert store.kept_done(row.id) == alone.done
                assert kept_one.snapshot.items_done() == alone.done
                assert view_document(
                    "git", "", "", next_view(plan, alone.done, moment), moment
                ) == (view_document("git", "", "", next_view(plan, whole.done, moment), moment))
        assert_plan_ids_kept(store)
        assert_plan_indexes_kept(store)


def assert_plan_ids_kept(store: Store) -> None:
    """Every stored plan has its ids and time zone kept beside it, the plan's own."""
    connection = store.connection
    documents = connection.execute("SELECT DISTINCT plan_document FROM plans").fetchall()
    kept = connection.execute("SELECT document, display_timezone, ids FROM plan_ids").fetchall()
    assert sorted(document for document, _, _ in kept) == sorted(d for (d,) in documents)
    for document, timezone, ids in kept:
        plan = store.plan_of(document)
        assert timezone == plan.display_timezone
        assert json.loads(ids) == {
            "ids": [task.id for task in plan.tasks] + [s.id for s in plan.sessions],
            "sessions": [s.id for s in plan.sessions],
            "day_start": plan.day_start,
        }
    for row in store.enrollments():
        plan = store.current_plan(row.id).plan
        assert store.plan_ids(row.id) == (
            plan.display_timezone,
            frozenset(task.id for task in plan.tasks) | {s.id for s in plan.sessions},
            frozenset(s.id for s in plan.sessions),
            plan.day_start,
        )


def index_state(index: PlanIndex) -> dict[str, object]:
    """What a ``PlanIndex`` holds of its plan alone (not what it worked out for learners)."""
    return {name: value for name, value in vars(index).items() if name != "_sets"}


def assert_plan_indexes_kept(store: Store) -> None:
    """Every stored plan has its index kept beside it, the one worked out from its tasks, and
    the index of a plan read from the store is the kept one."""
    connection = store.connection
    documents = connection.execute("SELECT DISTINCT plan_document FROM plans").fetchall()
    kept = connection.execute("SELECT document, data FROM plan_index").fetchall()
    assert sorted(document for document, _ in kept) == sorted(d for (d,) in documents)
    for document, data in kept:
        plan = store.plan_of(document)
        worked_out = PlanIndex(plan, kept=False)
        assert data == worked_out.kept()
        assert index_state(PlanIndex(plan)) == index_state(worked_out)


def assert_rewards_from_snapshots_equal_replay(
    enrollment: Enrollment,
    before: list[Event],
    after: list[Event],
    now: datetime,
    replays: tuple[Replay | None, Replay | None],
) -> None:
    assert replays[0] is not None and replays[1] is not None  # something was appended
    plan = enrollment.plan
    assert replays == (replay(plan, before), replay(plan, after))
    assert rewards(enrollment, now, *replays) == rewards(
        enrollment, now, replay(plan, before), replay(plan, after)
    )


def events_of(store_path: Path, learner: str) -> list[Event]:
    with open_store(store_path, write=False) as store:
        [row] = store.enrollments(learner=learner)
        return store.events(row.id)


def assert_recorded_as_from_every_event(
    done: Recorded, asked: list[str], before: list[Event]
) -> None:
    """``record`` reads only the events of the ids it is given and of their requirements:
    what it reports is what all the events say (an id given twice counts once)."""
    asked = list(dict.fromkeys(asked))
    plan = done.enrollment.plan
    sessions = {session.id for session in plan.sessions}
    states = item_states(before, sessions)
    already = [(item, states[item].at) for item in asked if item in states and states[item].done]
    assert done.already == already
    tasks = {task.id: task for task in plan.tasks}
    done_then = done_items(before, sessions)
    warnings = []
    for item in asked:
        if item in tasks and item not in dict(already):
            missing = Requirements(plan).missing(tasks[item], done_then)
            if missing:
                warnings.append(
                    f"'{item}' requires {', '.join(missing)}, not done yet; recorded anyway"
                )
        done_then.add(item)  # a task or session recorded (every id asked for is one)
    assert done.warnings == warnings
    assert [event.item for _, event in done.events] == [
        item for item in asked if item not in dict(already)
    ]
    # each recorded with the kind that completes it: a task done, a session attended
    assert all(misfit(event.kind, event.item, sessions) is None for _, event in done.events)
    assert (done.replays == (None, None)) == (not done.events)


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("done"), st.sampled_from([*TASKS, "kickoff"]), st.integers(0, 72)),
        st.tuples(  # several at once: the later ones may require the earlier
            st.just("done"),
            st.lists(st.sampled_from([*TASKS, "kickoff"]), min_size=2, max_size=4).map(" ".join),
            st.integers(0, 72),
        ),
        st.tuples(st.just("undo"), st.sampled_from([*TASKS, "kickoff"]), st.just(0)),
        st.tuples(st.just("replan"), st.just(""), st.just(0)),
        st.tuples(st.just("course"), st.booleans().map(str), st.just(0)),
        st.tuples(st.just("wait"), st.just(""), st.integers(1, 120)),
        st.tuples(  # events learnsync does not write itself: a task attended, a session done
            st.just("raw"),
            st.sampled_from(["attended read", "done kickoff", "undone kickoff", "noted quiz"]),
            st.just(0),
        ),
    ),
    max_size=14,
)


def write_by_hand(store: Store, enrollment_id: int, event: Event, now: datetime) -> None:
    """Append ``event`` as another program (or an older learnsync, or a hand) would: the store
    refuses an event that could complete nothing (a task attended, a session done), so it is
    inserted by SQL, and then the snapshots are rebuilt (``learnsync store rebuild``)."""
    sessions = store.plan_ids(enrollment_id).sessions
    if misfit(event.kind, event.item, sessions) is None:
        store.append_events(enrollment_id, [event], now=now)
        return
    with pytest.raises(LearnsyncError, match=f"'{event.item}' is a "):
        store.append_events(enrollment_id, [event], now=now)
    with store.transaction() as connection:
        connection.execute(
            "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (enrollment_id, event.kind, event.item, event.at.isoformat(), now.isoformat()),
        )
    store.rebuild_snapshots()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS, st.sampled_from(["ana", "ny"]))
def test_the_snapshot_equals_a_full_replay_after_any_sequence(
    steps: list[tuple[str, str, int]], learner: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store_path = enroll_team(Path(folder), ["ana", "ny"])
        now = START
        for kind, value, hours in steps:
            now += timedelta(hours=1)
            with open_store(store_path) as store:
                try:
                    before = events_of(store_path, learner)
                    if kind == "done":
                        at = max(START, now - timedelta(hours=hours))
                        asked = value.split()
                        done = record(store, learner, asked, now=now, at=at, score=None)
                        assert_recorded_as_from_every_event(done, asked, before)
                        if done.events:
                            assert_rewards_from_snapshots_equal_replay(
                                done.enrollment,
                                before,
                                events_of(store_path, learner),
                                now,
                                done.replays,
                            )
                    elif kind == "undo":
                        undone = undo(store, learner, value, now=now)
                        assert_rewards_from_snapshots_equal_replay(
                            undone.enrollment,
                            before,
                            events_of(store_path, learner),
                            now,
                            undone.replays,
                        )
                    elif kind == "raw":
                        [row] = store.enrollments(learner=learner)
                        what, item = value.split()
                        write_by_hand(store, row.id, Event(what, item, now), now)
                    elif kind == "replan":
                        replan(store, learner, now=now)
                    elif kind == "course":
                        edited = Path(folder) / "git.toml"
                        edited.write_text(course_text(edited=value == "True"))
                        replan(store, learner, now=now, course_file=edited)
                    else:
                        now += timedelta(hours=hours)
                except LearnsyncError:
                    pass  # an id the plan no longer has, nothing to undo, no feasible plan
            assert_snapshots_equal_replay(store_path, now)


def test_a_cohort_keeps_one_copy_of_its_course_and_plan(tmp_path: Path) -> None:
    store_path = enroll_team(tmp_path, ["ana", "bo", "cy"])
    connection = sqlite3.connect(store_path)
    assert connection.execute("SELECT COUNT(*) FROM plans").fetchone() == (3,)
    assert connection.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
    assert connection.execute("SELECT COUNT(*) FROM progress_snapshots").fetchone() == (3,)


def test_events_written_behind_the_stores_back_are_replayed_not_read_stale(tmp_path: Path) -> None:
    store_path = enroll_team(tmp_path, ["ana"])
    with open_store(store_path) as store:
        record(store, "ana", ["read"], now=START + timedelta(hours=2))
        [row] = store.enrollments()
        with store.transaction() as connection:
            connection.execute(
                "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) "
                "VALUES (?, 'done', 'quiz', ?, ?)",
                (row.id, "2027-01-05T09:00:00+00:00", "2027-01-05T09:00:00+00:00"),
            )
        assert store.course_snapshots("git") == {}
        now = START + timedelta(days=2)
        [entry] = course_progress(store, "git", now).learners
        assert entry.progress.done == 2
        assert entry.progress == learner_progress(read_enrollment(store, row), now)
        assert store.rebuild_snapshots() == 1
        assert sorted(store.course_snapshots("git")) == [row.id]
    assert_snapshots_equal_replay(store_path, now)


def test_opening_a_store_from_before_snapshots_builds_them_from_the_events(
    tmp_path: Path,
) -> None:
    store_path = enroll_team(tmp_path, ["ana", "bo"])
    with open_store(store_path) as store:
        record(store, "ana", ["read", "quiz"], now=START + timedelta(days=1))
        record(store, "bo", ["kickoff"], now=START + timedelta(hours=3))
    connection = sqlite3.connect(store_path)
    connection.execute("DROP TABLE progress_snapshots")
    rewind(connection, "0011_keep_progress_snapshots")
    connection.commit()
    connection.close()
    with open_store(store_path) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
    assert_snapshots_equal_replay(store_path, START + timedelta(days=2))


def test_store_rebuild_replays_every_enrollment(
    run_cli: Callable[..., Result], write_course: Callable[..., Path]
) -> None:
    course = write_course(course_text())
    assert run_cli("store", "rebuild").exit_code == 1  # no store yet: nothing is created
    for learner in ("ana", "bo"):
        assert run_cli("enroll", course, "-l", learner, "--start", "2027-01-04").exit_code == 0
    result = run_cli("store", "rebuild")
    assert (result.exit_code, result.stdout) == (
        0,
        "Rebuilt the progress of 2 enrollments from their events.\n",
    )


def test_snapshots_of_the_format_before_fair_streaks_are_ignored_then_rebuilt(
    tmp_path: Path,
) -> None:
    store_path = enroll_team(tmp_path, ["ana"])
    with open_store(store_path) as store:
        record(store, "ana", ["read"], now=START + timedelta(days=1))
    connection = sqlite3.connect(store_path)
    connection.execute("UPDATE progress_snapshots SET data = '{\"v\": 1}'")
    connection.commit()
    with open_store(store_path, write=False) as store:
        assert store.course_snapshots("git") == {}  # format 1: the team views replay instead
    rewind(connection, "0012_count_fair_streaks")
    connection.commit()
    connection.close()
    with open_store(store_path) as store:
        assert len(store.course_snapshots("git")) == 1
    assert_snapshots_equal_replay(store_path, START + timedelta(days=2))


def test_snapshots_in_the_format_before_task_bits_are_read_then_rewritten_in_place(
    tmp_path: Path,
) -> None:
    store_path = enroll_team(tmp_path, ["ana", "bo"])
    with open_store(store_path) as store:
        record(store, "ana", ["read", "quiz"], now=START + timedelta(days=1))
        record(store, "bo", ["practise"], now=START + timedelta(hours=3))
    connection = sqlite3.connect(store_path)
    current = {}
    for enrollment_id, data in connection.execute(
        "SELECT enrollment_id, data FROM progress_snapshots"
    ).fetchall():
        value = json.loads(data)
        assert value["v"] == 3 and isinstance(value["done"], str)
        current[enrollment_id] = data
    plans = {}
    with open_store(store_path, write=False) as store:
        for enrollment_id in current:
            plans[enrollment_id] = store.current_plans([enrollment_id])[enrollment_id]
    for enrollment_id, data in current.items():  # as format 2 wrote them: a list of ids
        value = json.loads(data)
        value["v"] = 2
        done = Replay.from_json(json.loads(data), plans[enrollment_id])
        assert done is not None
        value["done"] = sorted(done.done)
        connection.execute(
            "UPDATE progress_snapshots SET data = ? WHERE enrollment_id = ?",
            (json.dumps(value, separators=(",", ":")), enrollment_id),
        )
    connection.commit()
    with open_store(store_path, write=False) as store:
        assert sorted(store.course_snapshots("git")) == sorted(current)  # read as they are
    assert_snapshots_equal_replay(store_path, START + timedelta(days=2))
    rewind(connection, "0014_keep_done_sets_as_task_bits")
    connection.commit()
    with open_store(store_path) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
    rewritten = dict(connection.execute("SELECT enrollment_id, data FROM progress_snapshots"))
    connection.close()
    assert rewritten == current  # byte for byte what the events replay to
    assert_snapshots_equal_replay(store_path, START + timedelta(days=2))


def plan_text_as(form: str) -> Callable[[object], str]:
    """``store.database._plan_text`` as an earlier form stored plans: ``"tasks"`` (a list of
    task objects), ``"task_columns"``, ``"slot_counts"`` (a task table as migration 0020 first
    wrote it) or ``"texts"`` (as 0020 and 0021 wrote it, texts and lists not yet positions)."""
    from learnsync.planning.snapshot import plan_document, task_columns
    from tests.planning.test_snapshot import table_as_0020_wrote_it, table_as_0021_wrote_it

    def plan_text(plan: object) -> str:
        document = plan_document(plan)  # type: ignore[arg-type]
        if form == "task_columns":
            document["task_columns"] = task_columns(document.pop("tasks"))
        if form == "slot_counts":
            del document["tasks"]
            document["task_table"] = table_as_0020_wrote_it(plan.tasks)  # type: ignore[attr-defined]
        if form == "texts":
            del document["tasks"]
            document["task_table"] = table_as_0021_wrote_it(plan.tasks)  # type: ignore[attr-defined]
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))

    return plan_text


@pytest.mark.parametrize(
    "form, migration",
    [
        ("tasks", "0017_store_plans_by_column"),
        ("task_columns", "0020_store_plan_tasks_as_a_table"),
        ("slot_counts", "0021_store_each_slot_of_a_plan_once"),  # as 0020 first wrote tables
        ("texts", "0024_store_plan_texts_and_lists_as_positions"),  # as 0020 and 0021 wrote them
    ],
)
def test_plans_stored_in_an_older_form_are_rewritten_as_a_table_and_still_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, migration: str
) -> None:
    from learnsync.store import database

    monkeypatch.setattr(database, "_plan_text", plan_text_as(form))  # as before ``migration``
    store_path = enroll_team(tmp_path, ["ana", "bo", "ny"])
    with open_store(store_path) as store:
        record(store, "ana", ["read", "quiz"], now=START + timedelta(days=1))
        before = {row.learner: store.current_plans([row.id])[row.id] for row in store.enrollments()}
    monkeypatch.undo()
    connection = sqlite3.connect(store_path)
    documents = connection.execute("SELECT count(*) FROM documents").fetchone()
    assert all(
        form in (document := json.loads(text))
        or form in document.get("task_table", ())
        or (form == "texts" and isinstance(document["task_table"]["requires"], list))
        for (text,) in connection.execute(
            "SELECT text FROM documents WHERE hash IN (SELECT plan_document FROM plans)"
        )
    )
    rewind(connection, migration)
    connection.commit()
    with open_store(store_path) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        after = {row.learner: store.current_plans([row.id])[row.id] for row in store.enrollments()}
        assert after == before
        course = load_course(tmp_path / "git.toml")
        seats = [Seat("cy", MONDAY, None)]  # ana's and bo's cohort, enrolled after
        enroll(
            store,
            course,
            tmp_path / "git.toml",
            seats,
            plans_for(course, tmp_path / "git.toml", seats, None),
            mode="hybrid",
            now=START,
        )
    kept = dict(
        connection.execute(
            "SELECT e.learner, p.plan_document FROM plans AS p JOIN enrollments AS e ON e.id = p.enrollment_id"
        )
    )
    assert kept["ana"] == kept["bo"] == kept["cy"] != kept["ny"]  # one copy of a shared plan
    texts = [
        text
        for (text,) in connection.execute(
            "SELECT text FROM documents WHERE hash IN (SELECT plan_document FROM plans)"
        )
    ]
    assert len(texts) == 2 and all(
        "task_table" in (document := json.loads(text))
        and "tasks" not in document
        and "task_columns" not in document
        and "requires_counts" in document["task_table"]
        for text in texts
    )
    # the ids and the index kept beside each plan document follow it
    for table in ("plan_ids", "plan_index"):
        assert {d for (d,) in connection.execute(f"SELECT document FROM {table}")} == {
            kept["ana"],
            kept["ny"],
        }
    # each document rewritten in place of the one it was: none left behind, none added
    assert connection.execute("SELECT count(*) FROM documents").fetchone() == documents
    with pytest.raises(sqlite3.IntegrityError, match="plans are append-only"):
        connection.execute("UPDATE plans SET reason = 'x'")
    connection.close()
    assert_snapshots_equal_replay(store_path, START + timedelta(days=2))


def test_a_thousand_completions_in_one_done_carry_the_snapshot_on_past_sqlites_variable_limit(
    tmp_path: Path,
) -> None:
    # an old SQLite takes 999 variables a statement: the new events are read back by their
    # range of ids, not one variable each
    tasks = "".join(
        f'[[module.task]]\nid = "t{number}"\ntitle = "T{number}"\neffort = "5m"\n'
        for number in range(1_200)
    )
    path = tmp_path / "many.toml"
    path.write_text(
        '[course]\nid = "many"\ntitle = "Many"\nmode = "async"\n\n'
        '[calendar]\ntimezone = "Europe/Berlin"\ndaily = "8h"\n\n'
        '[[module]]\nid = "m"\ntitle = "M"\n\n' + tasks
    )
    course = load_course(path)
    store_path = tmp_path / "store.sqlite3"
    seats = [Seat("ana", MONDAY, None)]
    with open_store(store_path) as store:
        plans = plans_for(course, path, seats, None)
        enroll(store, course, path, seats, plans, mode=None, now=START)
        store.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        record(store, "ana", ["t0"], now=START + timedelta(hours=1))
        ids = [f"t{number}" for number in range(1, 1_200)]
        done = record(store, "ana", ids, now=START + timedelta(hours=2))
        assert len(done.events) == 1_199
        [row] = store.enrollments(learner="ana")
        whole = replay(done.enrollment.plan, store.events(row.id))
        assert done.replays[1] == whole
        assert store.replayed(row.id) == whole
        assert whole.tally.done == 1_200


@pytest.mark.parametrize(
    "damage",
    [
        "value['tally'][2] = {module: str(count) for module, count in value['tally'][2].items()}",
        "value['last_activity'] = value['last_activity'][:19]",
        "value['tally'][7] = 3.5",
        "value['minutes_by_day'] = {day: None for day in value['minutes_by_day']}",
        "value['streak'][1][1] = '2'",
        "value['also_done'] = [1]",
    ],
)
def test_a_snapshot_damaged_in_its_types_is_replayed_by_the_next_done_and_healed(
    tmp_path: Path, damage: str
) -> None:
    # counts that are not whole numbers, an instant without its offset: they decode, but the
    # next done carries the snapshot on with sums of them; it is read as damaged instead
    store_path = enroll_team(tmp_path, ["ana"])
    with open_store(store_path) as store:
        record(store, "ana", ["read"], now=START + timedelta(hours=1))
        [row] = store.enrollments(learner="ana")
        text = store.connection.execute(
            "SELECT data FROM progress_snapshots WHERE enrollment_id = ?", (row.id,)
        ).fetchone()[0]
        value = json.loads(text)
        exec(damage, {}, {"value": value})
        store.connection.execute(
            "UPDATE progress_snapshots SET data = ? WHERE enrollment_id = ?",
            (json.dumps(value), row.id),
        )
        store.connection.commit()
        done = record(store, "ana", ["practise"], now=START + timedelta(hours=2))
        events = store.events(row.id)
        assert done.replays[1] == replay(done.enrollment.plan, events)
    assert_snapshots_equal_replay(store_path, START + timedelta(hours=3))


def test_a_store_whose_plans_keep_their_texts_as_lists_reads_the_same_after_migration_0024(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., Result]
) -> None:
    from learnsync.store import database

    monkeypatch.setattr(database, "_plan_text", plan_text_as("texts"))  # as 0021 wrote them
    store_path = enroll_team(tmp_path, ["ana", "bo", "ny"])
    with open_store(store_path) as store:
        record(store, "ana", ["read", "quiz"], now=START + timedelta(days=1))
        record(store, "ny", ["read"], now=START + timedelta(days=2))
    monkeypatch.undo()
    monkeypatch.setenv("LEARNSYNC_NOW", (START + timedelta(days=3)).isoformat())
    commands = [
        ["next", "--learner", "ana"],
        ["next", "--learner", "ny", "--format", "json"],
        ["status", "--learner", "ana"],
        ["status", "--learner", "ny", "--format", "json"],
        ["badges", "--learner", "ana", "--format", "json"],
        ["report", "git", "--format", "json"],
        ["leaderboard", "git"],
        ["export", "--learner", "ana", "--format", "json"],
        ["done", "practise", "--learner", "ana", "--format", "json"],
    ]

    def outputs() -> list[tuple[int, str]]:
        copy = tmp_path / "copy.sqlite3"
        copy.write_bytes(store_path.read_bytes())  # done writes: each run on the same store
        results = [run_cli("--store", copy, *command) for command in commands]
        return [(result.exit_code, result.output) for result in results]

    before = outputs()
    assert all(code == 0 for code, _ in before), before
    connection = sqlite3.connect(store_path)
    rewind(connection, "0024_store_plan_texts_and_lists_as_positions")
    connection.commit()
    (text,) = connection.execute(
        "SELECT text FROM documents WHERE hash = (SELECT plan_document FROM plans LIMIT 1)"
    ).fetchone()
    old = json.loads(text)["task_table"]
    assert old["id"] == ["quiz", "read", "practise", "extra", "wrap-up", "project"]
    assert old["requires"] == [[], [], ["read"], [], ["basics", "kickoff"], []]
    with open_store(store_path) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
    (text,) = connection.execute(
        "SELECT text FROM documents WHERE hash = (SELECT plan_document FROM plans LIMIT 1)"
    ).fetchone()
    table = json.loads(text)["task_table"]
    assert (table["requires"], table["requires_counts"], table["outside_ids"]) == (
        "B010607",  # read (the second task), then basics and kickoff, after the 6 tasks
        "B000001000200",
        ["basics", "kickoff"],
    )
    connection.close()
    assert outputs() == before
