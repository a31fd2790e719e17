"""What ``done`` and ``undo`` add after their first lines: what the learner gained."""

from __future__ import annotations

from typing import Any

from learnsync.render.terminal import Line


def reward_document(rewards: Any) -> dict[str, Any]:
    """The reward fields of ``done``/``undo --format json``."""
    after = rewards.after
    return {
        "points_gained": rewards.points_gained,
        "points": after.points,
        "level": after.level.number,
        "points_to_next_level": after.level.points_to_next(after.points),
        "streak": after.streak_days,
        "streak_weeks": after.streak_weeks if after.streak_unit == "weeks" else None,
        "badges_earned": [
            {
                "id": status.badge.id,
                "title": status.badge.title,
                "earned_at": status.earned_at.isoformat() if status.earned_at else None,
            }
            for status in rewards.badges_earned
        ],
        "module_finished": list(rewards.modules_finished),
        "course_finished": rewards.course_finished,
        "finished_on": after.finished_on.isoformat() if after.finished_on else None,
    }


def reward_lines(
    document: dict[str, Any], titles: dict[str, str], finish: str | None, *, streak: bool = True
) -> list[Line]:
    """``+7 points (52 in all, level 2; 8 to level 3) · streak 3 days``, then a line for each
    badge earned, module finished and the course finished (``finish``: its words)."""
    lines: list[Line] = []
    gained = document["points_gained"]
    days = document["streak"] if streak else 0
    if gained or days:
        line = Line("  ")
        if gained:
            line.add(
                f"{gained:+d} point{'s' if abs(gained) != 1 else ''}",
                "bold green" if gained > 0 else "yellow",
            )
            to_next = document["points_to_next_level"]
            level = document["level"]
            line.add(f" ({document['points']} in all, level {level}")
            line.add(f"; {to_next} to level {level + 1})" if to_next is not None else ", the top)")
        if days:
            weeks = document.get("streak_weeks")
            count, unit = (days, "day") if weeks is None else (weeks, "week")
            line.add(" · " if gained else "").add(
                f"streak {count} {unit}{'s' if count != 1 else ''}"
            )
        lines.append(line)
    for badge in document["badges_earned"]:
        lines.append(Line("  ★ Badge earned: ", "bold yellow").add(badge["title"], "bold"))
    for module in document["module_finished"]:
        lines.append(Line("  ✔ Module finished: ", "bold cyan").add(titles.get(module, module)))
    if document["course_finished"] and finish:
        lines.append(Line("  ★ Course finished ", "bold magenta").add(f"on {finish}. Well done!"))
    return lines
