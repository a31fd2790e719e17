"""Semantic checks: what a well-typed course can still get wrong.

Each check returns findings with a key path; the loader turns key paths into lines.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

from learnsync.course.defaults import WEEKDAYS
from learnsync.course.findings import Finding, KeyPath, did_you_mean
from learnsync.course.model import BADGE_PARAMETERS, Course
from learnsync.course.values import format_minutes

MINUTES_PER_DAY = 24 * 60


def check_semantics(course: Course) -> list[Finding]:
    """Every semantic finding about a course, errors and warnings, in no particular order."""
    findings: list[Finding] = []
    ids = _check_ids(course, findings)
    findings.extend(_check_requires(course, ids))
    if not any(finding.code == "duplicate-id" for finding in findings):
        findings.extend(_check_cycles(course))
    findings.extend(_check_calendar(course))
    findings.extend(_check_blackouts(course))
    findings.extend(_check_session_deadlines(course, ids))
    findings.extend(_check_scoring(course))
    findings.extend(_check_streak_settings(course))
    findings.extend(_check_modules(course))
    findings.extend(_check_sessions(course))
    findings.extend(check_session_clocks(course))
    findings.extend(_check_badges(course))
    return findings


def _check_ids(course: Course, findings: list[Finding]) -> dict[str, tuple[str, KeyPath]]:
    """Map every task, module and session id to its kind and key path; report duplicates."""
    seen: dict[str, tuple[str, KeyPath]] = {}

    def add(identifier: str, kind: str, key: KeyPath) -> None:
        first = seen.get(identifier)
        if first is None:
            seen[identifier] = (kind, key)
            return
        from learnsync.course.findings import format_key_path

        findings.append(
            Finding(
                "duplicate-id",
                f"id '{identifier}' is already used by the {first[0]} at "
                f"{format_key_path(first[1][:-1])}",
                "error",
                key,
                "ids must be unique across tasks, modules and sessions",
            )
        )

    for module_index, module in enumerate(course.modules):
        add(module.id, "module", ("module", module_index, "id"))
        for task_index, task in enumerate(module.tasks):
            add(task.id, "task", ("module", module_index, "task", task_index, "id"))
    for session_index, session in enumerate(course.sessions):
        add(session.id, "session", ("session", session_index, "id"))
    badge_ids: dict[str, int] = {}
    for badge_index, badge in enumerate(course.badges):
        if badge.id in badge_ids:
            findings.append(
                Finding(
                    "duplicate-id",
                    f"badge id '{badge.id}' is already used by badge[{badge_ids[badge.id]}]",
                    "error",
                    ("badge", badge_index, "id"),
                )
            )
        else:
            badge_ids[badge.id] = badge_index
    return seen


def _check_requires(course: Course, ids: dict[str, tuple[str, KeyPath]]) -> Iterator[Finding]:
    optional = {task.id for module in course.modules for task in module.tasks if task.optional}
    for module_index, module in enumerate(course.modules):
        for task_index, task in enumerate(module.tasks):
            for require_index, required in enumerate(task.requires):
                if required in ids and (task.optional or required not in optional):
                    continue  # the common case: no finding, no key path made
                key = ("module", module_index, "task", task_index, "requires", require_index)
                if required not in ids:
                    yield Finding(
                        "unknown-reference",
                        f"task '{task.id}' requires '{required}', which is not a task, "
                        "module or session of this course",
                        "error",
                        key,
                        did_you_mean(required, ids),
                    )
                elif required in optional and not task.optional:
                    yield Finding(
                        "requires-optional",
                        f"required task '{task.id}' requires optional task '{required}'",
                        "warning",
                        key,
                        f"make '{required}' required, or '{task.id}' optional",
                    )


def _check_cycles(course: Course) -> Iterator[Finding]:
    """Report each cycle of ``requires`` once, as the ids around it."""
    from learnsync.course.graph import find_cycles

    for names, key in find_cycles(course, course.requirements):
        yield Finding(
            "requires-cycle",
            f"requirements form a cycle: {' -> '.join(names)}",
            "error",
            key or (),
            "remove one of these requirements",
        )


def _check_calendar(course: Course) -> Iterator[Finding]:
    from learnsync.course.values import is_time_zone, time_zone_names

    calendar = course.calendar
    if not is_time_zone(calendar.timezone):
        yield Finding(
            "unknown-timezone",
            f"'{calendar.timezone}' is not an IANA time zone",
            "error",
            ("calendar", "timezone"),
            did_you_mean(calendar.timezone, time_zone_names())
            or 'use a name such as "Europe/Berlin" or "UTC"',
        )
    if not calendar.workdays:
        yield Finding(
            "no-workdays",
            "workdays is empty: nobody could ever study",
            "error",
            ("calendar", "workdays"),
        )
    seen_days: set[str] = set()
    for index, day in enumerate(calendar.workdays):
        if day in seen_days:
            yield Finding(
                "duplicate-value",
                f"workday '{day}' is listed twice",
                "warning",
                ("calendar", "workdays", index),
            )
        seen_days.add(day)
    if calendar.daily_minutes > MINUTES_PER_DAY:
        yield Finding(
            "invalid-value",
            f"daily capacity {format_minutes(calendar.daily_minutes)} is longer than a day",
            "error",
            ("calendar", "daily"),
        )
    yield from _check_public_holidays(course)
    yield from _check_workdays_extra(course)


def _check_blackouts(course: Course) -> Iterator[Finding]:
    """A blackout that ends before it begins, when both ends are days of the course or both
    dates (one of each is checked for each cohort)."""
    for index, blackout in enumerate(course.calendar.blackouts):
        last = blackout.last
        if last is None:
            continue
        first = blackout.first
        if first.day is not None and last.day is not None:
            reversed_ = last.day < first.day
        elif first.fixed_date is not None and last.fixed_date is not None:
            reversed_ = last.fixed_date < first.fixed_date
        else:
            continue
        if reversed_:
            yield Finding(
                "blackout-reversed",
                f"blackout '{blackout.title}' ends ({last}) before it begins ({first})",
                "error",
                ("calendar", "blackout", index, "to"),
                "make 'to' the blackout's last day, on or after 'from'",
            )


def _check_session_deadlines(
    course: Course, ids: dict[str, tuple[str, KeyPath]]
) -> Iterator[Finding]:
    """Deadlines relative to a live session: the session must exist, and a task due before a
    session must not wait for that session (it requires it, itself or through what it
    requires)."""
    sessions = {session.id for session in course.sessions}
    node_of: dict[tuple[int, int], int] = {}
    for module_index, module in enumerate(course.modules):
        dues: list[tuple[object, KeyPath, list[int]]] = [
            (module.due, ("module", module_index, "due"), list(range(len(module.tasks))))
        ]
        for task_index, task in enumerate(module.tasks):
            key: KeyPath = ("module", module_index, "task", task_index, "due")
            dues.append((task.due, key, [task_index]))
        for due, key, tasks in dues:
            session = getattr(due, "session", None)
            if session is None:
                continue
            if session not in sessions:
                kind = ids.get(session, ("", ()))[0]
                yield Finding(
                    "unknown-session",
                    f"due \"{due}\" names '{session}', which is "
                    + (f"a {kind}, not a live session" if kind else "not a session of this course"),
                    "error",
                    key,
                    did_you_mean(session, sessions) if not kind else "name a [[session]] id",
                )
                continue
            beyond = _session_day_beyond_limits(course, session, getattr(due, "offset", 0))
            if beyond is not None:
                yield Finding("invalid-day", f'due "{due}" {beyond}', "error", key)
                continue
            if getattr(due, "offset", 0) >= 0:
                continue
            if not node_of:
                node_of = {place: node for node, place in enumerate(course.requirements.places)}
            for task_index in tasks:
                node = node_of[(module_index, task_index)]
                waiting = _waits_for_session(course, node, session)
                if waiting is not None:
                    what = f"task '{module.tasks[task_index].id}'"
                    through = (
                        f" (through '{waiting}')" if waiting != module.tasks[task_index].id else ""
                    )
                    yield Finding(
                        "due-before-session",
                        f"{what} is due \"{due}\", but it requires session '{session}'{through}: "
                        "it cannot start before that session",
                        "error",
                        key,
                        f'make it due after the session ("{session} + 1 day"), or take '
                        f"'{session}' out of what it requires",
                    )
                    break


def _session_day_beyond_limits(course: Course, session: str, offset: int) -> str | None:
    """Why a day ``offset`` days from ``session`` lies beyond the days learnsync plans (the
    years 2000 to 2200 from a dated session, day 36600 from a session on a day of the cohort),
    or None when it does not."""
    from learnsync.course.defaults import YEARS
    from learnsync.course.values import MAX_DAY_NUMBER

    at = next(item.at for item in course.sessions if item.id == session)
    if at.moment is not None:
        first, last = YEARS
        try:
            day = at.moment.date() + timedelta(days=offset)
        except OverflowError:
            day = date.max
        if first <= day.year <= last:
            return None
        return (
            f"falls on {day.isoformat() if day != date.max else 'a day past 9999'}, outside the "
            f"years learnsync plans ({first} to {last})"
        )
    if at.day is not None and not 1 <= at.day + offset <= MAX_DAY_NUMBER:
        return (
            f"falls on day {at.day + offset} of the cohort: days count from 1 to "
            f"{MAX_DAY_NUMBER} (week {MAX_DAY_NUMBER // 7})"
        )
    return None


def _waits_for_session(course: Course, start: int, session: str) -> str | None:
    """The task (node ``start`` or one it requires, at any depth) that requires ``session``, or
    None."""
    graph = course.requirements
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        place_module, place_task = graph.places[node]
        if place_task >= 0:
            task = course.modules[place_module].tasks[place_task]
            if session in task.requires:
                return task.id
        for required in graph.requires[node]:
            if required not in seen:
                seen.add(required)
                stack.append(required)
    return None


def _check_workdays_extra(course: Course) -> Iterator[Finding]:
    """An extra workday must not also be a holiday, and should be a day that is otherwise off."""
    calendar = course.calendar
    if not calendar.workdays_extra:
        return
    public = _known_public_holidays(course)
    seen: set[date] = set()
    for index, day in enumerate(calendar.workdays_extra):
        key = ("calendar", "workdays_extra", index)
        if day in seen:
            yield Finding("duplicate-value", f"{day} is listed twice", "warning", key)
            continue
        seen.add(day)
        if day in calendar.holidays:
            yield Finding(
                "conflicting-days",
                f"{day} is both in holidays and in workdays_extra",
                "error",
                key,
                "remove it from one of them",
            )
        elif WEEKDAYS[day.weekday()] in calendar.workdays and (public is None or day not in public):
            yield Finding(
                "unneeded-workday",
                f"{day:%A} {day} is a workday"
                + (f" and no public holiday in {calendar.country}" if public is not None else "")
                + ": listing it in workdays_extra changes nothing",
                "warning",
                key,
                "list only public holidays and days off that people work",
            )


def _known_public_holidays(course: Course) -> Container[date] | None:
    """The public holidays of the course's country, or None when it names no known one."""
    calendar = course.calendar
    if calendar.country is None:
        return None
    import holidays

    try:
        return holidays.country_holidays(calendar.country, subdiv=calendar.subdivision)
    except NotImplementedError:
        return None  # reported as unknown-country or unknown-subdivision


