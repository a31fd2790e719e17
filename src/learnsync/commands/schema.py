"""``learnsync schema``: print the JSON Schema of the course format."""

from __future__ import annotations

from pathlib import Path

from learnsync.commands.files import emit
from learnsync.course.schema import course_schema_json


def run(output: Path | None) -> int:
    emit(course_schema_json(), output)
    return 0
