"""Write docs/cli.md, the CLI reference, from the commands' own --help.

python tools/cli_reference.py            # rewrite docs/cli.md
python tools/cli_reference.py --check    # exit 1 when docs/cli.md is stale (the tests do this)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = "100"


def command_names() -> list[str]:
    import typer.main

    from learnsync.cli import app

    def walk(group: object, prefix: str = "") -> list[str]:
        names = []
        for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
            if hasattr(command, "commands"):
                names += walk(command, f"{prefix}{name} ")
            else:
                names.append(f"{prefix}{name}")
        return names

    return walk(typer.main.get_command(app))


def help_text(*arguments: str) -> str:
    from typer.testing import CliRunner

    from learnsync.cli import app

    result = CliRunner().invoke(
        app, [*arguments, "--help"], env={"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    )
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip() + "\n"


def reference() -> str:
    os.environ["COLUMNS"] = WIDTH
    parts = [
        "# learnsync command reference",
        "",
        "Generated from each command's `--help` by `python tools/cli_reference.py`; the tests fail",
        "when it is stale. Exit codes: 0 success, 1 a finding or a refused action, 2 a usage error,",
        "3 an unexpected error, 130 interrupted.",
        "",
        "## learnsync",
        "",
        "```text",
        help_text().rstrip(),
        "```",
    ]
    for name in command_names():
        parts += [
            "",
            f"## learnsync {name}",
            "",
            "```text",
            help_text(*name.split()).rstrip(),
            "```",
        ]
    return "\n".join(parts) + "\n"


def main() -> int:
    text = reference()
    if sys.argv[1:] == ["--check"]:
        if not REFERENCE.exists() or REFERENCE.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{REFERENCE} is stale: run python tools/cli_reference.py\n")
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {REFERENCE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
