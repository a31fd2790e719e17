"""Measure learnsync's figures end to end, as a user's shell would run the commands.

    python benchmarks/run.py            # every figure
    python benchmarks/run.py check      # only those whose name contains "check"

End-to-end figures are the median wall time of several runs of a fresh process; in-process
figures are the best of several runs. Results go to stdout; copy them to benchmarks/README.md.
"""

from __future__ import annotations

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


def median_seconds(command: Sequence[str], runs: int = RUNS, expect: int = 0) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    return statistics.median(timed(command, expect=expect) for _ in range(runs))


def best_in_process(function: Callable[[], object], runs: int = 15) -> float:
    """The least CPU time of several runs, as timeit reports: the figure least disturbed by the
    rest of the machine."""
    timings = []
    for _ in range(runs):
        started = time.process_time()
        function()
        timings.append(time.process_time() - started)
    return min(timings)


def figure(name: str, value: float, limit: str, ok: bool) -> None:
    print(f"{name:<58} {value:8.3f}  {limit:<24} {'ok' if ok else 'OVER'}")


def paired_medians(
    first: Sequence[str], second: Sequence[str], runs: int = RUNS
) -> tuple[float, float]:
    """Median wall times of two commands run alternately, so that both see the same machine."""
    for command in (first, second):
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT
        )
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for command, bucket in zip((first, second), timings, strict=True):
            bucket.append(timed(command))
    return statistics.median(timings[0]), statistics.median(timings[1])


def startup(work: Path) -> None:
    typer_import, version = paired_medians(
        [PYTHON, "-c", "import typer"], [*LEARNSYNC, "--version"], runs=15
    )
    figure("python -c 'import typer' (s)", typer_import, "reference", True)
    figure(
        "learnsync --version (s)", version, "<= 1.5x import typer", version <= 1.5 * typer_import
    )
    figure("  ratio", version / typer_import, "<= 1.5", version <= 1.5 * typer_import)


def check_big(work: Path) -> None:
    import tomllib

    path = work / "big.toml"
    path.write_text(generate_course(10_000, 20_000))
    text = path.read_text()
    in_process = best_in_process(lambda: tomllib.loads(text), runs=5)
    parse_only = [PYTHON, "-c", f"import tomllib; tomllib.loads(open({str(path)!r}).read())"]
    parse, check = paired_medians(parse_only, [*LEARNSYNC, "check", str(path)])
    size = path.stat().st_size / 1e6
    figure(
        f"tomllib.loads in process, 10,000 tasks ({size:.1f} MB) (s)", in_process, "reference", True
    )
    figure("python parsing it with tomllib alone, end to end (s)", parse, "reference", True)
    figure("learnsync check, same file, end to end (s)", check, "< 1.0 s", check < 1.0)
    figure("  ratio to tomllib alone", check / parse, "<= 2.5", check <= 2.5 * parse)
    from learnsync.checking import check_files

    inside = best_in_process(lambda: check_files([path]), runs=5)
    figure("  in process, CPU (s)", inside, "reference", True)
    figure("  ratio to tomllib.loads in process", inside / in_process, "reported", True)
    cohort = median_seconds([*LEARNSYNC, "check", str(path), "--start", "2027-01-04"])
    figure("  with --start 2027-01-04 (one cohort planned) (s)", cohort, "< 1.0 s", cohort < 1.0)
    broken = work / "big-broken.toml"
    broken.write_text(text.replace("effort = 15\n", 'effort = "15 minutes"\n', 1))
    mended = median_seconds([*LEARNSYNC, "check", str(broken)], expect=1)
    figure("  with one bad value (the rest checked too) (s)", mended, "reported", True)


