"""The few pieces of rich's layout that typer's help screens use, without importing rich: styled
text that wraps as rich wraps it, padding, a table without borders, columns of short texts and a
panel with a rounded box and a title.

Each piece follows the rich code it stands for step by step (the widths, the wrapping, where a
styled run starts and ends), because the help screens must come out byte for byte as typer's
rich help prints them; ``tests/test_help_screen.py`` compares the two for every command at several
widths, with and without colours. Only what the help screens need is here: text whose every
character takes one cell of the terminal, left-justified, no borders but the panel's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from math import ceil

# A style is (attributes, colour): attributes as bits (bold 1, dim 2), the colour as its ANSI
# code ("36" for cyan) or "". None is rich's null style: nothing to write.
Style = tuple[int, str]
MaybeStyle = Style | None
Segment = tuple[str, MaybeStyle]
Line = list[Segment]

BOLD = 1
DIM = 2
_ATTRIBUTES = {"bold": BOLD, "dim": DIM}
_COLOURS = {
    name: str(30 + index)
    for index, name in enumerate(
        ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
    )
}


class Unsupported(Exception):
    """Something this module does not draw as rich would: the caller lets rich draw it."""


def parse_style(definition: str) -> MaybeStyle:
    """A style definition of typer's help ("bold cyan", "dim", "none" ...) as a ``Style``."""
    words = definition.split()
    if not words or words == ["none"]:
        return None
    attributes, colour = 0, ""
    for word in words:
        if word in _ATTRIBUTES:
            attributes |= _ATTRIBUTES[word]
        elif word in _COLOURS:
            colour = _COLOURS[word]
        else:
            raise Unsupported(f"style {definition!r}")
    return (attributes, colour)


def combine(base: MaybeStyle, over: MaybeStyle) -> MaybeStyle:
    """``base + over`` as rich adds styles: what ``over`` sets wins."""
    if over is None:
        return base
    if base is None:
        return over
    return (base[0] | over[0], over[1] or base[1])


def ansi(segments: Iterable[Segment], colour: bool, no_color: bool) -> str:
    """The text of ``segments`` as rich's console writes it: each styled segment in its own
    escape sequence; no sequences when not on a terminal; no colours under NO_COLOR."""
    if not colour:
        return "".join(text for text, _ in segments)
    out = []
    for text, style in segments:
        if style is None or not text:
            out.append(text)
            continue
        attributes, code = style
        codes = []
        if attributes & BOLD:
            codes.append("1")
        if attributes & DIM:
            codes.append("2")
        if code and not no_color:
            codes.append(code)
        out.append(f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text)
    return "".join(out)


# -- cells -----------------------------------------------------------------------------------

# Characters rich measures as one cell each (its single-cell ranges, and the punctuation and
# ellipsis its tables give one cell); any other character makes the caller fall back to rich.
_ONE_CELL = re.compile(
    "[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482"
    "\u2010-\u2027\u2030-\u205e\u2500-\u25fc\u2800-\u28ff\n]*"
)
_CONTROL_STRIPPED = {7: None, 8: None, 11: None, 12: None, 13: None}


def check_cells(text: str) -> None:
    """Refuse text with a character that may not take exactly one cell."""
    if _ONE_CELL.fullmatch(text) is None:
        raise Unsupported("a character wider or narrower than one cell")


