"""Values that would be unsafe later (in a calendar, on another machine, as someone else) are
refused by `check` and the commands, with the file, the line and the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from learnsync.course.values import MACHINE_DEPENDENT_ZONES, is_time_zone, time_zone_names
from tests.conftest import MINIMAL_COURSE

Run = Callable[..., Result]
Write = Callable[..., Path]


def only_finding(result: Result) -> dict[str, object]:
    assert result.exit_code == 1, result.stdout
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == 1, findings
    return dict(findings[0])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://example.org/a\\r\\nX-Evil: 1",
            "a web address cannot hold the character U+000D: "
            "write it percent-encoded (a space is %20)",
        ),
        (
            "https://example.org/two words",
            "a web address cannot hold a space: write it percent-encoded (a space is %20)",
        ),
        (
            "javascript:alert(1)",
            '"javascript:alert(1)" is not a web address: use an http:// or https:// address '
            "such as https://example.org/lesson",
        ),
        (
            "file:///etc/passwd",
            '"file:///etc/passwd" is not a web address: use an http:// or https:// address '
            "such as https://example.org/lesson",
        ),
        (
            "https:///no-host",
            '"https:///no-host" has no valid host and port: use an http:// or https:// '
            "address such as https://example.org/lesson",
        ),
        (
            "https://example.org/\\u202egpj.exe",
            "a web address cannot hold the character U+202E: "
            "write it percent-encoded (a space is %20)",
        ),
    ],
)
def test_check_refuses_a_task_url_that_is_not_a_plain_web_address(
    run_cli: Run, write_course: Write, url: str, message: str
) -> None:
    path = write_course(MINIMAL_COURSE + f'url = "{url}"\n')
    finding = only_finding(run_cli("check", path, "-f", "json"))
    assert (finding["path"], finding["line"], finding["key"], finding["code"]) == (
        str(path),
        13,
        "module[0].task[0].url",
        "invalid-url",
    )
    assert finding["message"] == message


def test_check_refuses_a_session_url_that_is_not_a_web_address(
    run_cli: Run, write_course: Write
) -> None:
    session = '\n[[session]]\nid = "s"\ntitle = "S"\nat = "day 1 10:00"\nduration = "1h"\n'
    path = write_course(MINIMAL_COURSE + session + 'url = "javascript:alert(1)"\n')
    finding = only_finding(run_cli("check", path, "-f", "json"))
    assert (finding["line"], finding["key"], finding["code"]) == (
        19,
        "session[0].url",
        "invalid-url",
    )


def test_a_url_with_a_line_break_is_an_error_for_plan_not_a_crash(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(MINIMAL_COURSE + 'url = "https://example.org/\\r\\nX: y"\n')
    result = run_cli("plan", path, "-f", "ics", "--start", "2027-01-04")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:13:")
    assert "error [invalid-url]" in result.stderr


def test_web_addresses_that_a_learner_can_open_are_accepted(
    run_cli: Run, write_course: Write
) -> None:
    for url in ("https://example.org/a?b=c#d", "HTTP://[::1]:8080/x", "https://例え.jp/パス"):
        path = write_course(MINIMAL_COURSE + f'url = "{url}"\n')
        assert run_cli("check", path).exit_code == 0, url


@pytest.mark.parametrize("zone", [*sorted(MACHINE_DEPENDENT_ZONES), "posix/Europe/Berlin"])
def test_check_refuses_a_time_zone_that_depends_on_the_machine(
    run_cli: Run, write_course: Write, zone: str
) -> None:
    path = write_course(
        MINIMAL_COURSE.replace(
            'title = "C"\n', f'title = "C"\n\n[calendar]\ntimezone = "{zone}"\n', 1
        )
    )
    finding = only_finding(run_cli("check", path, "-f", "json"))
    assert (finding["line"], finding["key"], finding["code"]) == (
        6,
        "calendar.timezone",
        "unknown-timezone",
    )
    assert finding["message"] == f"'{zone}' is not an IANA time zone"
    assert "localtime" not in str(finding["hint"]) and "Factory" not in str(finding["hint"])


def test_a_near_miss_of_a_machine_dependent_zone_is_not_pointed_at_it(
    run_cli: Run, write_course: Write
) -> None:
    path = write_course(
        MINIMAL_COURSE.replace(
            'title = "C"\n', 'title = "C"\n\n[calendar]\ntimezone = "localtme"\n', 1
        )
    )
    finding = only_finding(run_cli("check", path, "-f", "json"))
    assert finding["hint"] == 'use a name such as "Europe/Berlin" or "UTC"'


def test_time_zone_names_hold_no_machine_dependent_zone_and_are_all_accepted() -> None:
    names = time_zone_names()
    assert "Europe/Berlin" in names and "UTC" in names
    assert not set(names) & MACHINE_DEPENDENT_ZONES
    assert all(is_time_zone(name) for name in names)


@given(st.sampled_from(sorted(MACHINE_DEPENDENT_ZONES)), st.sampled_from(["", "posix/", "right/"]))
def test_no_machine_dependent_zone_is_a_time_zone(zone: str, prefix: str) -> None:
    assert not is_time_zone(prefix + zone)


def test_commands_refuse_a_machine_dependent_zone_as_a_usage_error(
    run_cli: Run, write_course: Write
) -> None:
    result = run_cli("plan", write_course(MINIMAL_COURSE), "--timezone", "localtime")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: time zone 'localtime' does not exist: use an IANA name such as Europe/Berlin\n"
    )


def test_a_roster_refuses_a_machine_dependent_zone(run_cli: Run, write_course: Write) -> None:
    roster = write_course('[[learner]]\nid = "ann"\ntimezone = "Factory"\n', "team.toml")
    result = run_cli("enroll", write_course(MINIMAL_COURSE), "--roster", roster)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{roster}:3:12: error [unknown-timezone] 'Factory' is not an IANA time zone\n"
    )


@pytest.mark.parametrize(
    "email", ["not an email", "ann@", "@example.org", "a@b@c", "ann@exa\\u202emple"]
)
def test_a_bad_roster_email_is_reported_as_an_email(
    run_cli: Run, write_course: Write, email: str
) -> None:
    roster = write_course(f'[[learner]]\nid = "ann"\nemail = "{email}"\n', "team.toml")
    result = run_cli("enroll", write_course(MINIMAL_COURSE), "--roster", roster)
    assert result.exit_code == 1  # U+202E is shown as the escape the roster wrote it with
    assert result.stderr.splitlines()[:2] == [
        f'{roster}:3:9: error [invalid-email] "{email}" is not an email address: '
        "write it as name@example.org",
        "  at learner[0].email",
    ]


@pytest.mark.parametrize("command", [("enroll", "COURSE"), ("next",), ("status",), ("done", "t")])
@pytest.mark.parametrize("learner", ["", "  "])
def test_an_empty_learner_is_a_usage_error_not_the_login_name(
    run_cli: Run, write_course: Write, command: tuple[str, ...], learner: str
) -> None:
    course = write_course(MINIMAL_COURSE)
    assert run_cli("enroll", course, "--learner", "ann").exit_code == 0
    arguments = [str(course) if part == "COURSE" else part for part in command]
    result = run_cli(*arguments, "--learner", learner)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --learner is empty: pass a name, or leave the option out to use "
        "LEARNSYNC_LEARNER or your login name\n"
    )
