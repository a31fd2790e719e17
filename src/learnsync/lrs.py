"""A client for a learning record store (xAPI 1.0.3 over HTTP), with the standard library only,
and the way back from statements to learnsync events.

What it promises, whatever the server does:

- **Credentials go to the configured origin only** (scheme, host and port of ``--lrs``). No
  redirect is followed across origins and no ``more`` link to another origin is read: either is
  refused with one line. Statements sent are never redirected (a ``303`` is not a success).
- **A batch is acknowledged** only by ``200 OK`` whose body is the JSON list of exactly the ids of
  the statements sent (xAPI 1.0.3, 2.1.2 POST Statements); anything else leaves the batch unsent
  and says why.
- **Time and size are bounded**: each request, connecting included, ends within ``timeout``
  seconds however slowly the server trickles its answer; at most ``MAX_RESPONSE_BYTES`` of an
  answer are read; ``statements()`` reads at most ``MAX_PAGES`` pages.
- **Secrets are never shown**: ``redact`` hides the user info and query values of an address in
  everything printed or stored.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import ipaddress
import json
import math
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from learnsync.errors import LearnsyncError

XAPI_VERSION = "1.0.3"
VERB_KINDS = {
    "http://adlnet.gov/expapi/verbs/completed": "done",
    "http://adlnet.gov/expapi/verbs/attended": "attended",
    "http://adlnet.gov/expapi/verbs/voided": "undone",
}
PAGE_SIZE = 500
MAX_PAGES = 1000  # 500,000 statements: a team's records, not an endless loop
MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # a page of 500 statements is well under 1 MiB
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class LrsError(LearnsyncError):
    """The LRS is down, slow, answered an error, or answered something learnsync cannot trust."""


def redact(url: str) -> str:
    """``url`` with its secrets hidden: the user info (``lead:pw@``) and every query value
    (``?token=T``) become ``***``, and so does a fragment. Works on addresses that do not parse."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        scheme, rest = "", url
    end = min((rest.index(mark) for mark in "/?#" if mark in rest), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    tail, hash_mark, fragment = tail.partition("#")
    path, question, query = tail.partition("?")
    if query:
        query = "&".join(
            f"{name}=***" if equals else "***"
            for name, equals, _ in (part.partition("=") for part in query.split("&"))
        )
    shown = (scheme + separator if separator else "") + authority + path + question + query
    return shown + ("#***" if hash_mark and fragment else hash_mark)


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


def parse_lrs_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an LRS address; ``ValueError`` (naming it redacted) unless it is an absolute
    http or https URL with a host."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"'{redact(url)}' is not a URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'{redact(url)}' is not an http(s) URL")
    return parts


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, repr=False)
class _Answer:
    status: int
    reason: str
    location: str | None
    body: bytes


