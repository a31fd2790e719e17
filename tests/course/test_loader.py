from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from learnsync import CourseError, load_course, parse_course
from learnsync.course.loader import MAX_COURSE_BYTES, check_course
from tests.conftest import MINIMAL_COURSE


def test_a_valid_course_loads_with_its_defaults(write_course: Callable[..., Path]) -> None:
    course = load_course(write_course(MINIMAL_COURSE))
    assert course.id == "c"
    assert course.info.mode == "async"
    assert course.calendar.timezone == "UTC"
    assert course.calendar.workdays == ["mon", "tue", "wed", "thu", "fri"]
    assert course.calendar.daily_minutes == 60
    assert course.scoring.late_penalty == 0.5
    task = course.modules[0].tasks[0]
    assert (task.kind, task.effort_minutes, task.points_value, task.optional) == (
        "reading",
        30,
        5,
        False,
    )
    assert course.weekly_minutes == 300


def test_load_course_raises_one_error_type_with_file_line_and_key(
    write_course: Callable[..., Path],
) -> None:
    path = write_course(MINIMAL_COURSE.replace('effort = "30m"', 'effort = "30 minutes"'))
    with pytest.raises(CourseError) as caught:
        load_course(path)
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), 12, 10)
    assert error.key_path == "module[0].task[0].effort"
    assert error.message.startswith('"30 minutes" is not a duration')
    assert str(error).startswith(f"{path}:12:10: error [invalid-duration]")


def test_every_error_is_collected_not_just_the_first() -> None:
    text = MINIMAL_COURSE.replace('title = "C"', "title = 5").replace(
        'effort = "30m"', "effort = 0"
    )
    with pytest.raises(CourseError) as caught:
        parse_course(text, "c.toml")
    assert [(f.line, f.code) for f in caught.value.findings] == [
        (3, "wrong-type"),
        (12, "invalid-duration"),
    ]


def test_non_utf8_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINIMAL_COURSE.replace('title = "T"', 'title = "Caf\xe9"').encode("latin-1"))
    [finding] = check_course(path).findings
    assert (finding.code, finding.line, finding.column) == ("encoding", 11, 13)
    assert finding.message == "is not UTF-8 text: byte 0xe9 cannot be decoded"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_COURSE.encode())
    assert load_course(path).id == "c"


def test_a_very_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# padding\n" * (10 * 1024 * 1024 // 10))
    assert path.stat().st_size > MAX_COURSE_BYTES
    [finding] = check_course(path).findings
    assert finding.code == "file-too-large"
    assert finding.message == "is 10.0 MB; a course file may be at most 8 MB"


def test_a_missing_file_and_a_folder_are_findings_not_tracebacks(tmp_path: Path) -> None:
    assert check_course(tmp_path / "nope.toml").findings[0].message == "no such file"
    assert check_course(tmp_path).findings[0].message == "is a folder, not a course file"


def test_deeply_nested_arrays_are_a_syntax_error() -> None:
    with pytest.raises(CourseError) as caught:
        parse_course("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert caught.value.findings[0].code == "toml-syntax"


def test_warnings_do_not_stop_a_course_from_loading() -> None:
    text = MINIMAL_COURSE + '\n[[module]]\nid = "empty"\ntitle = "Nothing here"\n'
    assert parse_course(text).modules[1].id == "empty"
