"""A course across both clock changes of 2027 in Berlin, shared by the calendar tests.

Berlin's clocks go forward from 02:00 to 03:00 on Sunday 28 March 2027 (02:30 never happens)
and back from 03:00 to 02:00 on Sunday 31 October 2027 (02:00-03:00 happens twice).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

START = date(2027, 3, 22)

COURSE = """\
[course]
id = "clocks"
title = "Across the clock changes"
mode = "sync"

[calendar]
timezone = "Europe/Berlin"
workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
daily = "3h"

[[module]]
id = "m"
title = "M"
due = "2027-11-05"

[[module.task]]
id = "a"
title = "A"
effort = "2h"
due = "2027-04-04"

[[module.task]]
id = "b"
title = "B"
effort = "1h"

[[session]]
id = "spring"
title = "In the hour that never happens"
at = 2027-03-28T02:30:00
duration = "30m"

[[session]]
id = "autumn"
title = "Across the hour that happens twice"
at = 2027-10-31T01:30:00
duration = "2h"
"""

# 02:30 does not exist: RFC 5545 reads it with the offset before the gap (+01:00), 01:30 UTC,
# which the clocks show as 03:30. 01:30 CEST is 23:30 UTC; two real hours later is 01:30 UTC,
# which the clocks show as the second 02:30 (CET).
SESSIONS = {
    "spring": (datetime(2027, 3, 28, 1, 30, tzinfo=UTC), datetime(2027, 3, 28, 2, 0, tzinfo=UTC)),
    "autumn": (
        datetime(2027, 10, 30, 23, 30, tzinfo=UTC),
        datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
    ),
}
SESSIONS_AS_SHOWN = {
    "spring": ("2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00"),
    "autumn": ("2027-10-31T01:30:00+02:00", "2027-10-31T02:30:00+01:00"),
}
