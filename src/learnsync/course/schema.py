"""The JSON Schema of course format 1, generated from the model so the two never disagree.

It is draft-07 (what Taplo and Even Better TOML read), and TOML dates are described as ISO
strings, the way editors present them.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "urn:learnsync:course-format:1"


def course_schema() -> dict[str, Any]:
    from learnsync.course.validation import Course

    schema = Course.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        **schema,
        "definitions": definitions,
    }


def course_schema_json() -> str:
    return json.dumps(course_schema(), indent=2, ensure_ascii=False) + "\n"
