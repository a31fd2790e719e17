"""Plans as plain data and back: the documented JSON of ``plan --format json``, and the form an
enrollment keeps its plan in the store (``stored_document``: the same, with the tasks by column
in ``task_columns``; plans stored before migration 0017 in the first form are still read).
Reading it back needs neither the course file nor pydantic, so everyday commands stay fast."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from itertools import repeat
from typing import Any

from learnsync.course.defaults import (
    DEFAULT_FREEZE_MAX,
    DEFAULT_LATE_PENALTY,
    DEFAULT_LEVELS,
    DEFAULT_WORKDAYS,
)
from learnsync.planning.model import (
    BadgeRule,
    Blackout,
    Forecast,
    Plan,
    PlannedModule,
    PlannedSession,
    PlannedTask,
    Scoring,
    Slot,
)

SCHEMA_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def session_record(session: PlannedSession) -> dict[str, Any]:
    """A live session as plain data: its instants are ISO date-times with their offset."""
    return {
        "id": session.id,
        "title": session.title,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "mandatory": session.mandatory,
        "points": session.points,
        "url": session.url,
    }


def task_record(task: PlannedTask) -> dict[str, Any]:
    """A planned task as plain data."""
    return {
        "id": task.id,
        "module": task.module,
        "title": task.title,
        "kind": task.kind,
        "mode": task.mode,
        "effort_minutes": task.effort_minutes,
        "requires": list(task.requires),
        "optional": task.optional,
        "points": task.points,
        "tags": list(task.tags),
        "url": task.url,
        "due": _day(task.due),
        "deadline": _day(task.deadline),
        "slots": [{"date": slot.date.isoformat(), "minutes": slot.minutes} for slot in task.slots],
    }


def plan_document(plan: Plan, *, tasks: bool = True) -> dict[str, Any]:
    """``plan`` as plain data; without ``tasks`` its task list is left empty (for a renderer that
    writes the tasks itself, ``render.plan_json``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "course": {"id": plan.course_id, "title": plan.course_title, "iri": plan.iri},
        "mode": plan.mode,
        "start": plan.start.isoformat(),
        "finish": _day(plan.finish),
        "timezone": plan.timezone,
        "display_timezone": plan.display_timezone,
        "daily_minutes": plan.daily_minutes,
        "end": _day(plan.end),
        "focus": list(plan.focus),
        "tasks": [task_record(task) for task in plan.tasks] if tasks else [],
        "sessions": [session_record(session) for session in plan.sessions],
        "forecast": None
        if plan.forecast is None
        else {
            "finish": _day(plan.forecast.finish),
            "weekly_minutes": plan.forecast.weekly_minutes,
            "effort_minutes": plan.forecast.effort_minutes,
        },
        "modules": [
            {
                "id": module.id,
                "title": module.title,
                "mode": module.mode,
                "deadline": _day(module.deadline),
            }
            for module in plan.modules
        ],
        "workdays": list(plan.workdays),
        "blackouts": [
            {"from": b.first.isoformat(), "to": b.last.isoformat(), "title": b.title}
            for b in plan.blackouts
        ],
        "calendar_data": dict(plan.calendar_data),
        "weekly_minutes": plan.weekly_minutes,
        "scoring": {
            "late_penalty": plan.scoring.late_penalty,
            "levels": list(plan.scoring.levels),
            "freeze_every": plan.scoring.freeze_every,
            "freeze_max": plan.scoring.freeze_max,
            "weekly_target": plan.scoring.weekly_target,
        },
        "badges": [
            {
                "id": badge.id,
                "title": badge.title,
                "description": badge.description,
                "rule": badge.rule,
                **{
                    name: value
                    for name in ("count", "days", "points", "module", "kind", "unit")
                    if (value := getattr(badge, name)) is not None
                },
            }
            for badge in plan.badges
        ],
        "day_start": f"{plan.day_start // 60:02d}:{plan.day_start % 60:02d}",
        "days_off": [day.isoformat() for day in plan.days_off],
        "extra_study_days": [day.isoformat() for day in plan.extra_days],
    }


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def stored_document(plan: Plan) -> dict[str, Any]:
    """``plan`` as the store keeps it: ``plan_document`` with its tasks by column in place of
    ``tasks`` (``task_columns``: for each field of ``PlannedTask``, its values over the tasks
    in plan order; a task's slots as [date, minutes] pairs). JSON reads a list of values in
    about half the time of as many objects, and the columns make the records in one pass."""
    document = plan_document(plan, tasks=False)
    del document["tasks"]
    tasks = plan.tasks
    columns: dict[str, list[Any]] = {
        name: [task[number] for task in tasks] for number, name in enumerate(PlannedTask._fields)
    }
    columns["due"] = [_day(task.due) for task in tasks]
    columns["deadline"] = [_day(task.deadline) for task in tasks]
    columns["slots"] = [
        [[slot.date.isoformat(), slot.minutes] for slot in task.slots] for task in tasks
    ]
    document["task_columns"] = columns
    return document


