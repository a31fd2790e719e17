"""A hostile learning record store on loopback: redirects to another origin, answers that are not
acknowledgements, servers that trickle, endless pages, secrets in the address, data learnsync
cannot read. Each gets one clear line; credentials stay home; nothing unacknowledged is marked
as sent; nothing takes longer than the timeout."""

from __future__ import annotations

import base64
import http.server
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from learnsync.lrs import VERB_KINDS, Lrs, redact, store_key_of
from learnsync.store import migrations
from learnsync.store.database import open_store
from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]
Reply = Callable[["Handler", bytes], None]

IRI = "urn:learnsync:course:sprint"
STATEMENTS_SENT = 3  # intro and practice done, kickoff attended


class FakeLrs:
    """What one loopback server answers, and every request it received."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self.on_post: Reply = acknowledge
        self.on_get: Reply = lambda handler, _: reply(handler, 200, b'{"statements": []}')
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Handler(http.server.BaseHTTPRequestHandler):
    timeout = 20  # a stuck connection ends the handler, not the test run
    server: Server

    def _record(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.fake.requests.append(
            (self.command, self.path, self.headers.get("Authorization"))
        )
        return body

    def do_POST(self) -> None:
        self.server.fake.on_post(self, self._record())

    def do_GET(self) -> None:
        self.server.fake.on_get(self, self._record())

    def log_message(self, *_: object) -> None:
        return


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeLrs


def reply(
    handler: Handler, status: int, body: bytes = b"", headers: tuple[tuple[str, str], ...] = ()
) -> None:
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def acknowledge(handler: Handler, body: bytes) -> None:
    """What xAPI 1.0.3 says: 200 OK and the ids of the statements stored."""
    ids = [statement["id"] for statement in json.loads(body)]
    reply(handler, 200, json.dumps(ids).encode(), (("Content-Type", "application/json"),))


def running(fake: FakeLrs) -> Iterator[FakeLrs]:
    server = Server(("127.0.0.1", 0), Handler)
    server.fake = fake
    fake.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def lrs() -> Iterator[FakeLrs]:
    yield from running(FakeLrs())


@pytest.fixture
def elsewhere() -> Iterator[FakeLrs]:
    """Another origin (another port on loopback): it must never hear from learnsync."""
    yield from running(FakeLrs())


@pytest.fixture
def team(run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    course = write_course(COURSE)
    assert run_cli("enroll", course, "-l", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    assert run_cli("done", "intro", "practice", "kickoff", "-l", "ann").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_LRS_USER", "lead")
    monkeypatch.setenv("LEARNSYNC_LRS_PASSWORD", "pa55word")
    return course


BASIC = "Basic " + base64.b64encode(b"lead:pa55word").decode()
NOTHING_LOST = "0 statements were sent, 3 wait in the local store and the next sync sends them"


def sent_keys() -> list[tuple[str, int]]:
    import os

    connection = sqlite3.connect(os.environ["LEARNSYNC_STORE"])
    try:
        return list(connection.execute("SELECT lrs, count(*) FROM lrs_sent GROUP BY lrs"))
    finally:
        connection.close()


def assert_nothing_marked_sent(run_cli: Run, lrs: FakeLrs) -> None:
    """The next sync, to an LRS that acknowledges, sends every statement."""
    lrs.on_post = acknowledge
    result = run_cli("sync", "--lrs", lrs.url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sent"] == STATEMENTS_SENT


def statement(number: int, **extra: object) -> dict[str, object]:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "actor": {"account": {"homePage": "https://example.org", "name": "bob"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"{IRI}/task/intro"},
        "timestamp": "2027-01-04T17:00:00+00:00",
    } | extra


def page(*statements: object, more: object = None) -> Reply:
    body = json.dumps({"statements": list(statements), "more": more}).encode()
    return lambda handler, _: reply(handler, 200, body)


# 7. Credentials go to the configured origin only


def test_a_post_redirected_to_another_origin_is_not_followed(
    run_cli: Run, team: Path, lrs: FakeLrs, elsewhere: FakeLrs
) -> None:
    target = elsewhere.url + "statements"
    lrs.on_post = lambda handler, _: reply(handler, 302, headers=(("Location", target),))
    result = run_cli("sync", "--lrs", lrs.url)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: the LRS at {lrs.url} answered 302 Found to {target} instead of storing the "
        "statements (200 OK with their ids); " + NOTHING_LOST
    )
    assert elsewhere.requests == []
    assert_nothing_marked_sent(run_cli, lrs)


def test_a_read_redirected_to_another_origin_is_refused_without_credentials(
    run_cli: Run, team: Path, lrs: FakeLrs, elsewhere: FakeLrs
) -> None:
    target = elsewhere.url + "statements?limit=500"
    lrs.on_get = lambda handler, _: reply(handler, 307, headers=(("Location", target),))
    for command in ("report", "leaderboard"):
        result = run_cli(command, "sprint", "--lrs", lrs.url)
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: the LRS at {lrs.url} redirected to another origin ({elsewhere.url}"
            f"statements?limit=***); learnsync sends its credentials only to {lrs.origin}, so "
            "it stopped there\n"
        )
    assert elsewhere.requests == []


def test_a_more_link_to_another_origin_is_refused_without_credentials(
    run_cli: Run, team: Path, lrs: FakeLrs, elsewhere: FakeLrs
) -> None:
    for more in (elsewhere.url + "statements", f"//127.0.0.1:{elsewhere.port}/xAPI/statements"):
        lrs.on_get = page(statement(1), more=more)
        result = run_cli("report", "sprint", "--lrs", lrs.url)
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: the LRS at {lrs.url} sent a 'more' link to another origin "
            f"({elsewhere.url}statements); learnsync sends its credentials only to "
            f"{lrs.origin}, so it stopped there\n"
        )
    assert elsewhere.requests == []


def test_a_redirect_and_more_links_within_the_origin_are_followed_with_credentials(
    run_cli: Run, team: Path, lrs: FakeLrs
) -> None:
    pages = {
        "/xAPI/statements": page(statement(1), more="/xAPI/next?page=2"),
        "/xAPI/next": page(statement(2, actor={"mbox": "mailto:cy@example.org"})),
    }

    def route(handler: Handler, body: bytes) -> None:
        path = handler.path.partition("?")[0]
        if path == "/moved/statements":
            pages["/xAPI/statements"](handler, body)
        elif path == "/xAPI/statements":
            reply(handler, 301, headers=(("Location", "/moved/statements?limit=500"),))
        else:
            pages[path](handler, body)

    lrs.on_get = route
    result = run_cli("report", "sprint", "--lrs", lrs.url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    learners = {row["learner"]: row["done"] for row in json.loads(result.stdout)["learners"]}
    assert learners == {"ann": 0, "bob": 1, "cy@example.org": 1}
    assert [path.partition("?")[0] for _, path, _ in lrs.requests] == [
        "/xAPI/statements",
        "/moved/statements",
        "/xAPI/next",
    ]
    assert {authorization for _, _, authorization in lrs.requests} == {BASIC}


# 8. A batch is acknowledged only by 200 and exactly the ids sent


@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (200, b"", "an empty body"),
        (200, b"<html>ok</html>" * 1000, "15,000 bytes that are not JSON"),
        (200, b"[1, 2, 3]", "a list of 3 items that are not those ids"),
        (
            200,
            b'["00000000-0000-4000-8000-000000000001"]',
            "a list of 1 item that are not those ids",
        ),
        (200, b'{"stored": true}', "a JSON object"),
        (200, b"[[[[[[[[" * 100_000, "800,000 bytes that are not JSON"),
    ],
)
def test_a_200_that_does_not_list_the_ids_sent_acknowledges_nothing(
    run_cli: Run, team: Path, lrs: FakeLrs, status: int, body: bytes, said: str
) -> None:
    lrs.on_post = lambda handler, _: reply(handler, status, body)
    result = run_cli("sync", "--lrs", lrs.url)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the LRS at {lrs.url} answered 200 without the ids of the 3 statements sent "
        f"({said}), so they are not counted as stored (xAPI 1.0.3: the answer to a POST lists "
        f"the ids stored); {NOTHING_LOST} (nothing is lost)\n"
    )
    assert sent_keys() == []
    assert_nothing_marked_sent(run_cli, lrs)


@pytest.mark.parametrize(("status", "reason"), [(303, "See Other"), (204, "No Content")])
def test_a_see_other_or_no_content_is_not_an_acknowledgement(
    run_cli: Run, team: Path, lrs: FakeLrs, status: int, reason: str
) -> None:
    headers = (("Location", "/xAPI/statements?statementId=x"),) if status == 303 else ()
    lrs.on_post = lambda handler, _: reply(handler, status, headers=headers)
    lrs.on_get = page()  # were the 303 followed as a GET, its 200 would look like success
    result = run_cli("sync", "--lrs", lrs.url)
    assert result.exit_code == 1
    where = " to /xAPI/statements?statementId=*** instead of" if status == 303 else ""
    assert result.stderr.startswith(f"error: the LRS at {lrs.url} answered {status} {reason}")
    assert where in result.stderr
    assert [method for method, _, _ in lrs.requests] == ["POST"]
    assert_nothing_marked_sent(run_cli, lrs)


def test_the_ids_may_come_back_in_another_order_and_case(
    run_cli: Run, team: Path, lrs: FakeLrs
) -> None:
    def shuffled(handler: Handler, body: bytes) -> None:
        ids = [item["id"].upper() for item in json.loads(body)][::-1]
        reply(handler, 200, json.dumps(ids).encode())

    lrs.on_post = shuffled
    result = run_cli("sync", "--lrs", lrs.url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sent"] == STATEMENTS_SENT


# 9. Time is bounded


def trickle(body: bytes, *, headers_too: bool = False) -> Reply:
    """The whole answer would be a valid acknowledgement, one byte every 0.2 s."""

    def answer(handler: Handler, sent: bytes) -> None:
        ids = json.dumps([item["id"] for item in json.loads(sent)]).encode() if sent else body
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(ids)}\r\n\r\n".encode()
        data = head + ids if headers_too else ids
        if not headers_too:
            handler.wfile.write(head)
        try:
            for byte in data:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            return  # learnsync hung up: as it should

    return answer


@pytest.mark.parametrize("headers_too", [False, True])
def test_a_server_that_trickles_its_answer_is_cut_off_at_the_timeout(
    run_cli: Run, team: Path, lrs: FakeLrs, headers_too: bool
) -> None:
    lrs.on_post = trickle(b"", headers_too=headers_too)
    result = run_cli("sync", "--lrs", lrs.url, "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the LRS at {lrs.url} did not answer within 1 s; ")


def test_report_and_leaderboard_take_a_timeout(run_cli: Run, team: Path, lrs: FakeLrs) -> None:
    lrs.on_get = trickle(json.dumps({"statements": []}).encode())
    for command in ("report", "leaderboard"):
        result = run_cli(command, "sprint", "--lrs", lrs.url, "--timeout", "0.5")
        assert result.exit_code == 1
        assert result.stderr == f"error: the LRS at {lrs.url} did not answer within 0.5 s\n"


def test_endless_more_links_stop_at_the_page_cap(
    run_cli: Run, team: Path, lrs: FakeLrs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("learnsync.lrs.MAX_PAGES", 4)
    served = iter(range(1, 1000))

    def endless(handler: Handler, _: bytes) -> None:
        number = next(served)
        page(statement(number), more=f"/xAPI/statements?page={number + 1}")(handler, b"")

    lrs.on_get = endless
    result = run_cli("report", "sprint", "--lrs", lrs.url)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the LRS at {lrs.url} still had more statements after 4 pages (2,000 "
        "statements); learnsync reads at most that many\n"
    )
    assert len(lrs.requests) == 4


@pytest.mark.parametrize("timeout", ["nan", "inf", "0"])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(
    run_cli: Run, team: Path, lrs: FakeLrs, timeout: str
) -> None:
    assert run_cli("sync", "--lrs", lrs.url, "--timeout", timeout).exit_code == 2
    assert lrs.requests == []


# 10. Secrets are never printed or stored


def test_user_info_and_query_values_are_redacted_everywhere_and_used_rightly(
    run_cli: Run, team: Path, lrs: FakeLrs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNSYNC_LRS_USER")
    monkeypatch.delenv("LEARNSYNC_LRS_PASSWORD")
    secret = f"http://lead:pa55word@127.0.0.1:{lrs.port}/xAPI/?token=t0ken-s3cret"
    shown = f"http://***@127.0.0.1:{lrs.port}/xAPI/?token=***"
    lrs.on_post = lambda handler, _: reply(handler, 500, b"internal error")
    failed = run_cli("sync", "--lrs", secret)
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"error: the LRS at {shown} answered 500")
    lrs.on_post = acknowledge
    done = run_cli("sync", "--lrs", secret, "-f", "json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["lrs"] == (
        f"http://127.0.0.1:{lrs.port}/xAPI/statements?token=***"
    )
    text = run_cli("sync", "--lrs", secret)
    assert text.stdout == (
        f"Sent 0 statements to http://127.0.0.1:{lrs.port}/xAPI/statements?token=*** in 0 "
        "batches; 3 were there already.\n"
    )
    for output in (failed, done, text):
        assert "pa55word" not in output.stdout + output.stderr
        assert "t0ken-s3cret" not in output.stdout + output.stderr
    # the statements resource is built with the query where it belongs, the user info as login
    assert {(path, authorization) for _, path, authorization in lrs.requests} == {
        ("/xAPI/statements?token=t0ken-s3cret", BASIC)
    }
    [(key, count)] = sent_keys()
    assert count == STATEMENTS_SENT
    assert key.startswith(f"http://127.0.0.1:{lrs.port}/xAPI/statements?sha256=")
    assert "t0ken" not in key and "pa55word" not in key


def test_an_lrs_url_that_does_not_parse_is_a_usage_error_that_shows_no_secret(
    run_cli: Run, team: Path
) -> None:
    for url in ("http://lead:pa55word@[::1/xAPI/", "ftp://lead:pa55word@host/", "http://:80/"):
        result = run_cli("sync", "--lrs", url)
        assert result.exit_code == 2, url
        assert "pa55word" not in result.stderr
        assert result.stderr.startswith(f"error: --lrs '{redact(url)}' is not")


def test_redact_hides_user_info_query_values_and_fragments() -> None:
    assert redact("https://lead:pw@lrs.example.org:8443/xAPI/?token=T&x=&flag#frag") == (
        "https://***@lrs.example.org:8443/xAPI/?token=***&x=***&***#***"
    )
    assert redact("https://lrs.example.org/xAPI/") == "https://lrs.example.org/xAPI/"
    assert redact("http://a:b@c@host/x") == "http://***@host/x"


def test_credentials_in_clear_only_over_plain_http_to_another_machine() -> None:
    assert Lrs("http://lrs.example.org/", "lead", "pw").credentials_in_clear
    assert not Lrs("https://lrs.example.org/", "lead", "pw").credentials_in_clear
    assert not Lrs("http://lrs.example.org/").credentials_in_clear
    for host in ("127.0.0.1", "[::1]", "localhost", "127.8.9.10"):
        assert not Lrs(f"http://lead:pw@{host}:8080/").credentials_in_clear, host
    assert Lrs("http://lead:pw@192.0.2.7/").credentials_in_clear


def test_a_warning_when_credentials_would_cross_the_network_unencrypted(
    run_cli: Run, team: Path
) -> None:
    result = run_cli("sync", "--lrs", "http://192.0.2.7:9/xAPI/", "--timeout", "0.2")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "warning: http://192.0.2.7:9/xAPI/ is plain http: the LRS credentials cross the network "
        "unencrypted (use https)"
    )
    assert sum("plain http" in line for line in lines) == 1
    assert lines[1].startswith("error: the LRS at http://192.0.2.7:9/xAPI/ ")


def test_no_warning_on_loopback(run_cli: Run, team: Path, lrs: FakeLrs) -> None:
    assert "warning" not in run_cli("sync", "--lrs", lrs.url).stderr


def test_the_store_rekeys_what_older_versions_recorded_with_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite3"
    before = [name for name, _ in migrations.MIGRATIONS].index("0008_lrs_sent_keys_without_secrets")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:before])
    with open_store(path) as store:
        store.connection.executemany(
            "INSERT INTO lrs_sent VALUES (?, ?, '2027-01-04T17:00:00+00:00')",
            [
                # what 0.1 stored for --lrs https://lead:pw@h.example/xAPI/?token=T
                ("https://lead:pw@h.example/xAPI/?token=T/xAPI/statements", "a"),
                ("https://h.example/xAPI/statements", "b"),
                ("http://127.0.0.1:8100/lrs/xAPI/statements", "c"),
            ],
        )
        store.connection.commit()
    monkeypatch.undo()
    with open_store(path) as store:
        rows = sorted(store.connection.execute("SELECT lrs, statement_id FROM lrs_sent"))
    assert rows == sorted(
        [
            (store_key_of("https://h.example/xAPI/?token=T"), "a"),
            ("https://h.example/xAPI/statements", "b"),
            ("http://127.0.0.1:8100/lrs/xAPI/statements", "c"),
        ]
    )
    assert Lrs("https://lead:pw@h.example/xAPI/?token=T").store_key == rows[-1][0]


# 11. Data learnsync cannot read gets one line naming the LRS


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (b"[]", "it is a JSON list, not a StatementResult object"),
        (b'"statements"', "it is a string, not a StatementResult object"),
        (b'{"statements": {"id": 1}}', "'statements' is a JSON object, not a list"),
        (b'{"statements": [1]}', "statement 1 is a number, not an object"),
        (b'{"statements": [{"id": "x"}, "text"]}', "statement 2 is a string, not an object"),
        (
            b'{"statements": [{"verb": "completed"}]}',
            "statement 1 has 'verb' that is a string, not an object",
        ),
        (
            b'{"statements": [{"timestamp": 5}]}',
            "statement 1 has 'timestamp' that is a number, not a string",
        ),
        (
            b'{"statements": [{"timestamp": "0001-01-01T00:00:00+14:00"}]}',
            "statement 1 has 'timestamp' \"0001-01-01T00:00:00+14:00\", not an ISO 8601 "
            "date-time between 1970 and 2999",
        ),
        (b"not json", "it is not JSON"),
        (b"[" * 100_000, "it is not JSON"),
        (b'{"statements": [], "more": 7}', None),
    ],
)
def test_a_page_learnsync_cannot_read_gets_one_line(
    run_cli: Run, team: Path, lrs: FakeLrs, answer: bytes, problem: str | None
) -> None:
    lrs.on_get = lambda handler, _: reply(handler, 200, answer)
    result = run_cli("report", "sprint", "--lrs", lrs.url)
    if problem is None:  # an empty page ends the reading, whatever its 'more' says
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the LRS at {lrs.url} sent a page learnsync cannot read (page 1): {problem}\n"
    )


def test_a_timestamp_without_an_offset_is_utc(run_cli: Run, team: Path, lrs: FakeLrs) -> None:
    lrs.on_get = page(statement(1, timestamp="2027-01-04T17:00:00"))
    result = run_cli("report", "sprint", "--lrs", lrs.url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["learner"]: row for row in json.loads(result.stdout)["learners"]}
    assert (rows["bob"]["done"], rows["bob"]["last_activity"]) == (1, "2027-01-04T18:00:00+01:00")


@pytest.mark.parametrize(
    ("scaled", "problem"),
    [
        ('"0.5"', "has 'result.score.scaled' that is a string, not a number"),
        ("1e308", "has 'result.score.scaled' 1e+308, not a number from -1 to 1"),
        ("1e999", "has 'result.score.scaled' inf, not a number from -1 to 1"),
        ("NaN", "has 'result.score.scaled' nan, not a number from -1 to 1"),
        ("true", "has 'result.score.scaled' that is true, not a number"),
    ],
)
def test_a_score_that_is_not_a_number_from_minus_one_to_one_gets_one_line(
    run_cli: Run, team: Path, lrs: FakeLrs, scaled: str, problem: str
) -> None:
    body = json.dumps({"statements": [statement(1)]}).replace(
        '"timestamp"', f'"result": {{"score": {{"scaled": {scaled}}}}}, "timestamp"'
    )
    lrs.on_get = lambda handler, _: reply(handler, 200, body.encode())
    result = run_cli("leaderboard", "sprint", "--lrs", lrs.url)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the LRS at {lrs.url} sent a page learnsync cannot read (page 1): "
        f"statement 1 {problem}\n"
    )


@pytest.mark.parametrize("with_length", [True, False])
def test_an_answer_larger_than_the_cap_is_not_read(
    run_cli: Run, team: Path, lrs: FakeLrs, monkeypatch: pytest.MonkeyPatch, with_length: bool
) -> None:
    monkeypatch.setattr("learnsync.lrs.MAX_RESPONSE_BYTES", 10_000)

    def huge(handler: Handler, _: bytes) -> None:
        handler.send_response(200)
        if with_length:
            handler.send_header("Content-Length", str(10**12))
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b" " * 1000)
        except OSError:
            return

    lrs.on_get = huge
    result = run_cli("report", "sprint", "--lrs", lrs.url)
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: the LRS at {lrs.url} answered more than 10,000 bytes; not read\n"
    )


def mostly(
    good: st.SearchStrategy[object], bad: st.SearchStrategy[object]
) -> st.SearchStrategy[object]:
    """``good`` fifteen times out of sixteen, so that whole statements reach the progress rules."""
    return st.integers(0, 15).flatmap(lambda draw: bad if draw == 15 else good)


VERBS = [*VERB_KINDS, "http://example.org/verbs/liked"]
IDS = [f"00000000-0000-4000-8000-00000000000{number}" for number in range(4)]
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5))
TIMESTAMPS = mostly(
    st.one_of(
        st.datetimes(min_value=datetime(2026, 12, 1), max_value=datetime(2027, 3, 1)).map(
            lambda moment: moment.isoformat() + "Z"
        ),
        st.datetimes(
            min_value=datetime(2026, 12, 1),
            max_value=datetime(2027, 3, 1),
            timezones=st.timezones(),
        ).map(lambda moment: moment.isoformat()),
        st.datetimes(min_value=datetime(2026, 12, 1), max_value=datetime(2027, 3, 1)).map(
            lambda moment: moment.isoformat()  # no offset: UTC
        ),
    ),
    st.one_of(
        st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
        st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2027-13-01"]),
        JSON_SCALARS,
    ),
)
GOOD_PARTS = {
    "id": st.sampled_from(IDS),
    "actor": st.sampled_from(
        [
            {"account": {"homePage": "https://example.org", "name": "bob"}},
            {"account": {"name": "ann"}},
            {"mbox": "mailto:ann@example.org"},
            {"mbox": "mailto:\u202e\x1b[2J@example.org"},
            {"account": {"name": ["not", "a", "name"]}},
        ]
    ),
    "verb": st.sampled_from([{"id": verb} for verb in VERBS]),
    "object": st.one_of(
        st.sampled_from(
            [{"id": f"{IRI}/{item}"} for item in ("task/intro", "task/quiz", "session/kickoff")]
            + [{"id": f"{IRI}/task/gone"}, {"id": "https://elsewhere.example/x"}]
        ),
        st.sampled_from(IDS).map(lambda target: {"objectType": "StatementRef", "id": target}),
    ),
    "timestamp": TIMESTAMPS,
    "result": st.one_of(
        st.just({"completion": True}),
        st.builds(
            lambda scaled: {"score": {"scaled": scaled}},
            mostly(st.floats(-1, 1), st.one_of(st.floats(), JSON_SCALARS)),
        ),
    ),
}
STATEMENTS = st.fixed_dictionaries(
    {key: mostly(good, JSON_SCALARS) for key, good in GOOD_PARTS.items()}
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(mostly(STATEMENTS, JSON_SCALARS), min_size=1, max_size=5))
def test_whatever_statements_an_lrs_sends_report_exits_0_or_with_one_line(
    run_cli: Run, team: Path, monkeypatch: pytest.MonkeyPatch, statements: list[object]
) -> None:
    payload = json.dumps({"statements": statements}).encode()
    monkeypatch.setattr(Lrs, "_get", lambda self, url: payload)
    result = run_cli("report", "sprint", "--lrs", "http://127.0.0.1:9/xAPI/", "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("error: the LRS at http://127.0.0.1:9/xAPI/ sent a page")
        assert result.stderr.count("\n") == 1


def test_names_an_lrs_sends_are_shown_not_obeyed(run_cli: Run, team: Path, lrs: FakeLrs) -> None:
    from tests.hostile.test_sanitise import HOSTILE, assert_safe

    lrs.on_get = page(
        statement(1, actor={"account": {"name": HOSTILE}}),
        statement(2, actor={"mbox": f"mailto:{HOSTILE}@example.org"}),
    )
    for command in ("report", "leaderboard"):
        for output_format in ("table", "md", "json"):
            assert_safe(run_cli(command, "sprint", "--lrs", lrs.url, "-f", output_format))
        assert_safe(run_cli(command, "sprint", "--lrs", lrs.url, "-f", "csv"), line_ends="\r\n")
    names = [
        row["learner"]
        for row in json.loads(run_cli("report", "sprint", "--lrs", lrs.url, "-f", "json").stdout)[
            "learners"
        ]
    ]
    assert HOSTILE in names


def test_an_http_proxy_from_the_environment_carries_requests_to_other_hosts(
    run_cli: Run, team: Path, lrs: FakeLrs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", f"http://proxy-user:proxy-pw@127.0.0.1:{lrs.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    result = run_cli("sync", "--lrs", "http://lrs.example.org/xAPI/", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [path for _, path, _ in lrs.requests] == ["http://lrs.example.org/xAPI/statements"]
    assert {authorization for _, _, authorization in lrs.requests} == {BASIC}


def test_loopback_never_goes_through_a_proxy(
    run_cli: Run, team: Path, lrs: FakeLrs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    result = run_cli("sync", "--lrs", lrs.url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [path for _, path, _ in lrs.requests] == ["/xAPI/statements"]
