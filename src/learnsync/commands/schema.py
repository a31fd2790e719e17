"""``learnsync schema``: print the JSON Schema of the course format."""

from __future__ import annotations

import sys
from pathlib import Path

from learnsync.commands.files import write_new_or_replace
from learnsync.course.schema import course_schema_json


def run(output: Path | None) -> int:
    text = course_schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        write_new_or_replace(output, text)
        sys.stderr.write(f"wrote {output}\n")
    return 0