def check_many(work: Path) -> None:
    folder = work / "many"
    folder.mkdir()
    for number in range(200):
        (folder / f"course-{number:03d}.toml").write_text(generate_small_course(number))
    (folder / "pyproject.toml").write_text('[project]\nname = "not-a-course"\n')
    version = median_seconds([*LEARNSYNC, "--version"])
    check = median_seconds([*LEARNSYNC, "check", str(folder)])
    figure("learnsync check on 200 small course files (s)", check, "< 2.0 s", check < 2.0)
    figure("  ratio to learnsync --version", check / version, "reported", True)
    cohorts = median_seconds([*LEARNSYNC, "check", str(folder), "--start", "2027-01-04"])
    figure("  with --start 2027-01-04 (s)", cohorts, "< 2.0 s", cohorts < 2.0)
    from learnsync.checking import Cohorts, check_files

    inside = best_in_process(lambda: check_files([folder]), runs=5)
    figure("  in process, CPU (s)", inside, "reference", True)
    with_start = Cohorts(starts=(date(2027, 1, 4),))
    inside = best_in_process(lambda: check_files([folder], with_start), runs=5)
    figure("  in process with --start, CPU (s)", inside, "reference", True)


def plan_big(work: Path) -> None:
    path = work / "plan-big.toml"
    path.write_text(generate_course(10_000, 20_000))
    command = [
        *LEARNSYNC,
        "plan",
        str(path),
        "--mode",
        "sync",
        "--format",
        "json",
        "--start",
        "2027-01-04",
    ]
    elapsed = median_seconds(command)
    figure("plan --mode sync --format json, 10,000 tasks (s)", elapsed, "< 1.5 s", elapsed < 1.5)


def plan_growth(work: Path) -> None:
    """plan() in process on 1,000 and 10,000 tasks, measured alternately (CPU time, best of 15;
    the small course is planned ten times a sample), with the cycle collector off as in the CLI."""
    import gc
    from datetime import date

    from learnsync.course.loader import parse_course
    from learnsync.planning import plan
    from learnsync.render.plan_json import render_plan

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
    figure("plan() in process, 1,000 tasks (s)", small_time, "reference", True)
    figure("plan() in process, 10,000 tasks (s)", large_time, "reference", True)
    figure("plan() and JSON rendering in process, 10,000 tasks (s)", rendering, "reference", True)
    growth = large_time / small_time
    figure("planning growth from 1,000 to 10,000 tasks (x)", growth, "<= 12x", growth <= 12)


def build_team_store(
    work: Path, learners: int = 100, tasks: int = 1_000, events: int = 100_000
) -> Path:
    """A store with ``learners`` enrolled in one ``tasks``-task course and ``events`` events."""
    from datetime import UTC, date, datetime, timedelta

    from learnsync.course.loader import parse_course
    from learnsync.planning import plan
    from learnsync.store.database import PlanOptions, open_store

    source = generate_course(tasks, tasks * 2).replace('mode = "sync"', 'mode = "hybrid"')
    course = parse_course(source)
    cohort_plan = plan(course, start=date(2027, 1, 4))
    path = work / "team.sqlite3"
    if path.exists():  # one store serves every figure of a run
        return path
    moment = datetime(2027, 1, 4, 9, tzinfo=UTC)
    with open_store(path) as store:
        rows = [
            store.enroll(
                f"learner-{number}",
                course.id,
                now=moment,
                source_path="generated.toml",
                source_hash="0" * 64,
                source=source,
                plan=cohort_plan,
                options=PlanOptions(),
            )
            for number in range(learners)
        ]
        # Each learner: half the tasks done, a quarter of those undone and done again.
        per_learner = events // learners
        half = per_learner // 2
        history = [("done", index) for index in range(half)]
        history += [("undone", index) for index in range(0, half, 2)]
        history += [("done", index) for index in range(0, half, 2)]
        history = history[:per_learner]
        with store.transaction() as connection:
            connection.executemany(
                "INSERT INTO events (enrollment_id, kind, item, at, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (
                    (
                        row.id,
                        kind,
                        f"task-{index}",
                        (moment + timedelta(minutes=step)).isoformat(),
                        moment.isoformat(),
                    )
                    for row in rows
                    for step, (kind, index) in enumerate(history)
                ),
            )
    return path


