"""The documented defaults of the course format, shared by the model and by stored plans
(which are read without pydantic)."""

from __future__ import annotations

# the years learnsync plans: every date in a course, a cohort, "now" (here, so that reading
# LEARNSYNC_NOW does not import the course values)
YEARS = (2000, 2200)
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday()
DEFAULT_WORKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
DEFAULT_DAILY_MINUTES = 60
DEFAULT_LATE_PENALTY = 0.5
DEFAULT_LEVELS: tuple[int, ...] = (0, 50, 150, 300, 600, 1000, 1500, 2500)
DEFAULT_FREEZE_MAX = 2
# the latest a learner's day may start (day_start, minutes after midnight): a day is never
# mostly the next
DAY_START_LATEST = 12 * 60
