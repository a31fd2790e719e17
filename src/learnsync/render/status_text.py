"""``learnsync status`` and ``learnsync badges`` for a person."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from learnsync.forecast import FinishForecast
    from learnsync.planning.planner import CatchUp

from learnsync.course.durations import format_minutes
from learnsync.options import BLACKOUT_TITLE
from learnsync.render.terminal import Line, cells, printable, write_lines

BAR_WIDTH = 20


def bar(share: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def _day(text: str | None) -> str:
    return f"{date.fromisoformat(text):%a %d %b %Y}" if text else "-"


def _when(text: str | None) -> str:
    """A learner's day (``earned_on``: the day their streak counts, ``Progress.day_of``)."""
    return f"{date.fromisoformat(text):%a %d %b}" if text else "-"


def streak_text(document: dict[str, Any]) -> str:
    """``12 study days in a row (longest 14) · 1 freeze used on Wed 13 Jan · 1 left``, or in
    weeks ``3 weeks in a row with 3+ study days (longest 5)``."""
    streak = document.get("streak") or {
        "unit": "days",
        "current": document["streak_days"],
        "longest": document["longest_streak"],
    }
    current = streak["current"]
    if streak["unit"] == "weeks":
        text = (
            f"{current} week{'s' if current != 1 else ''} in a row with "
            f"{streak['weekly_target']}+ study days"
        )
    else:
        text = f"{current} study day{'s' if current != 1 else ''} in a row"
    text += f" (longest {streak['longest']})"
    freezes = document.get("freezes")
    if freezes is None:
        return text
    used = [date.fromisoformat(day) for day in freezes["used"]]
    left = (
        f"{freezes['left']} left"
        if used
        else f"{freezes['left']} freeze{'s' if freezes['left'] != 1 else ''} left"
    )
    if not used:
        return f"{text} · {left}"
    week = "the week of " if streak["unit"] == "weeks" else ""
    days = [f"{week}{day:%a %d %b}" for day in used]
    if len(days) == 1:
        spent = f"1 freeze used on {days[0]}"
    elif len(days) == 2:
        spent = f"2 freezes used on {days[0]} and {days[1]}"
    else:
        spent = f"{len(days)} freezes used, the last on {days[-1]}"
    return f"{text} · {spent} · {left}"


