"""``Record``: learnsync's named tuple, made without compiling anything at import.

``class Slot(Record)`` is written, type-checked and behaves as ``class Slot(typing.NamedTuple)``
(mypy sees ``typing.NamedTuple`` itself): a tuple subclass with its fields as attributes, their
defaults, ``_fields``, ``_field_defaults``, ``_make``, ``_replace``, ``_asdict``,
``__match_args__``, the same repr, equality, hashing, copying and pickling, the same signature
for ``inspect.signature`` and ``help``, and the same errors for wrong arguments
(tests/test_record.py holds it to ``collections.namedtuple``).

What it saves: ``typing.NamedTuple`` compiles every field's annotation (a ``ForwardRef``, about
0.12M instructions a field) and ``collections.namedtuple`` compiles the class's ``__new__`` from
a string with ``eval`` (about 0.6M a class), and neither lands in a ``.pyc``: every command paid
for its records at every start. Here the methods are written once below and shared, and
``__new__`` takes a full row of positional values in one step, binding keywords and defaults the
way Python binds ``namedtuple``'s ``__new__`` only when it is given them. A record class made
by keyword often (``COMPILE_AFTER`` times; the plan of a 10,000-task course makes 10,000 tasks)
gets then the ``__new__`` that ``namedtuple`` compiles, once, which binds keywords in C.
"""

from __future__ import annotations

import sys
from collections import _tuplegetter  # type: ignore[attr-defined]
from collections.abc import Iterable
from keyword import iskeyword
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["Record", "record_class"]

_R = TypeVar("_R", bound=tuple[Any, ...])

_tuple_new = tuple.__new__
# what namedtuple's _replace raises for a name that is no field (TypeError from Python 3.13)
_REPLACE_ERROR = TypeError if sys.version_info >= (3, 13) else ValueError
_MISSING: Any = object()

# What a record's body may not define, as typing.NamedTuple refuses it.
_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)


# How many rows a record class is made with keywords or defaults before it gets a compiled
# ``__new__``. For a record of 14 fields, compiling takes about 0.12 ms, some 35 rows made by
# keyword without it (3.5 us each, 1.3 us compiled): it pays for itself after about 55 rows,
# and a command that makes a few records never pays it. Counted by the
# class's id: a dict holding the classes themselves keeps them, and what they reach, alive into
# the interpreter's last collection at exit (1M instructions more for `done`). A count an id
# keeps from a class collected before (records made in a test) only compiles a class sooner.
COMPILE_AFTER = 256
_BOUND: dict[int, int] = {}


def _new(cls: type[_R], /, *values: Any, **named: Any) -> _R:
    fields = cls._fields  # type: ignore[attr-defined]
    if named or len(values) != len(fields):
        if vars(cls).get("__new__") is _NEW:  # a record class, not a plain subclass of one
            key = id(cls)
            bound = _BOUND[key] = _BOUND.get(key, 0) + 1
            if bound >= COMPILE_AFTER:
                compile_new(cls)
                return cls(*values, **named)
        if not values and len(named) == len(fields):
            try:  # every field by keyword: a short way in C (the long one says what is wrong)
                return _tuple_new(cls, map(named.__getitem__, fields))
            except KeyError:
                pass
        values = _bind(cls, values, named)
    return _tuple_new(cls, values)


def compile_new(cls: type) -> None:
    """Give the record class ``cls`` the ``__new__`` ``collections.namedtuple`` compiles for
    its fields and defaults (the same rows and the same errors, keywords bound in C)."""
    fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    defaults: dict[str, Any] = cls._field_defaults  # type: ignore[attr-defined]
    arguments = ", ".join(fields)
    row = f"({arguments},)" if len(fields) == 1 else f"({arguments})"
    namespace = {"_tuple_new": _tuple_new, "__builtins__": {}, "__name__": f"record_{cls.__name__}"}
    # the fields are identifiers and no keywords (record_class refuses others)
    new = eval(f"lambda _cls, {arguments}: _tuple_new(_cls, {row})", namespace)
    new.__name__ = "__new__"
    new.__qualname__ = f"{cls.__name__}.__new__"
    new.__doc__ = f"Create new instance of {cls.__name__}({arguments})"
    new.__defaults__ = tuple(defaults.values()) or None
    cls.__new__ = staticmethod(new)  # type: ignore[method-assign]


def _owner(cls: type) -> str:
    """The name of the record class whose ``__new__`` ``cls`` has (``cls`` itself, or the record
    a plain subclass derives from), as Python names a ``namedtuple``'s ``__new__`` in errors."""
    for klass in cls.__mro__:
        new = vars(klass).get("__new__")
        if isinstance(new, staticmethod) and new.__func__ is _new:
            return klass.__name__
    return cls.__name__  # pragma: no cover - every record has one