def _check_public_holidays(course: Course) -> Iterator[Finding]:
    calendar = course.calendar
    if calendar.country is None:
        if calendar.subdivision is not None:
            yield Finding(
                "invalid-value",
                "subdivision is set without a country",
                "error",
                ("calendar", "subdivision"),
                'add country = "..." (an ISO 3166 code such as "DE")',
            )
        return
    import holidays

    supported = holidays.list_supported_countries()
    if calendar.country not in supported:
        yield Finding(
            "unknown-country",
            f"'{calendar.country}' is not a country with known public holidays",
            "error",
            ("calendar", "country"),
            did_you_mean(calendar.country.upper(), supported)
            or 'use an ISO 3166-1 alpha-2 code such as "DE" or "US"',
        )
        return
    subdivisions = supported[calendar.country]
    if calendar.subdivision is not None and calendar.subdivision not in subdivisions:
        yield Finding(
            "unknown-subdivision",
            f"'{calendar.subdivision}' is not a subdivision of {calendar.country}",
            "error",
            ("calendar", "subdivision"),
            did_you_mean(calendar.subdivision.upper(), subdivisions)
            or ("known subdivisions: " + ", ".join(subdivisions) if subdivisions else None),
        )


def _check_streak_settings(course: Course) -> Iterator[Finding]:
    """Freezes and weekly targets: complete, and used by a streak badge."""
    scoring = course.scoring
    if scoring.freeze_max is not None and scoring.freeze_every is None:
        yield Finding(
            "freeze-max-without-freeze-every",
            "freeze_max is set, and freeze_every is not: no freeze is ever earned",
            "error",
            ("scoring", "freeze_max"),
            "add freeze_every = N (a freeze each N days of a streak), or remove freeze_max",
        )
    # A course without [[badge]] tables gets the built-in ones, whose streak badge counts in the
    # course's unit.
    streaks = [badge for badge in course.badges if badge.rule == "streak"]
    if course.badges and scoring.freeze_every is not None and not streaks:
        yield Finding(
            "streak-setting-unused",
            "freeze_every is set, and no badge has rule 'streak' to use the freezes",
            "warning",
            ("scoring", "freeze_every"),
            'add a [[badge]] with rule = "streak"',
        )
    if (
        course.badges
        and scoring.weekly_target is not None
        and not any(badge.unit == "weeks" for badge in streaks)
    ):
        yield Finding(
            "streak-setting-unused",
            "weekly_target is set, and no streak badge counts weeks",
            "warning",
            ("scoring", "weekly_target"),
            'add a [[badge]] with rule = "streak", unit = "weeks" and count = N',
        )