# -- text --------------------------------------------------------------------------------------

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where a line of ``text`` breaks to fit ``width`` (rich's ``divide_line``)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                pieces = [word[index : index + width] for index in range(0, len(word), width)]
                for number, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if number == len(pieces) - 1:
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


class Text:
    """rich's ``Text``: plain text, a style for all of it, and styled spans over it."""

    __slots__ = ("justify", "no_wrap", "overflow", "plain", "spans", "style")

    def __init__(
        self,
        plain: str = "",
        style: MaybeStyle = None,
        spans: list[tuple[int, int, MaybeStyle]] | None = None,
        justify: str | None = None,
        overflow: str | None = None,
        no_wrap: bool | None = None,
    ) -> None:
        self.plain = plain.translate(_CONTROL_STRIPPED)
        self.style = style
        self.spans: list[tuple[int, int, MaybeStyle]] = [] if spans is None else spans
        self.justify = justify
        self.overflow = overflow
        self.no_wrap = no_wrap

    def copy(self) -> Text:
        return self._part(self.plain, list(self.spans), self.no_wrap)

    def _part(
        self, plain: str, spans: list[tuple[int, int, MaybeStyle]], no_wrap: bool | None
    ) -> Text:
        """A text of ``plain`` (taken from this text, so without control codes) with this
        text's style, justification and overflow."""
        part = Text.__new__(Text)
        part.plain = plain
        part.style = self.style
        part.spans = spans
        part.justify = self.justify
        part.overflow = self.overflow
        part.no_wrap = no_wrap
        return part

    def highlight(self, pattern: re.Pattern[str], styles: dict[str, MaybeStyle]) -> None:
        """rich's ``highlight_regex``: a span for every named group that matched."""
        for match in pattern.finditer(self.plain):
            for name in match.groupdict():
                start, end = match.span(name)
                if start != -1 and end > start:
                    self.spans.append((start, end, styles[name]))

    def set_plain(self, plain: str) -> None:
        if plain != self.plain:
            old_length = len(self.plain)
            self.plain = plain.translate(_CONTROL_STRIPPED)
            if old_length > len(self.plain):
                self._trim_spans()

    def _trim_spans(self) -> None:
        end_offset = len(self.plain)
        self.spans = [
            span if span[1] < end_offset else (span[0], min(end_offset, span[1]), span[2])
            for span in self.spans
            if span[0] < end_offset
        ]

    def divide(self, offsets: Sequence[int]) -> list[Text]:
        if not offsets:
            return [self.copy()]
        bounds = [0, *offsets, len(self.plain)]
        ranges = list(itertools.pairwise(bounds))
        plain = self.plain
        lines = [self._part(plain[start:end], [], None) for start, end in ranges]
        for span_start, span_end, style in self.spans:
            for line, (line_start, line_end) in zip(lines, ranges, strict=True):
                new_start = max(0, span_start - line_start)
                new_end = min(span_end - line_start, line_end - line_start)
                if new_end > new_start:
                    line.spans.append((new_start, new_end, style))
        return lines

    def split_lines(self) -> list[Text]:
        """rich's ``split("\\n", allow_blank=True)``."""
        if "\n" not in self.plain:
            return [self.copy()]
        offsets = []
        for match in re.finditer("\n", self.plain):
            offsets += [match.start(), match.end()]
        return [line for line in self.divide(offsets) if line.plain != "\n"]

    def right_crop(self, amount: int) -> None:
        end_offset = len(self.plain) - amount
        self.spans = [
            span if span[1] < end_offset else (span[0], min(end_offset, span[1]), span[2])
            for span in self.spans
            if span[0] < end_offset
        ]
        self.plain = self.plain[:-amount]

    def rstrip_end(self, size: int) -> None:
        length = len(self.plain)
        if length > size:
            excess = length - size
            match = _TRAILING_SPACE.search(self.plain)
            if match is not None:
                self.right_crop(min(len(match.group(0)), excess))

    def truncate(self, width: int, overflow: str | None = None, pad: bool = False) -> None:
        how = overflow or self.overflow or "fold"
        if how != "ignore":
            length = len(self.plain)
            if length > width:
                if how == "ellipsis":
                    self.set_plain(self.plain[: width - 1] + "\u2026")
                else:
                    self.set_plain(self.plain[:width])
            if pad and length < width:
                self.plain = self.plain + " " * (width - length)

    def pad_sides(self, count: int) -> None:
        if count:
            self.plain = " " * count + self.plain + " " * count
            self.spans = [(start + count, end + count, style) for start, end, style in self.spans]

    def wrap(self, width: int, justify: str, overflow: str, no_wrap: bool) -> list[Text]:
        """rich's ``Text.wrap``, for the justifications the help uses ("default", "left")."""
        if justify not in ("default", "left"):
            raise Unsupported(f"justify {justify!r}")
        lines: list[Text] = []
        for line in self.split_lines():
            if "\t" in line.plain:
                raise Unsupported("a tab")
            if no_wrap:
                new_lines = [line]
            else:
                new_lines = line.divide(divide_line(line.plain, width, fold=overflow == "fold"))
                for new_line in new_lines:
                    new_line.rstrip_end(width)
            if justify == "left":
                for new_line in new_lines:
                    new_line.truncate(width, overflow=overflow, pad=True)
            for new_line in new_lines:
                new_line.truncate(width, overflow=overflow)
            lines.extend(new_lines)
        return lines

    def render(self) -> Line:
        """The segments of this line as rich renders it inside the text it was wrapped from
        (``Text.__rich_console__`` joins the lines, each line's style becoming a span): a
        segment wherever a span starts or ends."""
        text = self.plain
        spans = [(0, len(text), self.style), *self.spans] if self.style else self.spans
        if not spans:
            return [(text, None)] if text else []
        marks = [
            *((span[0], False, index) for index, span in enumerate(spans)),
            *((span[1], True, index) for index, span in enumerate(spans)),
            (0, False, -1),
            (len(text), True, -1),
        ]
        marks.sort(key=lambda mark: (mark[0], mark[1]))
        stack: list[int] = []
        segments: Line = []
        for (offset, leaving, style_id), (next_offset, _, _) in itertools.pairwise(marks):
            if style_id >= 0:
                if leaving:
                    stack.remove(style_id)
                else:
                    stack.append(style_id)
            if next_offset > offset:
                style: MaybeStyle = None
                for index in sorted(stack):
                    style = combine(style, spans[index][2])
                segments.append((text[offset:next_offset], style))
        return segments

    def measure(self) -> tuple[int, int]:
        lines = self.plain.splitlines()
        widest = max(map(len, lines)) if lines else 0
        words = self.plain.split()
        return (max(map(len, words)) if words else widest, widest)


# -- renderables -------------------------------------------------------------------------------


class Options:
    """The part of rich's ``ConsoleOptions`` the help screens use."""

    __slots__ = ("justify", "max_width", "no_wrap", "overflow")

    def __init__(
        self,
        max_width: int,
        justify: str | None = None,
        overflow: str | None = None,
        no_wrap: bool | None = None,
    ) -> None:
        self.max_width = max_width
        self.justify = justify
        self.overflow = overflow
        self.no_wrap = no_wrap

    def with_width(self, max_width: int) -> Options:
        return Options(max_width, self.justify, self.overflow, self.no_wrap)


class Padding:
    __slots__ = ("bottom", "left", "renderable", "right", "top")

    def __init__(
        self, renderable: Renderable, top: int = 0, right: int = 0, bottom: int = 0, left: int = 0
    ) -> None:
        self.renderable = renderable
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left


class Columns:
    """rich's ``Columns`` with its defaults (padding (0, 1), not expanded, row by row)."""

    __slots__ = ("renderables",)

    def __init__(self, renderables: list[Text]) -> None:
        self.renderables = renderables


class Column:
    __slots__ = ("index", "no_wrap", "ratio", "style", "width")

    def __init__(
        self,
        index: int,
        width: int | None = None,
        ratio: int | None = None,
        no_wrap: bool = False,
        style: MaybeStyle = None,
    ) -> None:
        self.index = index
        self.width = width
        self.ratio = ratio
        self.no_wrap = no_wrap
        self.style = style


class Table:
    """rich's ``Table`` without a box, header or footer (typer's option and command tables, and
    the grid of ``Columns``)."""

    __slots__ = ("collapse_padding", "columns", "expand", "pad_edge", "padding", "rows")

    def __init__(
        self,
        columns: list[Column],
        rows: list[list[Renderable]],
        padding: tuple[int, int, int, int] = (0, 1, 0, 1),
        pad_edge: bool = False,
        collapse_padding: bool = False,
        expand: bool = False,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.padding = padding
        self.pad_edge = pad_edge
        self.collapse_padding = collapse_padding
        self.expand = expand


class Lines:
    """Lines laid out already (what rich's ``Align`` yields to the padding around it)."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines


Renderable = Text | Padding | Columns | Table | Lines | str


def measure(renderable: Renderable, options: Options) -> tuple[int, int]:
    """rich's ``Measurement.get``: normalized, at most ``max_width``, (0, 0) when under 1."""
    max_width = options.max_width
    if max_width < 1:
        return (0, 0)
    if isinstance(renderable, str):
        renderable = Text(renderable)
    if isinstance(renderable, Text):
        minimum, maximum = renderable.measure()
    elif isinstance(renderable, Padding):
        minimum, maximum = _measure_padding(renderable, options)
    elif isinstance(renderable, Columns):
        return (0, max_width)
    else:
        raise Unsupported("measuring a table")
    minimum, maximum = _normalize(minimum, maximum)
    if minimum > max_width:
        minimum = max_width
    if maximum > max_width:
        maximum = max_width
    if maximum < 1:
        return (0, 0)
    return _normalize(minimum, maximum)


def _normalize(minimum: int, maximum: int) -> tuple[int, int]:
    """rich's ``Measurement.normalize``: 0 <= minimum <= maximum."""
    if minimum < 0:
        minimum = 0
    if minimum > maximum:
        minimum = maximum
    if minimum < 0:
        minimum = 0
    if maximum < minimum:
        maximum = minimum
    return (minimum, maximum)


def _measure_padding(padding: Padding, options: Options) -> tuple[int, int]:
    max_width = options.max_width
    extra = padding.left + padding.right
    if max_width - extra < 1:
        return (max_width, max_width)
    minimum, maximum = measure(padding.renderable, options)
    return (min(minimum + extra, max_width), min(maximum + extra, max_width))


def render_lines(
    renderable: Renderable, options: Options, style: MaybeStyle = None, pad: bool = True
) -> list[Line]:
    """rich's ``Console.render_lines``: the lines of ``renderable``, each ``max_width`` wide."""
    lines = _render(renderable, options) if options.max_width >= 1 else []
    if style is not None:
        lines = [[(text, combine(style, own)) for text, own in line] for line in lines]
    return [adjust_line_length(line, options.max_width, style, pad) for line in lines]


def adjust_line_length(line: Line, length: int, style: MaybeStyle, pad: bool = True) -> Line:
    line_length = 0
    for text, _ in line:
        line_length += len(text)
    if line_length < length:
        return [*line, (" " * (length - line_length), style)] if pad else line[:]
    if line_length > length:
        cropped: Line = []
        line_length = 0
        for text, own in line:
            if line_length + len(text) < length:
                cropped.append((text, own))
                line_length += len(text)
            else:
                cropped.append((text[: length - line_length], own))
                break
        return cropped
    return line[:]


def _render(renderable: Renderable, options: Options) -> list[Line]:
    if isinstance(renderable, str):
        renderable = Text(renderable)
    if isinstance(renderable, Text):
        return _render_text(renderable, options)
    if isinstance(renderable, Padding):
        return _render_padding(renderable, options)
    if isinstance(renderable, Columns):
        return _render_columns(renderable, options)
    if isinstance(renderable, Lines):
        return [line[:] for line in renderable.lines]
    return _render_table(renderable, options)


def _render_text(text: Text, options: Options) -> list[Line]:
    justify = text.justify or options.justify or "default"
    overflow = text.overflow or options.overflow or "fold"
    no_wrap = text.no_wrap if text.no_wrap is not None else bool(options.no_wrap)
    lines = text.wrap(options.max_width, justify, overflow, no_wrap)
    return [line.render() for line in lines]


def _render_padding(padding: Padding, options: Options) -> list[Line]:
    width = options.max_width
    inner = options.with_width(width - padding.left - padding.right)
    lines = render_lines(padding.renderable, inner, pad=True)
    blank: Line = [(" " * width, None)]
    out: list[Line] = [blank[:] for _ in range(padding.top)]
    for line in lines:
        new_line: Line = [(" " * padding.left, None)] if padding.left else []
        new_line += line
        if padding.right:
            new_line.append((" " * padding.right, None))
        out.append(new_line)
    out += [blank[:] for _ in range(padding.bottom)]
    return out


def _render_columns(columns: Columns, options: Options) -> list[Line]:
    renderables = columns.renderables
    if not renderables:
        return []
    width_padding = 1
    max_width = options.max_width
    widths_of = [measure(renderable, options)[1] for renderable in renderables]

    def cells(count: int) -> list[tuple[int, Text | None]]:
        items: list[tuple[int, Text | None]] = list(zip(widths_of, renderables, strict=True))
        if len(renderables) % count:
            items += [(0, None)] * (count - len(renderables) % count)
        return items

    column_count = len(renderables)
    while column_count > 1:
        widths: dict[int, int] = {}
        column_number = 0
        for renderable_width, _ in cells(column_count):
            widths[column_number] = max(widths.get(column_number, 0), renderable_width)
            total = sum(widths.values()) + width_padding * (len(widths) - 1)
            if total > max_width:
                column_count = len(widths) - 1
                break
            column_number = (column_number + 1) % column_count
        else:
            break
    items: list[Renderable] = [
        "" if renderable is None else renderable for _, renderable in cells(column_count)
    ]
    grid = Table(
        columns=[Column(index=index) for index in range(column_count)],
        rows=[items[start : start + column_count] for start in range(0, len(items), column_count)],
        padding=(0, 1, 0, 1),
        pad_edge=False,
        collapse_padding=True,
        expand=False,
    )
    return _render_table(grid, options)


# -- tables ------------------------------------------------------------------------------------


def _padding_width(table: Table, index: int) -> int:
    _, pad_right, _, pad_left = table.padding
    if table.collapse_padding:
        pad_left = 0
        pad_right = abs(pad_left - pad_right)
    if not table.pad_edge:
        if index == 0:
            pad_left = 0
        if index == len(table.columns) - 1:
            pad_right = 0
    return pad_left + pad_right


def _cell_padding(table: Table, index: int, first_row: bool, last_row: bool) -> Padding:
    top, right, bottom, left = table.padding
    first_column = index == 0
    last_column = index == len(table.columns) - 1
    if table.collapse_padding:
        if not first_column:
            left = max(0, left - right)
        if not last_row:
            bottom = max(0, top - bottom)
    if not table.pad_edge:
        if first_column:
            left = 0
        if last_column:
            right = 0
        if first_row:
            top = 0
        if last_row:
            bottom = 0
    if top or bottom:
        raise Unsupported("vertical cell padding")
    return Padding("", top, right, bottom, left)


def _cells(table: Table, column: Column) -> list[Renderable]:
    """The column's cells, each in its padding (as rich's ``_get_cells``)."""
    count = len(table.rows)
    any_padding = any(table.padding)
    cells: list[Renderable] = []
    for row_number, row in enumerate(table.rows):
        cell = row[column.index]
        if any_padding:
            padding = _cell_padding(table, column.index, row_number == 0, row_number == count - 1)
            padding.renderable = cell
            cells.append(padding)
        else:
            cells.append(cell)
    return cells


def _measure_column(table: Table, options: Options, column: Column) -> tuple[int, int]:
    max_width = options.max_width
    if max_width < 1:
        return (0, 0)
    padding_width = _padding_width(table, column.index)
    if column.width is not None:
        width = column.width + padding_width
        return (min(width, max_width), min(width, max_width))
    measured = [measure(cell, options) for cell in _cells(table, column)]
    minimum = max((low for low, _ in measured), default=1)
    maximum = max((high for _, high in measured), default=max_width)
    return (min(minimum, max_width), min(maximum, max_width))


def ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    if minimums:
        ratios = [ratio if minimum else 0 for ratio, minimum in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    if total_ratio <= 0:
        raise Unsupported("no ratio to distribute by")
    remaining = total
    distributed_total = []
    lows = minimums if minimums is not None else [0] * len(ratios)
    for ratio, minimum in zip(ratios, lows, strict=True):
        if total_ratio > 0:
            distributed = max(minimum, ceil(ratio * remaining / total_ratio))
        else:
            distributed = remaining
        distributed_total.append(distributed)
        total_ratio -= ratio
        remaining -= distributed
    return distributed_total


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(width for width, wrap in zip(widths, wrapable, strict=True) if wrap)
            second = max(
                width if wrap and width != widest else 0
                for width, wrap in zip(widths, wrapable, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if (width == widest and wrap) else 0
                for width, wrap in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _column_widths(table: Table, options: Options) -> list[int]:
    """rich's ``Table._calculate_column_widths``."""
    max_width = options.max_width
    columns = table.columns
    ranges = [_measure_column(table, options, column) for column in columns]
    widths = [high or 1 for _, high in ranges]
    if table.expand:
        ratios = [column.ratio or 0 for column in columns if column.ratio is not None]
        if any(ratios):
            fixed = [
                0 if column.ratio is not None else high
                for (_, high), column in zip(ranges, columns, strict=True)
            ]
            flex_minimum = [
                (column.width or 1) + _padding_width(table, column.index)
                for column in columns
                if column.ratio is not None
            ]
            flex_widths = iter(ratio_distribute(max_width - sum(fixed), ratios, flex_minimum))
            for index, column in enumerate(columns):
                if column.ratio is not None:
                    widths[index] = fixed[index] + next(flex_widths)
    table_width = sum(widths)
    if table_width > max_width:
        widths = _collapse_widths(
            widths, [column.width is None and not column.no_wrap for column in columns], max_width
        )
        table_width = sum(widths)
        if table_width > max_width:
            excess = table_width - max_width
            widths = ratio_reduce(excess, [1] * len(widths), widths, widths)
            table_width = sum(widths)
        ranges = [
            _measure_column(table, options.with_width(width), column)
            for width, column in zip(widths, columns, strict=True)
        ]
        widths = [high or 0 for _, high in ranges]
    if table_width < max_width and table.expand:
        extra = ratio_distribute(max_width - table_width, widths)
        widths = [width + more for width, more in zip(widths, extra, strict=True)]
    return widths


def _render_table(table: Table, options: Options) -> list[Line]:
    if not table.columns:
        return [[]]
    widths = _column_widths(table, options)
    columns_cells = [_cells(table, column) for column in table.columns]
    out: list[Line] = []
    for row_number in range(len(table.rows)):
        rendered: list[list[Line]] = []
        for width, column, cells in zip(widths, table.columns, columns_cells, strict=True):
            cell_options = Options(width, "left", "ellipsis", column.no_wrap)
            rendered.append(render_lines(cells[row_number], cell_options, style=column.style))
        row_height = max(len(lines) for lines in rendered)
        height = max(1, row_height)
        shaped = []
        for width, column, lines in zip(widths, table.columns, rendered, strict=True):
            if len(lines) < row_height:
                lines = lines + [[(" " * width, column.style)]] * (row_height - len(lines))
            lines = [adjust_line_length(line, width, None) for line in lines]
            if len(lines) < height:
                lines += [[(" " * width, None)]] * (height - len(lines))
            shaped.append(lines)
        for line_number in range(height):
            line: Line = []
            for lines in shaped:
                line += lines[line_number]
            out.append(line)
    return out


# -- the panel ---------------------------------------------------------------------------------


def render_panel(table: Table, title: str, width: int, border: MaybeStyle) -> list[Line]:
    """rich's ``Panel(table, border_style=..., title=title, title_align="left")`` with its
    rounded box, expanded to ``width``."""
    title_text = Text(title.replace("\n", " "), no_wrap=True)
    title_text.pad_sides(1)
    if border is not None:
        title_text.spans.insert(0, (0, len(title_text.plain), border))
    child_width = min(width - 2, max(width - 2, len(title_text.plain) + 2))
    width = child_width + 2
    child_options = Options(max_width=child_width)
    lines = render_lines(Padding(table, 0, 1, 0, 1), child_options)
    out: list[Line] = []
    if width <= 4:
        out.append([("\u256d" + "\u2500" * (width - 2) + "\u256e", border)])
    else:
        title_text.truncate(width - 4)
        excess = width - 4 - len(title_text.plain)
        if excess:
            title_text.spans.append((len(title_text.plain), len(title_text.plain) + excess, border))
            title_text.plain += "\u2500" * excess
        top: Line = [("\u256d\u2500", border)]
        top += [
            segment
            for line in _render_text(title_text, child_options.with_width(width - 4))
            for segment in line
        ]
        top.append(("\u2500\u256e", border))
        out.append(top)
    for line in lines:
        out.append([("\u2502", border), *line, ("\u2502", border)])
    out.append([("\u2570" + "\u2500" * (width - 2) + "\u256f", border)])
    return out
