"""Write docs/tour.md: a learner's two weeks and a team lead's Monday, with the real outputs of
every command, run at 80 columns against a temporary store with the clock pinned.

python tools/tour.py            # rewrite docs/tour.md
python tools/tour.py --check    # exit 1 when docs/tour.md is stale (the tests do this)
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "docs" / "tour.md"
COURSE = "examples/ai-content-tools.toml"
ROSTER = """\
[[learner]]
id = "ann"
name = "Ann Example"
email = "ann@example.org"

[[learner]]
id = "chen"
name = "Chen Li"
email = "chen@example.org"
timezone = "America/New_York"

[[learner]]
id = "raj"
name = "Raj Patel"
timezone = "Asia/Kolkata"
"""

# (heading or None, the moment, the command line); a heading starts a new step of the story
SCRIPT: list[tuple[str | None, str, str]] = [
    (
        "The lead enrolls the team (Friday 1 January)",
        "2027-01-01T10:00:00+01:00",
        f"learnsync enroll {COURSE} --roster team.toml --start 2027-01-04",
    ),
    (
        "Ann's first Monday: what to do today",
        "2027-01-04T08:30:00+01:00",
        "learnsync next --learner ann",
    ),
    (
        "Ann marks work done",
        "2027-01-04T18:00:00+01:00",
        "learnsync done kickoff how-llms-work --learner ann",
    ),
    (
        None,
        "2027-01-05T18:30:00+01:00",
        "learnsync done prompt-patterns first-prompts --at '18:00' --learner ann",
    ),
    (
        "A week in, Ann looks at where she stands",
        "2027-01-08T19:00:00+01:00",
        "learnsync done prompting-quiz house-style prompt-clinic --learner ann",
    ),
    (None, "2027-01-08T19:05:00+01:00", "learnsync status --learner ann"),
    (None, "2027-01-08T19:06:00+01:00", "learnsync badges --learner ann"),
    (
        "Chen fell behind: the tool says so, and what to do",
        "2027-01-11T08:00:00-05:00",
        "learnsync next --learner chen",
    ),
    (None, "2027-01-11T08:01:00-05:00", "learnsync status --learner chen"),
    (None, "2027-01-11T08:02:00-05:00", "learnsync replan --learner chen"),
    (
        "The lead's Monday (11 January)",
        "2027-01-11T09:00:00+01:00",
        "learnsync report ai-content-tools",
    ),
    (None, "2027-01-11T09:01:00+01:00", "learnsync leaderboard ai-content-tools"),
    (None, "2027-01-11T09:02:00+01:00", "learnsync remind --within 2d"),
    (
        "Ann's second week ends early",
        "2027-01-15T18:00:00+01:00",
        "learnsync done outline-to-draft draft-article --learner ann",
    ),
    (None, "2027-01-15T18:05:00+01:00", "learnsync next --learner ann"),
]


def tour() -> str:
    from typer.testing import CliRunner

    from learnsync.cli import app

    parts = [
        "# A tour of learnsync",
        "",
        "A learner's first two weeks and a team lead's Monday, on the example course",
        f"[`{COURSE}`](../{COURSE}). Every output below is real: `python tools/tour.py` runs",
        "these commands at 80 columns against a fresh store, with the clock pinned to the time",
        "shown, and the tests fail when this page is stale.",
        "",
        "The team, in `team.toml`:",
        "",
        "```toml",
        ROSTER.rstrip(),
        "```",
    ]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "team.toml").write_text(ROSTER, encoding="utf-8")
        runner = CliRunner()
        previous = os.getcwd()
        os.chdir(ROOT)
        try:
            for heading, moment, line in SCRIPT:
                arguments = shlex.split(line)[1:]
                arguments = [
                    str(Path(folder) / "team.toml") if arg == "team.toml" else arg
                    for arg in arguments
                ]
                env = {
                    "LEARNSYNC_NOW": moment,
                    "LEARNSYNC_STORE": str(Path(folder) / "store.sqlite3"),
                    "COLUMNS": "80",
                    "NO_COLOR": "1",
                    "TERM": "dumb",
                    "LEARNSYNC_LEARNER": "",
                }
                result = runner.invoke(app, arguments, env=env)
                if heading:
                    parts += ["", f"## {heading}"]
                output = (result.stdout + result.stderr).rstrip()
                parts += ["", f"`{moment}`", "", "```text", f"$ {line}", output, "```"]
        finally:
            os.chdir(previous)
    return "\n".join(parts) + "\n"


def main() -> int:
    text = tour()
    if "--check" in sys.argv[1:]:
        if TOUR.read_text(encoding="utf-8") != text:
            print(f"{TOUR} is stale: run python tools/tour.py", file=sys.stderr)
            return 1
        return 0
    TOUR.write_text(text, encoding="utf-8")
    print(f"wrote {TOUR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
