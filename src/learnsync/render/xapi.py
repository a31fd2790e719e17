"""xAPI statements from a learner's events: one statement per event, with a deterministic id
(a UUID from the course, the learner and the event), so sending them twice never duplicates.

- ``done`` a task: verb ``completed``, ``result.completion`` true and ``result.score.scaled``
  when a score was recorded; ``attended`` a session: verb ``attended``;
- ``undone``: a ``voided`` statement that points at the completion it takes back;
- the actor is the roster's email (``mbox``) or an ``account`` named after the learner;
- activity ids hang off the course IRI (``[course] iri``, else ``urn:learnsync:course:ID``):
  ``IRI/task/ID``, ``IRI/session/ID``, with the course as the parent activity.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from learnsync.planning.model import Plan

NAMESPACE = uuid.UUID("7c1f52a4-9a4e-5d6b-8f0e-6c6561726e73")
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "done": (f"{ADL}/verbs/completed", "completed"),
    "attended": (f"{ADL}/verbs/attended", "attended"),
    "undone": (f"{ADL}/verbs/voided", "voided"),
}
TASK_TYPES = {"quiz": "assessment", "assessment": "assessment"}
DEFAULT_HOME_PAGE = "https://learnsync.invalid"


def statement_id(course_id: str, learner: str, event_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{course_id}\n{learner}\n{event_id}"))


def actor(
    learner: str, display_name: str | None, email: str | None, home_page: str
) -> dict[str, Any]:
    agent: dict[str, Any] = {"objectType": "Agent", "name": display_name or learner}
    if email:
        agent["mbox"] = f"mailto:{email}"
    else:
        agent["account"] = {"homePage": home_page, "name": learner}
    return agent


def home_page(plan: Plan) -> str:
    """Where learner accounts live: the course IRI when it is a web address."""
    return plan.iri if plan.iri.startswith(("http://", "https://")) else DEFAULT_HOME_PAGE


def statements(
    plan: Plan,
    learner: str,
    events: Iterable[tuple[int, str, str, str, float | None]],
    *,
    display_name: str | None = None,
    email: str | None = None,
) -> list[dict[str, Any]]:
    """Statements for ``(event id, kind, item, ISO timestamp, score)`` in the order recorded."""
    who = actor(learner, display_name, email, home_page(plan))
    tasks = {task.id: task for task in plan.tasks}
    sessions = {session.id: session for session in plan.sessions}
    course = {
        "objectType": "Activity",
        "id": plan.iri,
        "definition": {"name": {"en-US": plan.course_title}, "type": f"{ADL}/activities/course"},
    }
    last_completion: dict[str, str] = {}
    result: list[dict[str, Any]] = []
    for event_id, kind, item, timestamp, score in events:
        identifier = statement_id(plan.course_id, learner, event_id)
        verb_id, verb_name = VERBS[kind]
        statement: dict[str, Any] = {
            "id": identifier,
            "actor": who,
            "verb": {"id": verb_id, "display": {"en-US": verb_name}},
            "timestamp": timestamp,
        }
        if kind == "undone":
            voided = last_completion.pop(item, None)
            if voided is None:
                continue
            statement["object"] = {"objectType": "StatementRef", "id": voided}
            result.append(statement)
            continue
        if kind == "done" and item in tasks:
            task = tasks[item]
            activity_type = TASK_TYPES.get(task.kind, "lesson")
            statement["object"] = _activity(plan, "task", item, task.title, activity_type)
            outcome: dict[str, Any] = {"completion": True}
            if score is not None:
                outcome["score"] = {"scaled": score}
            statement["result"] = outcome
        elif kind == "attended" and item in sessions:
            statement["object"] = _activity(plan, "session", item, sessions[item].title, "meeting")
            statement["result"] = {"completion": True}
        else:
            continue  # an event of an id the course no longer has
        statement["context"] = {"contextActivities": {"parent": [course]}}
        last_completion[item] = identifier
        result.append(statement)
    return result


def _activity(plan: Plan, kind: str, item: str, title: str, activity_type: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{plan.iri}/{kind}/{quote(item, safe='')}",
        "definition": {"name": {"en-US": title}, "type": f"{ADL}/activities/{activity_type}"},
    }