def team_store(work: Path) -> Path:
    """The team store, built by a child process: a parent that has loaded the course model and
    the planner makes every later fork slower, which would inflate the figures."""
    path = work / "team.sqlite3"
    if not path.exists():
        subprocess.run([PYTHON, __file__, "--build-team-store", str(work)], check=True)
    return path


def tracking(work: Path) -> None:
    path = team_store(work)
    environment = {
        **ENVIRONMENT,
        "LEARNSYNC_STORE": str(path),
        "LEARNSYNC_NOW": "2027-02-01T09:00:00+00:00",
    }
    version = [*LEARNSYNC, "--version"]
    next_command = [*LEARNSYNC, "next", "--learner", "learner-42"]
    timings: dict[str, list[float]] = {"version": [], "next": [], "done": []}
    for number in range(RUNS):
        done_command = [*LEARNSYNC, "done", f"task-{999 - number}", "--learner", "learner-42"]
        for name, command in (("version", version), ("next", next_command), ("done", done_command)):
            timings[name].append(timed(command, environment))
    version_time = statistics.median(timings["version"])
    figure("store: 100 learners, 1,000-task course, 100,000 events", 0, "setup", True)
    figure("  learnsync --version (s)", version_time, "reference", True)
    for name in ("next", "done"):
        value = statistics.median(timings[name])
        ok = value < 0.150 and value <= 2.5 * version_time
        figure(f"  learnsync {name} (s)", value, "< 0.150 s, <= 2.5x version", ok)
        figure(
            "    ratio to --version", value / version_time, "<= 2.5", value <= 2.5 * version_time
        )


def team_views(work: Path) -> None:
    path = team_store(work)
    environment = {
        **ENVIRONMENT,
        "LEARNSYNC_STORE": str(path),
        "LEARNSYNC_NOW": "2027-02-01T09:00:00+00:00",
    }
    commands = {
        "status": ([*LEARNSYNC, "status", "--learner", "learner-42"], 0.200),
        "report": ([*LEARNSYNC, "report", "generated"], 1.0),
        "leaderboard": ([*LEARNSYNC, "leaderboard", "generated"], 1.0),
    }
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, (command, _) in commands.items():
            timings[name].append(timed(command, environment))
    figure("store: 100 learners, 1,000-task course, 100,000 events", 0, "setup", True)
    for name, (_, limit) in commands.items():
        value = statistics.median(timings[name])
        figure(f"  learnsync {name} (s)", value, f"< {limit} s", value < limit)


def export_xapi(work: Path) -> None:
    path = team_store(work)
    environment = {**ENVIRONMENT, "LEARNSYNC_STORE": str(path)}
    target = work / "statements.json"
    command = [*LEARNSYNC, "export", "--format", "xapi", "--output", str(target)]
    value = statistics.median(timed(command, environment) for _ in range(3))
    import json

    count = len(json.loads(target.read_text()))
    figure(
        f"export --format xapi, 100,000 events ({count:,} statements) (s)",
        value,
        "< 3 s",
        value < 3,
    )


def sync_lrs(work: Path) -> None:
    """Sync the team store's 100,000 statements to Ralph's LRS on loopback (tests/lrs_server.py)."""
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.lrs_server import PASSWORD, USER, LrsUnavailable, running_lrs

    path = team_store(work)
    try:
        with running_lrs(work / "ralph") as url:
            command = [
                *LEARNSYNC,
                "sync",
                "--lrs",
                url,
                "--batch",
                "1000",
                "--timeout",
                "300",
                "--format",
                "json",
            ]
            environment = {
                **ENVIRONMENT,
                "LEARNSYNC_STORE": str(path),
                "LEARNSYNC_LRS_USER": USER,
                "LEARNSYNC_LRS_PASSWORD": PASSWORD,
            }
            started = time.perf_counter()
            result = subprocess.run(
                command, capture_output=True, text=True, env=environment, check=True
            )
            elapsed = time.perf_counter() - started
    except LrsUnavailable as error:
        print(f"sync: skipped, {error}")
        return
    sent = json.loads(result.stdout)["sent"]
    figure(
        f"sync of {sent:,} statements to a local LRS, batches of 1,000 (s)",
        elapsed,
        "reported",
        True,
    )
    figure("  throughput (statements/s)", sent / elapsed, "reported", True)


