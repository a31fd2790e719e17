"""``learnsync schema``: print the JSON Schema of the course format."""

from __future__ import annotations

from pathlib import Path

from learnsync.course.schema import course_schema_json
from learnsync.output import emit


def run(output: Path | None) -> int:
    emit(course_schema_json(), output)
    return 0
