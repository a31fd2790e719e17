"""TOML text to Python values with the standard library's semantics, at a compiled parser's speed.

tomli is the project tomllib was copied from; its mypyc-compiled wheels parse the same documents
to the same values about 2.5x faster. Only the TOML 1.0 releases are used (tomli 2.4 moved to
TOML 1.1, which accepts more than tomllib does), and only when compiled: the pure-Python tomli is
no faster than tomllib. A document the fast parser refuses is parsed again by tomllib, so every
error (and its message, line and column) is tomllib's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomllib import TOMLDecodeError as TOMLDecodeError

__all__ = ["TOMLDecodeError", "loads", "parser_name"]


def __getattr__(name: str) -> Any:
    """``TOMLDecodeError``, tomllib's own, imported when asked for: importing tomllib compiles
    its regular expressions (29M instructions), which a valid document never needs where the
    compiled parser reads it (an ``except toml_text.TOMLDecodeError`` clause asks only when
    something was raised)."""
    if name == "TOMLDecodeError":
        import tomllib

        return tomllib.TOMLDecodeError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _compiled_loads() -> Callable[[str], dict[str, Any]] | None:
    try:
        import tomli
        from tomli import _parser
    except ImportError:
        return None
    compiled = not str(getattr(_parser, "__file__", "")).endswith(".py")
    version = tuple(int(part) for part in tomli.__version__.split(".")[:2] if part.isdigit())
    if not compiled or version >= (2, 4):
        return None
    return tomli.loads


_FAST = _compiled_loads()


def parser_name() -> str:
    """Which parser reads valid documents: "tomli (compiled)" or "tomllib"."""
    return "tomllib" if _FAST is None else "tomli (compiled)"


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``: the same values, the same errors."""
    if _FAST is not None:
        try:
            return _FAST(text)
        except Exception:  # refused (or nested too deeply): tomllib says why, in its words
            pass
    import tomllib

    return tomllib.loads(text)
