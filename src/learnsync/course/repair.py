"""Everything in one run: the semantic checks of a course that failed validation.

A course with a bad value in one task can still have an unknown ``requires`` in another, or a
cycle elsewhere. This module mends a copy of the parsed TOML just enough for it to validate
(a bad optional key is dropped, so its default applies; a bad required value is replaced by a
stand-in; an invalid id keeps its identity through a stand-in token, so ``requires`` naming it
still resolve), runs the semantic checks on that, and keeps only the findings that do not come
from a stand-in. A finding that goes through an invalid id says so in its hint.

Only the containers on the way to a mended value are copied: the parsed data is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from learnsync.course.findings import Finding, KeyPath, format_key_path

if TYPE_CHECKING:
    from pydantic import BaseModel

    from learnsync.course.model import Course

_TOP_TABLES = ("course", "calendar", "pace", "scoring")
_ARRAYS = ("module", "session", "badge", "cohort")
_STAND_IN_VALUES: dict[str, object] = {
    "title": "?",
    "effort": 1,
    "duration": 1,
    "at": "day 1 00:00",
    "rule": "course",
    "start": date(2000, 1, 1),
    "from": "day 1",
}
# Findings that count what the course holds: a stand-in could make them wrong.
_KNOWN = {(name,) for name in (*_TOP_TABLES, *_ARRAYS)}
_COUNTING = frozenset({"no-tasks", "empty-module", "unreachable-badge", "session-overlap"})


def _models() -> dict[str, type[BaseModel]]:
    from learnsync.course import validation as model

    return {
        "course": model.CourseInfo,
        "calendar": model.Calendar,
        "pace": model.Pace,
        "scoring": model.Scoring,
        "module": model.Module,
        "task": model.Task,
        "session": model.Session,
        "badge": model.Badge,
        "cohort": model.Cohort,
        "blackout": model.Blackout,
    }


class _Mender:
    """Copy-on-write edits of parsed TOML."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.root: dict[str, Any] = dict(data)
        self._fresh = {id(self.root)}
        self.tokens: dict[str, str] = {}  # stand-in token -> what the file wrote (for messages)
        self._by_raw: dict[str, str] = {}
        self.stand_ins: list[KeyPath] = []  # items replaced whole
        self.damaged: list[KeyPath] = []  # every location an error was reported at

    def _container(self, path: KeyPath) -> Any:
        node: Any = self.root
        for part in path:
            child = node[part]
            if id(child) not in self._fresh:
                child = dict(child) if isinstance(child, dict) else list(child)
                node[part] = child
                self._fresh.add(id(child))
            node = child
        return node

    def get(self, path: KeyPath) -> Any:
        node: Any = self.root
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def drop(self, path: KeyPath) -> None:
        parent = self.get(path[:-1])
        if isinstance(parent, dict) and path[-1] in parent:
            del self._container(path[:-1])[path[-1]]

    def put(self, path: KeyPath, value: object) -> None:
        parent = self.get(path[:-1])
        if isinstance(parent, dict) or (
            isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent)
        ):
            self._container(path[:-1])[path[-1]] = value

    def token(self, raw: object, where: KeyPath) -> str:
        """A valid id standing in for an invalid one: the same raw text gets the same token."""
        text = raw if isinstance(raw, str) else None
        if text is not None and text in self._by_raw:
            return self._by_raw[text]
        token = f"\u27e8invalid-id-{len(self.tokens) + 1}\u27e9"
        self.tokens[token] = (
            f"'{text}'" if text is not None else f"the id at {format_key_path(where)}"
        )
        if text is not None:
            self._by_raw[text] = token
        return token


def _item(loc: KeyPath) -> tuple[str, KeyPath, KeyPath] | None:
    """The kind of table an error is in, the path of that table, and the rest of the path."""
    if not loc:
        return None
    head = loc[0]
    if head == "calendar" and len(loc) >= 3 and loc[1] == "blackout" and isinstance(loc[2], int):
        return "blackout", loc[:3], loc[3:]
    if head in _TOP_TABLES:
        return str(head), loc[:1], loc[1:]
    if head in _ARRAYS and len(loc) >= 2 and isinstance(loc[1], int):
        if head == "module" and len(loc) >= 4 and loc[2] == "task" and isinstance(loc[3], int):
            return "task", loc[:4], loc[4:]
        return str(head), loc[:2], loc[2:]
    return None


def _stand_in_item(kind: str, mender: _Mender, path: KeyPath) -> dict[str, Any]:
    item: dict[str, Any] = {}
    model = _models()[kind]
    for name, field in model.model_fields.items():
        key = field.alias or name
        if not field.is_required():
            continue
        if key == "id":
            item[key] = "course" if kind == "course" else mender.token(None, (*path, "id"))
        else:
            item[key] = _STAND_IN_VALUES.get(key, "?")
    return item