def _check_scoring(course: Course) -> Iterator[Finding]:
    levels = course.scoring.levels
    if not levels:
        yield Finding("invalid-value", "levels is empty", "error", ("scoring", "levels"))
        return
    for index in range(1, len(levels)):
        if levels[index] <= levels[index - 1]:
            yield Finding(
                "invalid-value",
                f"levels must increase: {levels[index]} follows {levels[index - 1]}",
                "error",
                ("scoring", "levels", index),
            )
            return


def _check_modules(course: Course) -> Iterator[Finding]:
    if not course.modules:
        yield Finding(
            "no-tasks", "the course has no modules", "warning", (), "add a [[module]] with tasks"
        )
    for module_index, module in enumerate(course.modules):
        if not module.tasks:
            yield Finding(
                "empty-module",
                f"module '{module.id}' has no tasks",
                "warning",
                ("module", module_index),
                "add a [[module.task]] after it, or remove the module",
            )
        if module.due is None:
            continue
        for task_index, task in enumerate(module.tasks):
            if task.due is None:
                continue
            if due_later(task.due, module.due, course):
                yield due_after_module(course, module_index, task_index)


def due_after_module(course: Course, module_index: int, task_index: int) -> Finding:
    """The warning for a task due after its module (the module's deadline wins)."""
    module = course.modules[module_index]
    task = module.tasks[task_index]
    return Finding(
        "due-after-module",
        f"task '{task.id}' is due {task.due}, after its module's due {module.due}",
        "warning",
        ("module", module_index, "task", task_index, "due"),
        "the module's deadline wins: move the task's due date earlier",
    )


