"""The store's rows, decoded: one function per table, beside the columns it reads.

SQLite keeps any value in any column (a store edited by hand or by another program holds a
blob where a text was written, a NULL, a text that is no date-time): a value that is not what
learnsync writes is damage, a ``DamagedStore`` error naming the store file, the table, the row
and the column (exit 1, the store left as it is), never a crash where the value is used.

Each decoder checks a row in one cheap pass; only a row that fails it is looked at column by
column (``damage``) to say what is wrong where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from learnsync.course.defaults import YEARS
from learnsync.errors import LearnsyncError
from learnsync.rules import NO_DEADLINE
from learnsync.store.records import EnrollmentRow, PlanChange, PlanOptions
from learnsync.tracking import Event


class StoreError(LearnsyncError):
    """The store cannot be used: named, with what to do about it."""


class DamagedStore(StoreError, ValueError):
    """A value the store holds that cannot be used (of another type than its column keeps, a
    plan document that cannot be decoded): one clear error (exit 1) naming the store, the
    table, the row and the column, for the commands that need it; and one of the errors that
    the rebuilds of derived data leave a damaged enrollment out for (a ``ValueError``)."""

    def __init__(self, path: Path, table: str, row: object, column: str, problem: str) -> None:
        self.table, self.row, self.column = table, row, column
        super().__init__(
            f"store {path} is damaged: {table} row {row}, column {column}: {problem}; "
            "it was left as it is"
        )


def kind_of(value: object) -> str:
    """What a stored value is, in words."""
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return "a blob"
    if isinstance(value, bool | int):
        return "an integer"
    if isinstance(value, float):
        return "a real number"
    return "a text"


# What each column must hold: a check of a value that says what is wrong with it, or None.
Check = Callable[[Any], "str | None"]


def text(value: Any) -> str | None:
    return None if type(value) is str else f"{kind_of(value)} where a text is kept"


def optional_text(value: Any) -> str | None:
    return None if value is None else text(value)


def instant(value: Any) -> str | None:
    """An ISO date-time with its UTC offset (how the store keeps every moment)."""
    if type(value) is not str:
        return f"{kind_of(value)} where an ISO date-time is kept"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "a text that is no ISO date-time"
    if moment.tzinfo is None:
        return "a date-time without its UTC offset"
    if not YEARS[0] <= moment.year <= YEARS[1]:
        return f"a date-time outside the years {YEARS[0]} to {YEARS[1]}"
    return None


def optional_instant(value: Any) -> str | None:
    return None if value is None else instant(value)


def deadline(value: Any) -> str | None:
    """A deadline kept with an event: NULL, ``none`` or an instant."""
    return None if value is None or value == "none" else instant(value)


KINDS = frozenset({"done", "undone", "attended"})


def kind(value: Any) -> str | None:
    if type(value) is str and value in KINDS:
        return None
    if type(value) is str:
        return "a text that is not done, undone or attended"
    return f"{kind_of(value)} where done, undone or attended is kept"


def score(value: Any) -> str | None:
    """NULL, or a number from 0 to 1."""
    if value is None or (type(value) in (float, int) and 0 <= value <= 1):
        return None
    if type(value) in (float, int):
        return "a number outside 0 to 1"
    return f"{kind_of(value)} where a number from 0 to 1 is kept"


def damage(
    path: Path, table: str, row: Sequence[Any], columns: Sequence[tuple[str, Check]]
) -> DamagedStore:
    """The damage of ``row`` (its id first, then the values of ``columns``): the first column
    whose value fails its check. A row that passes them all fails for a reason no check
    names: ``DamagedStore`` says so of the row."""
    for (column, check), value in zip(columns, row[1:], strict=True):
        problem = check(value)
        if problem is not None:
            return DamagedStore(path, table, row[0], column, problem)
    return DamagedStore(path, table, row[0], "?", "a value that cannot be read")


# -- events -----------------------------------------------------------------------------------

EVENT_COLUMNS = "id, kind, item, at, recorded_at, score, note, deadline"
_EVENT_CHECKS: tuple[tuple[str, Check], ...] = (
    ("kind", kind),
    ("item", text),
    ("at", instant),
    ("recorded_at", instant),
    ("score", score),
    ("note", optional_text),
    ("deadline", deadline),
)
_moment = datetime.fromisoformat
_FIRST, _LAST = YEARS  # the years of every date learnsync takes: a moment outside is damage


def event(row: Sequence[Any], path: Path) -> Event:
    """An ``Event`` of an ``events`` row (``EVENT_COLUMNS``); a value of another type or out
    of its range is ``DamagedStore``."""
    identifier, kind_, item, at, recorded_at, score_, note, kept = row
    try:
        moment, recorded = _moment(at), _moment(recorded_at)
        limit = None if kept is None or kept == "none" else _moment(kept)
    except (TypeError, ValueError):
        raise damage(path, "events", row, _EVENT_CHECKS) from None
    if (
        kind_ not in KINDS
        or type(item) is not str
        or moment.tzinfo is None
        or recorded.tzinfo is None
        or (limit is not None and limit.tzinfo is None)
        or not _FIRST <= moment.year <= _LAST
        or not _FIRST <= recorded.year <= _LAST
        or (score_ is not None and score(score_) is not None)
        or (note is not None and type(note) is not str)
    ):
        raise damage(path, "events", row, _EVENT_CHECKS)
    return Event(
        kind_,
        item,
        moment,
        score_,
        note,
        NO_DEADLINE if kept == "none" else limit,
        identifier,
        recorded,
    )


def event_kinds(rows: list[Any], path: Path) -> list[Any]:
    """(kind, item) of ``events`` rows (id, kind, item): all a done set needs; a kind or an
    item of another type is ``DamagedStore``."""
    for row in rows:
        if row[1] not in KINDS or type(row[2]) is not str:
            raise damage(path, "events", row, _EVENT_CHECKS[:2])
    return [(row[1], row[2]) for row in rows]


def raw_events(rows: list[Any], path: Path) -> list[tuple[int, str, str, str, float | None]]:
    """``events`` rows (id, kind, item, at, score) as they are, for the exports, which print
    ``at`` as it is kept; a row of the wrong types is ``DamagedStore``. One loop over them all,
    no call a row: an export reads every event of a team."""
    moment = datetime.fromisoformat
    for row in rows:
        _, kind_, item, at, score_ = row
        try:
            parsed = moment(at)
            if (
                kind_ not in KINDS
                or type(item) is not str
                or parsed.tzinfo is None
                or not _FIRST <= parsed.year <= _LAST
                or (score_ is not None and not (type(score_) in (float, int) and 0 <= score_ <= 1))
            ):
                raise ValueError(row)
        except (TypeError, ValueError):
            checks = (*_EVENT_CHECKS[:3], _EVENT_CHECKS[4])
            raise damage(path, "events", row, checks) from None
    return rows


# -- learners ---------------------------------------------------------------------------------

_LEARNER_CHECKS: tuple[tuple[str, Check], ...] = (
    ("display_name", optional_text),
    ("email", optional_text),
    ("timezone", optional_text),
)


def learner(row: Sequence[Any], path: Path) -> tuple[str | None, str | None, str | None]:
    """(display name, email, time zone) of a ``learners`` row (rowid, display_name, email,
    timezone); each NULL or a text, else ``DamagedStore``."""
    if any(value is not None and type(value) is not str for value in row[1:]):
        raise damage(path, "learners", row, _LEARNER_CHECKS)
    return row[1], row[2], row[3]


# -- enrollments ------------------------------------------------------------------------------

_ENROLLMENT_CHECKS: tuple[tuple[str, Check], ...] = (
    ("learner", text),
    ("course_id", text),
    ("created_at", instant),
)


def enrollment(row: Sequence[Any], path: Path) -> EnrollmentRow:
    """An ``EnrollmentRow`` of an ``enrollments`` row (id, learner, course_id, created_at);
    damage is ``DamagedStore``."""
    identifier, learner_, course_id, created_at = row
    if type(learner_) is not str or type(course_id) is not str or instant(created_at):
        raise damage(path, "enrollments", row, _ENROLLMENT_CHECKS)
    return EnrollmentRow(identifier, learner_, course_id, _moment(created_at))


def learner_names(rows: list[Any], path: Path) -> list[str]:
    """The learners of ``enrollments`` rows (id, learner); one that is no text is
    ``DamagedStore``."""
    for row in rows:
        if type(row[1]) is not str:
            raise damage(path, "enrollments", row, _ENROLLMENT_CHECKS[:1])
    return [row[1] for row in rows]


# -- plans ------------------------------------------------------------------------------------


def date_text(value: Any) -> str | None:
    """NULL or an ISO date (a plan's finish)."""
    if value is None:
        return None
    if type(value) is not str:
        return f"{kind_of(value)} where an ISO date is kept"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "a text that is no ISO date"
    return None


def options(value: Any) -> str | None:
    """The options a plan was made with (``PlanOptions.from_json``)."""
    if type(value) is not str:
        return f"{kind_of(value)} where plan options are kept"
    try:
        PlanOptions.from_json(value)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as error:
        return f"plan options that cannot be read ({type(error).__name__})"
    return None


PLAN_CHECKS: dict[str, Check] = {
    "enrollment_id": lambda value: (
        None if type(value) is int else f"{kind_of(value)} where an enrollment id is kept"
    ),
    "created_at": instant,
    "reason": text,
    "source_path": text,
    "source_hash": text,
    "source_document": text,
    "plan_document": text,
    "options": options,
    "finish": date_text,
}


def plan_damage(path: Path, row: Sequence[Any], columns: Sequence[str]) -> DamagedStore:
    """The damage of a ``plans`` row (its id, then the values of ``columns``)."""
    return damage(path, "plans", row, [(column, PLAN_CHECKS[column]) for column in columns])


def plan_change(row: Sequence[Any], path: Path) -> PlanChange:
    """A ``PlanChange`` of a ``plans`` row (id, created_at, reason, finish)."""
    _, created_at, reason, finish = row
    if instant(created_at) or type(reason) is not str or date_text(finish):
        raise plan_damage(path, row, ("created_at", "reason", "finish"))
    return PlanChange(
        _moment(created_at), reason, None if finish is None else date.fromisoformat(finish)
    )


def no_plan(path: Path, enrollment_id: object) -> DamagedStore:
    """An enrollment that has no plan: every enrollment is made with one, and plans are kept."""
    return DamagedStore(path, "enrollments", enrollment_id, "id", "an enrollment with no plan")


PLAN_COLUMNS = (
    "created_at",
    "reason",
    "source_path",
    "source_hash",
    "source_document",
    "plan_document",
    "options",
)


def plan_parts(row: Sequence[Any], source: Any, path: Path) -> tuple[datetime, PlanOptions]:
    """When a ``plans`` row (id, then ``PLAN_COLUMNS``) and the text of its course source
    are sound, the moment it was made and its options; else ``DamagedStore``."""
    if instant(row[1]) or any(type(value) is not str for value in row[2:7]) or options(row[7]):
        raise plan_damage(path, row, PLAN_COLUMNS)
    if type(source) is not str:
        problem = "no such row" if source is None else text(source)
        raise DamagedStore(path, "documents", row[5][:12], "text", f"{problem} (a plan's source)")
    return _moment(row[1]), PlanOptions.from_json(row[7])


def document_name(document: object) -> str:
    """A plan document's hash as the store's errors name it: its first 12 characters."""
    return document[:12] if type(document) is str else kind_of(document)


def plan_in_force(row: Sequence[Any] | None, path: Path, enrollment_id: int) -> Sequence[Any]:
    """``row``, the enrollment's plan in force (id, plan_document, ...), when there is one
    and it names its document by a text; else ``DamagedStore``."""
    if row is None:
        raise no_plan(path, enrollment_id)
    if type(row[1]) is not str:
        raise plan_damage(path, row[:2], ("plan_document",))
    return row


# -- lrs_sent ---------------------------------------------------------------------------------


def sent_ids(rows: list[Any], path: Path, lrs: str) -> set[str]:
    """The statement ids of ``lrs_sent`` rows (statement_id) of the store ``lrs``; one that is
    no text is ``DamagedStore`` (the table has no row ids: the row is named by its store)."""
    for (identifier,) in rows:
        if type(identifier) is not str:
            raise DamagedStore(
                path, "lrs_sent", f"of {lrs}", "statement_id", text(identifier) or ""
            )
    return {row[0] for row in rows}
