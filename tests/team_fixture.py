"""A team lead's Monday: five learners of the example course, some behind, one finished."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES

Run = Callable[..., Result]

ROSTER = """\
[[learner]]
id = "chen"
name = "Chen Wei"
email = "chen@example.org"

[[learner]]
id = "ann"
name = "Annika Svensson-Lindqvist"
email = "ann@example.org"
timezone = "America/New_York"

[[learner]]
id = "raj"
email = "raj@example.org"
timezone = "Asia/Kolkata"

[[learner]]
id = "bob"
name = "Bob"

[[learner]]
id = "dee"
name = "Dee"
"""
EVERY_TASK = [
    "how-llms-work",
    "prompt-patterns",
    "first-prompts",
    "prompting-quiz",
    "house-style",
    "outline-to-draft",
    "draft-article",
    "fact-checking",
    "bias-and-plagiarism",
    "review-exercise",
    "image-tools",
    "image-exercise",
    "editorial-policy",
    "final-piece",
    "final-assessment",
]
COURSE = EXAMPLES / "ai-content-tools.toml"
MONDAY = "2027-01-13T09:00:00+00:00"


def make_team(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    roster = tmp_path / "team.toml"
    roster.write_text(ROSTER, encoding="utf-8")

    def at(moment: str, *args: str) -> None:
        monkeypatch.setenv("LEARNSYNC_NOW", moment)
        result = run_cli(*args)
        assert result.exit_code == 0, result.stderr

    at("2027-01-01T12:00:00+00:00", "enroll", COURSE, "--roster", roster, "--start", "2027-01-04")
    at(
        "2027-01-05T18:00:00+00:00",
        "done",
        "how-llms-work",
        "prompt-patterns",
        "kickoff",
        "-l",
        "chen",
    )
    at("2027-01-12T18:00:00+00:00", "done", *EVERY_TASK, "-l", "dee")
    at("2027-01-08T18:00:00+00:00", "done", *EVERY_TASK[:5], "-l", "ann")
    at("2027-01-10T18:00:00+00:00", "done", "how-llms-work", "-l", "bob")
    at("2027-01-11T07:00:00+00:00", "replan", "-l", "chen")
    monkeypatch.setenv("LEARNSYNC_NOW", MONDAY)
    return roster
