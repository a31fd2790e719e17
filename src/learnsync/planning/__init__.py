"""Planning: study calendars, synchronous schedules, self-paced backlogs, hybrids. Pure."""

from learnsync.planning.model import Forecast, Plan, PlannedSession, PlannedTask, Slot
from learnsync.planning.planner import plan

__all__ = ["Forecast", "Plan", "PlannedSession", "PlannedTask", "Slot", "plan"]