def badges(work: Path) -> None:
    """Sign every badge the team store's learners earned, then verify them all."""
    path = team_store(work)
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
    figure(
        f"export --format badges, {count:,} signed credentials (s)", export_time, "reported", True
    )
    figure(
        "  a credential (ms)", 1000 * export_time / count, "< 60 ms", export_time / count < 0.060
    )
    figure(f"verify of the {count:,} credentials (s)", verify_time, "reported", True)
    figure(
        "  a credential (ms)", 1000 * verify_time / count, "< 60 ms", verify_time / count < 0.060
    )


def hostile(work: Path) -> None:
    """Issue 10's slow inputs: each must take seconds at most and stay well under a few hundred
    MB (peak memory is the child's maximum resident set)."""
    import resource

    header = '[course]\nid = "c"\ntitle = "C"\nmode = "sync"\n'
    module = '\n[[module]]\nid = "m"\ntitle = "M"\ndue = DUE\n\n[[module.task]]\nid = "t"\n'
    module += 'title = "T"\neffort = "EFFORT"\n'
    far = work / "far.toml"
    far.write_text(header + module.replace("DUE", "2200-12-31").replace("EFFORT", "30m"))
    long = work / "long.toml"
    long.write_text(
        header.replace('mode = "sync"', 'mode = "sync"\n[calendar]\ncountry = "DE"')
        + module.replace("DUE", "2200-12-31").replace("EFFORT", "10000h")
    )
    keys = work / "keys.toml"
    keys.write_text(
        header
        + "".join(f"unknown{n} = 1\n" for n in range(100_000))
        + module.replace("DUE", '"week 2"').replace("EFFORT", "30m")
    )
    sessions = work / "sessions.toml"
    sessions.write_text(
        header
        + module.replace("DUE", '"week 2"').replace("EFFORT", "30m")
        + "".join(
            f'\n[[session]]\nid = "s{n}"\ntitle = "S"\nat = "day 1 10:00"\nduration = "1h"\n'
            for n in range(3_000)
        )
    )
    cases = [
        ("check, due 2200-12-31, --start 2027-01-04", [str(far), "--start", "2027-01-04"], 0),
        ("check, a 10000h task to 2200, public holidays", [str(long), "--start", "2027-01-04"], 0),
        ("check, 100,000 unknown keys (text)", [str(keys)], 1),
        ("check, 3,000 overlapping sessions (text)", [str(sessions)], 1),
    ]
    for name, arguments, expect in cases:
        seconds = median_seconds([*LEARNSYNC, "check", *arguments], runs=3, expect=expect)
        figure(f"{name} (s)", seconds, "< 3 s", seconds < 3)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*LEARNSYNC, "check", str(keys)], stdout=subprocess.DEVNULL, env=ENVIRONMENT)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    figure("  peak memory of the largest of these (MB)", peak, "< 300 MB", peak < 300)


FIGURES = {
    "startup": startup,
    "check-big": check_big,
    "check-many": check_many,
    "plan-big": plan_big,
    "plan-growth": plan_growth,
    "tracking": tracking,
    "team": team_views,
    "xapi": export_xapi,
    "badges": badges,
    "sync": sync_lrs,
    "hostile": hostile,
}


def main() -> None:
    if sys.argv[1:2] == ["--build-team-store"]:
        build_team_store(Path(sys.argv[2]))
        return
    wanted = sys.argv[1:]
    work = Path(tempfile.mkdtemp(prefix="learnsync-bench-"))
    try:
        print(f"{'figure':<58} {'value':>8}  {'target':<24} verdict")
        for name, measure in FIGURES.items():
            if not wanted or any(word in name for word in wanted):
                measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
