"""The library below the commands: everything the CLI does to enrollments, for scripts too.

```python
from datetime import datetime, UTC
from pathlib import Path
from learnsync.enrollments import open_for, roster_seats, plans_for, enroll, record, course_progress
```

Each workflow takes an open store (``open_for``) and the instant it acts at, and returns typed
results; none prints. The names are imported on first use, so that a command loads only the
workflows it runs (``next`` needs neither enrolling nor rewards).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnsync.lazy import lazy_attributes

if TYPE_CHECKING:
    from learnsync.enrollments.access import (
        Enrollment,
        enrollment_holding,
        find_learner,
        one_enrollment,
        open_for,
        read_enrollment,
        select_enrollments,
        unknown_learner,
    )
    from learnsync.enrollments.dashboard import (
        LearnerDashboard,
        TeamDashboard,
        learner_dashboard,
        team_dashboard,
    )
    from learnsync.enrollments.gains import Rewards, catch_up_for, finish_words, rewards
    from learnsync.enrollments.seats import (
        Seat,
        holiday_warnings,
        located,
        plans_for,
        roster_seats,
        sleeping_sessions,
    )
    from learnsync.enrollments.team import (
        LearnerProgress,
        TeamProgress,
        course_id_of,
        course_progress,
        forecast_of,
        leaderboard_key,
        learner_outlook,
        learner_progress,
        risk_key,
    )
    from learnsync.enrollments.withdrawals import Unenrolled, unenroll
    from learnsync.enrollments.workflows import (
        Enrolled,
        Recorded,
        Replanned,
        Undone,
        enroll,
        merge_done,
        record,
        replan,
        source_of,
        undo,
    )

__all__ = [
    "Enrolled",
    "Enrollment",
    "LearnerDashboard",
    "LearnerProgress",
    "Recorded",
    "Replanned",
    "Rewards",
    "Seat",
    "TeamDashboard",
    "TeamProgress",
    "Undone",
    "Unenrolled",
    "catch_up_for",
    "course_id_of",
    "course_progress",
    "enroll",
    "enrollment_holding",
    "find_learner",
    "finish_words",
    "forecast_of",
    "holiday_warnings",
    "leaderboard_key",
    "learner_dashboard",
    "learner_outlook",
    "learner_progress",
    "located",
    "merge_done",
    "one_enrollment",
    "open_for",
    "plans_for",
    "read_enrollment",
    "record",
    "replan",
    "rewards",
    "risk_key",
    "roster_seats",
    "select_enrollments",
    "sleeping_sessions",
    "source_of",
    "team_dashboard",
    "undo",
    "unenroll",
    "unknown_learner",
]

_LAZY = {
    "Enrolled": "learnsync.enrollments.workflows",
    "Enrollment": "learnsync.enrollments.access",
    "LearnerDashboard": "learnsync.enrollments.dashboard",
    "LearnerProgress": "learnsync.enrollments.team",
    "Recorded": "learnsync.enrollments.workflows",
    "Replanned": "learnsync.enrollments.workflows",
    "Rewards": "learnsync.enrollments.gains",
    "Seat": "learnsync.enrollments.seats",
    "TeamDashboard": "learnsync.enrollments.dashboard",
    "TeamProgress": "learnsync.enrollments.team",
    "Undone": "learnsync.enrollments.workflows",
    "Unenrolled": "learnsync.enrollments.withdrawals",
    "catch_up_for": "learnsync.enrollments.gains",
    "course_id_of": "learnsync.enrollments.team",
    "course_progress": "learnsync.enrollments.team",
    "enroll": "learnsync.enrollments.workflows",
    "enrollment_holding": "learnsync.enrollments.access",
    "find_learner": "learnsync.enrollments.access",
    "finish_words": "learnsync.enrollments.gains",
    "forecast_of": "learnsync.enrollments.team",
    "holiday_warnings": "learnsync.enrollments.seats",
    "leaderboard_key": "learnsync.enrollments.team",
    "risk_key": "learnsync.enrollments.team",
    "learner_dashboard": "learnsync.enrollments.dashboard",
    "learner_outlook": "learnsync.enrollments.team",
    "learner_progress": "learnsync.enrollments.team",
    "located": "learnsync.enrollments.seats",
    "merge_done": "learnsync.enrollments.workflows",
    "one_enrollment": "learnsync.enrollments.access",
    "open_for": "learnsync.enrollments.access",
    "plans_for": "learnsync.enrollments.seats",
    "read_enrollment": "learnsync.enrollments.access",
    "record": "learnsync.enrollments.workflows",
    "replan": "learnsync.enrollments.workflows",
    "rewards": "learnsync.enrollments.gains",
    "roster_seats": "learnsync.enrollments.seats",
    "select_enrollments": "learnsync.enrollments.access",
    "sleeping_sessions": "learnsync.enrollments.seats",
    "source_of": "learnsync.enrollments.workflows",
    "team_dashboard": "learnsync.enrollments.dashboard",
    "undo": "learnsync.enrollments.workflows",
    "unenroll": "learnsync.enrollments.withdrawals",
    "unknown_learner": "learnsync.enrollments.access",
}


__getattr__ = lazy_attributes(__name__, _LAZY, globals())
