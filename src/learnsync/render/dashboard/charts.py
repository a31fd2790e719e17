"""The geometry of the dashboards' charts: numbers only (coordinates, ticks), so that every
word a chart shows goes through the templates' escaping. Static SVG, no script."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from learnsync.charts import Burndown
from learnsync.course.values import format_minutes

WIDTH = 640
HEIGHT = 240
LEFT_PER_CHARACTER = 12  # room for a y label's character at the phone's 20px font
RIGHT = 16
TOP = 14
BOTTOM = 30


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class BurndownFigure:
    """A burndown drawn in a ``WIDTH`` x ``HEIGHT`` box, and its numbers in words and rows."""

    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    planned: str  # SVG polyline points
    done: str
    forecast: str
    today_x: float | None
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    rows: tuple[tuple[str, str, str, str], ...]  # day, planned left, done left, forecast left
    total: int
    left_today: int | None
    # what the plan leaves at the start of today: work planned on days before today done, as
    # rules.behind counts it (today's planned work is not late yet)
    planned_before_today: int | None
    plan_end: date | None
    forecast_end: date | None


def _hours(minutes: float) -> str:
    return format_minutes(round(minutes)) if minutes else "0"


def _axis_hours(minutes: float) -> str:
    """An axis label: whole hours (``"34h"``), minutes under two hours."""
    return f"{round(minutes / 60)}h" if minutes >= 120 else f"{round(minutes)}m" if minutes else "0"


def burndown_figure(chart: Burndown, today: date, total: int) -> BurndownFigure:
    """The figure of ``chart`` (``total``: the required minutes at the start)."""
    days = list(chart.days)
    forecast = [entry for entry in chart.forecast if entry[0] > (days[-1] if days else today)]
    last = forecast[-1][0] if forecast else (days[-1] if days else today)
    first = days[0] if days else today
    span = (last - first).days + 1  # days drawn: each point is the end of its day
    top = max([total, *chart.planned, *chart.done, *(m for _, m in chart.forecast)], default=0) or 1
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    left = 16 + LEFT_PER_CHARACTER * len(_axis_hours(top))
    inner_width, inner_height = right - left, bottom - TOP

    def x(day: date) -> float:
        return round(left + ((day - first).days + 1) * inner_width / span, 1)

    def y(minutes: float) -> float:
        return round(TOP + (1 - minutes / top) * inner_height, 1)

    def points(pairs: list[tuple[date, int]], start: bool = True) -> str:
        head = f"{left},{y(total)} " if start else ""
        return head + " ".join(f"{x(day)},{y(minutes)}" for day, minutes in pairs)

    planned = list(zip(days, chart.planned, strict=True))
    done = list(zip(days, chart.done, strict=False))
    x_ticks = [Tick(left, first.isoformat(), "start")]
    if first <= today < last and min((today - first).days, (last - today).days) > span * 0.2:
        x_ticks.append(Tick(x(today), today.isoformat()))
    if last > first:
        x_ticks.append(Tick(x(last), last.isoformat(), "end"))
    y_ticks = tuple(Tick(y(top * share), _axis_hours(top * share), "end") for share in (0, 0.5, 1))
    position = days.index(today) if today in days else None
    forecast_by_day = dict(chart.forecast)
    rows = []
    for index, day in enumerate(days):
        if index % 7 and day != today and index != len(days) - 1:
            continue
        rows.append(
            (
                day.isoformat(),
                _hours(chart.planned[index]),
                _hours(chart.done[index]) if index < len(chart.done) else "",
                _hours(forecast_by_day[day]) if day in forecast_by_day else "",
            )
        )
    plan_end = next((day for day, left in zip(days, chart.planned, strict=True) if left == 0), None)
    return BurndownFigure(
        width=WIDTH,
        height=HEIGHT,
        plot=(left, TOP, right, bottom),
        planned=points(planned),
        done=points(done) if done else "",
        forecast=points(list(chart.forecast), start=False),
        today_x=x(today) if first <= today <= last else None,
        x_ticks=tuple(x_ticks),
        y_ticks=y_ticks,
        rows=tuple(rows),
        total=total,
        left_today=chart.done[-1] if chart.done else None,
        planned_before_today=(
            (chart.planned[position - 1] if position else total) if position is not None else None
        ),
        plan_end=plan_end,
        forecast_end=chart.forecast[-1][0] if chart.forecast else None,
    )