def _bind(cls: type, values: tuple[Any, ...], named: dict[str, Any]) -> tuple[Any, ...]:
    """``values`` and ``named`` as one row of ``cls``'s fields, defaults filled in, or the
    TypeError Python raises for ``def __new__(_cls, field, ..., field=default)``: keywords first
    (unknown, or given twice), then too many positional values, then the missing ones."""
    fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    defaults: dict[str, Any] = cls._field_defaults  # type: ignore[attr-defined]
    count, given = len(fields), len(values)
    row = [*values[:count], *[_MISSING] * (count - given)]
    for name, value in named.items():
        index = fields.index(name) if name in fields else -1
        if index < 0 and name != "_cls":
            raise TypeError(f"{_owner(cls)}.__new__() got an unexpected keyword argument '{name}'")
        if name == "_cls" or row[index] is not _MISSING:
            raise TypeError(f"{_owner(cls)}.__new__() got multiple values for argument '{name}'")
        row[index] = value
    if given > count:
        if defaults:
            takes = f"from {count + 1 - len(defaults)} to {count + 1} positional arguments"
        else:
            takes = f"{count + 1} positional argument{'s' if count else ''}"
        raise TypeError(f"{_owner(cls)}.__new__() takes {takes} but {given + 1} were given")
    required = count - len(defaults)
    missing = [repr(fields[i]) for i in range(required) if row[i] is _MISSING]
    if missing:
        if len(missing) == 1:
            names = missing[0]
        elif len(missing) == 2:
            names = f"{missing[0]} and {missing[1]}"
        else:
            names = f"{', '.join(missing[:-2])}, {missing[-2]}, and {missing[-1]}"
        plural = "s" if len(missing) > 1 else ""
        raise TypeError(
            f"{_owner(cls)}.__new__() missing {len(missing)} required positional "
            f"argument{plural}: {names}"
        )
    for index in range(required, count):
        if row[index] is _MISSING:
            row[index] = defaults[fields[index]]
    return tuple(row)


def _make(cls: type[_R], iterable: Iterable[Any]) -> _R:
    """Make a new record from a sequence or iterable."""
    result = _tuple_new(cls, iterable)
    if len(result) != len(cls._fields):  # type: ignore[attr-defined]
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")  # type: ignore[attr-defined]
    return result


def _replace(self: _R, /, **changes: Any) -> _R:
    """Return a new record replacing the fields named with new values."""
    result: _R = self._make(map(changes.pop, self._fields, self))  # type: ignore[attr-defined]
    if changes:
        raise _REPLACE_ERROR(f"Got unexpected field names: {list(changes)!r}")
    return result


def _repr(self: tuple[Any, ...]) -> str:
    """Return a nicely formatted representation string"""
    fields: tuple[str, ...] = self._fields  # type: ignore[attr-defined]
    return (
        f"{self.__class__.__name__}"
        f"({', '.join(f'{name}={value!r}' for name, value in zip(fields, self, strict=False))})"
    )


def _asdict(self: tuple[Any, ...]) -> dict[str, Any]:
    """Return a new dict which maps field names to their values."""
    return dict(zip(self._fields, self, strict=False))  # type: ignore[attr-defined]


def _getnewargs(self: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return self as a plain tuple.  Used by copy and pickle."""
    return tuple(self)


class _Signature:
    """A record class's ``__signature__``: its fields as parameters, with their defaults and
    annotations, which ``inspect.signature`` and ``help`` show for a ``namedtuple``'s compiled
    ``__new__`` (``_new`` itself takes ``*values, **named``). Made when first asked for."""

    def __get__(self, instance: object, owner: type) -> Any:
        import inspect

        defaults: dict[str, Any] = owner._field_defaults  # type: ignore[attr-defined]
        annotations: dict[str, Any] = getattr(owner, "__annotations__", {})
        empty = inspect.Parameter.empty
        return inspect.Signature(
            [
                inspect.Parameter(
                    name,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    default=defaults.get(name, empty),
                    annotation=annotations.get(name, empty),
                )
                for name in owner._fields  # type: ignore[attr-defined]
            ]
        )


_NEW = staticmethod(_new)  # every record class's __new__ until compile_new gives it its own
_METHODS: dict[str, Any] = {
    "__new__": _NEW,
    "__signature__": _Signature(),
    "_make": classmethod(_make),
    "_replace": _replace,
    "__replace__": _replace,  # copy.replace (Python 3.13), as namedtuple has it there
    "__repr__": _repr,
    "_asdict": _asdict,
    "__getnewargs__": _getnewargs,
}


def record_class(typename: str, namespace: dict[str, Any]) -> type[tuple[Any, ...]]:
    """The named tuple class a ``class typename(Record)`` body (``namespace``) declares: the
    annotated names are the fields, in order, those given a value have it as their default;
    the body's docstring, methods and properties are the class's."""
    fields = tuple(namespace.get("__annotations__", ()))
    defaults: dict[str, Any] = {}
    for name in fields:
        if not name.isidentifier():  # as namedtuple refuses them (and compile_new needs it)
            raise ValueError(f"Type names and field names must be valid identifiers: {name!r}")
        if iskeyword(name):
            raise ValueError(f"Type names and field names cannot be a keyword: {name!r}")
        if name.startswith("_"):
            raise ValueError(f"Field names cannot start with an underscore: {name!r}")
        if name in namespace:
            defaults[name] = namespace[name]
        elif defaults:
            s = "s" if len(defaults) > 1 else ""
            raise TypeError(
                f"Non-default namedtuple field {name} cannot follow default field{s} "
                f"{', '.join(defaults)}"
            )
    body: dict[str, Any] = {
        "__doc__": f"{typename}({', '.join(fields)}{',' if len(fields) == 1 else ''})",
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": defaults,
        **_METHODS,
        "__match_args__": fields,
    }
    for index, name in enumerate(fields):
        body[name] = _tuplegetter(index, f"Alias for field number {index}")
    for key, value in namespace.items():
        if key in _PROHIBITED:
            raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
        if key not in defaults:
            body[key] = value
    return type(typename, (tuple,), body)


class _RecordMeta(type):
    def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if bases != (_RecordBase,):
            raise TypeError("a Record class inherits from Record alone")
        return record_class(typename, namespace)


_RecordBase = type.__new__(_RecordMeta, "Record", (), {"__module__": __name__})

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    Record = _RecordBase
