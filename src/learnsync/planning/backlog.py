"""Self-paced backlogs: every task in a valid order, and a forecast at a weekly pace."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from learnsync.course.graph import RequirementGraph, preferred_order, topological_order
from learnsync.planning.calendar import MAX_PLAN_DAYS, StudyCalendar


def backlog_order(
    graph: RequirementGraph,
    task_nodes: Sequence[int],
    optional: Sequence[bool],
    focused: Sequence[bool],
) -> list[int]:
    """Positions in ``task_nodes`` in backlog order: prerequisites first, then required before
    optional, focused before the rest, then file order. A task that a required (or focused) task
    needs is treated as required (or focused) itself, so the need is met early."""
    priority = [(1, 1)] * len(graph.names)  # (optional, not focused); modules are neutral
    position_of = {node: position for position, node in enumerate(task_nodes)}
    for position, node in enumerate(task_nodes):
        priority[node] = (int(optional[position]), int(not focused[position]))
    order, _ = topological_order(graph)
    for node in reversed(order):
        for required in graph.requires[node]:
            own, needed_by = priority[required], priority[node]
            priority[required] = (min(own[0], needed_by[0]), min(own[1], needed_by[1]))
    return [position_of[node] for node in preferred_order(graph, priority) if node in position_of]


def forecast_finish(
    calendar: StudyCalendar, weekly_minutes: int, effort_minutes: int, first_day: int = 0
) -> date | None:
    """The day a learner studying ``weekly_minutes`` a week, spread evenly over the study days,
    finishes ``effort_minutes`` of work, starting on day index ``first_day``."""
    if effort_minutes <= 0:
        return None
    per_study_day = weekly_minutes / max(1, len(calendar.workdays))
    left = float(effort_minutes)
    for day in range(first_day, MAX_PLAN_DAYS):
        when = calendar.date_of(day)
        if calendar.is_study_day(when):
            left -= per_study_day
            if left <= 1e-9:
                return when
    return None


def focus_flags(tags: Sequence[Collection[str]], focus: Collection[str]) -> list[bool]:
    return [bool(focus) and any(tag in focus for tag in task_tags) for task_tags in tags]
