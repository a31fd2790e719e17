"""learnsync: turn a course written as a TOML file into a learning plan, and keep score.

The package root stays light so that ``learnsync --version`` starts fast: the public API
(``load_course``, ``check_course``, ``plan`` ...) is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Course",
    "CourseError",
    "LearnsyncError",
    "Plan",
    "PlanError",
    "PlannedSession",
    "PlannedTask",
    "Slot",
    "__version__",
    "check_course",
    "load_course",
    "parse_course",
    "plan",
]

if TYPE_CHECKING:
    from learnsync.course.loader import check_course, load_course, parse_course
    from learnsync.course.model import Course
    from learnsync.errors import CourseError, LearnsyncError, PlanError
    from learnsync.planning import Plan, PlannedSession, PlannedTask, Slot, plan

_LAZY = {
    "load_course": "learnsync.course.loader",
    "parse_course": "learnsync.course.loader",
    "check_course": "learnsync.course.loader",
    "Course": "learnsync.course.model",
    "CourseError": "learnsync.errors",
    "LearnsyncError": "learnsync.errors",
    "PlanError": "learnsync.errors",
    "plan": "learnsync.planning",
    "Plan": "learnsync.planning",
    "PlannedTask": "learnsync.planning",
    "PlannedSession": "learnsync.planning",
    "Slot": "learnsync.planning",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'learnsync' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
