"""The command line: arguments and options only. Each command hands plain values to one function
in ``learnsync.commands`` and exits with the code it returns.

Nothing heavy is imported here, so that ``learnsync --version`` starts fast.
"""

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from learnsync import __version__
from learnsync.cli_style import Group, tidy

app = typer.Typer(
    name="learnsync",
    help="Turn a course written as a TOML file into a learning plan, and keep score.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class PlanFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    ics = "ics"


class TextFormat(enum.StrEnum):
    text = "text"
    json = "json"


class ModeChoice(enum.StrEnum):
    sync = "sync"
    async_ = "async"
    hybrid = "hybrid"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"learnsync {__version__}")
        raise typer.Exit()


_debug = False
_store: str | None = None


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the traceback of an unexpected error.", envvar="LEARNSYNC_DEBUG"
        ),
    ] = False,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="FILE",
            help="The store file (default: LEARNSYNC_STORE, else the user data folder).",
        ),
    ] = None,
) -> None:
    """learnsync: course files in, learning plans and scores out."""
    global _debug, _store
    _debug = debug
    _store = store
    from learnsync.inputs import forget_read

    forget_read()


def _run(function: Callable[..., int], **arguments: Any) -> None:
    """The one error handler: known errors print one line, Ctrl-C exits 130, the rest exit 3."""
    from learnsync.commands.errors import handle

    raise typer.Exit(handle(function, arguments, debug=_debug))


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Course files, or folders to search for *.toml.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="How to print the findings.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    start: Annotated[
        list[str] | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Run the date-bound checks for a cohort starting on this date, YYYY-MM-DD "
            "(repeatable; 'none': no date-bound check, not even for \\[\\[cohort]] tables).",
            show_default=False,
        ),
    ] = None,
    starts: Annotated[
        str | None,
        typer.Option(
            "--starts",
            metavar="FROM..TO",
            help="Run the date-bound checks for every cohort starting in this range, on the "
            "course's first workday of each week.",
            show_default=False,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip the files and folders a folder search finds whose path (from that "
            "folder) or name matches GLOB (repeatable); files named are always checked.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate course files: syntax, types, ids, requirements, calendars, badges.

    The verdict never depends on the day it runs. Without cohorts, only checks that hold for any
    cohort run (including whether the work before each relative deadline fits in the study days
    before it at all). Date-bound checks (deadlines for a real calendar, live sessions on days
    off or on public holidays) run only for the cohorts named by --start, --starts or the
    course's \\[\\[cohort]] tables.

    A folder is searched for *.toml files holding a \\[course] table; hidden, excluded and
    git-ignored files are skipped.

    Exit code 0 when every file is valid, 1 when any has an error (or a warning with --strict),
    2 for a usage error.

    Example:  learnsync check examples/ --format github --starts 2027-01-04..2027-03-29
    """
    from learnsync.commands import check as command

    _run(
        command.run,
        paths=paths,
        output_format=output_format.value,
        strict=strict,
        start=start or [],
        starts=starts,
        exclude=exclude or [],
    )


BlackoutOption = Annotated[
    list[str] | None,
    typer.Option(
        "--blackout",
        metavar="DATES",
        help="Days off study: a date or FROM..TO, both included (repeatable).",
    ),
]
EndOption = Annotated[
    str | None,
    typer.Option(
        "--end",
        metavar="DATE",
        help="Be done by this date (YYYY-MM-DD): plan at the least daily time that is.",
    ),
]
MaxDailyOption = Annotated[
    str | None,
    typer.Option(
        "--max-daily",
        metavar="DURATION",
        help="The most study time a day --end may ask for (default 8h).",
    ),
]


@app.command()
def plan(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The course file.", show_default=False)
    ],
    mode: Annotated[
        ModeChoice | None,
        typer.Option(
            "--mode", "-m", help="Plan the whole course in this mode (default: as the file says)."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            "-s",
            metavar="DATE",
            help="The cohort's first day: YYYY-MM-DD, today, tomorrow, monday or next monday "
            "(default: next Monday).",
        ),
    ] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            "--focus",
            metavar="TAG",
            help="Put tasks with this tag first in a backlog (repeatable).",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone", "--tz", metavar="ZONE", help="Show session times in this IANA time zone."
        ),
    ] = None,
    daily: Annotated[
        str | None,
        typer.Option(
            "--daily",
            metavar="DURATION",
            help='Study time per workday, overriding the file ("2h").',
        ),
    ] = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            metavar="FILE",
            help="One plan per learner of this roster, on their calendars.",
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir", metavar="DIR", help="Where --roster writes its plans (LEARNER.FORMAT)."
        ),
    ] = None,
    blackout: BlackoutOption = None,
    end: EndOption = None,
    max_daily: MaxDailyOption = None,
) -> None:
    """Turn a course into a plan: a fixed schedule (sync), a self-paced backlog (async), or a hybrid.

    Exit code 1 when no plan meets the deadlines, with which one fails, by how much, and what
    would fix it.

    Example:  learnsync plan course.toml --start 2027-01-04 --format ics -o plan.ics
    """
    from learnsync.commands import plan as command

    _run(
        command.run,
        path=path,
        mode=mode.value if mode else None,
        start=start,
        focus=focus or [],
        timezone=timezone,
        daily=daily,
        output_format=output_format.value,
        output=output,
        roster=roster,
        output_dir=output_dir,
        blackouts=blackout or [],
        end=end,
        max_daily=max_daily,
    )


LearnerOption = Annotated[
    str | None,
    typer.Option(
        "--learner",
        "-l",
        metavar="NAME",
        help="Who (default: LEARNSYNC_LEARNER, else your login name when it is enrolled, else the store's only learner).",
    ),
]
CourseOption = Annotated[
    str | None, typer.Option("--course", "-c", metavar="ID", help="Which of the learner's courses.")
]
FormatOption = Annotated[TextFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def enroll(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The course file.", show_default=False)
    ],
    learner: LearnerOption = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            metavar="FILE",
            help="Enroll everyone in this roster, each on their own calendar.",
        ),
    ] = None,
    mode: Annotated[
        ModeChoice | None,
        typer.Option("--mode", "-m", help="Follow the whole course in this mode."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            "-s",
            metavar="DATE",
            help="The first day: YYYY-MM-DD, today, tomorrow, monday or next monday "
            "(default: next Monday).",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            "--tz",
            metavar="ZONE",
            help="Your IANA time zone (default: the course's).",
        ),
    ] = None,
    day_start: Annotated[
        str | None,
        typer.Option(
            "--day-start",
            metavar="HH:MM",
            help="Your day begins at this hour, 00:00 to 12:00, for streaks and today's work: "
            "with 04:00, 02:30 is still the day before (default: midnight).",
        ),
    ] = None,
    blackout: BlackoutOption = None,
    end: EndOption = None,
    max_daily: MaxDailyOption = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Enroll a learner: keep a snapshot of the course and of its plan in the store.

    Later edits of the course file never move the enrollment's deadlines; `learnsync replan
    --course PATH` moves it onto an edited file on purpose.

    Example:  learnsync enroll course.toml --learner ann --start 2027-01-04
    """
    from learnsync.commands import enroll as command

    _run(
        command.run_enroll,
        path=path,
        learner=learner,
        roster=roster,
        mode=mode.value if mode else None,
        start=start,
        timezone=timezone,
        store_option=_store,
        output_format=output_format.value,
        day_start=day_start,
        blackouts=blackout or [],
        end=end,
        max_daily=max_daily,
    )


@app.command()
def enrollments(
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner", "-l", metavar="NAME", help="Only this learner's (default: everyone's)."
        ),
    ] = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """List the enrollments in the store, with progress and last activity.

    Example:  learnsync enrollments --format json
    """
    from learnsync.commands import enroll as command

    _run(
        command.run_enrollments,
        learner=learner,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command(name="next")
def next_(
    learner: LearnerOption = None,
    course: CourseOption = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            "--focus", metavar="TAG", help="Self-paced tasks with this tag first (repeatable)."
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="How many self-paced tasks to offer.")
    ] = 5,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """What to do now: overdue work, today's study and sessions, what is due this week.

    Self-paced work is offered as the unlocked tasks in backlog order.

    Example:  learnsync next --learner ann
    """
    from learnsync.commands import next as command

    _run(
        command.run,
        learner=learner,
        course=course,
        focus=focus or [],
        limit=limit,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def done(
    items: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Task or session ids.", show_default=False)
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When (default: now; no later than now): 2027-01-05T18:30, 2027-01-05, 18:00, "
            "yesterday, 'yesterday 18:00' or 'monday 9:30'.",
        ),
    ] = None,
    score: Annotated[
        float | None,
        typer.Option("--score", min=0.0, max=1.0, help="A score from 0 to 1 (a quiz result, say)."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note to keep with it.")
    ] = None,
    course: CourseOption = None,
    learner: Annotated[
        list[str] | None,
        typer.Option(
            "--learner",
            "-l",
            metavar="NAME",
            help="Who (default: LEARNSYNC_LEARNER, else your login name when it is enrolled, else "
            "the store's only learner); repeat it to record a session's attendance for several.",
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster", metavar="FILE", help="Record a session's attendance for a roster."
        ),
    ] = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Record that tasks are done (or sessions attended). Events are appended, never changed.

    Example:  learnsync done how-llms-work prompt-patterns --at 2027-01-05T18:30
    """
    if roster is not None or len(learner or []) > 1:
        from learnsync.commands import attendance

        _run(
            attendance.run,
            items=items,
            at=at,
            note=note,
            course=course,
            learners=learner or [],
            roster=roster,
            store_option=_store,
            output_format=output_format.value,
        )
        return
    from learnsync.commands import record as command

    _run(
        command.run_done,
        items=items,
        at=at,
        score=score,
        note=note,
        course=course,
        learner=learner[0] if learner else None,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def undo(
    item: Annotated[
        str, typer.Argument(metavar="ID", help="The task or session id.", show_default=False)
    ],
    course: CourseOption = None,
    learner: LearnerOption = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Take back a completion: appends an "undone" event.

    Example:  learnsync undo prompt-patterns
    """
    from learnsync.commands import record as command

    _run(
        command.run_undo,
        item=item,
        course=course,
        learner=learner,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def unenroll(
    learner: Annotated[
        str, typer.Argument(metavar="LEARNER", help="Who leaves the course.", show_default=False)
    ],
    course: CourseOption = None,
    keep_events: Annotated[
        bool,
        typer.Option("--keep-events", help="Withdraw: keep every event, out of the team views."),
    ] = False,
    delete_events: Annotated[
        bool,
        typer.Option("--delete-events", help="Erase the enrollment with its events and plans."),
    ] = False,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Withdraw a learner from a course; say whether their events are kept or deleted.

    Withdrawn learners leave report, leaderboard, remind and every other view. To enroll a
    withdrawn learner again, erase the enrollment first.

    Example:  learnsync unenroll chen --course ai-content-tools --keep-events
    """
    from learnsync.commands import unenroll as command

    _run(
        command.run,
        learner=learner,
        course=course,
        keep_events=keep_events,
        delete_events=delete_events,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def replan(
    course: Annotated[
        str | None,
        typer.Option(
            "--course",
            "-c",
            metavar="ID|PATH",
            help="Which course; a course file moves the enrollment onto that (edited) file.",
        ),
    ] = None,
    learner: LearnerOption = None,
    catch_up: Annotated[
        bool,
        typer.Option(
            "--catch-up",
            help="Study the least daily time that meets every deadline ahead (exact); when "
            "none can, give up the deadlines that lose the fewest points.",
        ),
    ] = False,
    daily: Annotated[
        str | None,
        typer.Option(
            "--daily", metavar="DURATION", help='Study this long a day from now ("1h30m").'
        ),
    ] = None,
    max_daily: Annotated[
        str | None,
        typer.Option(
            "--max-daily",
            metavar="DURATION",
            help="The most --catch-up asks for a day (default: the enrollment's --max-daily, "
            "else 8h).",
        ),
    ] = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """A new plan from today: done stays done, firm deadlines stay firm.

    The deadlines that can no longer be met are named, with the least daily time that meets
    them all; --catch-up plans at it, --daily at a daily time of your choice.

    Example:  learnsync replan --catch-up --learner ann
    """
    from learnsync.commands import replan as command

    _run(
        command.run,
        learner=learner,
        course=course,
        store_option=_store,
        output_format=output_format.value,
        catch_up=catch_up,
        daily=daily,
        max_daily=max_daily,
    )


CourseArgument = Annotated[
    str,
    typer.Argument(metavar="COURSE", help="A course id, or its course file.", show_default=False),
]
LrsTeamOption = Annotated[
    str | None,
    typer.Option(
        "--lrs", metavar="URL", help="Read the team's records from this learning record store."
    ),
]
LrsUserOption = Annotated[
    str | None,
    typer.Option("--user", metavar="NAME", help="LRS user (default: LEARNSYNC_LRS_USER)."),
]
LrsPasswordOption = Annotated[
    str | None,
    typer.Option(
        "--password",
        metavar="SECRET",
        help="LRS password (default: LEARNSYNC_LRS_PASSWORD, which `ps` does not show).",
    ),
]
LrsTimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        metavar="SECONDS",
        help="Seconds each request to the LRS may take in all.",
    ),
]


class ReportSort(enum.StrEnum):
    risk = "risk"
    name = "name"
    points = "points"
    progress = "progress"


class TeamFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class StatusFormat(enum.StrEnum):
    text = "text"
    json = "json"
    html = "html"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file instead of stdout ('-')."
    ),
]


@app.command()
def status(
    learner: LearnerOption = None,
    course: CourseOption = None,
    output_format: Annotated[
        StatusFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format (html: a dashboard page, one self-contained file).",
        ),
    ] = StatusFormat.text,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Also draw the burndown of the required work (plan, done, forecast) and a "
            "calendar of the days you studied.",
        ),
    ] = False,
    output: OutputOption = None,
) -> None:
    """Progress, on-track verdict, points and level, streak, badges and forecast.

    One screen per enrollment. --format html writes one learner's dashboard in one course
    (progress by module, burndown with forecast, study days, badges earned and locked) as one
    HTML file that loads nothing from the network.

    Example:  learnsync status --learner ann --chart
    """
    from learnsync.commands import status as command

    _run(
        command.run_status,
        learner=learner,
        course=course,
        store_option=_store,
        output_format=output_format.value,
        chart=chart,
        output=output,
    )


@app.command()
def badges(
    learner: LearnerOption = None,
    course: CourseOption = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Badges earned (and when) and locked (with the progress toward them and their criteria).

    Example:  learnsync badges --learner ann --format json
    """
    from learnsync.commands import status as command

    _run(
        command.run_badges,
        learner=learner,
        course=course,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def leaderboard(
    course: CourseArgument,
    top: Annotated[
        int | None, typer.Option("--top", min=1, metavar="N", help="Only the first N.")
    ] = None,
    output_format: Annotated[
        TeamFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TeamFormat.table,
    lrs: LrsTeamOption = None,
    user: LrsUserOption = None,
    password: LrsPasswordOption = None,
    timeout: LrsTimeoutOption = 30.0,
) -> None:
    """Rank a course's learners: points, then on-time rate, then who got there first.

    Example:  learnsync leaderboard ai-content-tools --top 10
    """
    from learnsync.commands import team as command

    _run(
        command.run_leaderboard,
        lrs_url=lrs,
        user=user,
        password=password,
        timeout=timeout,
        course=course,
        top=top,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def report(
    course: CourseArgument,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format (html: a dashboard page, one self-contained file).",
        ),
    ] = ReportFormat.table,
    lrs: LrsTeamOption = None,
    user: LrsUserOption = None,
    password: LrsPasswordOption = None,
    timeout: LrsTimeoutOption = 30.0,
    sort: Annotated[
        ReportSort | None,
        typer.Option(
            "--sort",
            help="Order of the rows: most behind first (risk), by name, most points or most done "
            "first (default: risk; JSON and CSV by learner id).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """One line per learner of a course: progress, how far behind, overdue work, points, streak,
    last activity and replans, with a summary of who is behind.

    In a terminal, the most behind come first. JSON and CSV keep the raw values (minutes, ISO
    instants) with every learner's name and email.

    --format html writes a team dashboard (summary, next deadline, burndown, learners, modules,
    leaderboard, badges of the week) as one HTML file that loads nothing from the network.

    Example:  learnsync report ai-content-tools --format html -o team.html
    """
    from learnsync.commands import team as command

    _run(
        command.run_report,
        course=course,
        store_option=_store,
        output_format=output_format.value,
        lrs_url=lrs,
        user=user,
        password=password,
        timeout=timeout,
        output=output,
        sort=sort.value if sort else None,
    )


@app.command()
def remind(
    within: Annotated[
        str,
        typer.Option("--within", metavar="DURATION", help="How far ahead to look: 1d, 12h, 2d12h."),
    ] = "1d",
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner", "-l", metavar="NAME", help="Only this learner (default: everyone)."
        ),
    ] = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """What is overdue or due soon, and the mandatory sessions that start soon, for everyone.

    Grouped by learner, with their name and email, times in each learner's own zone; with
    --format json, one object per learner with their items, to send one message each. Exit
    code 1 when something is overdue, for cron jobs and CI schedules.

    Example:  learnsync remind --within 2d || mail -s "overdue work" team@example.org
    """
    from learnsync.commands import remind as command

    _run(
        command.run,
        within=within,
        learner=learner,
        store_option=_store,
        output_format=output_format.value,
    )


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"
    xapi = "xapi"
    ics = "ics"
    badges = "badges"


KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        metavar="FILE",
        help="The issuer key file (default: LEARNSYNC_ISSUER_KEY, else issuer-key.json beside "
        "the store).",
    ),
]


@app.command()
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="What to export.")
    ] = ExportFormat.json,
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner", "-l", metavar="NAME", help="Only this learner (default: everyone)."
        ),
    ] = None,
    course: Annotated[
        str | None, typer.Option("--course", "-c", metavar="ID", help="Only this course.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", metavar="DIR", help="Where --format badges writes its files."),
    ] = None,
    key: KeyOption = None,
    learner_did: Annotated[
        str | None,
        typer.Option(
            "--learner-did",
            metavar="DID",
            help="Badges: name the learner by this DID, not by a hashed email.",
        ),
    ] = None,
) -> None:
    """Export records: events (json, csv), xAPI statements, a calendar, Open Badges 3.0.

    Badges are signed with the issuer key (see `learnsync issuer init`).

    Example:  learnsync export --format xapi --course ai-content-tools -o statements.json
    """
    from learnsync.commands import export as command

    _run(
        command.run,
        output_format=output_format.value,
        learner=learner,
        course=course,
        output=output,
        output_dir=output_dir,
        store_option=_store,
        key=key,
        learner_did=learner_did,
    )


@app.command()
def sync(
    lrs: Annotated[
        str,
        typer.Option("--lrs", metavar="URL", help="The learning record store (its xAPI base URL)."),
    ],
    user: LrsUserOption = None,
    password: LrsPasswordOption = None,
    course: Annotated[
        str | None, typer.Option("--course", "-c", metavar="ID", help="Only this course.")
    ] = None,
    learner: Annotated[
        str | None, typer.Option("--learner", "-l", metavar="NAME", help="Only this learner.")
    ] = None,
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=10_000, help="Statements a request.")
    ] = 500,
    timeout: LrsTimeoutOption = 30.0,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Send the xAPI statements a learning record store does not have yet, in batches.

    A failed sync loses nothing: the next one sends what is missing.

    Example:  learnsync sync --lrs https://lrs.example.org/xAPI/ --user lead
    """
    from learnsync.commands import sync as command

    _run(
        command.run,
        url=lrs,
        user=user,
        password=password,
        course=course,
        learner=learner,
        batch=batch,
        timeout=timeout,
        store_option=_store,
        output_format=output_format.value,
    )


@app.command()
def verify(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...", help="Credentials, or folders of *.json.", show_default=False
        ),
    ],
    did_json: Annotated[
        list[Path] | None,
        typer.Option(
            "--did-json", metavar="FILE", help="The did.json of a did:web issuer (repeatable)."
        ),
    ] = None,
    schema: Annotated[
        Path | None,
        typer.Option("--schema", metavar="FILE", help="Also validate against this JSON Schema."),
    ] = None,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Check Open Badges 3.0 credentials offline: signature, issuer, dates and shape.

    One line per credential; exit 1 when any is invalid.

    Example:  learnsync verify badges/ --did-json did.json
    """
    from learnsync.commands import verify as command

    _run(
        command.run,
        paths=paths,
        did_json=did_json or [],
        schema=schema,
        output_format=output_format.value,
    )


issuer_app = typer.Typer(help="The key and DID that sign badge credentials.", no_args_is_help=True)
app.add_typer(issuer_app, name="issuer")


@issuer_app.command("init")
def issuer_init(
    key: KeyOption = None,
    did_web: Annotated[
        str | None,
        typer.Option(
            "--did-web",
            metavar="DOMAIN[/PATH]",
            help="Issue as did:web for this domain, not as an offline did:key.",
        ),
    ] = None,
    did_json: Annotated[
        Path | None,
        typer.Option(
            "--did-json", metavar="FILE", help="Where to write did.json (default: beside the key)."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The issuer's name in credentials (default: the course)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing key.")] = False,
    output_format: FormatOption = TextFormat.text,
) -> None:
    """Create the issuer's Ed25519 key (mode 0600) and DID. Never replaces a key without --force.

    Example:  learnsync issuer init --did-web example.org --name "Example Academy"
    """
    from learnsync.commands import issuer as command

    _run(
        command.run_init,
        key=key,
        did_web=did_web,
        did_json=did_json,
        name=name,
        force=force,
        store_option=_store,
        output_format=output_format.value,
    )


@issuer_app.command("show")
def issuer_show(key: KeyOption = None, output_format: FormatOption = TextFormat.text) -> None:
    """Print the issuer's DID and public key (never the private key).

    Example:  learnsync issuer show --format json
    """
    from learnsync.commands import issuer as command

    _run(command.run_show, key=key, store_option=_store, output_format=output_format.value)


store_app = typer.Typer(help="The local store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("path")
def store_path_command(output_format: FormatOption = TextFormat.text) -> None:
    """Print where the store is.

    Example:  learnsync store path
    """
    from learnsync.commands import store as command

    _run(command.run_path, store_option=_store, output_format=output_format.value)


@store_app.command("rebuild")
def store_rebuild_command(output_format: FormatOption = TextFormat.text) -> None:
    """Replay every enrollment's events into the progress the team views read. The store keeps
    it up to date by itself; this is for a store whose events were written by other means.

    Example:  learnsync store rebuild
    """
    from learnsync.commands import store as command

    _run(command.run_rebuild, store_option=_store, output_format=output_format.value)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to this file."),
    ] = None,
) -> None:
    """Print the JSON Schema of the course format, for editors and other tools.

    Example:  learnsync schema --output learnsync.schema.json
    """
    from learnsync.commands import schema as command

    _run(command.run, output=output)


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="[PATH]", help="Where to write the course (a folder gets course.toml)."
        ),
    ] = Path("course.toml"),
    title: Annotated[str, typer.Option("--title", help="The course title.")] = "My first course",
) -> None:
    """Write a small, commented, valid course to start from. Never overwrites a file.

    Example:  learnsync init onboarding.toml --title "Onboarding"
    """
    from learnsync.commands import init as command

    _run(command.run, path=path, title=title)


@app.command("help")
def help_command(
    context: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMMAND]...", help="The command (and subcommand) to explain."),
    ] = None,
) -> None:
    """Show the help of a command, as COMMAND --help does.

    Example:  learnsync help done
    """
    parent = context.find_root()
    target: Any = parent.command
    for name in command or []:
        found = target.get_command(parent, name) if hasattr(target, "get_command") else None
        if found is None:
            typer.echo(f"error: there is no command '{name}'", err=True)
            typer.echo("hint: run learnsync --help for the list of commands", err=True)
            raise typer.Exit(2)
        parent = type(parent)(found, info_name=name, parent=parent)
        target = found
    typer.echo(target.get_help(parent))


tidy(app)  # after the last command: usage and help in one style for all


def main() -> None:
    """Entry point of the ``learnsync`` console script."""
    import gc
    import os

    # learnsync uses no pydantic plugin: skip scanning every installed package for one.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A command is a short-lived process that builds large acyclic structures (parsed TOML,
    # models, plans): reference counting frees them, and the cycle collector's repeated full
    # scans only cost time (a third of `plan` on a 10,000-task course).
    gc.disable()
    # A width or height that is not a terminal size is ignored, as if unset: rich and typer
    # read these with int() and would end in a traceback (COLUMNS=abc, TERMINAL_WIDTH=x, or
    # COLUMNS=100000000000, for which rich allocates lines), or lay every line out at no width
    # at all (COLUMNS=0).
    from learnsync.render.terminal import terminal_size

    for name in ("COLUMNS", "LINES", "TERMINAL_WIDTH"):
        if name in os.environ and terminal_size(os.environ[name]) is None:
            del os.environ[name]
    app(prog_name="learnsync")
