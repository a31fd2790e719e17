"""``learnsync check``: validate course files for people and CI."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from learnsync.course.findings import Finding
from learnsync.course.loader import CheckResult, check_course


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


def check_paths(paths: Iterable[Path]) -> list[CheckResult]:
    """Check every course file under ``paths``, in the order given."""
    results = []
    for name, path in course_files(paths):
        if path is None:
            finding = Finding("no-course-files", "is a folder with no *.toml file in it", file=name)
            results.append(CheckResult(name, None, [finding]))
        else:
            results.append(check_course(path))
    return results


def exit_code(results: Sequence[CheckResult], *, strict: bool) -> int:
    failed = any(result.errors or (strict and result.warnings) for result in results)
    return 1 if failed else 0


def run(paths: Sequence[Path], output_format: str, strict: bool) -> int:
    results = check_paths(paths)
    if output_format == "json":
        from learnsync.render.findings_json import render_check_results

        sys.stdout.write(render_check_results(results))
    elif output_format == "github":
        from learnsync.render.github import render_check_results as render_github

        sys.stdout.write(render_github(results))
    else:
        from learnsync.render.text import print_check_results

        print_check_results(results)
    return exit_code(results, strict=strict)