def mend(data: dict[str, Any], errors: Sequence[tuple[KeyPath, str]]) -> _Mender:
    """A copy of ``data`` with every error location mended; ``errors`` are pydantic's
    (location, error type) pairs."""
    mender = _Mender(data)
    models = _models()
    for loc, kind in errors:
        mender.damaged.append(loc)
        located = _item(loc)
        if located is None:
            if len(loc) == 1 and loc[0] == "course":
                mender.put(loc, _stand_in_item("course", mender, loc))
                mender.stand_ins.append(loc)
            elif loc:
                mender.drop(loc[:1])  # an unknown top-level key, or an array that is not one
            continue
        table, path, rest = located
        if not rest:
            if kind == "missing" or isinstance(mender.get(path), dict):
                continue  # a key missing inside it is mended on its own
            mender.put(path, _stand_in_item(table, mender, path))
            mender.stand_ins.append(path)
            continue
        field_key = rest[0]
        field_path = (*path, field_key)
        if kind == "extra_forbidden":
            mender.drop(field_path)
            continue
        field = next(
            (f for n, f in models[table].model_fields.items() if (f.alias or n) == field_key),
            None,
        )
        if field is None:
            mender.drop(field_path)
        elif field_key == "requires" and len(rest) == 2:
            mender.put((*path, *rest), mender.token(mender.get((*path, *rest)), (*path, *rest)))
        elif field_key == "id" and table != "course":
            mender.put(field_path, mender.token(mender.get(field_path), field_path))
        elif not field.is_required():
            mender.drop(field_path)
        elif table == "course":
            mender.put(field_path, "course" if field_key == "id" else "?")
        else:
            mender.put(field_path, _STAND_IN_VALUES.get(str(field_key), "?"))
            if field_key in {"at", "duration", "rule"}:
                mender.stand_ins.append(path)
    return mender


def independent_findings(
    data: dict[str, Any], errors: Sequence[tuple[KeyPath, str]]
) -> tuple[list[Finding], Course | None]:
    """The semantic findings of a course that failed validation with ``errors``, less those that
    come from what had to be mended (empty when it cannot be mended); and the mended course when
    its calendar and sessions are as the file wrote them, for the date-bound session checks."""
    from pydantic import ValidationError

    from learnsync.course.checks import check_semantics
    from learnsync.course.validation import validate_course

    mender = mend(data, errors)
    try:
        course = validate_course(mender.root)
    except (ValidationError, RecursionError):
        return [], None
    findings = list(_kept(check_semantics(course), mender, course))
    calendar_intact = not any(
        loc[:1] in {("calendar",), ("session",), ("cohort",)} or loc[:1] not in _KNOWN
        for loc in mender.damaged
    )
    return findings, course if calendar_intact else None


def _under(key: KeyPath, paths: Iterable[KeyPath]) -> bool:
    return any(key[: len(path)] == path for path in paths)


def _kept(findings: Iterable[Finding], mender: _Mender, course: Course) -> Iterable[Finding]:
    damaged_areas = {loc[:1] for loc in mender.damaged if loc}
    if any(area[0] not in (*_TOP_TABLES, *_ARRAYS) for area in damaged_areas):
        damaged_areas.add(("module",))  # an unknown top-level key may be the modules misspelt
    for finding in findings:
        if _under(finding.key, mender.stand_ins):
            continue
        if finding.code != "requires-cycle" and _under(finding.key, mender.damaged):
            continue  # the error there says it already (a cycle is news, whatever its key)
        if finding.code in _COUNTING and damaged_areas & {("module",), ("session",)}:
            continue
        if finding.code == "badge-missing-parameter" and _names_a_damaged_key(finding, mender):
            continue  # it is there, with a bad value: reported as such
        yield _explained(finding, mender)


def _names_a_damaged_key(finding: Finding, mender: _Mender) -> bool:
    import re

    named = re.search(r"needs '([^']+)'", finding.message)
    return named is not None and _under((*finding.key[:-1], named[1]), mender.damaged)


def _explained(finding: Finding, mender: _Mender) -> Finding:
    involved = [token for token in mender.tokens if token in finding.message]
    if not involved:
        return finding
    message = finding.message
    for token in involved:
        message = message.replace(f"'{token}'", mender.tokens[token]).replace(
            token, mender.tokens[token]
        )
    names = ", ".join(mender.tokens[token] for token in involved)
    dependent = f"this goes through {names}, whose id is invalid: fix that first, then check again"
    hint = f"{finding.hint}; {dependent}" if finding.hint else dependent
    return replace(finding, message=message, hint=hint)
