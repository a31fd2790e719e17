"""learnsync's records (``class X(Record)``) behave as ``typing.NamedTuple`` classes, which
the README promises: every method, the repr, equality, copying, pickling and the errors for
wrong arguments are compared with a ``collections.namedtuple`` of the same fields."""

from __future__ import annotations

import ast
import collections
import copy
import importlib
import inspect
import pickle
import typing
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import learnsync
import learnsync.record
from learnsync.planning.model import BadgeRule, Plan, PlannedTask, Scoring, Slot
from learnsync.record import COMPILE_AFTER, Record, compile_new, record_class

NAMES = ["a", "b", "count", "cls", "self", "date", "minutes", "title", "x1", "value"]


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        result = call()
    except Exception as error:
        return ("raised", (type(error), str(error)))
    return ("returned", (tuple(result) if isinstance(result, tuple) else result))


@st.composite
def shapes(draw: st.DrawFn) -> tuple[list[str], tuple[Any, ...]]:
    fields = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=6))
    defaults = tuple(range(100, 100 + draw(st.integers(0, len(fields)))))
    return fields, defaults


def both(fields: list[str], defaults: tuple[Any, ...], compiled: bool = False) -> tuple[type, type]:
    """A Record class and a namedtuple of the same fields and defaults; ``compiled``: the
    record class with the ``__new__`` it gets once made by keyword often."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__qualname__": "Row",
        "__annotations__": dict.fromkeys(fields, "int"),
    }
    namespace.update(zip(fields[len(fields) - len(defaults) :], defaults, strict=True))
    record = record_class("Row", namespace)
    if compiled:
        compile_new(record)
    return record, collections.namedtuple("Row", fields, defaults=defaults)


@given(
    shapes(),
    st.integers(0, 8),
    st.lists(st.sampled_from([*NAMES, "_cls", "other"]), unique=True, max_size=4),
    st.booleans(),
)
def test_a_record_is_made_and_refused_as_a_namedtuple_is(
    shape: tuple[list[str], tuple[Any, ...]], positional: int, keywords: list[str], compiled: bool
) -> None:
    record, named = both(*shape, compiled=compiled)
    values = list(range(positional))
    named_values = {name: f"k-{name}" for name in keywords}
    made = outcome(lambda: record(*values, **named_values))
    assert made == outcome(lambda: named(*values, **named_values))
    if made[0] == "returned":
        assert type(record(*values, **named_values)) is record


@given(shapes(), st.data(), st.booleans())
def test_a_record_made_by_keyword_alone_is_made_and_refused_as_a_namedtuple_is(
    shape: tuple[list[str], tuple[Any, ...]], data: st.DataObject, compiled: bool
) -> None:
    """Every field given by keyword takes a shorter way: it makes the row namedtuple makes,
    defaults shared, and leaves every refusal to the long way, which words it."""
    record, named = both(*shape, compiled=compiled)
    fields = shape[0]
    keywords = data.draw(st.lists(st.sampled_from([*fields, "_cls", "other"]), unique=True))
    named_values = {name: [name] for name in keywords}
    made = outcome(lambda: record(**named_values))
    assert made == outcome(lambda: named(**named_values))
    if made[0] == "returned":
        row = record(**named_values)
        assert type(row) is record
        for name, value in zip(fields, row, strict=True):
            assert value is named_values.get(name, named._field_defaults.get(name))


@given(shapes(), st.data(), st.booleans())
def test_a_record_has_the_methods_of_a_namedtuple(
    shape: tuple[list[str], tuple[Any, ...]], data: st.DataObject, compiled: bool
) -> None:
    fields, defaults = shape
    record, named = both(fields, defaults, compiled=compiled)
    row = tuple(data.draw(st.lists(st.integers(), min_size=len(fields), max_size=len(fields))))
    ours, theirs = record(*row), named(*row)
    assert ours == theirs == row
    assert hash(ours) == hash(row)
    assert repr(ours) == repr(theirs)
    assert ours._asdict() == theirs._asdict()
    assert list(ours._asdict()) == fields
    assert (record._fields, record.__match_args__) == (named._fields, named.__match_args__)
    assert record._field_defaults == named._field_defaults
    assert record.__doc__ == named.__doc__
    assert [
        (parameter.name, parameter.kind, parameter.default)
        for parameter in inspect.signature(record).parameters.values()
    ] == [
        (parameter.name, parameter.kind, parameter.default)
        for parameter in inspect.signature(named).parameters.values()
    ]
    assert record.__mro__[1:] == named.__mro__[1:] == (tuple, object)
    assert [getattr(ours, name) for name in fields] == list(row)
    for name in fields:
        assert getattr(record, name).__doc__ == getattr(named, name).__doc__
    changes = data.draw(st.dictionaries(st.sampled_from([*NAMES, "other"]), st.integers()))
    assert outcome(lambda: ours._replace(**changes)) == outcome(lambda: theirs._replace(**changes))
    if all(name in fields for name in changes):
        assert type(ours._replace(**changes)) is record
    given_values = data.draw(st.lists(st.integers(), max_size=len(fields) + 2))
    assert outcome(lambda: record._make(given_values)) == outcome(lambda: named._make(given_values))
    assert copy.copy(ours) == ours and type(copy.deepcopy(ours)) is record
    assert ours.__getnewargs__() == theirs.__getnewargs__()
    with pytest.raises(AttributeError):
        ours.extra = 1  # type: ignore[attr-defined]  # no __dict__: __slots__ is empty


def test_the_records_of_a_plan_pickle_copy_and_match_like_named_tuples() -> None:
    task = PlannedTask(
        "t", "m", "T", "reading", "sync", 30, ("a",), False, 10, (), None, None, None, ()
    )
    task = task._replace(slots=(Slot(date(2027, 1, 4), 30),))
    plan = Plan("c", "C", "sync", date(2027, 1, 4), "UTC", "UTC", 60, (task,), (), None)
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert type(pickle.loads(pickle.dumps(plan)).tasks[0].slots[0]) is Slot
    assert copy.deepcopy(plan) == plan
    assert plan.scoring == Scoring() and plan.finish == date(2027, 1, 4)  # defaults, properties
    match task.slots[0]:
        case Slot(day, minutes=30):
            assert day == date(2027, 1, 4)
        case _:  # pragma: no cover
            pytest.fail("a record matches by position and keyword")
    # count is BadgeRule's field, not tuple.count
    assert BadgeRule("b", "B", "", "tasks", count=5).count == 5


PACKAGE = Path(learnsync.__file__).parent


def record_classes() -> list[type]:
    """Every class the package declares as ``class Name(Record)``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "Record" for base in node.bases
            ):
                found.append(getattr(importlib.import_module(module), node.name))
    return found


