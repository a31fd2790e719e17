"""xAPI statements from a learner's events: one statement per event, with a deterministic id
(a UUID from the course IRI, the learner and the event), so sending them twice never duplicates.

- ``done`` a task: verb ``completed``, ``result.completion`` true and ``result.score.scaled``
  when a score was recorded; ``attended`` a session: verb ``attended``;
- ``undone``: a ``voided`` statement that points at the completion it takes back;
- an event that completes nothing (``tracking.completion_kind``: a task attended, a session
  done) or of an id the plan does not hold: no statement;
- the actor is the roster's email (``mbox``) or an ``account`` named after the learner;
- activity ids hang off the course IRI (``[course] iri``, else ``urn:learnsync:course:ID``):
  ``IRI/task/ID``, ``IRI/session/ID``, with the course as the parent activity.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from learnsync.planning.model import Plan
from learnsync.render.safe_text import json_text
from learnsync.tracking import completion_kind, session_ids

NAMESPACE = uuid.UUID("7c1f52a4-9a4e-5d6b-8f0e-6c6561726e73")
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "done": (f"{ADL}/verbs/completed", "completed"),
    "attended": (f"{ADL}/verbs/attended", "attended"),
    "undone": (f"{ADL}/verbs/voided", "voided"),
}
TASK_TYPES = {"quiz": "assessment", "assessment": "assessment"}
DEFAULT_HOME_PAGE = "https://learnsync.invalid"


def statement_id(
    course_iri: str, learner: str, event_id: int, kind: str, item: str, at: str
) -> str:
    """``uuid.uuid5(NAMESPACE, "IRI\\nLEARNER\\nEVENT\\nKIND\\nITEM\\nAT")`` as text: the same
    event always gets the same id, and events of other stores (the same learner name, the same
    local event number) get others. Computed without UUID objects: it runs once per event."""
    name = "\n".join((course_iri, learner, str(event_id), kind, item, at))
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


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


def statement_lines(
    plan: Plan,
    learner: str,
    events: Iterable[tuple[int, str, str, str, float | None]],
    *,
    display_name: str | None = None,
    email: str | None = None,
) -> Iterator[tuple[str, str]]:
    """Each statement's id and the statement as one line of compact JSON, for ``(event id, kind,
    item, ISO timestamp, score)`` in the order recorded. Shared parts are encoded once."""
    raw_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def encode(value: object) -> str:
        return json_text(raw_encode(value))

    who = encode(actor(learner, display_name, email, home_page(plan)))
    verbs = {
        kind: encode({"id": verb, "display": {"en-US": name}})
        for kind, (verb, name) in VERBS.items()
    }
    course = {
        "objectType": "Activity",
        "id": plan.iri,
        "definition": {"name": {"en-US": plan.course_title}, "type": f"{ADL}/activities/course"},
    }
    context = encode({"contextActivities": {"parent": [course]}})
    objects: dict[str, str] = {}  # item -> encoded object
    for task in plan.tasks:
        activity_type = TASK_TYPES.get(task.kind, "lesson")
        objects[task.id] = encode(_activity(plan, "task", task.id, task.title, activity_type))
    sessions = session_ids(plan)
    for session in plan.sessions:
        objects.setdefault(
            session.id, encode(_activity(plan, "session", session.id, session.title, "meeting"))
        )
    last_completion: dict[str, str] = {}
    for event_id, kind, item, timestamp, score in events:
        identifier = statement_id(plan.iri, learner, event_id, kind, item, timestamp)
        head = f'{{"id":"{identifier}","actor":{who},"verb":{verbs[kind]},"timestamp":{encode(timestamp)}'
        if kind == "undone":
            voided = last_completion.pop(item, None)
            if voided is not None:
                yield (
                    identifier,
                    f'{head},"object":{{"objectType":"StatementRef","id":"{voided}"}}}}',
                )
            continue
        taken = objects.get(item)
        if taken is None or kind != completion_kind(item, sessions):
            continue  # an id the course no longer has, or an event that completes nothing
        outcome = (
            '{"completion":true}'
            if score is None
            else f'{{"completion":true,"score":{{"scaled":{encode(score)}}}}}'
        )
        last_completion[item] = identifier
        yield identifier, f'{head},"object":{taken},"result":{outcome},"context":{context}}}'


def _activity(plan: Plan, kind: str, item: str, title: str, activity_type: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{plan.iri}/{kind}/{quote(item, safe='')}",
        "definition": {"name": {"en-US": title}, "type": f"{ADL}/activities/{activity_type}"},
    }