def task_columns(records: Iterable[dict[str, Any]]) -> dict[str, list[Any]]:
    """The ``task_columns`` of ``stored_document`` from the task records of ``plan_document``
    (a plan stored before the columns, or its JSON)."""
    records = list(records)
    columns = {name: [record[name] for record in records] for name in PlannedTask._fields}
    columns["slots"] = [
        [[slot["date"], slot["minutes"]] for slot in slots] for slots in columns["slots"]
    ]
    return columns


def plan_from_document(document: dict[str, Any]) -> Plan:
    """The ``Plan`` that ``stored_document`` (or ``plan_document``) turned into ``document``.

    Every stored plan is read through here (1,000 tasks for a command that shows one line of
    them): a plan names the same few days many times, each is parsed once, and each record is
    made from its full row of fields in one step (``tuple.__new__``, as ``_make`` does), the
    tasks in one pass over the columns in C."""
    forecast = document.get("forecast")
    scoring = document.get("scoring", {})
    columns = document.get("task_columns")
    if columns is None:
        columns = task_columns(document["tasks"])
    parse = date.fromisoformat
    new: Callable[..., Any] = tuple.__new__
    days: dict[str | None, date | None] = {None: None}
    for text in {*columns["due"], *columns["deadline"]}:
        if text not in days:
            days[text] = parse(text)
    slots = []
    for pairs in columns["slots"]:
        row = []
        for text, minutes in pairs:
            day = days.get(text)
            if day is None:
                day = days[text] = parse(text)
            row.append(new(Slot, (day, minutes)))
        slots.append(tuple(row))
    on = days.__getitem__
    tasks: tuple[PlannedTask, ...] = tuple(
        map(
            new,
            repeat(PlannedTask),
            zip(
                columns["id"],
                columns["module"],
                columns["title"],
                columns["kind"],
                columns["mode"],
                columns["effort_minutes"],
                map(tuple, columns["requires"]),
                columns["optional"],
                columns["points"],
                map(tuple, columns["tags"]),
                columns["url"],
                map(on, columns["due"]),
                map(on, columns["deadline"]),
                slots,
                strict=True,
            ),
        )
    )
    return Plan(
        course_id=document["course"]["id"],
        course_title=document["course"]["title"],
        course_iri=document["course"].get("iri", ""),
        mode=document["mode"],
        start=date.fromisoformat(document["start"]),
        timezone=document["timezone"],
        display_timezone=document["display_timezone"],
        daily_minutes=document["daily_minutes"],
        end=_date(document.get("end")),
        tasks=tasks,
        sessions=tuple(
            PlannedSession(
                id=session["id"],
                title=session["title"],
                start=datetime.fromisoformat(session["start"]),
                end=datetime.fromisoformat(session["end"]),
                mandatory=session["mandatory"],
                points=session["points"],
                url=session["url"],
            )
            for session in document["sessions"]
        ),
        forecast=None
        if forecast is None
        else Forecast(
            finish=_date(forecast["finish"]),
            weekly_minutes=forecast["weekly_minutes"],
            effort_minutes=forecast["effort_minutes"],
        ),
        focus=tuple(document.get("focus", ())),
        modules=tuple(
            PlannedModule(module["id"], module["title"], module["mode"], _date(module["deadline"]))
            for module in document.get("modules", ())
        ),
        workdays=tuple(document.get("workdays", DEFAULT_WORKDAYS)),
        blackouts=tuple(
            Blackout(date.fromisoformat(b["from"]), date.fromisoformat(b["to"]), b["title"])
            for b in document.get("blackouts", ())
        ),
        calendar_data=tuple(document.get("calendar_data", {}).items()),
        weekly_minutes=document.get("weekly_minutes", 0),
        scoring=Scoring(
            scoring.get("late_penalty", DEFAULT_LATE_PENALTY),
            tuple(scoring.get("levels", DEFAULT_LEVELS)),
            scoring.get("freeze_every"),
            scoring.get("freeze_max", DEFAULT_FREEZE_MAX),
            scoring.get("weekly_target"),
        ),
        day_start=_minutes(document.get("day_start", "00:00")),
        days_off=tuple(date.fromisoformat(day) for day in document.get("days_off", ())),
        extra_days=tuple(date.fromisoformat(day) for day in document.get("extra_study_days", ())),
        badges=tuple(BadgeRule(**badge) for badge in document.get("badges", ())),
    )