RECORDS = record_classes()


def test_no_module_of_learnsync_builds_a_named_tuple_by_typing_or_collections() -> None:
    # they compile code at every import; Record builds the same classes without
    users = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.attr] if isinstance(node, ast.Attribute) else []
            if isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
            if {"NamedTuple", "namedtuple"} & set(names) and path.name != "record.py":
                users.append(path.name)
    assert users == []
    assert len(RECORDS) >= 40
    # every record class shares one __new__ at import; a class compiles its own only once
    # made by keyword often (earlier tests of this process may have made some that often)
    shared = learnsync.record._new
    compiled = [record for record in RECORDS if vars(record)["__new__"].__func__ is not shared]
    assert all(learnsync.record._BOUND[id(record)] >= COMPILE_AFTER for record in compiled)


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.__qualname__)
def test_each_record_is_the_class_typing_named_tuple_makes_of_its_body(record: type) -> None:
    body = {
        "__module__": record.__module__,
        "__qualname__": record.__qualname__,
        "__annotations__": dict.fromkeys(record._fields, Any),  # type: ignore[attr-defined]
        **record._field_defaults,  # type: ignore[attr-defined]
    }
    twin = typing.NamedTupleMeta(record.__name__, (typing._NamedTuple,), body)  # type: ignore[attr-defined]
    for name in ("_fields", "_field_defaults", "__match_args__", "__module__", "__qualname__"):
        assert getattr(record, name) == getattr(twin, name), name
    assert record.__mro__[1:] == (tuple, object)
    ours = set(vars(record)) - {"__annotations__", "__doc__"}
    theirs = set(vars(twin)) - {"__annotations__", "__doc__"}
    assert theirs <= ours  # the body's own methods and properties besides
    assert vars(record)["__slots__"] == ()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"__annotations__": {"_a": "int"}}, ValueError),
        ({"__annotations__": {"a": "int", "b": "int"}, "a": 1}, TypeError),
        ({"__annotations__": {"a": "int", "b": "int", "c": "int"}, "a": 1, "b": 2}, TypeError),
        ({"__annotations__": {"a": "int"}, "_replace": None}, AttributeError),
        ({"__annotations__": {"a": "int"}, "__new__": None}, AttributeError),
        ({"__annotations__": {"a b": "int"}}, ValueError),
        ({"__annotations__": {"class": "int"}}, ValueError),
    ],
    ids=[
        "underscore field",
        "after a default",
        "after defaults",
        "_replace",
        "__new__",
        "no identifier",
        "a keyword",
    ],
)
def test_a_record_body_is_refused_as_typing_named_tuple_refuses_it(
    body: dict[str, Any], error: type[Exception]
) -> None:
    body = {"__module__": __name__, "__qualname__": "Bad", **body}
    with pytest.raises(error) as ours:
        record_class("Bad", dict(body))
    with pytest.raises(error) as theirs:
        typing.NamedTupleMeta("Bad", (typing._NamedTuple,), dict(body))  # type: ignore[attr-defined]
    assert str(ours.value) == str(theirs.value)