def due_later(task_due: object, module_due: object, course: Course) -> bool | None:
    """Whether ``task_due`` is later than ``module_due``; None when they cannot be compared
    without a cohort's start (a day of the cohort against a date)."""
    task_day, module_day = _course_day(task_due, course), _course_day(module_due, course)
    if isinstance(task_day, int) and isinstance(module_day, int):
        return task_day > module_day
    if isinstance(task_day, date) and isinstance(module_day, date):
        return task_day > module_day
    return None


def _course_day(due: object, course: Course) -> int | date | None:
    """A due day as the number of a day of the cohort (``week 2`` is 14; ``kickoff + 3 days``
    is 3 days after a session on ``day N``) or as a date (a date; days from a dated session, in
    the course's zone); None for a session that is not the course's."""
    from learnsync.course.values import DayRef

    assert isinstance(due, DayRef)
    if due.day is not None:
        return due.day
    if due.fixed_date is not None:
        return due.fixed_date
    at = next((item.at for item in course.sessions if item.id == due.session), None)
    if at is None:
        return None
    if at.day is not None:
        return at.day + due.offset
    assert at.moment is not None
    moment = at.moment
    if moment.tzinfo is not None:
        from zoneinfo import ZoneInfo

        try:
            moment = moment.astimezone(ZoneInfo(course.calendar.timezone))
        except (ValueError, KeyError):  # an unknown zone is reported on its own line
            return None
    try:
        return moment.date() + timedelta(days=due.offset)
    except OverflowError:  # reported as an invalid day
        return None


