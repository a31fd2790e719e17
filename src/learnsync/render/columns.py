"""Aligned columns for the terminal, without rich: quick for a hundred rows."""

from __future__ import annotations

from collections.abc import Sequence

from learnsync.render.terminal import Line, cells, printable


def column_lines(
    heading: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    left: Sequence[str] = (),
    *,
    rule: bool = True,
) -> list[Line]:
    """A bold heading, a header row, a rule, then one line a row; columns in ``left`` are
    left-aligned, the others right-aligned."""
    shown = [[printable(cell) for cell in row] for row in rows]
    widths = [
        max([cells(column)] + [cells(row[index]) for row in shown])
        for index, column in enumerate(columns)
    ]

    def fit(text: str, index: int, column: str) -> str:
        pad = " " * (widths[index] - cells(text))
        return text + pad if column in left else pad + text

    lines = [Line(heading, "bold")]
    lines.append(
        Line("   ".join(fit(column, i, column) for i, column in enumerate(columns)), "bold")
    )
    if rule:
        lines.append(Line("─" * (sum(widths) + 3 * (len(columns) - 1)), "dim"))
    for row in shown:
        lines.append(
            Line(
                "   ".join(
                    fit(cell, i, column)
                    for i, (cell, column) in enumerate(zip(row, columns, strict=True))
                )
            )
        )
    return lines
