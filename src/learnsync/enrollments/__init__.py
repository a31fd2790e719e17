"""The library below the commands: everything the CLI does to enrollments, for scripts too.

```python
from datetime import datetime, UTC
from pathlib import Path
from learnsync.enrollments import open_for, roster_seats, plans_for, enroll, record, course_progress
```

Each workflow takes an open store (``open_for``) and the instant it acts at, and returns typed
results; none prints.
"""

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
from learnsync.enrollments.rewards import Rewards, catch_up_for, finish_words, rewards
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
    learner_progress,
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
    "LearnerProgress",
    "Recorded",
    "Replanned",
    "Rewards",
    "Seat",
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
    "holiday_warnings",
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
    "roster_seats",
    "select_enrollments",
    "sleeping_sessions",
    "source_of",
    "undo",
    "unenroll",
    "unknown_learner",
]
