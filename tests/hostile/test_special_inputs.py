"""(3) Only regular files are read as input, with the size cap applied while reading: a FIFO
or a device is refused without a byte read (never a hang, never /dev/zero read whole).

Commands that could hang run in their own process with a timeout, so that a regression fails
instead of blocking the suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnsync.inputs import InputFileError, read_input_file
from tests.hostile.helpers import COURSE, learnsync

GUARD = 30  # seconds; each of these takes well under one


@pytest.fixture
def course(tmp_path: Path) -> Path:
    path = tmp_path / "course.toml"
    path.write_text(COURSE, encoding="utf-8")
    return path


def test_check_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    result = learnsync("check", str(fifo), timeout=GUARD)
    assert result.returncode == 1
    assert result.stdout == (
        f"{fifo}: error [unreadable-file] is a FIFO (named pipe), not a course file: only "
        "regular files are read\nChecked 1 file: 1 error, 0 warnings in 1 file.\n"
    )


def test_check_refuses_dev_zero_without_reading_it() -> None:
    result = learnsync("check", "/dev/zero", timeout=GUARD)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "/dev/zero: error [unreadable-file] is a device, not a course file"
    )


def test_check_of_a_folder_names_the_fifo_and_the_link_to_a_device_in_it(
    tmp_path: Path, course: Path
) -> None:
    folder = tmp_path / "courses"
    folder.mkdir()
    (folder / "good.toml").write_text(COURSE, encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    result = learnsync("check", str(folder), timeout=GUARD)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{folder / 'pipe.toml'}: error [unreadable-file] is a FIFO (named pipe), not a course "
        "file: only regular files are read",
        f"{folder / 'zero.toml'}: error [unreadable-file] is a device, not a course file: only "
        "regular files are read",
        "Checked 3 files: 2 errors, 0 warnings in 2 files.",
    ]


@pytest.mark.parametrize("command", ["enroll", "plan"])
def test_a_roster_that_is_a_device_or_a_fifo_is_refused(
    tmp_path: Path, course: Path, command: str
) -> None:
    fifo = tmp_path / "team.toml"
    os.mkfifo(fifo)
    extra = ["--output-dir", str(tmp_path / "plans"), "-f", "ics"] if command == "plan" else []
    for roster in ("/dev/zero", str(fifo)):
        result = learnsync(command, str(course), "--roster", roster, *extra, timeout=GUARD)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"{roster}: error [unreadable-file] is a ")
        assert "not a roster: only regular files are read" in result.stderr


def test_enroll_and_plan_refuse_a_course_that_is_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "course.toml"
    os.mkfifo(fifo)
    for command in (["enroll", str(fifo), "--learner", "ann"], ["plan", str(fifo)]):
        result = learnsync(*command, timeout=GUARD)
        assert result.returncode == 1
        assert "is a FIFO (named pipe), not a course file" in result.stderr


def test_the_cap_is_applied_while_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(InputFileError) as caught:
        read_input_file(big, limit=1024, what="course file")
    assert caught.value.code == "file-too-large"
    assert read_input_file(big, limit=4096) == b"#" * 2048


def test_a_folder_is_not_an_input(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_input_file(tmp_path, what="roster")
    assert caught.value.reason == "is a folder, not a roster"


def test_verify_refuses_a_fifo_credential_and_a_device_as_did_json(tmp_path: Path) -> None:
    fifo = tmp_path / "badge.json"
    os.mkfifo(fifo)
    result = learnsync("verify", str(fifo), timeout=GUARD)
    assert result.returncode == 1
    assert "cannot read it: is a FIFO (named pipe), not a credential" in result.stdout
    result = learnsync("verify", str(fifo), "--did-json", "/dev/zero", timeout=GUARD)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --did-json: cannot read /dev/zero: is a device")


def test_an_issuer_key_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "key.json"
    os.mkfifo(fifo)
    result = learnsync("issuer", "show", "--key", str(fifo), timeout=GUARD)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot read {fifo}: is a FIFO (named pipe)")