@dataclass(frozen=True, repr=False)
class Lrs:
    """Where the LRS is (its base URL, ``.../xAPI/`` or above, optionally with user info or a
    query such as ``?token=T``) and how to log in: ``user``/``password``, else the user info of
    the URL."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def __post_init__(self) -> None:
        parse_lrs_url(self.url)
        if not (math.isfinite(self.timeout) and self.timeout > 0):
            raise ValueError(f"a timeout must be a positive number of seconds, not {self.timeout}")

    def __repr__(self) -> str:
        return f"Lrs({self.shown!r}, timeout={self.timeout:g})"

    @property
    def shown(self) -> str:
        """How the LRS is named in every message: its address with the secrets hidden."""
        return redact(self.url)

    @property
    def _parts(self) -> urllib.parse.SplitResult:
        return parse_lrs_url(self.url)

    @property
    def origin(self) -> tuple[str, str, int]:
        """Scheme, host and port: the only place credentials are sent to."""
        return _origin(self._parts)

    def _address(self, path: str, query: str) -> str:
        scheme, host, port = self.origin
        default = 443 if scheme == "https" else 80
        netloc = f"[{host}]" if ":" in host else host
        if port != default:
            netloc += f":{port}"
        return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))

    @property
    def _statements_path(self) -> str:
        path = self._parts.path.rstrip("/")
        if not path.lower().endswith("/xapi"):
            path += "/xAPI"
        return path + "/statements"

    @property
    def statements_url(self) -> str:
        """The statements resource, with the configured query (``?token=T``) and no user info."""
        return self._address(self._statements_path, self._parts.query)

    @property
    def shown_statements_url(self) -> str:
        """The statements resource as printed: secrets hidden."""
        return redact(self.statements_url)

    @property
    def store_key(self) -> str:
        """How the store names this LRS in its record of what was sent: ``store_key_of``."""
        return store_key_of(self.url)

    @property
    def credentials(self) -> tuple[str, str] | None:
        """``user``/``password``, else the user info of the URL, else none."""
        if self.user is not None:
            return self.user, self.password or ""
        parts = self._parts
        if parts.username is not None:
            return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        return None

    @property
    def credentials_in_clear(self) -> bool:
        """Whether credentials would cross the network unencrypted (plain http, not loopback)."""
        scheme, host, _ = self.origin
        return self.credentials is not None and scheme == "http" and not _is_loopback(host)

    def _exchange(self, method: str, url: str, body: bytes | None = None) -> _Answer:
        """One request to the configured origin, finished within ``timeout`` seconds in all."""
        parts = urllib.parse.urlsplit(url)
        if _origin(parts) != self.origin:
            raise LrsError(f"refusing to send the credentials of {self.shown} to {redact(url)}")
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        credentials = self.credentials
        if credentials is not None:
            headers["Authorization"] = "Basic " + _basic(":".join(credentials))
        connection, prefix = self._connection(headers)
        expired = threading.Event()

        def expire() -> None:  # a server that trickles bytes is cut off at the deadline
            expired.set()
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.timeout, expire)
        timer.daemon = True
        target = prefix + urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        started = time.monotonic()
        timer.start()
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = self._read(response, started, expired)
            return _Answer(response.status, response.reason, response.getheader("Location"), data)
        except TimeoutError:
            raise self._too_slow() from None
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set():
                raise self._too_slow() from None
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise LrsError(f"the LRS at {self.shown} cannot be reached: {reason}") from None
        finally:
            timer.cancel()
            connection.close()

    def _connection(self, headers: dict[str, str]) -> tuple[http.client.HTTPConnection, str]:
        """A connection to the LRS, through the proxy ``https_proxy``/``http_proxy`` name for it
        (never for loopback, nor for a host ``no_proxy`` lists), and the prefix of the request
        target: the origin when a plain-http request goes through a proxy."""
        import urllib.request

        scheme, host, port = self.origin
        proxy = urllib.request.getproxies_environment().get(scheme)
        if proxy and not _is_loopback(host) and not urllib.request.proxy_bypass(host):
            through = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
            if through.username is not None:
                login = f"{urllib.parse.unquote(through.username)}:"
                login += urllib.parse.unquote(through.password or "")
                proxy_headers = {"Proxy-Authorization": "Basic " + _basic(login)}
            else:
                proxy_headers = {}
            proxy_host, proxy_port = through.hostname or "", through.port or 8080
            if scheme == "https":
                tunnel = http.client.HTTPSConnection(proxy_host, proxy_port, timeout=self.timeout)
                tunnel.set_tunnel(host, port, headers=proxy_headers)
                return tunnel, ""
            headers.update(proxy_headers)
            plain = http.client.HTTPConnection(proxy_host, proxy_port, timeout=self.timeout)
            return plain, self._address("", "")
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout), ""
        return http.client.HTTPConnection(host, port, timeout=self.timeout), ""

    def _read(
        self, response: http.client.HTTPResponse, started: float, expired: threading.Event
    ) -> bytes:
        length = response.getheader("Content-Length")
        if length is not None and length.isdigit() and int(length) > MAX_RESPONSE_BYTES:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise self._too_large()
            chunks.append(chunk)
            if time.monotonic() - started > self.timeout:
                raise self._too_slow()
        if expired.is_set():  # the socket was shut at the deadline: the answer is cut short
            raise self._too_slow()
        data = b"".join(chunks)
        if length is not None and length.isdigit() and len(data) != int(length):
            raise LrsError(
                f"the LRS at {self.shown} broke off its answer ({len(data):,} of {int(length):,} "
                "bytes)"
            )
        return data

    def _too_slow(self) -> LrsError:
        return LrsError(f"the LRS at {self.shown} did not answer within {self.timeout:g} s")

    def _too_large(self) -> LrsError:
        return LrsError(
            f"the LRS at {self.shown} answered more than {MAX_RESPONSE_BYTES:,} bytes; not read"
        )

    def _failed(self, answer: _Answer, doing: str) -> LrsError:
        if answer.status in _REDIRECTS:
            where = f" to {redact(answer.location)}" if answer.location else ""
            return LrsError(
                f"the LRS at {self.shown} answered {answer.status} {answer.reason}{where} "
                f"instead of {doing}"
            )
        detail = answer.body[:300].decode("utf-8", errors="replace").strip()
        return LrsError(
            f"the LRS at {self.shown} answered {answer.status} {answer.reason}"
            + (f": {detail}" if detail else "")
        )

    def send(self, statements: Sequence[tuple[str, str]]) -> None:
        """POST a batch of ``(statement id, statement as compact JSON)``; return only when the
        LRS acknowledged exactly these statements (``200 OK`` and the list of their ids, as xAPI
        1.0.3 says), else raise ``LrsError`` saying why. No redirect is followed."""
        body = ("[" + ",".join(line for _, line in statements) + "]").encode()
        answer = self._exchange("POST", self.statements_url, body)
        if answer.status != 200:
            raise self._failed(answer, "storing the statements (200 OK with their ids)")
        sent = sorted(identifier.lower() for identifier, _ in statements)
        try:
            stored = json.loads(answer.body)
        except (ValueError, RecursionError):
            stored = None
        if not (
            isinstance(stored, list)
            and all(isinstance(identifier, str) for identifier in stored)
            and sorted(identifier.lower() for identifier in stored) == sent
        ):
            raise LrsError(
                f"the LRS at {self.shown} answered 200 without the ids of the {len(sent)} "
                f"statements sent ({_describe_body(answer.body)}), so they are not counted as "
                "stored (xAPI 1.0.3: the answer to a POST lists the ids stored)"
            )

    def _get(self, url: str) -> bytes:
        """GET ``url``, following at most ``MAX_REDIRECTS`` redirects within the origin."""
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._exchange("GET", url)
            if answer.status == 200:
                return answer.body
            if answer.status not in _REDIRECTS or not answer.location:
                raise self._failed(answer, "the statements")
            following = urllib.parse.urljoin(url, answer.location)
            if _origin(urllib.parse.urlsplit(following)) != self.origin:
                raise LrsError(
                    f"the LRS at {self.shown} redirected to another origin "
                    f"({redact(following)}); learnsync sends its credentials only to "
                    f"{self._address('', '')}, so it stopped there"
                )
            url = following
        raise LrsError(f"the LRS at {self.shown} redirected more than {MAX_REDIRECTS} times")

    def statements(self) -> Iterator[dict[str, Any]]:
        """Every statement these credentials can read, following ``more`` links within the
        origin for at most ``MAX_PAGES`` pages. Each page and each statement is checked: what
        learnsync cannot read raises ``LrsError`` naming the LRS and the problem.

        No query filter is sent: not every LRS implements ``activity`` and
        ``related_activities`` (Ralph's file backend does not), so the caller keeps the
        statements it wants."""
        query = urllib.parse.urlencode({"limit": PAGE_SIZE, "ascending": "true"})
        configured = self._parts.query
        url: str | None = self._address(
            self._statements_path, f"{configured}&{query}" if configured else query
        )
        seen: set[str] = set()
        pages = 0
        while url:
            if pages == MAX_PAGES:
                raise LrsError(
                    f"the LRS at {self.shown} still had more statements after {MAX_PAGES} pages "
                    f"({MAX_PAGES * PAGE_SIZE:,} statements); learnsync reads at most that many"
                )
            pages += 1
            page = self._page(self._get(url), pages)
            fresh = []
            for statement in page["statements"]:
                identifier = str(statement.get("id", ""))
                if identifier not in seen:
                    seen.add(identifier)
                    fresh.append(statement)
            yield from fresh
            more = page.get("more")
            if not more or not fresh:
                break
            if not isinstance(more, str):
                raise self._unreadable(pages, "its 'more' link is not a string")
            url = urllib.parse.urljoin(self._address("/", ""), more)
            if _origin(urllib.parse.urlsplit(url)) != self.origin:
                raise LrsError(
                    f"the LRS at {self.shown} sent a 'more' link to another origin "
                    f"({redact(url)}); learnsync sends its credentials only to "
                    f"{self._address('', '')}, so it stopped there"
                )

    def _unreadable(self, page: int, problem: str) -> LrsError:
        return LrsError(
            f"the LRS at {self.shown} sent a page learnsync cannot read (page {page}): {problem}"
        )

    def _page(self, payload: bytes, number: int) -> dict[str, Any]:
        try:
            page = json.loads(payload)
        except (ValueError, RecursionError):
            raise self._unreadable(number, "it is not JSON") from None
        if not isinstance(page, dict):
            raise self._unreadable(
                number, f"it is {_json_type(page)}, not a StatementResult object"
            )
        statements = page.get("statements", [])
        if not isinstance(statements, list):
            raise self._unreadable(number, f"'statements' is {_json_type(statements)}, not a list")
        for position, statement in enumerate(statements):
            problem = statement_problem(statement)
            if problem is not None:
                raise self._unreadable(number, f"statement {position + 1} {problem}")
        return {"statements": statements, "more": page.get("more")}


def store_key_of(url: str) -> str:
    """How the store's record of sent statements names an LRS: its statements resource without
    user info, with a hash of the query in place of the query (``?token=T`` names the same
    store, and is a secret). Changing this function needs a migration of ``lrs_sent``."""
    lrs = Lrs(url)
    key = lrs._address(lrs._statements_path, "")
    query = lrs._parts.query
    if query:
        key += "?sha256=" + hashlib.sha256(query.encode()).hexdigest()[:16]
    return key


def _basic(login: str) -> str:
    return base64.b64encode(login.encode()).decode()


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


def _describe_body(body: bytes) -> str:
    if not body.strip():
        return "an empty body"
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return f"{len(body):,} bytes that are not JSON"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''} that are not those ids"
    return _json_type(value)


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, tzinfo=UTC)


def statement_moment(statement: dict[str, Any]) -> datetime | None:
    """When a statement happened, in UTC (a timestamp without an offset is UTC, as xAPI
    assumes), or None when it has no timestamp learnsync can place between 1970 and 2999."""
    text = statement.get("timestamp")
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment if EARLIEST <= moment <= LATEST else None


def statement_problem(statement: object) -> str | None:
    """What keeps learnsync from reading a statement, or None: the parts it reads (``id``,
    ``actor``, ``verb.id``, ``object.id``, ``timestamp``, ``result.score.scaled``) must have
    their xAPI types; a timestamp is a date-time between 1970 and 2999, a score a number from -1
    to 1."""
    if not isinstance(statement, dict):
        return f"is {_json_type(statement)}, not an object"
    for key in ("actor", "verb", "object", "result"):
        if key in statement and not isinstance(statement[key], dict):
            return f"has '{key}' that is {_json_type(statement[key])}, not an object"
    for key, value in (
        ("id", statement.get("id")),
        ("timestamp", statement.get("timestamp")),
        ("verb.id", statement.get("verb", {}).get("id")),
        ("object.id", statement.get("object", {}).get("id")),
    ):
        if value is not None and not isinstance(value, str):
            return f"has '{key}' that is {_json_type(value)}, not a string"
    if "timestamp" in statement and statement_moment(statement) is None:
        shown = json.dumps(statement["timestamp"], ensure_ascii=False)[:40]
        return (
            f"has 'timestamp' {shown}, not an ISO 8601 date-time between "
            f"{EARLIEST.year} and {LATEST.year}"
        )
    result = statement.get("result", {})
    score = result.get("score")
    if score is None:
        return None
    if not isinstance(score, dict):
        return f"has 'result.score' that is {_json_type(score)}, not an object"
    scaled = score.get("scaled")
    if scaled is None:
        return None
    if isinstance(scaled, bool) or not isinstance(scaled, int | float):
        return f"has 'result.score.scaled' that is {_json_type(scaled)}, not a number"
    if not (math.isfinite(scaled) and -1 <= scaled <= 1):
        return f"has 'result.score.scaled' {scaled:g}, not a number from -1 to 1"
    return None


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
        moment = statement_moment(statement)
        if moment is None:
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
