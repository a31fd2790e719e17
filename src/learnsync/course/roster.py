"""Rosters: who is in a team, each with an optional calendar of their own.

```toml
[[learner]]
id = "ann"                       # the learner's name in the store (unique)
name = "Ann Example"
email = "ann@example.org"
timezone = "Europe/Berlin"       # optional: shows sessions and "today" in this zone
daily = "45m"                    # optional: study time per workday
workdays = ["mon", "wed", "fri"] # optional
start = 2027-01-11               # optional: this learner's first day
day_start = "04:00"              # optional: their day begins at 04:00 (streaks, today)
blackout = ["2027-02-15..2027-02-19", 2027-03-01]  # optional: days this learner does not study
```
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema

from learnsync.course import toml_text
from learnsync.course.findings import Finding
from learnsync.course.loader import locate_in_text, validation_findings
from learnsync.course.model import Weekday
from learnsync.course.validation import CalendarDate, DayStart, Email, Minutes, Text
from learnsync.course.values import is_time_zone, parse_date_range, time_zone_names
from learnsync.errors import CourseError


def _date_range(value: object) -> tuple[date, date]:
    from pydantic_core import PydanticCustomError

    try:
        return parse_date_range(value)
    except ValueError as error:
        raise PydanticCustomError("invalid-date", str(error)) from None


DateRange = Annotated[
    tuple[date, date],
    PlainValidator(_date_range),
    WithJsonSchema({"type": "string", "description": "a date or FIRST..LAST"}),
]


class RosterLearner(BaseModel):
    """``[[learner]]``: one person and, optionally, their own calendar."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(pattern=r"^[^\x00-\x1f\x7f]{1,100}$")
    name: Text | None = None
    email: Email | None = None
    timezone: str | None = None
    daily_minutes: Minutes | None = Field(None, alias="daily")
    workdays: list[Weekday] | None = None
    start: CalendarDate | None = None
    day_start: DayStart | None = None
    blackout: list[DateRange] = Field(default_factory=list)


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    learners: list[RosterLearner] = Field(alias="learner")


_TABLES: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("learner",),
    ("learner",): (
        "id",
        "name",
        "email",
        "timezone",
        "daily",
        "workdays",
        "start",
        "day_start",
        "blackout",
    ),
}


def load_roster(path: Path) -> Roster:
    """Read a roster; raise ``CourseError`` with file, line and key for anything wrong in it."""
    from learnsync.inputs import InputFileError, read_input_file

    name = str(path)
    try:
        text = read_input_file(path, what="roster").decode("utf-8")
    except InputFileError as error:
        raise CourseError([Finding(error.code, error.reason, file=name)]) from None
    except UnicodeDecodeError:
        raise CourseError([Finding("encoding", "is not UTF-8 text", file=name)]) from None
    try:
        data = toml_text.loads(text)
    except toml_text.TOMLDecodeError as error:
        from learnsync.course.loader import syntax_finding

        raise CourseError([syntax_finding(str(error), text, name)]) from None
    try:
        roster = Roster.model_validate(data)
    except ValidationError as error:
        raise CourseError(locate_in_text(validation_findings(error, _TABLES), text, name)) from None
    findings = []
    seen: dict[str, int] = {}
    for index, learner in enumerate(roster.learners):
        if learner.id in seen:
            findings.append(
                Finding(
                    "duplicate-learner",
                    f"learner '{learner.id}' is already listed as learner[{seen[learner.id]}]",
                    "error",
                    ("learner", index, "id"),
                    "each learner appears once in a roster",
                )
            )
        seen.setdefault(learner.id, index)
        if learner.timezone is not None and not is_time_zone(learner.timezone):
            from learnsync.course.findings import did_you_mean

            findings.append(
                Finding(
                    "unknown-timezone",
                    f"'{learner.timezone}' is not an IANA time zone",
                    "error",
                    ("learner", index, "timezone"),
                    did_you_mean(learner.timezone, time_zone_names()),
                )
            )
    if not roster.learners:
        findings.append(
            Finding("empty-roster", "the roster lists no learner", "error", ("learner",))
        )
    if findings:
        raise CourseError(locate_in_text(findings, text, name))
    return roster
