"""Charts in the terminal: the burndown drawn by plotext (a maintained terminal plotting
library), the study calendar as a contribution graph (weeks across, weekdays down). Colour on a
terminal; under NO_COLOR or in a pipe the same charts in plain characters."""

from __future__ import annotations

from learnsync.charts import Burndown, StudyCalendar
from learnsync.render.terminal import Line

# calendar cells by how much was done that day: none, 1, 2, 3 or more
_SHADES = ("·", "░", "▒", "▓", "█")
_GREENS = ("dim", "green", "green", "bold green", "bold green")


def burndown_lines(chart: Burndown, width: int, *, colour: bool) -> list[str]:
    """The burndown as text lines ``width`` cells wide: the plan, what was done, the forecast."""
    import plotext as plt  # type: ignore[import-untyped]

    plt.clear_figure()
    plt.plotsize(max(40, width), 15)
    plt.theme("pro" if colour else "clear")
    plt.date_form("d/m/Y")
    labels = [f"{day:%d/%m/%Y}" for day in chart.days]
    plt.plot(labels, [minutes / 60 for minutes in chart.planned], label="plan", marker="braille")
    if chart.done:
        plt.plot(
            labels[: len(chart.done)],
            [minutes / 60 for minutes in chart.done],
            label="done",
            marker="braille",
        )
    if chart.forecast:
        plt.plot(
            [f"{day:%d/%m/%Y}" for day, _ in chart.forecast],
            [minutes / 60 for _, minutes in chart.forecast],
            label="forecast",
            marker="braille",
        )
    plt.title("Required work left (hours)")
    text = plt.build()
    if not colour:
        text = plt.uncolorize(text)
    return [line.rstrip() for line in text.splitlines()]


def calendar_lines(calendar: StudyCalendar, width: int) -> list[Line]:
    """The study calendar: a column per week (the newest that fit), a row per weekday, each cell
    shaded by the things done that day; days that are not study days are blank unless studied."""
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    room = max(1, (width - 4) // 2)
    weeks = calendar.weeks[-room:]
    skipped = len(calendar.weeks) - len(weeks)
    first = calendar.first_monday.toordinal() + 7 * skipped
    from datetime import date

    months = ""
    for index in range(len(weeks)):
        monday = date.fromordinal(first + 7 * index)
        label = f"{monday:%b}" if monday.day <= 7 or index == 0 else ""
        if label and len(months) <= index * 2:
            months = months.ljust(index * 2) + label
    lines = [Line("Study days", "bold"), Line("    " + months, "dim")]
    for weekday, name in enumerate(names):
        line = Line(f"{name} ", "dim")
        for number, week in enumerate(weeks, start=skipped):
            count = week[weekday]
            if count is None or (count == 0 and not calendar.is_study_day(number, weekday)):
                line.add("  ")
                continue
            level = min(count, 4)
            line.add(" ").add(_SHADES[level], _GREENS[level])
        lines.append(line)
    lines.append(Line("    less " + " ".join(_SHADES) + " more", "dim"))
    return lines
