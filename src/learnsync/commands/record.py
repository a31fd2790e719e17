"""``learnsync done`` and ``learnsync undo``: append events, never change them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from learnsync.enrollments import find_learner, open_for
from learnsync.options import learner_names, parse_at

if TYPE_CHECKING:
    from datetime import datetime

    from learnsync.enrollments import Enrollment, Rewards
    from learnsync.progress import Replay
    from learnsync.render.terminal import Line

SCHEMA_VERSION = 1


def run_done(
    items: Sequence[str],
    at: str | None,
    score: float | None,
    note: str | None,
    course: str | None,
    learner: str | None,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import record

    names = learner_names(learner)
    items, at = _time_given_apart(items, at)
    moment = parse_at(at)
    now = current_time()
    json_output = output_format == "json"
    with open_for(store_option, write=True) as store:
        name = find_learner(store, *names)
        result = record(
            store, name, items, now=now, at=moment, score=score, note=note, course=course
        )
        # what needs the plan is worked out while the store is open (``record`` reads the
        # plan only to record something)
        before, after = result.replays
        reward: dict[str, Any] = {}
        gains: list[Line] = []
        if json_output or result.events:
            if before is None:  # nothing recorded: the document shows where it stands
                before = store.replayed(result.enrollment.row.id)
            reward, gained = _rewards(result.enrollment, now, before, after)
            if not json_output:
                gains = _reward_lines(result.enrollment, reward, gained)
        days = [  # while the store is open: ids kept before they held the day start read the plan
            f"{result.enrollment.learner_day(when):%a %d %b}" if when else "?"
            for _, when in ([] if json_output else result.already)
        ]
    recorded = [
        {
            "id": event.item,
            "kind": event.kind,
            "at": event.at.isoformat(),
            "event": event_id,
            "late": _late(event),
        }
        for event_id, event in result.events
    ]
    already = [
        {"id": item, "at": when.isoformat() if when else None} for item, when in result.already
    ]
    if json_output:
        from learnsync.output import print_json

        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": result.enrollment.row.course_id,
                "recorded": recorded,
                "already_done": already,
                "warnings": result.warnings,
                **reward,
            }
        )
        return 0
    from learnsync.render.terminal import Line, write_lines

    lines = []
    if recorded:
        from learnsync.progress import PlanFacts

        plan = result.enrollment.plan
        facts = PlanFacts.of(plan)  # as recording found them: no pass over the plan
        sessions = {session.id: session.title for session in plan.sessions}
        for entry in recorded:
            verb = "Attended" if entry["kind"] == "attended" else "Done"
            item = str(entry["id"])
            task = facts.task(item)
            title = sessions[item] if task is None else task.title
            line = Line(f"{verb}: ", "green").add(f"{item} ({title})")
            if entry["late"]:
                line.add(" late: after its deadline", "yellow")
            lines.append(line)
    for (item, _), day in zip(result.already, days, strict=True):
        lines.append(Line("Already done: ", "yellow").add(f"{item} (on {day}); not counted twice"))
    write_lines(sys.stdout, lines + gains)
    write_lines(sys.stderr, [Line("warning: ", "yellow").add(text) for text in result.warnings])
    return 0


def _rewards(
    enrollment: Enrollment, now: datetime, before: Replay, after: Replay | None
) -> tuple[dict[str, Any], Rewards]:
    """What the events recorded changed (``rewards``), and its document."""
    from learnsync.enrollments import rewards
    from learnsync.render.rewards_text import reward_document

    gained = rewards(enrollment, now, before, after)
    return reward_document(gained), gained


def _reward_lines(enrollment: Enrollment, reward: dict[str, Any], gained: Rewards) -> list[Line]:
    from learnsync.enrollments import finish_words
    from learnsync.render.rewards_text import reward_lines

    plan = enrollment.plan
    titles = {module.id: module.title for module in plan.modules}
    finished = gained.after.finished_on
    finish = finish_words(finished, plan.finish) if finished else None
    return reward_lines(reward, titles, finish)


def _time_given_apart(items: Sequence[str], at: str | None) -> tuple[list[str], str | None]:
    """``--at 2027-01-08 16:30`` without quotes hands ``16:30`` over as an id; ids never hold a
    colon, so it is the time of ``--at``."""
    from learnsync.clock import clock_time

    rest = list(items)
    if at is not None and ":" not in at:
        for item in rest:
            if clock_time(item) is not None:
                rest.remove(item)
                return rest, f"{at} {item}"
    return rest, at


def _late(event: object) -> bool | None:
    """The verdict a completion was recorded with: None for an attendance."""
    from learnsync.rules import NO_DEADLINE, is_late
    from learnsync.tracking import Event

    assert isinstance(event, Event)
    if event.kind != "done":
        return None
    return is_late(event.at, None if event.deadline == NO_DEADLINE else event.deadline)


def run_undo(
    item: str, course: str | None, learner: str | None, store_option: str | None, output_format: str
) -> int:
    from learnsync.clock import now as current_time
    from learnsync.enrollments import undo

    names = learner_names(learner)
    now = current_time()
    with open_for(store_option, write=True) as store:
        name = find_learner(store, *names)
        undone = undo(store, name, item, now=now, course=course)
    enrollment = undone.enrollment
    reward = _rewards(enrollment, now, *undone.replays)[0]
    if output_format == "json":
        from learnsync.output import print_json

        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "learner": name,
                "course": enrollment.row.course_id,
                "undone": {"id": item, "at": now.isoformat(), "event": undone.event_id},
                **reward,
            }
        )
    else:
        from learnsync.render.rewards_text import reward_lines
        from learnsync.render.terminal import Line, write_lines

        done_at = undone.done_at
        when = f"{done_at.astimezone(enrollment.zone):%a %d %b}" if done_at else "?"
        lines = [Line("Undone: ", "yellow").add(f"{item} (it was done on {when})")]
        write_lines(sys.stdout, lines + reward_lines(reward, {}, None, streak=False))
    return 0
