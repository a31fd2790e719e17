"""Where each key of a TOML document is, and its value: key path -> (line, column).

tomllib reports no positions for values, so this scanner reads the document a second time and
records the position of every key, table header and array element under the key path the
loader uses (``("module", 2, "task", 0, "effort")``). It only runs on documents that tomllib has
already accepted, and only when there is something to report, so it can trust the syntax.
"""

from __future__ import annotations

import bisect
import contextlib
import re

from learnsync.course.findings import KeyPath

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")
_SPACE = " \t\r"


class PositionIndex:
    """Positions of the keys of one TOML document."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets: dict[KeyPath, int] = {}
        self._values: dict[KeyPath, int] = {}
        self._array_tables: dict[KeyPath, int] = {}
        self._newlines = [match.start() for match in re.finditer("\n", text)]
        self._pos = 0
        # An input tomllib accepted but this scanner misreads: keep what was found.
        with contextlib.suppress(IndexError, ValueError):
            self._scan()

    def locate(self, key: KeyPath, *, value: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of ``key`` (of its value, with ``value``), or of its nearest
        enclosing key or table."""
        if value:
            offset = self._values.get(key)
            if offset is not None:
                return self._line_column(offset)
        for length in range(len(key), 0, -1):
            offset = self._offsets.get(key[:length])
            if offset is not None:
                return self._line_column(offset)
        return (1, 1)

    def _line_column(self, offset: int) -> tuple[int, int]:
        line_index = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[line_index - 1] + 1 if line_index else 0
        return line_index + 1, offset - line_start + 1

    def _record(self, key: KeyPath, offset: int) -> None:
        self._offsets.setdefault(key, offset)

    def _skip_blank(self, newlines: bool) -> None:
        text, pos = self._text, self._pos
        while pos < len(text):
            char = text[pos]
            if char in _SPACE or (newlines and char == "\n"):
                pos += 1
            elif char == "#":
                end = text.find("\n", pos)
                pos = len(text) if end < 0 else end
            else:
                break
        self._pos = pos

    def _scan(self) -> None:
        text = self._text
        table: KeyPath = ()
        while True:
            self._skip_blank(newlines=True)
            if self._pos >= len(text):
                return
            start = self._pos
            if text[start] == "[":
                is_array = text.startswith("[[", start)
                self._pos += 2 if is_array else 1
                parts = self._key()
                self._pos = text.index("]", self._pos) + (2 if is_array else 1)
                table = self._header(parts, is_array, start)
            else:
                parts = self._key()
                self._skip_blank(newlines=False)
                self._pos += 1  # the '='
                key = table + tuple(parts)
                self._record(key, start)
                self._value(key)

    def _header(self, parts: list[str], is_array: bool, offset: int) -> KeyPath:
        resolved: list[str | int] = []
        for part in parts[:-1]:
            resolved.append(part)
            count = self._array_tables.get(tuple(resolved))
            if count is not None:
                resolved.append(count - 1)
        resolved.append(parts[-1])
        path = tuple(resolved)
        if is_array:
            index = self._array_tables.get(path, 0)
            self._array_tables[path] = index + 1
            self._record(path, offset)
            path = (*path, index)
        self._record(path, offset)
        return path

    def _key(self) -> list[str]:
        text = self._text
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            char = text[self._pos]
            if char in "\"'":
                end = self._string_end(self._pos)
                raw = text[self._pos + 1 : end - 1]
                parts.append(_unescape(raw) if char == '"' else raw)
                self._pos = end
            else:
                match = _BARE.match(text, self._pos)
                if match is None:
                    raise ValueError("not a key")
                parts.append(match.group())
                self._pos = match.end()
            self._skip_blank(newlines=False)
            if self._pos < len(text) and text[self._pos] == ".":
                self._pos += 1
                continue
            return parts

    def _string_end(self, start: int) -> int:
        """The offset just past the string that starts at ``start``."""
        text = self._text
        quote = text[start]
        if text.startswith(quote * 3, start):
            pos = start + 3
            while True:
                pos = text.index(quote * 3, pos) if quote == "'" else self._basic_end(pos, 3)
                end = pos + 3
                while end < len(text) and text[end] == quote and end - pos < 5:
                    end += 1
                return end
        if quote == "'":
            return text.index("'", start + 1) + 1
        return self._basic_end(start + 1, 1) + 1

    def _basic_end(self, pos: int, width: int) -> int:
        text = self._text
        closing = '"' * width
        while True:
            char = text[pos]
            if char == "\\":
                pos += 2
            elif text.startswith(closing, pos):
                return pos
            else:
                pos += 1

    def _value(self, key: KeyPath) -> None:
        text = self._text
        self._skip_blank(newlines=False)
        self._values.setdefault(key, self._pos)
        char = text[self._pos]
        if char in "\"'":
            self._pos = self._string_end(self._pos)
        elif char == "[":
            self._pos += 1
            index = 0
            while True:
                self._skip_blank(newlines=True)
                if text[self._pos] == "]":
                    self._pos += 1
                    return
                element = (*key, index)
                self._record(element, self._pos)
                self._value(element)
                index += 1
                self._skip_blank(newlines=True)
                if text[self._pos] == ",":
                    self._pos += 1
        elif char == "{":
            self._pos += 1
            while True:
                self._skip_blank(newlines=True)
                if text[self._pos] == "}":
                    self._pos += 1
                    return
                start = self._pos
                inner = (*key, *self._key())
                self._record(inner, start)
                self._skip_blank(newlines=False)
                self._pos += 1  # the '='
                self._value(inner)
                self._skip_blank(newlines=True)
                if text[self._pos] == ",":
                    self._pos += 1
        else:
            match = _SCALAR_END.search(text, self._pos)
            self._pos = match.start() if match else len(text)


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return raw
