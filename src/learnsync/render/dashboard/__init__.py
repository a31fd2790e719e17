"""The dashboards as one self-contained HTML file each: ``team_page`` (``report --format
html``) and ``learner_page`` (``status --format html``).

Jinja2 templates (package data under ``templates/``) with autoescaping on for every file: each
string from a course, a roster or the store is text, in the HTML and inside the SVG charts.
The pages load nothing (no script, no font, no image from anywhere): styles are inline, charts
are static SVG drawn from numbers (``charts.py``), each with its numbers in words and in a table.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from learnsync.course.values import format_minutes
from learnsync.render.dashboard.charts import burndown_figure
from learnsync.render.safe_text import printable

if TYPE_CHECKING:
    import jinja2

    from learnsync.enrollments.dashboard import LearnerDashboard, TeamDashboard
    from learnsync.enrollments.team import LearnerProgress
    from learnsync.progress import Progress

# Learners shown open, most at risk first; the rest are in a collapsed <details> (no script).
OPEN_ROWS = 25
LEADERBOARD_ROWS = 10
GENERATOR = "learnsync"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("learnsync.render.dashboard", "templates"),
        autoescape=True,  # every template, whatever its name: nothing here is trusted markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,
    )
    environment.filters["minutes"] = _minutes
    environment.filters["effort"] = lambda value: format_minutes(value) if value else "0"
    environment.filters["day"] = _day
    return environment


def _printable(value: Any) -> Any:
    """What a template prints: outside text (a plain ``str``) through the one sanitiser, so no
    control or bidirectional character reaches the page raw; our own markup (``Markup``, a
    macro's output) and numbers as they are."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def _minutes(value: int | None) -> str:
    return format_minutes(value) if value else "–"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def _status(result: Progress) -> tuple[str, str]:
    """A learner's state in a word and its style: never told by colour alone."""
    if result.finished_on is not None:
        return "finished", "good"
    if result.behind:
        return "behind", "bad"
    if result.overdue:
        return "overdue", "bad"
    if result.on_track is None:
        return "self-paced", "quiet"
    return "on track", "good"


def _streak(result: Progress) -> str:
    """``12d``, or ``3w`` for a course with a weekly target (as ``report`` shows it)."""
    if result.streak_unit == "weeks":
        return f"{result.streak_weeks}w" if result.streak_weeks else "–"
    return f"{result.streak_days}d" if result.streak_days else "–"


def _learner_row(entry: LearnerProgress, forecast: date | None) -> dict[str, Any]:
    from learnsync.render.report_text import relative_day

    result = entry.progress
    word, tone = _status(result)
    return {
        "learner": entry.learner,
        "name": entry.name or entry.learner,
        "percent": round(result.percent, 1),
        "done": result.done,
        "total": result.total,
        "status": word,
        "tone": tone,
        "behind_minutes": result.behind_minutes,
        "overdue": len(result.overdue),
        "points": result.points,
        "level": result.level.number,
        "streak": _streak(result),
        "last_activity": result.last_activity,
        "last_activity_words": relative_day(result.days_since_activity),
        "replans": result.history.replans,
        "forecast": forecast,
        "planned_finish": result.planned_finish,
        "modules": [
            {"id": module.id, "percent": round(module.percent), "share": module.percent / 100}
            for module in result.modules
        ],
    }


def team_page(dashboard: TeamDashboard) -> str:
    """The team dashboard of a course: one HTML document."""
    rows = [
        _learner_row(entry, dashboard.forecasts.get(entry.learner)) for entry in dashboard.learners
    ]
    for row in rows:
        by_module = {module["id"]: module for module in row["modules"]}
        row["heat"] = [by_module.get(module_id) for module_id, _ in dashboard.modules]
    total = sum(
        module.total_minutes for entry in dashboard.learners for module in entry.progress.modules
    )
    figure = (
        burndown_figure(dashboard.burndown, dashboard.today, total)
        if dashboard.burndown.days
        else None
    )
    ranks = {entry.learner: rank for rank, entry in enumerate(dashboard.leaderboard, start=1)}
    leaders = [
        {
            "rank": ranks[entry.learner],
            "name": entry.name or entry.learner,
            "learner": entry.learner,
            "points": entry.progress.points,
            "level": entry.progress.level.number,
            "badges": sum(1 for status in entry.progress.badges if status.earned),
            "percent": round(entry.progress.percent),
        }
        for entry in dashboard.leaderboard[:LEADERBOARD_ROWS]
    ]
    return (
        _environment()
        .get_template("team.html.j2")
        .render(
            d=dashboard,
            rows=rows,
            open_rows=rows[:OPEN_ROWS],
            more_rows=rows[OPEN_ROWS:],
            figure=figure,
            leaders=leaders,
            names={entry.learner: entry.name or entry.learner for entry in dashboard.learners},
            generator=GENERATOR,
        )
    )


def learner_page(dashboard: LearnerDashboard) -> str:
    """One learner's dashboard in one course: one HTML document."""
    result = dashboard.progress
    figure = (
        burndown_figure(dashboard.burndown, result.today, result.total_minutes)
        if dashboard.burndown is not None and dashboard.burndown.days
        else None
    )
    calendar = dashboard.calendar
    # the streak's days: a blackout, a holiday or a day off is no study day, missed or not
    cells = [
        (count, calendar.is_study_day(number, weekday))
        for number, week in enumerate(calendar.weeks)
        for weekday, count in enumerate(week)
    ]
    study_days = sum(1 for count, study in cells if count is not None and study)
    studied = sum(1 for count, study in cells if count and study)
    days_off = sum(1 for count, study in cells if count and not study)
    earned = [status for status in result.badges if status.earned]
    locked = sorted((s for s in result.badges if not s.earned), key=lambda s: -s.share)
    word, tone = _status(result)
    deadline_title = ""
    if result.next_deadline is not None:
        titles = {module.id: module.title for module in result.modules}
        titles |= {task.id: task.title for task in result.next_deadline.tasks}
        deadline_title = titles.get(result.next_deadline.item, result.next_deadline.item)
    weeks = [
        (
            calendar.first_monday + timedelta(days=7 * number),
            [(count, calendar.is_study_day(number, weekday)) for weekday, count in enumerate(week)],
        )
        for number, week in enumerate(calendar.weeks)
    ]
    since = next(
        (
            monday + timedelta(days=offset)
            for monday, week in weeks
            for offset, (count, _) in enumerate(week)
            if count is not None
        ),
        result.today,
    )
    return (
        _environment()
        .get_template("learner.html.j2")
        .render(
            d=dashboard,
            p=result,
            name=dashboard.name or dashboard.learner,
            status=word,
            tone=tone,
            figure=figure,
            calendar=calendar,
            weeks=weeks,
            since=since,
            deadline_title=deadline_title,
            study_days=study_days,
            studied=studied,
            days_off=days_off,
            earned=earned,
            locked=locked,
            catch_up=_catch_up_words(dashboard),
            generator=GENERATOR,
        )
    )


def _catch_up_words(dashboard: LearnerDashboard) -> str | None:
    """The catch-up advice in ``status``'s words: "Catch up: 1h20m a day until Sun 17 Jan meets
    every deadline (now 1h)"."""
    from learnsync.render.status_text import catch_up_document, catch_up_words

    advice = catch_up_document(dashboard.catch_up)
    words = catch_up_words(advice, room=1000) if advice else None
    return words[0].upper() + words[1:] if words else None
