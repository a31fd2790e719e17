"""``learnsync check``: validate course files for people and CI."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult, check_course

if TYPE_CHECKING:
    from learnsync.course.model import Course


def course_files(paths: Iterable[Path]) -> Iterator[tuple[str, Path | None]]:
    """Each file to check: the files given, and every ``*.toml`` under each folder given.

    A folder holding no course file yields ``(folder, None)`` so that it is reported.
    """
    for path in paths:
        if not path.is_dir():
            yield str(path), path
            continue
        found = sorted(
            candidate
            for candidate in path.rglob("*.toml")
            if candidate.is_file()
            and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
        )
        if not found:
            yield str(path), None
        for candidate in found:
            yield str(candidate), candidate


def check_paths(paths: Iterable[Path], start: date | None = None) -> list[CheckResult]:
    """Check every course file under ``paths``, in the order given; with ``start``, also whether
    sync and hybrid courses can meet their deadlines from that date."""
    results = []
    for name, path in course_files(paths):
        if path is None:
            finding = Finding("no-course-files", "is a folder with no *.toml file in it", file=name)
            results.append(CheckResult(name, None, [finding]))
            continue
        result = check_course(path)
        if start is not None and result.course is not None and not result.errors:
            result.findings.extend(feasibility_findings(result.course, path, start))
            result.findings.extend(session_clock_findings(result.course, path, start))
        results.append(result)
    return results


def feasibility_findings(course: Course, path: Path, start: date) -> list[Finding]:
    """What planning finds about a course that has deadlines: none when a plan meets them."""
    modes = {course.module_mode(module) for module in course.modules}
    if modes <= {"async"} and not course.sessions:
        return []
    from learnsync.course.loader import locate_findings
    from learnsync.planning.planner import feasibility

    findings = feasibility(course, start=start)
    return locate_findings(findings, path) if findings else []


def session_clock_findings(course: Course, path: Path, start: date) -> list[Finding]:
    """Sessions at ``day N HH:MM`` that fall on a time the clocks skip or repeat, for the cohort
    starting on ``start`` (sessions at a date-time are checked for every cohort)."""
    from learnsync.course.checks import check_session_clocks
    from learnsync.course.loader import locate_findings

    findings = list(check_session_clocks(course, start))
    return locate_findings(findings, path) if findings else []


def _next_monday() -> date:
    from datetime import UTC

    from learnsync.clock import next_monday

    return next_monday(UTC)


def exit_code(results: Sequence[CheckResult], *, strict: bool) -> int:
    failed = any(result.errors or (strict and result.warnings) for result in results)
    return 1 if failed else 0


def run(paths: Sequence[Path], output_format: str, strict: bool, start: str | None) -> int:
    from learnsync.options import parse_start

    start_date = parse_start(start, _next_monday()) if start != "none" else None
    results = check_paths(paths, start_date)
    if output_format == "json":
        from learnsync.render.findings_json import render_check_results

        sys.stdout.write(render_check_results(results))
    elif output_format == "sarif":
        from learnsync.render.sarif import render_check_results as render_sarif

        sys.stdout.write(render_sarif(results))
    elif output_format == "github":
        from learnsync.render.github import render_check_results as render_github

        sys.stdout.write(render_github(results))
    else:
        from learnsync.render.text import print_check_results

        print_check_results(results)
    return exit_code(results, strict=strict)
