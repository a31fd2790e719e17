"""``learnsync init``: write a small, commented, valid course to start from."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from learnsync.output import write_new

TEMPLATE = """\
# A learnsync course, format 1. Check it with:  learnsync check {file_name}
# Editor completion: learnsync schema > learnsync.schema.json, then make the first line
#   #:schema ./learnsync.schema.json

[course]
# id: lowercase letters, digits and '-'
id = "{course_id}"
title = {title}
summary = "What people will be able to do at the end."
objectives = ["The first thing they will master"]
mode = "hybrid"                    # "sync" (fixed schedule) | "async" (self-paced) | "hybrid"

[calendar]                         # every key is optional
timezone = "UTC"                   # IANA time zone
workdays = ["mon", "tue", "wed", "thu", "fri"]
daily = "1h"                       # study time per workday
# holidays = [2026-12-24, 2026-12-25]
# country = "DE"                   # public holidays of a country are days off

[scoring]
late_penalty = 0.5                 # share of the points lost when work is late
levels = [0, 50, 150, 300, 600]    # points needed for level 1, 2, 3 ...
# freeze_every = 5                 # a streak freeze each 5 study days in a row (freeze_max: 2)
# weekly_target = 3                # the streak counts weeks with 3 study days instead

[[module]]
id = "basics"
title = "The basics"
due = "week 1"                     # "day N", "week N" (its last day) or a date

[[module.task]]
id = "read-intro"
title = "Read the introduction"
kind = "reading"                   # reading | video | exercise | quiz | project | assessment
effort = "30m"                     # "45m", "1h", "1h30m" or whole minutes
url = "https://example.org/intro"

[[module.task]]
id = "first-exercise"
title = "Do the first exercise"
kind = "exercise"
effort = "1h"
requires = ["read-intro"]          # tasks, modules or sessions that come first
due = "day 3"

[[session]]                        # a live event at a fixed time
id = "kickoff"
title = "Kickoff call"
at = "day 1 10:00"                 # local time in the course's time zone
duration = "45m"
mandatory = true

[[badge]]
id = "first-steps"
title = "First steps"
description = "Finish your first task"
rule = "first-task"
"""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].strip("-") or "my-course"


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " or ch == "\t" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def render_template(title: str, file_name: str) -> str:
    return TEMPLATE.format(course_id=slugify(title), title=toml_string(title), file_name=file_name)


def run(path: Path, title: str) -> int:
    target = path / "course.toml" if path.is_dir() else path
    write_new(target, render_template(title, target.name))
    from learnsync.render.terminal import say

    say(sys.stderr, f"wrote {target}; next: learnsync check {target}")
    return 0
