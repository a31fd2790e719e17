"""Measure learnsync's figures end to end, as a user's shell would run the commands.

    python benchmarks/run.py            # every figure of issue 14's table, and the others
    python benchmarks/run.py team       # only those whose group name contains "team"
    python benchmarks/run.py sync       # the LRS sync (only when asked: it takes a minute)
    python benchmarks/run.py instructions   # instruction counts under valgrind (only when asked)

Every figure of the table is a ratio to a reference measured in the same run, commands run
alternately so that both see the same machine (the machine is shared: absolute times move by
40% between runs, ratios by a few percent). End-to-end figures are median wall times of fresh
processes after one warm-up run; in-process figures the least CPU time of several runs.
Results go to stdout; copy them to benchmarks/README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_course, generate_small_course

PYTHON = sys.executable
LEARNSYNC = [PYTHON, "-m", "learnsync"]
RUNS = 9
NOW = "2027-02-01T09:00:00+00:00"


# Measure an installation as users have it: with compiled bytecode cached on disk.
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def timed(
    command: Sequence[str], environment: dict[str, str] = ENVIRONMENT, expect: int = 0
) -> float:
    """Wall time of one run of ``command``; a command that does not exit with ``expect`` stops
    the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    elapsed = time.perf_counter() - started
    if result.returncode != expect:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def timed_on_terminal(command: Sequence[str], environment: dict[str, str] = ENVIRONMENT) -> float:
    """Wall time of one run of ``command`` writing to a terminal (a pseudo-terminal 80 columns
    wide), as a user at a shell sees it: colours and boxes."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=follower, stderr=subprocess.PIPE, env=environment, close_fds=True
    )
    os.close(follower)
    while True:  # read what it writes, so that it never waits for the terminal
        try:
            if not os.read(leader, 65536):
                break
        except OSError:
            break
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    os.close(leader)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {stderr.decode()[-500:]}")
    return elapsed


def median_seconds(command: Sequence[str], runs: int = RUNS, expect: int = 0) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    return statistics.median(timed(command, expect=expect) for _ in range(runs))


def usage(
    command: Sequence[str], environment: dict[str, str], expect: int = 0
) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak memory in MB) of one run of ``command``.

    It is started by a small Python process of its own: a child's peak memory counts the memory
    of the process it was forked from, and this script holds hundreds of MB once it has built
    the large stores (the peak memory of `check` on 100,000 unknown keys read 433 MB in a whole
    run, 165 MB alone)."""
    measure = (
        "import json, os, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL)\n"
        "_, status, used = os.wait4(process.pid, 0)\n"
        "print(json.dumps([time.perf_counter() - started, used.ru_utime + used.ru_stime, "
        "used.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", measure, *command], capture_output=True, env=environment, check=True
    )
    elapsed, cpu, peak, code = json.loads(result.stdout)
    if code != expect:
        raise SystemExit(f"{' '.join(command)} failed with {code}")
    return elapsed, cpu, peak


def best_in_process(function: Callable[[], object], runs: int = 15) -> float:
    """The least CPU time of several runs, as timeit reports: the figure least disturbed by the
    rest of the machine."""
    timings = []
    for _ in range(runs):
        started = time.process_time()
        function()
        timings.append(time.process_time() - started)
    return min(timings)


def header(title: str) -> None:
    print(f"\n{title}")


def row(name: str, seconds: float | None, ratio: str, goal: str, ok: bool | None) -> None:
    value = "" if seconds is None else f"{seconds:8.3f}"
    verdict = "" if ok is None else ("ok" if ok else "OVER")
    print(f"  {name:<52} {value:>8}  {ratio:>9}  {goal:<26} {verdict}")


