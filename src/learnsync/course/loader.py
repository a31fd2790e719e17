"""The one loader: a course file in, a validated ``Course`` (or every problem with its line) out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnsync.course import toml_text
from learnsync.course.findings import CohortStart, Finding, KeyPath, did_you_mean
from learnsync.errors import CourseError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from learnsync.course.model import Course

MAX_COURSE_BYTES = 8 * 1024 * 1024  # learnsync.inputs.MAX_INPUT_BYTES
_TOML_POSITION = re.compile(
    r"^(?P<message>.*?) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.S,
)


@dataclass
class CheckResult:
    """What checking one course file found: the course (when it loaded), every finding, and the
    cohorts its date-bound checks ran for."""

    file: str
    course: Course | None
    findings: list[Finding] = field(default_factory=list)
    cohorts: tuple[CohortStart, ...] = ()
    # a course mended from one that failed validation, for the date-bound session checks
    mended: Course | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]


def load_course(path: str | Path) -> Course:
    """Read and validate a course file; raise ``CourseError`` with every error found in it."""
    result = check_course(path)
    if result.course is None or result.errors:
        raise CourseError(result.errors)
    return result.course


def parse_course(text: str, file: str = "<string>") -> Course:
    """Validate a course from TOML text; raise ``CourseError`` like ``load_course``."""
    result = check_text(text, file)
    if result.course is None or result.errors:
        raise CourseError(result.errors)
    return result.course


def check_course(path: str | Path) -> CheckResult:
    """Every finding about one course file. Never raises for anything the file holds."""
    from learnsync.inputs import InputFileError, read_input_file

    name = str(path)
    try:
        data = read_input_file(path, MAX_COURSE_BYTES, "course file")
    except InputFileError as error:
        return _file_problem(name, error.code, error.reason, hint=error.hint)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        finding = Finding(
            "encoding",
            f"is not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded",
            hint="save the file as UTF-8",
        )
        return CheckResult(name, None, [finding.located(name, line, column)])
    return check_text(text, name)


def check_text(text: str, file: str = "<string>") -> CheckResult:
    """Every finding about a course given as TOML text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_COURSE_BYTES:
        return _file_problem(file, "file-too-large", "is too large for a course file")
    if not text.strip():
        finding = Finding(
            "empty-file",
            "is empty",
            hint='a course needs at least a [course] table with id and title (see "learnsync init")',
        )
        return CheckResult(file, None, [finding.located(file, 1, 1)])
    try:
        data = toml_text.loads(text)
    except toml_text.TOMLDecodeError as error:
        return CheckResult(file, None, [syntax_finding(str(error), text, file)])
    except RecursionError:
        return _file_problem(file, "toml-syntax", "invalid TOML: values are nested too deeply")
    return check_data(data, text, file)


def check_data(data: dict[str, Any], text: str, file: str) -> CheckResult:
    """Validate parsed TOML; ``text`` is only read again to locate findings."""
    from learnsync.course.build import build_course
    from learnsync.course.checks import check_semantics

    course = build_course(data)
    if course is None:  # not valid, or not surely: pydantic decides, and words every error
        from pydantic import ValidationError

        from learnsync.course.validation import Course as CourseModel
        from learnsync.course.validation import to_records

        try:
            course = to_records(CourseModel.model_validate(data))
        except ValidationError as error:
            findings = list(validation_findings(error))
            from learnsync.course.repair import independent_findings

            errors = [
                (tuple(item["loc"]), item["type"]) for item in error.errors(include_url=False)
            ]
            independent, mended = independent_findings(data, errors)
            findings += independent
            return CheckResult(file, None, _capped(findings, text, file), mended=mended)
        except RecursionError:
            return _file_problem(file, "toml-syntax", "values are nested too deeply")
    assert course is not None
    findings = check_semantics(course)
    if not findings:
        return CheckResult(file, course, [])
    return CheckResult(file, course, _capped(findings, text, file))