def _check_sessions(course: Course) -> Iterator[Finding]:
    """Overlapping live sessions: among relative ones, and among absolute ones."""
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(course.calendar.timezone)
    except (ValueError, OSError, KeyError):
        zone = ZoneInfo("UTC")
    relative: list[tuple[datetime, datetime, int]] = []
    absolute: list[tuple[datetime, datetime, int]] = []
    origin = datetime(2001, 1, 1)
    for index, session in enumerate(course.sessions):
        at = session.at
        length = timedelta(minutes=session.duration_minutes)
        if at.day is not None and at.clock is not None:
            start = datetime.combine(origin.date() + timedelta(days=at.day - 1), at.clock)
            relative.append((start, start + length, index))
        else:
            instant = at.resolve(origin.date(), zone).astimezone(UTC)
            absolute.append((instant, instant + length, index))
    for group in (relative, absolute):
        group.sort()
        latest_end: datetime | None = None
        latest_index = -1
        for start, end, index in group:
            if latest_end is not None and start < latest_end:
                earlier = course.sessions[latest_index]
                yield Finding(
                    "session-overlap",
                    f"session '{course.sessions[index].id}' overlaps session '{earlier.id}' "
                    f"({earlier.at}, {format_minutes(earlier.duration_minutes)})",
                    "error",
                    ("session", index, "at"),
                    "live sessions of one course cannot run at the same time",
                )
            if latest_end is None or end > latest_end:
                latest_end, latest_index = end, index


def check_session_clocks(course: Course, start: date | None = None) -> Iterator[Finding]:
    """Sessions that start at a wall-clock time the course's zone skips or repeats.

    Without ``start``: the sessions at a local date-time, whatever the cohort. With ``start``
    (a date-bound check): the sessions at ``day N HH:MM`` for the cohort starting then.
    """
    from zoneinfo import ZoneInfo

    from learnsync.course.values import clock_change

    try:
        zone = ZoneInfo(course.calendar.timezone)
    except (ValueError, OSError, KeyError):
        return  # reported as unknown-timezone
    for index, session in enumerate(course.sessions):
        if (session.at.day is not None) != (start is not None):
            continue
        local = session.at.local(start or date.min)
        if local is None:
            continue  # an offset names the instant
        change = clock_change(local, zone)
        if change is not None:
            yield _clock_finding(course, index, local, zone, change)