def status_lines(document: dict[str, Any]) -> list[Line]:
    lines = [
        Line(document["title"], "bold", flex=True).add(
            f"  ({document['course']}, {document['mode']}) for {document['learner']}, {_day(document['today'])}"
        )
    ]
    share = document["percent"] / 100
    done = format_minutes(document["done_minutes"]) if document["done_minutes"] else "0m"
    total = format_minutes(document["total_minutes"]) if document["total_minutes"] else "0m"
    lines.append(
        Line("  Progress  ")
        .add(bar(share, 16), "green")
        .add(f" {document['percent']:5.1f}%  {document['counts']} · {done}/{total}")
    )
    width = max((len(module["id"]) for module in document["modules"]), default=0)
    for module in document["modules"]:
        lines.append(
            Line(f"    {module['id']:<{width}}  ")
            .add(bar(module["percent"] / 100, 10), "cyan")
            .add(f" {module['percent']:5.1f}%  {module['done']}/{module['total']}")
        )
    if document["on_track"] is not None:
        if document["on_track"]:
            lines.append(Line("  On track  ").add("yes", "green"))
        elif document["behind_minutes"]:
            behind = format_minutes(document["behind_minutes"])
            tasks = document["behind_tasks"]
            lines.append(
                Line("  On track  ")
                .add(f"no: behind by {behind}", "bold red")
                .add(
                    f" ({tasks} required task{'s' if tasks != 1 else ''} planned to end "
                    "before today)"
                    if tasks
                    else " (work started is behind its plan)"
                )
            )
        else:
            overdue = len(document["overdue"])
            lines.append(
                Line("  On track  ")
                .add("no: ", "bold red")
                .add(
                    f"{overdue} task{'s' if overdue != 1 else ''} past {'their' if overdue != 1 else 'its'} deadline",
                    "bold red",
                )
            )
        lines += catch_up_lines(document.get("catch_up"), behind=bool(document["behind_minutes"]))
    listed = document["overdue"] + document["due_soon"][:5]
    id_width = max((cells(printable(task["id"])) for task in listed), default=0)
    for label, style, tasks in (
        ("  Overdue   ", "red", document["overdue"]),
        ("  Due soon  ", "yellow", document["due_soon"][:5]),
    ):
        for task in tasks:
            lines.append(
                Line(label, style)
                .add(f"{printable(task['id']):<{id_width}}  ", "bold")
                .add(task["title"], flex=True)
                .add(f", deadline {_short(task['deadline'])}", "dim")
            )
    level_line = (
        Line("  Points    ")
        .add(f"{document['points']}", "bold")
        .add(f"  level {document['level']}")
    )
    if document["next_level_at"] is not None:
        floor_share = (
            document["points"] / document["next_level_at"] if document["next_level_at"] else 1
        )
        level_line.add("  ").add(bar(floor_share, 10), "magenta")
        level_line.add(f"  {document['points_to_next_level']} to level {document['level'] + 1}")
    else:
        level_line.add("  (top level)")
    lines.append(level_line)
    lines.append(Line("  Streak    ").add(streak_text(document)))
    earned = [f"{badge['title']} ({_when(badge['earned_on'])})" for badge in document["badges"]]
    lines += _badge_lines("  Badges    ", "★ ", "yellow", earned)
    upcoming = [f"{badge['title']} {badge['progress']}" for badge in document["next_badges"]]
    lines += _badge_lines("  Next      ", "☆ ", "dim", upcoming)
    if document["with_deadline_done"]:
        lines.append(
            Line("  On time   ").add(
                f"{document['on_time']} of {document['with_deadline_done']} done by their "
                f"deadline" + (f", {document['late']} late" if document["late"] else "")
            )
        )
    deadline = document["next_deadline"]
    if deadline:
        left = deadline["tasks_left"]
        tasks = f"{left} required task{'s' if left != 1 else ''}"
        if deadline["passed"]:  # rules.NextDeadline.is_past, as next tells it
            lines.append(
                Line("  Deadline  ").add(
                    f"passed {_day(deadline['date'])}: {deadline['item']}, {tasks} still open",
                    "bold red",
                )
            )
        else:
            lines.append(
                Line("  Deadline  ").add(
                    f"next {_day(deadline['date'])}: {deadline['item']}, {tasks} left"
                )
            )
    lines += _blackout_lines(document)
    if document["replans"]:
        shift = document["finish_shift_days"]
        moved = f"moved {shift:+d} day{'s' if abs(shift) != 1 else ''}" if shift else "did not move"
        lines.append(
            Line("  Replans   ").add(
                f"{document['replans']}: the planned finish {moved} from the first plan"
            )
        )
    if document["finished_on"]:
        from learnsync.enrollments.gains import finish_words

        planned = document["planned_finish"]
        words = finish_words(
            date.fromisoformat(document["finished_on"]),
            date.fromisoformat(planned) if planned else None,
        )
        lines.append(Line("  Finish    ").add(f"finished on {words}", "green"))
        return lines
    lines.append(Line("  Finish    ").add(f"planned {_day(document['planned_finish'])}"))
    indent = " " * 12
    if document["forecast_finish"]:
        pace = document["weekly_pace_minutes"]
        pace_text = f"at your pace ({format_minutes(pace)} a week)" if pace else "all done"
        lines.append(Line(f"{indent}{pace_text}: {_day(document['forecast_finish'])}"))
        last = document["last_deadline"]
        if last and document["forecast_finish"] > last:
            lines.append(
                Line(indent).add(f"that is after the last deadline, {_day(last)}", "yellow")
            )
    elif document["weekly_pace_minutes"]:
        pace = format_minutes(document["weekly_pace_minutes"])
        lines.append(Line(f"{indent}at your pace ({pace} a week): after 2200", "yellow"))
    else:
        lines.append(Line(f"{indent}no recent work to measure your pace by", "dim"))
    lines += forecast_lines(document.get("forecast"))
    return lines