def _capped(findings: list[Finding], text: str, file: str) -> list[Finding]:
    """The findings located in the file, at most ``MAX_FINDINGS_PER_CODE`` of one code, each
    code past it counted on one line at the end."""
    from learnsync.course.findings import cap_findings

    kept, summaries = cap_findings(findings)
    summaries = [finding for finding in kept if finding.code == "more-findings"] + summaries
    kept = [finding for finding in kept if finding.code != "more-findings"]
    return locate_in_text(kept, text, file) + [summary.located(file, 0, 0) for summary in summaries]


def locate_findings(findings: Iterable[Finding], path: str | Path) -> list[Finding]:
    """Findings about a course file, with the line and column of each key path."""
    from learnsync.inputs import InputFileError, read_input_file

    try:
        data = read_input_file(path, MAX_COURSE_BYTES, "course file")
    except InputFileError:
        data = b""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return locate_in_text(findings, text, str(path))


def locate_in_text(findings: Iterable[Finding], text: str, file: str) -> list[Finding]:
    """Findings about a course given as text, with the line and column of each key path."""
    from learnsync.course.positions import PositionIndex

    try:
        index = PositionIndex(text)
    except RecursionError:
        index = PositionIndex("")
    located = [
        finding.located(file, *index.locate(finding.key, value=finding.code not in _AT_KEY))
        for finding in findings
    ]
    located.sort(key=lambda finding: (finding.line, finding.column))
    return located


# Findings about a key itself point at the key; every other finding points at the value.
_AT_KEY = frozenset({"unknown-key", "missing-key"})


def _file_problem(file: str, code: str, message: str, hint: str | None = None) -> CheckResult:
    return CheckResult(file, None, [Finding(code, message, hint=hint, file=file)])


def syntax_finding(error_text: str, text: str, file: str) -> Finding:
    match = _TOML_POSITION.match(error_text)
    message = match["message"] if match else error_text
    if match and match["line"]:
        line, column = int(match["line"]), int(match["column"])
    else:
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    declared = re.fullmatch(r"Cannot declare \((.*)\) twice", message)
    if declared:
        parts = re.findall(r"'((?:[^'\\]|\\.)*)'", declared[1])
        message = f"table [{'.'.join(parts)}] is declared twice"
    message = "invalid TOML: " + message[:1].lower() + message[1:]
    hint = None
    if "overwrite" in message or "twice" in message:
        hint = "each key and table may be defined only once; use [[...]] for a list of tables"
    elif "illegal character '\\n'" in message:
        hint = "is a string left open on this line?"
    return Finding("toml-syntax", message, hint=hint, file=file, line=line, column=column)


_EXPECTED_TYPE = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "an array",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
}
_BOUNDS = {
    "greater_than": ">",
    "greater_than_equal": ">=",
    "less_than": "<",
    "less_than_equal": "<=",
}


def _table_label(table: tuple[str, ...]) -> str:
    if not table:
        return "the top level"
    name = ".".join(table)
    return (
        f"[[{name}]]"
        if table[0] in {"module", "session", "badge", "cohort", "learner"}
        else f"[{name}]"
    )


def validation_findings(
    error: ValidationError, tables: dict[tuple[str, ...], tuple[str, ...]] | None = None
) -> Iterable[Finding]:
    """Pydantic's errors as findings with key paths; ``tables`` gives each table's keys (for
    did-you-mean hints), the course format's by default."""
    from collections import Counter

    from learnsync.course.findings import MAX_FINDINGS_PER_CODE, more_findings

    # Past the cap of a kind, an error is only counted: no hint is worked out for it.
    seen: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    for item in error.errors(include_url=False):
        seen[item["type"]] += 1
        if seen[item["type"]] <= MAX_FINDINGS_PER_CODE:
            kept.append(item)  # type: ignore[arg-type]
    findings = list(_pydantic_findings(kept, tables))
    code_of = {item["type"]: finding.code for item, finding in zip(kept, findings, strict=True)}
    summaries = [
        more_findings(code_of[kind], count - MAX_FINDINGS_PER_CODE, "error")
        for kind, count in seen.items()
        if count > MAX_FINDINGS_PER_CODE
    ]
    suggested = {
        (finding.key[:-1], finding.hint) for finding in findings if finding.code == "unknown-key"
    }
    for finding in findings:
        hint_for_missing = (finding.key[:-1], f"did you mean '{finding.key[-1]}'?")
        if finding.code == "missing-key" and hint_for_missing in suggested:
            continue  # the unknown key next to it is this key misspelt: report that one only
        yield finding
    yield from summaries


