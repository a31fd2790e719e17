"""learnsync: turn a course written as a TOML file into a learning plan, and keep score.

The package root stays light so that ``learnsync --version`` starts fast: the public API
(``load_course``, ``check_course``, ``plan`` ...) is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnsync.lazy import lazy_attributes

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


__getattr__ = lazy_attributes(__name__, _LAZY, globals())