def forecast_document(outlook: FinishForecast | None) -> dict[str, Any] | None:
    """A forecast as ``status -f json`` carries it (``learnsync.forecast`` has the method)."""
    if outlook is None:
        return None
    return {
        "p50": outlook.p50.isoformat() if outlook.p50 else None,
        "p90": outlook.p90.isoformat() if outlook.p90 else None,
        "deadlines": [
            {
                "id": odds.id,
                "date": odds.date.isoformat(),
                "probability": odds.probability,
                "minutes_before": odds.minutes_before,
            }
            for odds in outlook.deadlines
        ],
        "remaining_minutes": outlook.remaining_minutes,
        "history_days": outlook.history_days,
        "prior_days": outlook.prior_days,
        "mean_daily_minutes": round(sum(outlook.history) / len(outlook.history))
        if outlook.history
        else 0,
        "runs": outlook.runs,
        "seed": outlook.seed,
        "riskiest": None
        if (risky := outlook.riskiest) is None
        else {"id": risky.id, "date": risky.date.isoformat(), "probability": risky.probability},
    }


def forecast_lines(forecast: dict[str, Any] | None) -> list[Line]:
    """The forecast in one or two lines of at most 80 columns: the finish at 50% and 90%, and
    the deadline least likely to be met."""
    if forecast is None:
        return []
    from learnsync.forecast import HORIZON_WORDS, HORIZON_YEARS

    label = "  Forecast  "
    if forecast["p50"] is None:
        line = Line(label).add(
            f"no finish within {HORIZON_WORDS} at the pace of your recent days", "yellow"
        )
    else:
        line = Line(label).add(f"50% by {_day(forecast['p50'])}")
        line.add(
            f", 90% by {_day(forecast['p90'])}"
            if forecast["p90"]
            else f", 90% not in {HORIZON_YEARS} years"
        )
    prior = forecast["prior_days"]
    basis = f" ({prior} day{'s' if prior != 1 else ''} assumed)" if prior else ""
    if basis and cells(line.text) + len(basis) <= 80:
        line.add(basis, "dim")
    lines = [line]
    risky = forecast["riskiest"]  # the forecast's own (FinishForecast.riskiest)
    if risky is not None:
        chance = f"{risky['probability'] * 100:.0f}%"
        head = f"            riskiest deadline {_short(risky['date'])}: "
        tail = f", {chance} likely"
        room = 80 - cells(head) - cells(tail)
        style = "green" if risky["probability"] >= 0.9 else "yellow"
        style = "bold red" if risky["probability"] < 0.5 else style
        lines.append(Line(head).add(_clip(printable(risky["id"]), max(8, room))).add(tail, style))
    return lines


def _blackout_lines(document: dict[str, Any]) -> list[Line]:
    """The blackout going on today, else the next one: "Blackout  Winter break, Mon 15 Feb -
    Fri 19 Feb" (no study on its days)."""
    blackouts = document.get("blackouts") or []
    if not blackouts:
        return []
    first = blackouts[0]
    start, end = date.fromisoformat(first["from"]), date.fromisoformat(first["to"])
    span = f"{start:%a %d %b}" if start == end else f"{start:%a %d %b} – {end:%a %d %b}"
    now = "today, " if first["from"] <= document["today"] else ""
    more = f", {len(blackouts) - 1} more" if len(blackouts) > 1 else ""
    # the label says "Blackout" already: the default title would say it twice
    title = "" if first["title"] == BLACKOUT_TITLE else f"{first['title']}, "
    return [Line("  Blackout  ").add(f"{now}{title}{span}{more}", "cyan")]


def _badge_lines(label: str, mark: str, style: str, badges: list[str]) -> list[Line]:
    """Badges on one line when they fit in 80 columns, else one a line."""
    if not badges:
        return []
    together = cells(label) + sum(cells(mark) + cells(text) + 2 for text in badges)
    if together <= 80:
        line = Line(label)
        for number, text in enumerate(badges):
            line.add("  " if number else "").add(mark, style).add(text)
        return [line]
    return [
        Line(label if number == 0 else " " * cells(label)).add(mark, style).add(text, flex=True)
        for number, text in enumerate(badges)
    ]


def catch_up_document(advice: CatchUp | None) -> dict[str, Any] | None:
    """Whether a learner who is behind can still meet the remaining deadlines."""
    if advice is None:
        return None
    return {
        "can_meet": advice.can_meet,
        "daily_minutes": advice.daily_minutes,
        "least_daily_minutes": advice.least_daily_minutes,
        "missed": [
            {
                "kind": miss.kind,
                "id": miss.id,
                "title": miss.title,
                "deadline": miss.deadline.isoformat(),
                "short_minutes": miss.short_minutes,
            }
            for miss in advice.missed
        ],
        "until": advice.until.isoformat() if advice.until else None,
        "max_daily_minutes": advice.max_daily_minutes,
        "lost": [
            {
                "kind": lost.kind,
                "id": lost.id,
                "title": lost.title,
                "deadline": lost.deadline.isoformat(),
                "tasks": list(lost.tasks),
                "points_lost": lost.points_lost,
            }
            for lost in advice.lost
        ],
        "points_lost": advice.points_lost,
        "rest_daily_minutes": advice.rest_daily_minutes,
        "end": advice.end.isoformat() if advice.end else None,
    }


