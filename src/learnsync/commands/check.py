"""``learnsync check``: validate course files for people and CI (``learnsync.checking`` does
the checking; this prints it)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def run(
    paths: Sequence[Path],
    output_format: str,
    strict: bool,
    start: Sequence[str] = (),
    starts: str | None = None,
    exclude: Sequence[str] = (),
) -> int:
    from learnsync.checking import check_files, exit_code
    from learnsync.options import parse_cohorts

    report = check_files(paths, parse_cohorts(start, starts), exclude)
    results = report.results
    if output_format == "json":
        from learnsync.render.findings_json import render_check_results

        sys.stdout.write(render_check_results(results, skipped=report.skipped))
    elif output_format == "sarif":
        from learnsync.render.sarif import render_check_results as render_sarif

        sys.stdout.write(render_sarif(results))
    elif output_format == "github":
        from learnsync.render.github import render_check_results as render_github

        sys.stdout.write(render_github(results))
    else:
        from learnsync.render.text import print_check_results

        print_check_results(results, skipped=report.skipped)
    return exit_code(results, strict=strict)
