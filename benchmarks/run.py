"""Measure learnsync's figures end to end, as a user's shell would run the commands.

    python benchmarks/run.py            # every figure
    python benchmarks/run.py check      # only those whose name contains "check"

End-to-end figures are the median wall time of several runs of a fresh process; in-process
figures are the best of several runs. Results go to stdout; copy them to benchmarks/README.md.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_course, generate_small_course

PYTHON = sys.executable
LEARNSYNC = [PYTHON, "-m", "learnsync"]
RUNS = 9


def median_seconds(command: Sequence[str], runs: int = RUNS, check: bool = True) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        timings.append(time.perf_counter() - started)
        if check and result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return statistics.median(timings)


def best_in_process(function: Callable[[], object], runs: int = RUNS) -> float:
    """The fastest of several runs, as timeit reports: the figure least disturbed by the rest
    of the machine."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def figure(name: str, value: float, limit: str, ok: bool) -> None:
    print(f"{name:<58} {value:8.3f}  {limit:<24} {'ok' if ok else 'OVER'}")


def startup(work: Path) -> None:
    typer_import = median_seconds([PYTHON, "-c", "import typer"], runs=15)
    version = median_seconds([*LEARNSYNC, "--version"], runs=15)
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
    parse = best_in_process(lambda: tomllib.loads(text))
    check = median_seconds([*LEARNSYNC, "check", str(path)])
    size = path.stat().st_size / 1e6
    figure(
        f"tomllib.loads, 10,000 tasks / 20,000 edges ({size:.1f} MB) (s)", parse, "reference", True
    )
    figure(
        "learnsync check, same file, end to end (s)",
        check,
        "< 1.0 s, <= 2.5x tomllib",
        check < 1.0 and check <= 2.5 * parse,
    )
    figure("  ratio to tomllib", check / parse, "<= 2.5", check <= 2.5 * parse)


def check_many(work: Path) -> None:
    folder = work / "many"
    folder.mkdir()
    for number in range(200):
        (folder / f"course-{number:03d}.toml").write_text(generate_small_course(number))
    check = median_seconds([*LEARNSYNC, "check", str(folder)])
    figure("learnsync check on 200 small course files (s)", check, "< 2.0 s", check < 2.0)


def plan_big(work: Path) -> None:
    path = work / "plan-big.toml"
    path.write_text(generate_course(10_000, 20_000))
    command = [*LEARNSYNC, "plan", str(path), "--mode", "sync", "--format", "json", "--start", "2027-01-04"]
    elapsed = median_seconds(command)
    figure("plan --mode sync --format json, 10,000 tasks (s)", elapsed, "< 1.5 s", elapsed < 1.5)


def plan_growth(work: Path) -> None:
    from datetime import date

    from learnsync.course.loader import parse_course
    from learnsync.planning import plan
    from learnsync.render.plan_json import render_plan

    import gc

    gc.collect()
    gc.disable()  # as the CLI runs it (see learnsync.cli.main)
    timings = {}
    for tasks in (1_000, 10_000):
        course = parse_course(generate_course(tasks, tasks * 2))
        start = date(2027, 1, 4)
        planning = best_in_process(lambda course=course: plan(course, start=start, mode="sync"))
        result = plan(course, start=start, mode="sync")
        rendering = best_in_process(lambda result=result: render_plan(result))
        timings[tasks] = planning
        figure(f"plan() in process, {tasks:,} tasks (s)", planning, "reference", True)
        figure(f"render json in process, {tasks:,} tasks (s)", rendering, "reference", True)
    gc.enable()
    growth = timings[10_000] / timings[1_000]
    figure("planning growth from 1,000 to 10,000 tasks (x)", growth, "<= 12x", growth <= 12)


FIGURES = {
    "startup": startup,
    "check-big": check_big,
    "check-many": check_many,
    "plan-big": plan_big,
    "plan-growth": plan_growth,
}


def main() -> None:
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
