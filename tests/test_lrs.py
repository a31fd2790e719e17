"""Sync with a real learning record store: Ralph's `ralph runserver`, started on loopback."""

from __future__ import annotations

import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.lrs_server import ralph_executable, running_lrs
from tests.test_cli_team import ROSTER
from tests.test_cli_tracking import COURSE

Run = Callable[..., Result]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if ralph_executable() is None:
        pytest.skip("ralph (the ralph-malph package with its cli and lrs extras) is not installed")
    with running_lrs(tmp_path_factory.mktemp("ralph")) as url:
        yield url


@pytest.fixture
def team(run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    # Each test gets its own course IRI, so the tests sharing one LRS do not see each other.
    iri = f"https://learn.example.org/{os.urandom(4).hex()}"
    course = write_course(COURSE.replace('title = "Sprint"', f'title = "Sprint"\niri = "{iri}"'))
    assert run_cli("enroll", course, "--roster", write_course(ROSTER, "team.toml")).exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T18:00:00+01:00")
    run_cli("done", "intro", "practice", "kickoff", "-l", "ann")
    run_cli("undo", "practice", "-l", "ann")
    run_cli("done", "intro", "-l", "raj")
    monkeypatch.setenv("LEARNSYNC_LRS_USER", "lead")
    monkeypatch.setenv("LEARNSYNC_LRS_PASSWORD", "secret")


def test_sync_sends_what_the_lrs_lacks_and_nothing_twice(
    run_cli: Run, lrs: str, team: None
) -> None:
    first = run_cli("sync", "--lrs", lrs, "--batch", "2", "-f", "json")
    assert first.exit_code == 0, first.stderr
    from tests.test_json_schemas import validate

    validate("sync", first.stdout)
    assert json.loads(first.stdout) | {"lrs": ""} == {
        "schema_version": 1,
        "lrs": "",
        "sent": 5,
        "already_there": 0,
        "batches": 3,
    }
    again = json.loads(run_cli("sync", "--lrs", lrs, "-f", "json").stdout)
    assert (again["sent"], again["already_there"]) == (0, 5)


def test_report_and_leaderboard_read_the_teams_records_from_the_lrs(
    run_cli: Run, lrs: str, team: None
) -> None:
    assert run_cli("sync", "--lrs", lrs).exit_code == 0
    local = json.loads(run_cli("report", "sprint", "-f", "json").stdout)["learners"]
    remote = json.loads(run_cli("report", "sprint", "--lrs", lrs, "-f", "json").stdout)["learners"]
    assert [(r["learner"], r["done"], r["points"]) for r in remote] == [
        (r["learner"], r["done"], r["points"]) for r in local
    ]
    board = json.loads(run_cli("leaderboard", "sprint", "--lrs", lrs, "-f", "json").stdout)[
        "leaderboard"
    ]
    assert next(row["learner"] for row in board) == "ann"


def test_an_lrs_that_is_down_loses_nothing_and_the_next_sync_catches_up(
    run_cli: Run, lrs: str, team: None
) -> None:
    down = f"http://127.0.0.1:{_free_port()}/xAPI/"
    result = run_cli("sync", "--lrs", down)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the LRS at {down} cannot be reached")
    assert (
        "0 statements were sent, 5 wait in the local store and the next sync sends them (nothing is lost)"
        in result.stderr
    )
    assert json.loads(run_cli("sync", "--lrs", lrs, "-f", "json").stdout)["sent"] == 5


def test_an_lrs_that_refuses_the_credentials_gets_one_clear_line(
    run_cli: Run, lrs: str, team: None
) -> None:
    result = run_cli("sync", "--lrs", lrs, "--password", "wrong")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the LRS at {lrs} answered 401")


class _Slow(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        time.sleep(2)
        self.send_response(204)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"internal error")

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def slow_lrs() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_slow_lrs_times_out_and_an_erroring_one_is_named(
    run_cli: Run, slow_lrs: str, team: None
) -> None:
    slow = run_cli("sync", "--lrs", slow_lrs, "--timeout", "0.3")
    assert slow.exit_code == 1
    assert slow.stderr.startswith(f"error: the LRS at {slow_lrs} did not answer within 0.3 s")
    failing = run_cli("report", "sprint", "--lrs", slow_lrs)
    assert failing.exit_code == 1
    assert failing.stderr.startswith(f"error: the LRS at {slow_lrs} answered 500")