def _pydantic_findings(
    items: Iterable[Any], tables: dict[tuple[str, ...], tuple[str, ...]] | None
) -> Iterable[Finding]:
    from learnsync.course.model import allowed_keys
    from learnsync.course.values import describe

    tables = tables if tables is not None else allowed_keys()
    for item in items:
        key: KeyPath = tuple(item["loc"])
        kind = item["type"]
        value = item.get("input")
        table = tuple(part for part in key[:-1] if isinstance(part, str))
        name = str(key[-1]) if key else ""
        hint = None
        if kind == "extra_forbidden":
            allowed = tables.get(table, ())
            hint = did_you_mean(name, allowed) or (
                "allowed keys: " + ", ".join(allowed) if allowed else None
            )
            if not table and name in {"task", "tasks"}:
                hint = "tasks belong to a module: write [[module.task]] under a [[module]]"
            yield Finding(
                "unknown-key", f"unknown key '{name}' in {_table_label(table)}", "error", key, hint
            )
        elif kind == "missing":
            where = _table_label(tuple(part for part in key[:-1] if isinstance(part, str)))
            yield Finding("missing-key", f"missing required key '{name}' in {where}", "error", key)
        elif kind == "literal_error":
            choices = re.findall(r"'([^']*)'", str(item.get("ctx", {}).get("expected", "")))
            label = (
                name
                if isinstance(key[-1], str)
                else table[-1].removesuffix("s")
                if table
                else "value"
            )
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
            shown = f"'{value}'" if isinstance(value, str) else describe(value)
            yield Finding(
                "invalid-value",
                f"{shown} is not a valid {label}: expected one of {', '.join(choices)}",
                "error",
                key,
                hint,
            )
        elif kind in _EXPECTED_TYPE:
            if kind in {"list_type"} and isinstance(value, dict) and table == () and name:
                hint = f"write [[{name}]] for each entry: it is an array of tables"
            yield Finding(
                "wrong-type",
                f"expected {_EXPECTED_TYPE[kind]} for '{_label(key)}', got {describe(value)}",
                "error",
                key,
                hint,
            )
        elif kind == "string_pattern_mismatch":
            yield _pattern_finding(key, value)
        elif kind == "string_too_short":
            yield Finding("invalid-value", f"'{_label(key)}' must not be empty", "error", key)
        elif kind in _BOUNDS:
            limit = next(iter(item.get("ctx", {}).values()), "")
            yield Finding(
                "invalid-value",
                f"'{_label(key)}' must be {_BOUNDS[kind]} {limit}, got {describe(value)}",
                "error",
                key,
            )
        elif kind.startswith("invalid-"):
            yield Finding(kind, item["msg"], "error", key)
        else:
            yield Finding("invalid-value", f"'{_label(key)}': {item['msg']}", "error", key)


def _label(key: KeyPath) -> str:
    from learnsync.course.findings import format_key_path

    return format_key_path(key) or "document"


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _pattern_finding(key: KeyPath, value: object) -> Finding:
    if key == ("course", "id"):
        return Finding(
            "invalid-id",
            f"course id {_quoted(value)} is not a slug",
            "error",
            key,
            "use lowercase letters, digits and '-', starting and ending with a letter or digit",
        )
    return Finding(
        "invalid-id",
        f"{_quoted(value)} is not a valid id",
        "error",
        key,
        "ids are 1 to 100 characters without spaces, commas or control characters",
    )