def compare(
    reference: tuple[str, Sequence[str]],
    commands: dict[
        str, tuple[Sequence[str] | Callable[[int], Sequence[str]], float | None, float | None]
    ],
    environment: dict[str, str] = ENVIRONMENT,
    runs: int = RUNS,
    expect: dict[str, int] | None = None,
    on_terminal: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Median wall times of a reference and of commands, run in turn so that all see the same
    machine; print each as a ratio to the reference against its goal (a ratio, a time).
    ``expect`` names the commands that exit with a code other than 0 (a usage error: 2);
    ``on_terminal`` those that write to a terminal rather than to /dev/null. A command given
    as a function of the run's number is a different one each run (a new completion).

    A ratio is the median over the rounds of ``ratio_in_round``: the machine's speed moves in
    phases of seconds (``--version`` at 96 ms, then 129 ms, then 157 ms in one run), and a
    command is compared with the reference runs just before and after it, in the same phase,
    not with the reference's median over all phases."""
    everything = {reference[0]: reference[1], **{name: c[0] for name, c in commands.items()}}
    codes = expect or {}
    count = iter(range(1_000_000))

    def run(name: str) -> float:
        command = everything[name]
        if callable(command):
            command = command(next(count))
        if name in on_terminal:
            return timed_on_terminal(command, environment)
        return timed(command, environment, codes.get(name, 0))

    for name in everything:
        run(name)  # warm-up: bytecode and the file cache
    timings: dict[str, list[float]] = {name: [] for name in everything}
    references = []
    for _ in range(runs):
        references.append(run(reference[0]))
        for name in commands:
            timings[name].append(run(name))
    references.append(run(reference[0]))  # the one after the last round
    timings[reference[0]] = references
    medians = {name: statistics.median(values) for name, values in timings.items()}
    row(reference[0], medians[reference[0]], "1.00x", "reference", None)
    for name, (_, ratio_goal, time_goal) in commands.items():
        value = medians[name]
        ratio = statistics.median(ratio_in_round(timings[name], references))
        goals, ok = [], True
        if ratio_goal is not None:
            goals.append(f"<= {ratio_goal:.2f}x")
            ok = ok and ratio <= ratio_goal
        if time_goal is not None:
            goals.append(f"< {time_goal:g} s")
            ok = ok and value < time_goal
        row(name, value, f"{ratio:.2f}x", ", ".join(goals) or "reported", ok if goals else None)
    return medians


def ratio_in_round(times: Sequence[float], references: Sequence[float]) -> list[float]:
    """Each of ``times`` (one a round) over the mean of the reference's runs that bracket it:
    the one that opened its round and the one that opened the next (``references`` has one more
    than ``times``)."""
    return [
        value / ((before + after) / 2)
        for value, before, after in zip(times, references, references[1:], strict=False)
    ]


# -- the figures of issue 14's table ----------------------------------------------------------


def startup(work: Path) -> None:
    header("start-up")
    compare(
        ("python -c 'import typer'", [PYTHON, "-c", "import typer"]),
        {
            "learnsync --help": ([*LEARNSYNC, "--help"], 1.5, None),
            "learnsync check --help (a command's help)": (
                [*LEARNSYNC, "check", "--help"],
                1.5,
                None,
            ),
            "learnsync --help, on a terminal (80 columns, colours)": (
                [*LEARNSYNC, "--help"],
                1.5,
                None,
            ),
            "learnsync --version": ([*LEARNSYNC, "--version"], 1.5, None),
            "learnsync check --bogus (a usage error)": (
                [*LEARNSYNC, "check", "--bogus"],
                1.5,
                None,
            ),
            "learnsync check (a missing argument)": ([*LEARNSYNC, "check"], 1.5, None),
        },
        runs=15,
        expect={
            "learnsync check --bogus (a usage error)": 2,
            "learnsync check (a missing argument)": 2,
        },
        on_terminal=frozenset({"learnsync --help, on a terminal (80 columns, colours)"}),
    )


def big_course(work: Path) -> Path:
    path = work / "big.toml"
    if not path.exists():
        path.write_text(generate_course(10_000, 20_000))
    return path


def check_and_plan(work: Path) -> None:
    path = big_course(work)
    size = path.stat().st_size / 1e6
    header(f"10,000 tasks, 20,000 edges ({size:.1f} MB)")
    plan = [*LEARNSYNC, "plan", str(path), "--mode", "sync", "--start", "2027-01-04"]
    compare(
        (
            "python parsing it with tomllib.load alone",
            [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"],
        ),
        {
            "learnsync check": ([*LEARNSYNC, "check", str(path)], 1.0, None),
            "learnsync plan --mode sync -f json": ([*plan, "--format", "json"], 1.3, 0.6),
        },
    )
    from learnsync.checking import check_files

    inside = best_in_process(lambda: check_files([path]), runs=5)
    row("check in process, CPU", inside, "", "reported", None)
    cohort = median_seconds([*LEARNSYNC, "check", str(path), "--start", "2027-01-04"])
    row("check --start 2027-01-04 (one cohort planned)", cohort, "", "< 1.0 s", cohort < 1.0)
    broken = work / "big-broken.toml"
    broken.write_text(path.read_text().replace("effort = 15\n", 'effort = "15 minutes"\n', 1))
    mended = median_seconds([*LEARNSYNC, "check", str(broken)], expect=1)
    row("check with one bad value (the rest checked too)", mended, "", "reported", None)


def plan_formats(work: Path) -> None:
    path = big_course(work)
    header("plan formats, same course, against -f json")
    plan = [*LEARNSYNC, "plan", str(path), "--mode", "sync", "--start", "2027-01-04"]
    compare(
        ("learnsync plan -f json", [*plan, "--format", "json"]),
        {
            "learnsync plan -f table (to a pipe)": ([*plan, "--format", "table"], 2.0, None),
            "learnsync plan -f ics": ([*plan, "--format", "ics"], 2.0, None),
            "learnsync plan -f csv": ([*plan, "--format", "csv"], None, None),
            "learnsync plan -f md": ([*plan, "--format", "md"], None, None),
        },
        runs=5,
    )


def with_blackouts(text: str, count: int = 20) -> str:
    """The generated course with ``count`` blackout ranges of three days, one every five weeks,
    that shift the deadlines after them (so the plan stays feasible)."""
    ranges = "".join(
        f'[[calendar.blackout]]\nfrom = "day {35 * number + 10}"\nto = "day {35 * number + 12}"\n'
        f'title = "Blackout {number}"\n\n'
        for number in range(count)
    )
    text = text.replace('daily = "8h"\n', 'daily = "8h"\nblackouts = "shift"\n', 1)
    return text.replace("[[module]]\n", ranges + "[[module]]\n", 1)


def blackouts(work: Path) -> None:
    """Issue 15: the sync plan of the 10,000-task course with 20 blackout ranges, against the
    same plan without them."""
    path = big_course(work)
    blacked = work / "big-blackouts.toml"
    blacked.write_text(with_blackouts(path.read_text()))
    header("10,000 tasks with 20 blackout ranges (shifting), against none")
    plan = [*LEARNSYNC, "plan", "--mode", "sync", "--start", "2027-01-04", "--format", "json"]
    compare(
        ("learnsync plan -f json, no blackouts", [*plan, str(path)]),
        {"learnsync plan -f json, 20 blackout ranges": ([*plan, str(blacked)], 1.2, None)},
    )
    header("plan --end on the 10,000-task course (a binary search over the daily time)")
    fitted = [*plan, "--end", "2029-12-31", str(path)]
    compare(
        ("learnsync plan -f json, no blackouts", [*plan, str(path)]),
        {"learnsync plan -f json --end 2029-12-31": (fitted, None, None)},
        runs=5,
    )
    from learnsync.course.loader import parse_course
    from learnsync.planning import plan as make_plan

    plain, shifted = parse_course(path.read_text()), parse_course(blacked.read_text())
    start = date(2027, 1, 4)
    base = best_in_process(lambda: make_plan(plain, start=start, mode="sync"), runs=5)
    with_them = best_in_process(lambda: make_plan(shifted, start=start, mode="sync"), runs=5)
    row("plan() in process, no blackouts, CPU", base, "1.00x", "reference", None)
    ratio = with_them / base
    row("plan() in process, 20 blackout ranges, CPU", with_them, f"{ratio:.2f}x", "<= 1.20x",
        ratio <= 1.2)  # fmt: skip


def team_environment(path: Path) -> dict[str, str]:
    return {**ENVIRONMENT, "LEARNSYNC_STORE": str(path), "LEARNSYNC_NOW": NOW}


def tracking(work: Path) -> None:
    path = team_store(work, learners=100)
    header("store: 100 learners in a 1,000-task course, 100,000 events, against --version")
    environment = team_environment(path)
    learner = ["--learner", "learner-42"]
    # ``done`` of a task already done records nothing, so every run does the same work
    subprocess.run([*LEARNSYNC, "done", "task-999", *learner], env=environment, capture_output=True)
    compare(
        ("learnsync --version", [*LEARNSYNC, "--version"]),
        {
            "learnsync next": ([*LEARNSYNC, "next", *learner], 1.25, None),
            "learnsync done (a task done already)": (
                [*LEARNSYNC, "done", "task-999", *learner],
                1.25,
                None,
            ),
            # a real completion each run: the event and the progress snapshot written in one
            # transaction (the first 500 tasks are done, task-999 too)
            "learnsync done (a new completion each run)": (
                lambda number: [*LEARNSYNC, "done", f"task-{990 - number}", *learner],
                1.25,
                None,
            ),
            "learnsync status": ([*LEARNSYNC, "status", *learner], 1.4, None),
            "learnsync report generated": ([*LEARNSYNC, "report", "generated"], 2.5, None),
            "learnsync leaderboard generated": (
                [*LEARNSYNC, "leaderboard", "generated"],
                2.5,
                None,
            ),
        },
        environment,
    )


def attendance(work: Path) -> None:
    """A session's attendance recorded for 100 learners in one command (``done live-N
    --learner ...``), each with 1,000 events: every learner's snapshot is carried on by the
    attendance, not replayed from their events."""
    path = work / "team-100-sessions.sqlite3"
    if not path.exists():
        subprocess.run(
            [PYTHON, __file__, "--build-team-store", str(path), "100", "1000", "60"], check=True
        )
    header("a session's attendance for 100 learners with 1,000 events each, one command")
    learners = [argument for n in range(100) for argument in ("--learner", f"learner-{n}")]
    compare(
        ("learnsync --version", [*LEARNSYNC, "--version"]),
        {
            "learnsync done live-N (a new session each run) for 100 learners": (
                lambda number: [*LEARNSYNC, "done", f"live-{number + 1}", *learners],
                None,
                None,
            ),
        },
        team_environment(path),
        runs=5,
    )


def big_team(work: Path) -> None:
    header("store: 1,000 learners in a 1,000-task course, 1,000,000 events")
    started = time.perf_counter()
    path = team_store(work, learners=1_000)
    generated = time.perf_counter() - started
    row("generating the store (enroll, events, snapshots)", generated, "", "< 60 s", generated < 60)
    events = 1_000 * 1_000
    size = path.stat().st_size
    per_event = size / events
    row(f"store size: {size / 1e6:.0f} MB, bytes an event", per_event, "", "< 200", per_event < 200)
    environment = team_environment(path)
    samples = [usage([*LEARNSYNC, "report", "generated"], environment) for _ in range(5)]
    wall = statistics.median(sample[0] for sample in samples)
    cpu = statistics.median(sample[1] for sample in samples)
    memory = max(sample[2] for sample in samples)
    row("learnsync report generated: wall time", wall, "", "reported", None)
    row("learnsync report generated: CPU time", cpu, "", "< 1 s", cpu < 1)
    row("learnsync report generated: peak memory (MB)", memory, "", "< 150 MB", memory < 150)


def dashboards(work: Path) -> None:
    """Issue 16: ``report --format html`` for 100 learners (under 1.5 s, under 1 MB) and for
    1,000 (readable: rows past the first 25 folded; under 5 MB); ``status --format html``."""
    header("dashboards: report --format html (100 and 1,000 learners), status --format html")
    for learners, seconds, megabytes in ((100, 1.5, 1.0), (1_000, None, 5.0)):
        environment = team_environment(team_store(work, learners=learners))
        page = work / f"team-{learners}.html"
        command = [*LEARNSYNC, "report", "generated", "--format", "html", "-o", str(page)]
        samples = [usage(command, environment) for _ in range(5 if learners == 100 else 3)]
        wall = statistics.median(sample[0] for sample in samples)
        cpu = statistics.median(sample[1] for sample in samples)
        memory = max(sample[2] for sample in samples)
        size = page.stat().st_size / 1e6
        name = f"report --format html, {learners:,} learners"
        if seconds is None:
            row(f"{name}: wall time", wall, "", "reported", None)
        else:
            row(f"{name}: wall time", wall, "", f"< {seconds} s", wall < seconds)
        row(f"{name}: CPU time", cpu, "", "reported", None)
        row(f"{name}: peak memory (MB)", memory, "", "reported", None)
        row(f"{name}: file size (MB)", size, "", f"< {megabytes} MB", size < megabytes)
        text = page.read_text(encoding="utf-8")
        learners_section = text[text.index('id="learners"') : text.index('id="heatmap"')]
        shown = learners_section.split("<details>")[0].count("<tr data-learner")
        row(f"{name}: learner rows shown open (the rest folded)", shown, "", "reported", None)
    environment = team_environment(team_store(work, learners=100))
    learner = work / "learner-42.html"
    command = [
        *LEARNSYNC,
        "status",
        "--learner",
        "learner-42",
        "--format",
        "html",
        "-o",
        str(learner),
    ]
    wall = statistics.median(usage(command, environment)[0] for _ in range(5))
    row("status --format html, one learner of the 100", wall, "", "reported", None)
    row("  its file size (MB)", learner.stat().st_size / 1e6, "", "reported", None)


# -- other figures ------------------------------------------------------------------------------


def parsers(work: Path) -> None:
    """The TOML parsers in process, on the 10,000-task course."""
    import tomllib

    from learnsync.course import toml_text

    text = big_course(work).read_text()
    header(
        f"TOML parsing in process, 10,000 tasks (learnsync reads with {toml_text.parser_name()})"
    )
    standard = best_in_process(lambda: tomllib.loads(text), runs=5)
    ours = best_in_process(lambda: toml_text.loads(text), runs=5)
    row("tomllib.loads", standard, "1.00x", "reference", None)
    row("learnsync.course.toml_text.loads", ours, f"{ours / standard:.2f}x", "reported", None)


def check_many(work: Path) -> None:
    folder = work / "many"
    if not folder.exists():
        folder.mkdir()
        for number in range(200):
            (folder / f"course-{number:03d}.toml").write_text(generate_small_course(number))
        (folder / "pyproject.toml").write_text('[project]\nname = "not-a-course"\n')
    header("check on 200 small course files and a TOML file that is no course, in one call")
    compare(
        ("learnsync --version", [*LEARNSYNC, "--version"]),
        {
            "learnsync check FOLDER": ([*LEARNSYNC, "check", str(folder)], None, 2.0),
            "learnsync check FOLDER --start 2027-01-04": (
                [*LEARNSYNC, "check", str(folder), "--start", "2027-01-04"],
                None,
                2.0,
            ),
        },
        runs=5,
    )
    from learnsync.checking import Cohorts, check_files

    inside = best_in_process(lambda: check_files([folder]), runs=5)
    row("check_files in process, CPU", inside, "", "reported", None)
    with_start = Cohorts(starts=(date(2027, 1, 4),))
    inside = best_in_process(lambda: check_files([folder], with_start), runs=5)
    row("check_files in process with --start, CPU", inside, "", "reported", None)


def plan_growth(work: Path) -> None:
    """plan() in process on 1,000 and 10,000 tasks, measured alternately (CPU time, best of 15;
    the small course is planned ten times a sample), with the cycle collector off as in the CLI."""
    import gc

    from learnsync.course.loader import parse_course
    from learnsync.planning import plan
    from learnsync.render.plan_json import render_plan

    header("planning in process")
    start = date(2027, 1, 4)
    small = parse_course(generate_course(1_000, 2_000))
    large = parse_course(generate_course(10_000, 20_000))
    gc.collect()
    gc.disable()
    samples: dict[int, list[float]] = {1_000: [], 10_000: []}
    try:
        for _ in range(15):
            for tasks, course, repeat in ((1_000, small, 10), (10_000, large, 1)):
                began = time.process_time()
                for _ in range(repeat):
                    plan(course, start=start, mode="sync")
                samples[tasks].append((time.process_time() - began) / repeat)
        rendering = best_in_process(
            lambda: render_plan(plan(large, start=start, mode="sync")), runs=5
        )
    finally:
        gc.enable()
    small_time, large_time = min(samples[1_000]), min(samples[10_000])
    row("plan(), 1,000 tasks", small_time, "", "reference", None)
    row("plan(), 10,000 tasks", large_time, "", "reference", None)
    row("plan() and JSON rendering, 10,000 tasks", rendering, "", "reference", None)
    growth = large_time / small_time
    row("growth from 1,000 to 10,000 tasks", None, f"{growth:.1f}x", "<= 12x", growth <= 12)


def export_xapi(work: Path) -> None:
    import json

    path = team_store(work, learners=100)
    header("export of the 100-learner store")
    target = work / "statements.json"
    command = [*LEARNSYNC, "export", "--format", "xapi", "--output", str(target)]
    seconds = statistics.median(timed(command, team_environment(path)) for _ in range(3))
    count = len(json.loads(target.read_text()))
    row(f"export --format xapi ({count:,} statements)", seconds, "", "< 3 s", seconds < 3)


def sync_lrs(work: Path) -> None:
    """Sync the team store's 100,000 statements to Ralph's LRS on loopback (tests/lrs_server.py)."""
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.lrs_server import PASSWORD, USER, LrsUnavailable, running_lrs

    path = team_store(work, learners=100)
    header("sync of the 100-learner store to Ralph's LRS on loopback, batches of 1,000")
    try:
        with running_lrs(work / "ralph") as url:
            command = [*LEARNSYNC, "sync", "--lrs", url, "--batch", "1000", "--timeout", "300"]
            environment = {
                **ENVIRONMENT,
                "LEARNSYNC_STORE": str(path),
                "LEARNSYNC_LRS_USER": USER,
                "LEARNSYNC_LRS_PASSWORD": PASSWORD,
            }
            started = time.perf_counter()
            result = subprocess.run(
                [*command, "--format", "json"],
                capture_output=True,
                text=True,
                env=environment,
                check=True,
            )
            elapsed = time.perf_counter() - started
    except LrsUnavailable as error:
        print(f"  skipped: {error}")
        return
    sent = json.loads(result.stdout)["sent"]
    row(f"sync of {sent:,} statements", elapsed, "", "reported", None)
    row("  statements a second", sent / elapsed, "", "reported", None)


def badges(work: Path) -> None:
    """Sign every badge the team store's learners earned, then verify them all."""
    path = team_store(work, learners=100)
    header("signed badges of the 100-learner store")
    environment = {
        **ENVIRONMENT,
        "LEARNSYNC_STORE": str(path),
        "LEARNSYNC_ISSUER_KEY": str(work / "issuer-key.json"),
        "LEARNSYNC_NOW": "2027-06-01T09:00:00+00:00",
    }
    if not (work / "issuer-key.json").exists():
        timed([*LEARNSYNC, "issuer", "init"], environment)
    folder = work / "credentials"
    export = [*LEARNSYNC, "export", "--format", "badges", "--output-dir", str(folder)]
    export_time = statistics.median(timed(export, environment) for _ in range(3))
    count = len(list(folder.glob("*.json")))
    verify = [*LEARNSYNC, "verify", str(folder)]
    verify_time = statistics.median(timed(verify, environment) for _ in range(3))
    row(f"export --format badges, {count:,} signed credentials", export_time, "", "reported", None)
    each = export_time / count
    row("  a credential (ms)", 1000 * each, "", "< 60 ms", each < 0.060)
    row(f"verify of the {count:,} credentials", verify_time, "", "reported", None)
    each = verify_time / count
    row("  a credential (ms)", 1000 * each, "", "< 60 ms", each < 0.060)


def hostile(work: Path) -> None:
    """Issue 10's slow inputs: each must take seconds at most and stay well under a few hundred
    MB (peak memory is the child's maximum resident set)."""
    start = '[course]\nid = "c"\ntitle = "C"\nmode = "sync"\n'
    module = '\n[[module]]\nid = "m"\ntitle = "M"\ndue = DUE\n\n[[module.task]]\nid = "t"\n'
    module += 'title = "T"\neffort = "EFFORT"\n'
    far = work / "far.toml"
    far.write_text(start + module.replace("DUE", "2200-12-31").replace("EFFORT", "30m"))
    long = work / "long.toml"
    long.write_text(
        start.replace('mode = "sync"', 'mode = "sync"\n[calendar]\ncountry = "DE"')
        + module.replace("DUE", "2200-12-31").replace("EFFORT", "10000h")
    )
    keys = work / "keys.toml"
    keys.write_text(
        start
        + "".join(f"unknown{n} = 1\n" for n in range(100_000))
        + module.replace("DUE", '"week 2"').replace("EFFORT", "30m")
    )
    sessions = work / "sessions.toml"
    sessions.write_text(
        start
        + module.replace("DUE", '"week 2"').replace("EFFORT", "30m")
        + "".join(
            f'\n[[session]]\nid = "s{n}"\ntitle = "S"\nat = "day 1 10:00"\nduration = "1h"\n'
            for n in range(3_000)
        )
    )
    header("issue 10's hostile inputs")
    cases = [
        ("check, due 2200-12-31, --start 2027-01-04", [str(far), "--start", "2027-01-04"], 0),
        ("check, a 10000h task to 2200, public holidays", [str(long), "--start", "2027-01-04"], 0),
        ("check, 100,000 unknown keys (text)", [str(keys)], 1),
        ("check, 3,000 overlapping sessions (text)", [str(sessions)], 1),
    ]
    for name, arguments, expect in cases:
        seconds = median_seconds([*LEARNSYNC, "check", *arguments], runs=3, expect=expect)
        row(name, seconds, "", "< 3 s", seconds < 3)
    _, _, peak = usage([*LEARNSYNC, "check", str(keys)], ENVIRONMENT, expect=1)
    row("  peak memory of the largest of these (MB)", peak, "", "< 300 MB", peak < 300)


def instruction_count(command: Sequence[str], environment: dict[str, str]) -> int:
    """Instructions one run of ``command`` executes (valgrind's callgrind, all of the process
    from its first instruction): the same on a busy machine as on a quiet one."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
    )
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"valgrind did not count {' '.join(command)}: {result.stderr[-500:]}")


def instructions(work: Path) -> None:
    """Issue 14's figures as instruction counts, each beside the count of its reference: a
    measure of the work done that the load of a shared machine does not move (wall times on
    it move by 40%, and more when five people run their tests). Takes some minutes."""
    if shutil.which("valgrind") is None:
        print("\n  skipped: valgrind is not installed")
        return
    path = big_course(work)
    store = team_store(work, learners=100)
    environment = team_environment(store)
    learner = ["--learner", "learner-42"]
    subprocess.run([*LEARNSYNC, "done", "task-999", *learner], env=environment, capture_output=True)
    plan = [*LEARNSYNC, "plan", str(path), "--mode", "sync", "--start", "2027-01-04"]
    tomllib_alone = [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"]
    # a command given as a function of a number is a new one each time it runs (a completion)
    Command = list[str] | Callable[[int], list[str]]
    groups: list[tuple[str, list[str], dict[str, tuple[Command, float]]]] = [
        (
            "python -c 'import typer'",
            [PYTHON, "-c", "import typer"],
            {
                "learnsync --help": ([*LEARNSYNC, "--help"], 1.5),
                "learnsync check --help": ([*LEARNSYNC, "check", "--help"], 1.5),
                "learnsync check --bogus (a usage error)": (
                    [*LEARNSYNC, "check", "--bogus"],
                    1.5,
                ),
            },
        ),
        (
            "learnsync --version",
            [*LEARNSYNC, "--version"],
            {
                "learnsync next": ([*LEARNSYNC, "next", *learner], 1.25),
                "learnsync done (a task done already)": (
                    [*LEARNSYNC, "done", "task-999", *learner],
                    1.25,
                ),
                "learnsync done (a new completion)": (
                    lambda number: [*LEARNSYNC, "done", f"task-{900 - number}", *learner],
                    1.25,
                ),
                "learnsync status": ([*LEARNSYNC, "status", *learner], 1.4),
                "learnsync report generated (100 learners)": (
                    [*LEARNSYNC, "report", "generated"],
                    2.5,
                ),
                "learnsync leaderboard generated": ([*LEARNSYNC, "leaderboard", "generated"], 2.5),
            },
        ),
        (
            "python parsing the 10,000-task course with tomllib",
            tomllib_alone,
            {
                "learnsync check": ([*LEARNSYNC, "check", str(path)], 1.0),
                "learnsync plan --mode sync -f json": ([*plan, "--format", "json"], 1.3),
            },
        ),
        (
            "learnsync plan -f json",
            [*plan, "--format", "json"],
            {
                "learnsync plan -f table": ([*plan, "--format", "table"], 2.0),
                "learnsync plan -f ics": ([*plan, "--format", "ics"], 2.0),
            },
        ),
    ]
    header("instruction counts (millions; valgrind), against a reference counted the same way")
    for reference_name, reference, commands in groups:
        for command in (reference, *(command for command, _ in commands.values())):
            warm = command(0) if callable(command) else command
            subprocess.run(warm, capture_output=True, env=environment)  # bytecode cached
        base = instruction_count(reference, environment)
        row(reference_name, base / 1e6, "1.00x", "reference", None)
        for name, (command, goal) in commands.items():
            count = instruction_count(command(1) if callable(command) else command, environment)
            ratio = count / base
            row(name, count / 1e6, f"{ratio:.2f}x", f"<= {goal:.2f}x", ratio <= goal)


def catch_ups(work: Path) -> None:
    """``status`` and ``next`` for a learner who is behind, on the 1,000-task hybrid course: one
    who can still catch up (the least daily time is searched) and one who cannot (the deadlines
    to give up are searched), against ``status`` for a learner on track. CPU time of the
    process (medians of runs taken in turn), and instruction counts when valgrind is there."""
    stores = {}
    for name, events in (("catch-up-half-done", 1_000), ("catch-up-nothing-done", 0)):
        stores[name] = work / f"{name}.sqlite3"
        if not stores[name].exists():
            subprocess.run(
                [PYTHON, __file__, "--build-team-store", str(stores[name]), "2", str(events)],
                check=True,
            )
    learner = ["--learner", "learner-1"]
    half, nothing = stores["catch-up-half-done"], stores["catch-up-nothing-done"]
    cases = {  # name: (store, now, command)
        "status, on track (reference)": (half, "2027-02-12T09:00:00+00:00", "status"),
        "status, behind, can catch up (7h07m a day)": (half, "2027-02-13T09:00:00+00:00", "status"),
        "next, behind, can catch up": (half, "2027-02-13T09:00:00+00:00", "next"),
        "status, behind, cannot (6 deadlines given up)": (
            nothing,
            "2027-01-16T09:00:00+00:00",
            "status",
        ),
        "next, behind, cannot": (nothing, "2027-01-16T09:00:00+00:00", "next"),
    }

    def environment_of(store: Path, now: str) -> dict[str, str]:
        return {**ENVIRONMENT, "LEARNSYNC_STORE": str(store), "LEARNSYNC_NOW": now}

    header("catch-up advice: a learner behind, 1,000-task course, CPU time against on track")
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for store, now, command in cases.values():
        usage([*LEARNSYNC, command, *learner], environment_of(store, now))  # bytecode cached
    for _ in range(RUNS):
        for name, (store, now, command) in cases.items():
            cpu[name].append(usage([*LEARNSYNC, command, *learner], environment_of(store, now))[1])
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    base = medians["status, on track (reference)"]
    for name, value in medians.items():
        if value is base:
            row(name, value, "1.00x", "reference", None)
            continue
        ratio = value / base
        row(name, value, f"{ratio:.2f}x", "<= 2.00x, < 0.5 s CPU", ratio <= 2 and value < 0.5)
    if shutil.which("valgrind") is None:
        return
    header("the same, instruction counts (millions; valgrind)")
    counts = {
        name: instruction_count([*LEARNSYNC, command, *learner], environment_of(store, now))
        for name, (store, now, command) in cases.items()
    }
    base_count = counts["status, on track (reference)"]
    for name, count in counts.items():
        ratio = count / base_count
        row(name, count / 1e6, f"{ratio:.2f}x", "<= 2.00x", ratio <= 2)


# -- the stores ---------------------------------------------------------------------------------


def forecasts(work: Path) -> None:
    """The forecast (``learnsync.forecast``) in process, CPU, on the 1,000-task course with
    histories that all differ (nothing shared but the plan and the draws): the Monte Carlo of
    one learner (``status``) and of 100, and the closed form of 100 and 1,000 (``report``)."""
    import random
    from datetime import timedelta

    from learnsync import forecast as module
    from learnsync.course.loader import parse_course
    from learnsync.planning import plan

    header("forecast: 1,000-task course, histories that all differ (in process, CPU)")
    course = parse_course(generate_course(1_000, 2_000).replace('mode = "sync"', 'mode = "hybrid"'))
    cohort = plan(course, start=date(2027, 1, 4))
    today = date(2027, 2, 1)
    rng = random.Random(7)
    ids = [task.id for task in cohort.tasks]
    learners = []
    for _ in range(1_000):
        done = frozenset(ids[: rng.randrange(100, 900)])
        worked = {
            today - timedelta(days=offset): rng.choice((0, 0, 30, 60, 90, 120, 240, 480))
            for offset in range(1, 29)
        }
        learners.append((done, worked))

    def cold(count: int, simulated: bool = True) -> None:
        module._SIMULATED.clear()
        for done, worked in learners[:count]:
            module.forecast(cohort, done, worked, today, simulated=simulated)

    one = best_in_process(lambda: cold(1), runs=5)
    row("one learner's Monte Carlo (status)", one, "", "reported", None)
    hundred = best_in_process(lambda: cold(100), runs=3)
    row("100 learners' Monte Carlo (for scale)", hundred, "", "reported", None)
    for count in (100, 1_000):
        seconds = best_in_process(lambda size=count: cold(size, simulated=False), runs=3)
        row(f"{count:,} learners' closed form (report)", seconds, "", "reported", None)


def build_team_store(
    path: Path, learners: int, tasks: int = 1_000, per_learner: int = 1_000, sessions: int = 0
) -> None:
    """A store with ``learners`` enrolled in one ``tasks``-task hybrid course (one cohort: one
    course source and one plan, shared), ``per_learner`` events each: half the tasks done, a
    quarter of those undone and done again; completions carry their deadline, as ``done`` writes
    them. With ``sessions``, the course has that many live sessions (``live-1`` on day 1, one a
    day), none attended. The enrollments and events are inserted in bulk, then every progress
    snapshot is replayed from the events (``Store.rebuild_snapshots``, as ``learnsync store
    rebuild``)."""
    from datetime import UTC, datetime, timedelta

    from learnsync.course.loader import parse_course
    from learnsync.planning import plan
    from learnsync.rules import completion_deadline
    from learnsync.store.database import PlanOptions, open_store

    source = generate_course(tasks, tasks * 2).replace('mode = "sync"', 'mode = "hybrid"')
    source += "".join(
        f'\n[[session]]\nid = "live-{number}"\ntitle = "Live session {number}"\n'
        f'at = "day {number} 10:00"\nduration = "30m"\npoints = 5\n'
        for number in range(1, sessions + 1)
    )
    course = parse_course(source)
    cohort_plan = plan(course, start=date(2027, 1, 4))
    deadlines = {
        task.id: completion_deadline(task, cohort_plan).isoformat(timespec="seconds")
        for task in cohort_plan.tasks
    }
    moment = datetime(2027, 1, 4, 9, tzinfo=UTC)
    half = per_learner // 2
    history = [("done", index) for index in range(half)]
    history += [("undone", index) for index in range(0, half, 2)]
    history += [("done", index) for index in range(0, half, 2)]
    history = history[:per_learner]
    stamps = [
        (moment + timedelta(minutes=step)).isoformat(timespec="seconds")
        for step in range(len(history))
    ]
    recorded = moment.isoformat(timespec="seconds")
    with open_store(path) as store:
        first = store.enroll(
            "learner-0",
            course.id,
            now=moment,
            source_path="generated.toml",
            source_hash="0" * 64,
            source=source,
            plan=cohort_plan,
            options=PlanOptions(),
        )
        with store.transaction() as connection:
            shared = connection.execute(
                "SELECT created_at, reason, source_path, source_hash, source_document, "
                "plan_document, options, finish FROM plans WHERE enrollment_id = ?",
                (first.id,),
            ).fetchone()
            for number in range(1, learners):
                enrollment_id = connection.execute(
                    "INSERT INTO enrollments (learner, course_id, created_at) VALUES (?, ?, ?)",
                    (f"learner-{number}", course.id, recorded),
                ).lastrowid
                connection.execute(
                    "INSERT INTO plans (enrollment_id, created_at, reason, source_path, "
                    "source_hash, source_document, plan_document, options, finish) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (enrollment_id, *shared),
                )
            ids = [row[0] for row in connection.execute("SELECT id FROM enrollments ORDER BY id")]
            connection.executemany(
                "INSERT INTO events (enrollment_id, kind, item, at, recorded_at, deadline) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        enrollment_id,
                        kind,
                        f"task-{index}",
                        stamps[step],
                        recorded,
                        deadlines[f"task-{index}"] if kind == "done" else None,
                    )
                    for enrollment_id in ids
                    for step, (kind, index) in enumerate(history)
                ),
            )
        store.rebuild_snapshots()
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def team_store(work: Path, learners: int) -> Path:
    """The team store of ``learners`` learners, built once a run by a child process: a parent
    that has loaded the course model and the planner makes every later fork slower."""
    path = work / f"team-{learners}.sqlite3"
    if not path.exists():
        subprocess.run(
            [PYTHON, __file__, "--build-team-store", str(path), str(learners)], check=True
        )
    return path


FIGURES = {
    "startup": startup,
    "check-and-plan": check_and_plan,
    "plan-formats": plan_formats,
    "tracking-team": tracking,
    "attendance": attendance,
    "big-team": big_team,
    "dashboards": dashboards,
    "parsers": parsers,
    "check-many": check_many,
    "plan-growth": plan_growth,
    "xapi": export_xapi,
    "badges": badges,
    "hostile": hostile,
    "blackouts": blackouts,
    "forecast": forecasts,
    "catch-up": catch_ups,
}
ONLY_WHEN_ASKED = {"sync": sync_lrs, "instructions": instructions}


def main() -> None:
    if sys.argv[1:2] == ["--build-team-store"]:  # PATH LEARNERS [EVENTS A LEARNER [SESSIONS]]
        extra = dict(zip(("per_learner", "sessions"), map(int, sys.argv[4:6]), strict=False))
        build_team_store(Path(sys.argv[2]), int(sys.argv[3]), **extra)
        return
    wanted = sys.argv[1:]
    work = Path(tempfile.mkdtemp(prefix="learnsync-bench-"))
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"at the start; Python {sys.version.split()[0]}"
    )
    if load[0] > (os.cpu_count() or 1) / 2:
        print(
            "warning: the machine is busy: other processes take the cores between the runs of "
            "a round, and no ratio measured now is worth a verdict (one run at load 4 put next "
            "at 0.84x --version); measure again when it is quiet"
        )
    print(f"  {'figure':<52} {'seconds':>8}  {'ratio':>9}  {'goal':<26} verdict")
    try:
        for name, measure in {**FIGURES, **ONLY_WHEN_ASKED}.items():
            if (not wanted and name in FIGURES) or any(word in name for word in wanted):
                measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        load = os.getloadavg()
        print(f"\nload average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end")


if __name__ == "__main__":
    main()
