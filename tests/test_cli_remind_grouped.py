"""``remind`` for a team lead: grouped by learner (name, email), times in each learner's zone with
the zone shown, titles shortened to fit; JSON has one object per learner with their items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.team_fixture import Run
from tests.test_cli_report import screen

REMIND_80 = """\
Annika Svensson-Lindqvist (ann) <ann@example.org>, times in America/New_York
  starts   Thu 14 Jan 08:00  draft-review  Live draft review

Bob (bob), times in Europe/Berlin
  overdue  Wed 06 Jan        first-prompts    Exercise: ten prompts for one…
  overdue  Sun 10 Jan        prompt-patterns  Read: ten prompt patterns for…
  overdue  Sun 10 Jan        prompting-quiz   Quiz: prompting basics
  starts   Thu 14 Jan 14:00  draft-review     Live draft review

Chen Wei (chen) <chen@example.org>, times in Europe/Berlin
  overdue  Wed 06 Jan        first-prompts   Exercise: ten prompts for one…
  overdue  Sun 10 Jan        prompting-quiz  Quiz: prompting basics
  starts   Thu 14 Jan 14:00  draft-review    Live draft review

Dee (dee), times in Europe/Berlin
  starts   Thu 14 Jan 14:00  draft-review  Live draft review

raj <raj@example.org>, times in Asia/Kolkata
  overdue  Thu 07 Jan 04:30  first-prompts    Exercise: ten prompts for one…
  overdue  Mon 11 Jan 04:30  how-llms-work    Watch: how large language models…
  overdue  Mon 11 Jan 04:30  prompt-patterns  Read: ten prompt patterns for…
  overdue  Mon 11 Jan 04:30  prompting-quiz   Quiz: prompting basics
  starts   Thu 14 Jan 18:30  draft-review     Live draft review
"""

RAJ_120 = """\
raj <raj@example.org>, times in Asia/Kolkata
  overdue  Thu 07 Jan 04:30  first-prompts    Exercise: ten prompts for one article
  overdue  Mon 11 Jan 04:30  how-llms-work    Watch: how large language models work
  overdue  Mon 11 Jan 04:30  prompt-patterns  Read: ten prompt patterns for editors
  overdue  Mon 11 Jan 04:30  prompting-quiz   Quiz: prompting basics
  starts   Thu 14 Jan 18:30  draft-review     Live draft review
"""


def test_remind_at_80_columns_is_grouped_by_learner_in_their_own_zone(five_learners: Path) -> None:
    assert screen("remind", "--within", "2d", exit_code=1) == REMIND_80


def test_remind_at_120_columns_shows_whole_titles(five_learners: Path) -> None:
    assert screen("remind", "--within", "2d", "-l", "raj", columns=120, exit_code=1) == RAJ_120


def test_remind_in_colour(five_learners: Path) -> None:
    lines = screen("remind", "-l", "chen", colour=True, exit_code=1).splitlines()
    assert lines[0] == (
        "\x1b[1mChen Wei\x1b[0m (chen) <chen@example.org>\x1b[2m, times in Europe/Berlin\x1b[0m"
    )
    assert lines[1] == (
        "  \x1b[1;31moverdue  \x1b[0mWed 06 Jan  \x1b[1mfirst-prompts   \x1b[0m"
        "Exercise: ten prompts for one article"
    )


@pytest.mark.parametrize("columns", [60, 72, 80, 100, 120])
def test_every_line_of_remind_fits_and_no_word_is_split(five_learners: Path, columns: int) -> None:
    full = screen("remind", "--within", "2d", columns=1000, exit_code=1)
    whole = {word.rstrip(":,") for word in full.split()}
    for line in screen("remind", "--within", "2d", columns=columns, exit_code=1).splitlines():
        assert len(line) <= columns, line
        assert {word.rstrip("…:,") for word in line.split()} <= whole, line


def test_remind_json_gives_one_object_per_learner_with_their_items(
    run_cli: Run, five_learners: Path
) -> None:
    document = json.loads(run_cli("remind", "--within", "2d", "-f", "json").stdout)
    assert document["overdue"] == 9 and len(document["reminders"]) == 14
    learners = document["learners"]
    assert [(g["learner"], g["name"], g["email"], g["timezone"]) for g in learners] == [
        ("ann", "Annika Svensson-Lindqvist", "ann@example.org", "America/New_York"),
        ("bob", "Bob", None, "Europe/Berlin"),
        ("chen", "Chen Wei", "chen@example.org", "Europe/Berlin"),
        ("dee", "Dee", None, "Europe/Berlin"),
        ("raj", None, "raj@example.org", "Asia/Kolkata"),
    ]
    first = learners[4]["items"][0]
    assert first == {
        "learner": "raj",
        "course": "ai-content-tools",
        "kind": "task",
        "id": "first-prompts",
        "title": "Exercise: ten prompts for one article",
        "state": "overdue",
        "at": "2027-01-07T00:00:00+01:00",
        "due": "2027-01-06",
        "timezone": "Asia/Kolkata",
        "local_at": "2027-01-07T04:30:00+05:30",
    }
    assert sum(len(group["items"]) for group in learners) == len(document["reminders"])
