"""Planning: study calendars, synchronous schedules, self-paced backlogs, hybrids. Pure.

``plan`` and the plan types are imported on first use, so that reading a stored plan
(``learnsync.planning.snapshot``) loads neither the course model nor pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from learnsync.planning.model import Forecast, Plan, PlannedSession, PlannedTask, Slot
    from learnsync.planning.planner import plan

__all__ = ["Forecast", "Plan", "PlannedSession", "PlannedTask", "Slot", "plan"]


def __getattr__(name: str) -> Any:
    if name == "plan":
        from learnsync.planning.planner import plan

        return plan
    if name in __all__:
        from learnsync.planning import model

        return getattr(model, name)
    raise AttributeError(f"module 'learnsync.planning' has no attribute {name!r}")