def test_a_record_body_keeps_its_docstring_methods_and_class_cell() -> None:
    class Span(Record):
        """From first to last."""

        first: int
        last: int = 0

        def length(self) -> int:
            return self.last - self.first

        def __str__(self) -> str:
            return f"{super().__str__()}!"  # the class cell reaches the class made

    assert Span.__doc__ == "From first to last."
    assert Span(2, 5).length() == 3
    assert str(Span(1)) == "Span(first=1, last=0)!"
    assert Span.__qualname__.endswith("<locals>.Span")

    class Longer(Span):  # a plain subclass, as of any named tuple
        pass

    with pytest.raises(TypeError, match=r"^Span.__new__\(\) missing 1 required positional"):
        Longer()
    assert repr(Longer(1, 2)) == "Longer(first=1, last=2)"
    assert type(Longer(1)._replace(last=3)) is Longer


def test_a_record_made_by_keyword_often_gets_a_compiled_new_and_makes_the_same_rows() -> None:
    class Often(Record):
        first: int
        last: int = 0

    learnsync.record._BOUND.pop(id(Often), None)  # the count of a collected class of that id
    made_before = [Often(first=number) for number in range(COMPILE_AFTER - 1)]
    assert isinstance(vars(Often)["__new__"], staticmethod)
    assert vars(Often)["__new__"].__func__.__name__ == "_new"  # not compiled yet
    made_after = [Often(first=number) for number in range(COMPILE_AFTER - 1, 2 * COMPILE_AFTER)]
    compiled = vars(Often)["__new__"].__func__
    assert compiled.__name__ == "__new__"
    assert compiled.__qualname__ == "Often.__new__"
    assert made_before + made_after == [(number, 0) for number in range(2 * COMPILE_AFTER)]
    assert all(type(row) is Often for row in made_before + made_after)
    assert Often(2, last=5) == Often(last=5, first=2) == (2, 5)
    assert copy.deepcopy(Often(1, 2)) == Often.__new__(Often, 1, 2) == (1, 2)
    assert copy.copy(Often(3)) == (3, 0)
    with pytest.raises(
        TypeError, match=r"^Often.__new__\(\) missing 1 required positional argument: 'first'$"
    ):
        Often(last=1)
    assert str(inspect.signature(Often)) == "(first: 'int', last: 'int' = 0)"  # as before