def _clock_finding(
    course: Course, index: int, local: datetime, zone: tzinfo, change: str
) -> Finding:
    from learnsync.course.values import local_instant

    session = course.sessions[index]
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    shift = abs((second.utcoffset() or timedelta()) - (first.utcoffset() or timedelta()))
    size = format_minutes(int(shift.total_seconds() // 60))
    when = f"{local:%H:%M} on {local:%A} {local.date().isoformat()}"
    name = f"'{session.id}'" + (f" ({session.at})" if session.at.day is not None else "")
    if change == "skipped":
        moved = local_instant(local, zone)
        return Finding(
            "nonexistent-session-time",
            f"session {name} starts at {when}, a time that does not exist in "
            f"{course.calendar.timezone} (the clocks go forward {size} that day): it starts "
            f"{size} later, at {moved:%H:%M} ({_utc_offset(moved)})",
            "warning",
            ("session", index, "at"),
            "move it out of the clock change, or write the time the clocks will show",
        )
    return Finding(
        "ambiguous-session-time",
        f"session {name} starts at {when}, a time that happens twice in "
        f"{course.calendar.timezone} (the clocks go back {size} that day): it is taken as "
        f"the first, {local:%H:%M} {_utc_offset(first)}",
        "warning",
        ("session", index, "at"),
        "move it out of the repeated hour, or write the date-time with its offset "
        f"({local.isoformat()}{_utc_offset(second).removeprefix('UTC')} for the second)",
    )


def _utc_offset(moment: datetime) -> str:
    """``UTC+02:00``."""
    offset = int((moment.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _check_badges(course: Course) -> Iterator[Finding]:
    modules = [module.id for module in course.modules]
    kinds = {task.kind for _, task in course.iter_tasks()}
    task_count = course.task_count
    for index, badge in enumerate(course.badges):
        needed = badge.parameters()
        for parameter in needed:
            if getattr(badge, parameter) is None:
                yield Finding(
                    "badge-missing-parameter",
                    f"badge '{badge.id}' with rule '{badge.rule}' needs '{parameter}'",
                    "error",
                    ("badge", index, "rule"),
                    f"add {parameter} = ... to this [[badge]]",
                )
        for parameter in BADGE_PARAMETERS:
            if parameter not in needed and getattr(badge, parameter) is not None:
                yield Finding(
                    "badge-unused-parameter",
                    f"rule '{badge.rule}' does not use '{parameter}'",
                    "warning",
                    ("badge", index, parameter),
                    "rule parameters: "
                    + (", ".join(needed) if needed else f"none for '{badge.rule}'"),
                )
        if badge.unit is not None and badge.rule != "streak":
            yield Finding(
                "badge-unused-parameter",
                f"rule '{badge.rule}' does not use 'unit'",
                "warning",
                ("badge", index, "unit"),
                "unit is a parameter of rule 'streak'",
            )
        if badge.unit == "weeks" and course.scoring.weekly_target is None:
            yield Finding(
                "weekly-streak-without-target",
                f"badge '{badge.id}' counts weeks in a row, and [scoring] sets no weekly_target "
                "to say which weeks count",
                "error",
                ("badge", index, "unit"),
                "add weekly_target = N (study days a week) to [scoring]",
            )
        if badge.module is not None and badge.module not in modules:
            yield Finding(
                "unknown-reference",
                f"badge '{badge.id}' names module '{badge.module}', which does not exist",
                "error",
                ("badge", index, "module"),
                did_you_mean(badge.module, modules),
            )
        if badge.rule == "kind" and badge.kind is not None and badge.kind not in kinds:
            yield Finding(
                "unreachable-badge",
                f"badge '{badge.id}' needs {badge.kind} tasks, and the course has none",
                "warning",
                ("badge", index, "kind"),
            )
        if (
            badge.rule in {"tasks", "on-time"}
            and badge.count is not None
            and badge.count > task_count
        ):
            yield Finding(
                "unreachable-badge",
                f"badge '{badge.id}' needs {badge.count} tasks, and the course has {task_count}",
                "warning",
                ("badge", index, "count"),
            )
        if (
            badge.rule == "sessions"
            and badge.count is not None
            and badge.count > len(course.sessions)
        ):
            yield Finding(
                "unreachable-badge",
                f"badge '{badge.id}' needs {badge.count} sessions, and the course has "
                f"{len(course.sessions)}",
                "warning",
                ("badge", index, "count"),
            )
