"""Checking course files, for the ``check`` command and for scripts: the library below it.

```python
from datetime import date
from pathlib import Path
from learnsync.checking import Cohorts, check_files

report = check_files([Path("courses")], Cohorts(starts=(date(2027, 1, 4),)))
for result in report.results:
    print(result.file, len(result.errors), [cohort.label for cohort in result.cohorts])
```

The verdict never depends on the day it runs: without cohorts, only checks that hold for any
cohort run; date-bound checks (deadlines, live sessions on days off or public holidays) run for
the cohorts named (``Cohorts``) or in the course's ``[[cohort]]`` tables. Nothing is printed.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from learnsync.course.findings import CohortStart, Finding
from learnsync.course.loader import CheckResult, check_course

if TYPE_CHECKING:
    from learnsync.course.model import Course

_COURSE_HEADER = re.compile(r"^[ \t]*\[[ \t]*course[ \t]*\]", re.M)


@dataclass(frozen=True)
class Cohorts:
    """Which cohorts the date-bound checks run for.

    ``starts`` (``--start``, repeatable) and ``between`` (``--starts FROM..TO``) apply to every
    file; without them each course's own ``[[cohort]]`` tables are used; ``skip`` (``--start
    none``) runs no date-bound check at all.
    """

    starts: tuple[date, ...] = ()
    between: tuple[date, date] | None = None
    skip: bool = False

    def for_course(self, course: Course) -> tuple[CohortStart, ...]:
        if self.skip:
            return ()
        if self.starts or self.between:
            from learnsync.planning.cohorts import cohorts_in_range

            chosen = [CohortStart(start) for start in self.starts]
            if self.between:
                chosen += cohorts_in_range(course, *self.between)
        else:
            chosen = [CohortStart(cohort.start, cohort.name) for cohort in course.cohorts]
        unique: dict[date, CohortStart] = {}
        for cohort in chosen:
            unique.setdefault(cohort.start, cohort)
        return tuple(sorted(unique.values(), key=lambda cohort: cohort.start))


@dataclass
class CheckReport:
    """Every course file checked, and how many other TOML files a folder search skipped."""

    results: list[CheckResult] = field(default_factory=list)
    skipped: int = 0


def course_files(folder: Path, exclude: Sequence[str] = ()) -> tuple[list[Path], int]:
    """The course files under a folder, and how many other TOML files it holds: every
    ``*.toml`` that is not hidden, not matched by an ``exclude`` glob (on its path from the
    folder, or its name) and not ignored by git, when it has a ``[course]`` table."""
    found = _not_ignored(folder, sorted(_search(folder, exclude)))
    courses = [path for path in found if _holds_a_course(path)]
    return courses, len(found) - len(courses)


def _excluded(relative: str, name: str, exclude: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern)
        for pattern in exclude
    )


def _search(folder: Path, exclude: Sequence[str]) -> Iterator[Path]:
    for directory, subfolders, files in os.walk(folder):
        base = Path(directory)
        relative_base = base.relative_to(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and not _excluded((relative_base / name).as_posix(), name, exclude)
        )
        for name in files:
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            if _excluded((relative_base / name).as_posix(), name, exclude):
                continue
            candidate = base / name
            if not candidate.is_dir():  # a FIFO or a device is yielded, and reported as such
                yield candidate


def _not_ignored(folder: Path, files: list[Path]) -> list[Path]:
    """``files`` less those git ignores (``.gitignore``, ``info/exclude``, global excludes):
    git itself answers, so its rules hold exactly; outside a work tree nothing is ignored."""
    if not files:
        return files
    import subprocess

    try:
        answer = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input=b"".join(os.fsencode(file.resolve()) + b"\0" for file in files),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return files
    if answer.returncode != 0:  # 1: nothing ignored; 128: not a work tree
        return files
    ignored = {os.fsdecode(item) for item in answer.stdout.split(b"\0") if item}
    return [file for file in files if str(file.resolve()) not in ignored]


def _holds_a_course(path: Path) -> bool:
    """Whether a TOML file found in a folder is a course: it has a ``[course]`` table (a file
    that is not valid TOML counts when a line starts one)."""
    import tomllib

    from learnsync.inputs import InputFileError, read_input_file

    try:
        text = read_input_file(path).decode("utf-8", errors="replace")
    except InputFileError:
        return True  # the loader says why it cannot be read (a FIFO, a device, too large)
    if _COURSE_HEADER.search(text):
        return True
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(data.get("course"), dict)


def check_files(
    paths: Iterable[Path], cohorts: Cohorts | None = None, exclude: Sequence[str] = ()
) -> CheckReport:
    """Check every course file under ``paths``, in the order given: what holds for any cohort,
    and what holds for each of ``cohorts``. A file named is always checked; a folder is searched
    (see ``course_files``), and one without a course file is a finding."""
    cohorts = cohorts or Cohorts()
    report = CheckReport()
    for path in paths:
        if not path.is_dir():
            report.results.append(check_one(path, cohorts))
            continue
        courses, skipped = course_files(path, exclude)
        report.skipped += skipped
        if not courses:
            message = "is a folder with no course file in it" + (
                f" ({skipped} other TOML file{'' if skipped == 1 else 's'} skipped)"
                if skipped
                else ""
            )
            finding = Finding("no-course-files", message, file=str(path))
            report.results.append(CheckResult(str(path), None, [finding]))
        for course_path in courses:
            report.results.append(check_one(course_path, cohorts))
    return report


def check_paths(paths: Iterable[Path], start: date | None = None) -> list[CheckResult]:
    """Check every course file under ``paths``; with ``start``, also for a cohort starting then."""
    chosen = Cohorts(starts=(start,)) if start is not None else Cohorts()
    return check_files(paths, chosen).results


def check_one(path: Path, cohorts: Cohorts) -> CheckResult:
    """One course file: every finding that holds for any cohort, then the date-bound ones for
    its cohorts (with errors elsewhere, only the days of its live sessions: the deadlines need
    a course that can be planned)."""
    result = check_course(path)
    course = result.course or result.mended
    if course is None:
        return result
    from learnsync.course.loader import locate_findings
    from learnsync.planning.cohorts import cohort_findings, needs_planning
    from learnsync.planning.planner import capacity_findings

    tested = cohorts.for_course(course)
    result.cohorts = tested
    if result.errors:
        # the deadlines need a course that can be planned; its sessions' days do not, as long
        # as its calendar is sound
        if any(finding.key[:1] == ("calendar",) for finding in result.errors):
            return result
        sessions = cohort_findings(course, tested, sessions_only=True)
        if sessions:
            result.findings.extend(locate_findings(sessions, path))
            result.findings.sort(key=lambda finding: (finding.line, finding.column))
        return result
    found: list[Finding] = []
    if needs_planning(course):
        found += capacity_findings(course)
        # a deadline no cohort can meet fails for each of them too: said once, above
        found += [
            finding
            for finding in cohort_findings(course, tested)
            if not (found and finding.code == "infeasible-deadline")
        ]
    if found:
        result.findings.extend(locate_findings(found, path))
        result.findings.sort(key=lambda finding: (finding.line, finding.column))
    return result


def exit_code(results: Sequence[CheckResult], *, strict: bool) -> int:
    """1 when any file has an error (or, with ``strict``, a warning), else 0."""
    failed = any(result.errors or (strict and result.warnings) for result in results)
    return 1 if failed else 0
