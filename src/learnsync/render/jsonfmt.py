"""JSON documents that are quick to write and easy to read: the top level indented, each item
of a top-level list on a line of its own. (``json.dumps(indent=...)`` falls back to a pure-Python
encoder, ten times slower on a 10,000-task plan.) Characters JSON leaves raw but a terminal
acts on (C1 controls, bidirectional controls, line separators) are written as ``\\uXXXX``
escapes: the same values, nothing raw."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Mapping
from typing import Any

from learnsync.render.safe_text import json_text


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)``, with its encoder made once: ``dumps`` makes a
    new encoder for every call, which was a third of writing a 10,000-task plan."""
    make = getattr(json.encoder, "c_make_encoder", None)  # not in the typeshed stubs
    if make is None:  # pragma: no cover - CPython always has the C encoder
        return json.JSONEncoder(ensure_ascii=False).encode

    def unknown(value: Any) -> Any:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")

    # markers None: no circular check (a document is a tree); the rest as json.dumps sets them
    chunks = make(
        None, unknown, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )

    def compact(value: Any) -> str:
        return "".join(chunks(value, 0))

    return compact


compact = _compact_encoder()


def dumps_document(document: dict[str, Any], encoded: Mapping[str, list[str]] | None = None) -> str:
    """``document`` as JSON text; the lists in ``encoded`` replace those of the same keys with
    items encoded already (each as ``compact`` writes it)."""
    lines = ["{"]
    last = len(document) - 1
    for position, (key, value) in enumerate(document.items()):
        comma = "," if position < last else ""
        if encoded and key in encoded:
            items = [f"    {item}," for item in encoded[key]]
        elif isinstance(value, list) and value:
            items = [f"    {compact(item)}," for item in value]
        else:
            items = []
        if items:
            lines.append(f"  {compact(key)}: [")
            items[-1] = items[-1][:-1]
            lines.extend(items)
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}{comma}")
    lines.append("}")
    return json_text("\n".join(lines) + "\n")
