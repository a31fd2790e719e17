"""Small courses built in code for the planning tests."""

from __future__ import annotations

from typing import Any

from learnsync.course.model import Course


def course(
    modules: list[dict[str, Any]],
    *,
    mode: str = "sync",
    calendar: dict[str, Any] | None = None,
    sessions: list[dict[str, Any]] | None = None,
    pace: dict[str, Any] | None = None,
    scoring: dict[str, Any] | None = None,
) -> Course:
    document: dict[str, Any] = {
        "course": {"id": "c", "title": "C", "mode": mode},
        "calendar": {"timezone": "Europe/Berlin", "daily": "1h", **(calendar or {})},
        "module": modules,
    }
    if sessions:
        document["session"] = sessions
    if pace:
        document["pace"] = pace
    if scoring:
        document["scoring"] = scoring
    return Course.model_validate(document)


def module(identifier: str, *tasks: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return {"id": identifier, "title": identifier.upper(), "task": list(tasks), **keys}


def task(identifier: str, effort: int | str, **keys: Any) -> dict[str, Any]:
    return {"id": identifier, "title": f"Task {identifier}", "effort": effort, **keys}
