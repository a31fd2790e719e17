"""A client for a learning record store (xAPI 1.0.3 over HTTP), with the standard library only,
and the way back from statements to learnsync events."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from learnsync.errors import LearnsyncError

XAPI_VERSION = "1.0.3"
VERB_KINDS = {
    "http://adlnet.gov/expapi/verbs/completed": "done",
    "http://adlnet.gov/expapi/verbs/attended": "attended",
    "http://adlnet.gov/expapi/verbs/voided": "undone",
}


class LrsError(LearnsyncError):
    """The LRS is down, slow, or answered an error."""


@dataclass(frozen=True)
class Lrs:
    """Where the LRS is (its base URL, ``.../xAPI/`` or above) and how to log in."""

    url: str
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @property
    def statements_url(self) -> str:
        base = self.url.rstrip("/")
        if not base.lower().endswith("/xapi"):
            base += "/xAPI"
        return base + "/statements"

    def _request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", errors="replace")
            raise LrsError(
                f"the LRS at {self.url} answered {error.code} {error.reason}: {detail}"
            ) from None
        except TimeoutError:
            raise LrsError(
                f"the LRS at {self.url} did not answer within {self.timeout:g} s"
            ) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise LrsError(
                    f"the LRS at {self.url} did not answer within {self.timeout:g} s"
                ) from None
            raise LrsError(f"the LRS at {self.url} cannot be reached: {reason}") from None
        except (ConnectionError, OSError) as error:
            raise LrsError(f"the LRS at {self.url} cannot be reached: {error}") from None

    def send(self, statements: Sequence[str]) -> None:
        """POST a batch of statements (each one compact JSON); raise ``LrsError`` unless the LRS
        stored them all."""
        body = ("[" + ",".join(statements) + "]").encode()
        self._request("POST", self.statements_url, body)

    def statements(self) -> Iterator[dict[str, Any]]:
        """Every statement these credentials can read, oldest first, following ``more`` links.

        No query filter is sent: not every LRS implements ``activity`` and
        ``related_activities`` (Ralph's file backend does not), so the caller keeps the
        statements it wants."""
        query = urllib.parse.urlencode({"limit": 500, "ascending": "true"})
        url: str | None = f"{self.statements_url}?{query}"
        parsed = urllib.parse.urlsplit(self.statements_url)
        origin = f"{parsed.scheme}://{parsed.netloc}"
        seen: set[str] = set()
        while url:
            _, payload = self._request("GET", url)
            try:
                page = json.loads(payload)
            except ValueError:
                raise LrsError(
                    f"the LRS at {self.url} answered something that is not JSON"
                ) from None
            fresh = [
                statement
                for statement in page.get("statements", [])
                if statement.get("id") not in seen
            ]
            for statement in fresh:
                seen.add(statement.get("id", ""))
                yield statement
            more = page.get("more")
            url = urllib.parse.urljoin(origin, more) if more and fresh else None


def actor_name(actor: dict[str, Any]) -> str:
    """How a statement's actor is named in learnsync: the account name, else the email."""
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name"):
        return str(account["name"])
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox.startswith("mailto:"):
        return mbox.removeprefix("mailto:")
    return str(actor.get("name") or "unknown")


def events_from_statements(
    statements: Sequence[dict[str, Any]], course_iri: str, emails: dict[str, str]
) -> dict[str, list[tuple[str, str, datetime, float | None, str | None]]]:
    """Per learner, the events the statements about a course record: completions of its tasks,
    attendance of its sessions, and undos (voided statements). ``emails`` maps an email to the
    learner name a roster gave it."""
    by_id: dict[str, tuple[str, str]] = {}  # statement id -> (learner, item)
    events: dict[str, list[tuple[str, str, datetime, float | None, str | None]]] = {}
    prefix = course_iri.rstrip("/") + "/"
    # Completions first, then voids: a void always points at an earlier statement, which may
    # share its timestamp or come later in the LRS's answer.
    voids = [
        s for s in statements if VERB_KINDS.get(str(s.get("verb", {}).get("id", ""))) == "undone"
    ]
    ordered = sorted(
        (s for s in statements if VERB_KINDS.get(str(s.get("verb", {}).get("id", ""))) != "undone"),
        key=lambda statement: str(statement.get("timestamp", "")),
    ) + sorted(voids, key=lambda statement: str(statement.get("timestamp", "")))
    for statement in ordered:
        kind = VERB_KINDS.get(str(statement.get("verb", {}).get("id", "")))
        if kind is None:
            continue
        learner = actor_name(statement.get("actor", {}))
        learner = emails.get(learner, learner)
        try:
            moment = datetime.fromisoformat(str(statement["timestamp"]).replace("Z", "+00:00"))
        except (KeyError, ValueError):
            continue
        target = statement.get("object", {})
        if kind == "undone":
            voided = by_id.get(str(target.get("id", "")))
            if voided is not None:
                events.setdefault(voided[0], []).append(("undone", voided[1], moment, None, None))
            continue
        identifier = str(target.get("id", ""))
        if not identifier.startswith(prefix):
            continue
        _, _, item = identifier[len(prefix) :].partition("/")
        item = urllib.parse.unquote(item)
        score = statement.get("result", {}).get("score", {}).get("scaled")
        events.setdefault(learner, []).append((kind, item, moment, score, None))
        by_id[str(statement.get("id", ""))] = (learner, item)
    return events