def catch_up_words(advice: dict[str, Any], room: int = 80) -> str | None:
    """ "catch up: 1h10m a day until Sun 31 Jan meets every deadline" (with "(now 1h)" when it
    fits in ``room`` cells), or that no daily time up to the maximum does; None when no deadline
    is ahead. For an enrollment fitted to an end date: "catch up: 1h10m a day meets every
    deadline and the end, Fri 26 Mar", or "... meets every deadline and the end"."""
    if advice.get("until") is None:
        return None
    least = advice["least_daily_minutes"]
    end = advice.get("end")
    if least is None:
        most = format_minutes(advice["max_daily_minutes"])
        text = f"catch up: no daily time up to {most} meets every deadline"
        return text + " and the end" if end else text
    if end:
        text = f"catch up: {format_minutes(least)} a day meets every deadline and the end, {_short(end)}"
    else:
        text = f"catch up: {format_minutes(least)} a day until {_short(advice['until'])} meets every deadline"
    now = f" (now {format_minutes(advice['daily_minutes'])})"
    return text + now if cells(text + now) <= room else text


def catch_up_lines(advice: dict[str, Any] | None, *, behind: bool = True) -> list[Line]:
    """What a learner who is behind can do: replan, and whether the remaining deadlines can
    still be met at their daily time (or at the least daily time that meets them)."""
    if advice is None:
        return []
    daily = format_minutes(advice["daily_minutes"])
    if behind:
        lines = [
            Line("  Advice    ").add("learnsync replan", "bold").add(" makes a plan from today.")
        ]
    else:
        lines = [Line("  Advice    the overdue work comes first in your plan.")]
    words = catch_up_words(advice, 80 - 12)
    if words is None:
        lines.append(
            Line(f"            At {daily} a day every remaining deadline can still be met.")
        )
        return lines
    if advice["can_meet"]:
        lines.append(Line(f"            {words}"))
        return lines
    for miss in advice["missed"][:3]:
        lines.append(
            Line("            ").add(
                f"{_clip(miss['title'], 30)} ({_short(miss['deadline'])}): "
                f"{format_minutes(miss['short_minutes'])} short",
                "yellow",
            )
        )
    lines.append(Line(f"            {words}"))
    if advice["least_daily_minutes"] is None:
        lost = ", ".join(_clip(item["title"], 24) for item in advice["lost"][:2])
        more = len(advice["lost"]) - 2
        lines.append(
            Line("            ").add(
                f"fewest points lost ({advice['points_lost']}): give up {lost}"
                + (f" and {more} more" if more > 0 else ""),
                "yellow",
                flex=True,
            )
        )
    lines.append(
        Line("            ").add("learnsync replan --catch-up", "bold").add(" plans that.")
    )
    return lines


def _short(text: str) -> str:
    return f"{date.fromisoformat(text):%a %d %b}"


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters at a word boundary, with an ellipsis."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:") + "…"


def print_status(documents: Sequence[dict[str, Any]]) -> None:
    lines: list[Line] = []
    for number, document in enumerate(documents):
        if number:
            lines.append(Line())
        lines += status_lines(document)
    write_lines(sys.stdout, lines)


def print_badges(documents: Sequence[dict[str, Any]]) -> None:
    lines: list[Line] = []
    for number, document in enumerate(documents):
        if number:
            lines.append(Line())
        lines.append(
            Line(document["title"], "bold").add(
                f"  ({document['course']}) for {document['learner']}"
            )
        )
        for badge in document["badges"]:
            if badge["earned"]:
                line = (
                    Line("  ★ ", "yellow")
                    .add(badge["title"], "bold")
                    .add(f"  earned {_when(badge['earned_on'])}")
                )
            else:
                line = Line("  ☆ ", "dim").add(badge["title"]).add(f"  {badge['progress']}", "dim")
            lines.append(line.add(f"  {badge['criteria']}", "dim", flex=True))
    write_lines(sys.stdout, lines)
