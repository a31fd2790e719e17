"""(2) `--output` replaces only what is a file: a device or FIFO is written to as it is, a
symbolic link is followed, an existing file keeps its permission bits, and a roster's plans
are all checked by name before the first one is written."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from learnsync.output import write_output
from tests.hostile.helpers import COURSE, learnsync


@pytest.fixture
def course(tmp_path: Path) -> Path:
    path = tmp_path / "course.toml"
    path.write_text(COURSE, encoding="utf-8")
    return path


def _device(path: Path, minor: int) -> Path:
    """A character device of our own (1, 3 is a null device; 1, 7 a full one)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here")
    return path


def test_a_device_is_written_to_and_stays_a_device(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    null = _device(tmp_path / "null", 3)
    result = run_cli("plan", str(course), "-f", "json", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course.toml", "null"]


def test_a_full_device_gets_one_line_and_stays_a_device(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    full = _device(tmp_path / "full", 7)
    result = run_cli("plan", str(course), "-f", "json", "-o", str(full))
    assert result.exit_code == 1
    assert result.output == f"error: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path: Path, course: Path) -> None:
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = learnsync("plan", str(course), "-f", "json", "-o", str(fifo), timeout=60)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(b"{\n")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dash_is_standard_output(course: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("plan", str(course), "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert result.output.startswith("{\n")
    assert not Path("-").exists()


def test_a_symbolic_link_is_followed_and_its_target_replaced(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run_cli("plan", str(course), "-f", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("{\n")


def test_a_link_to_nothing_yet_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    write_output(link, "text\n")
    assert link.is_symlink()
    assert (tmp_path / "new.json").read_text(encoding="utf-8") == "text\n"


def test_an_existing_file_keeps_its_permission_bits(tmp_path: Path, course: Path) -> None:
    existing = tmp_path / "plan.json"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    write_output(existing, "new\n")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_text(encoding="utf-8") == "new\n"


def test_a_folder_is_refused(tmp_path: Path, course: Path, run_cli: Callable[..., Result]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run_cli("plan", str(course), "-f", "json", "-o", str(folder))
    assert result.exit_code == 1
    assert result.output == f"error: cannot write {folder}: it is a folder\n"
    assert folder.is_dir()


def test_roster_plans_whose_names_collide_write_nothing(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    roster = tmp_path / "team.toml"
    roster.write_text(
        '[[learner]]\nid = "ann"\n\n[[learner]]\nid = "bob"\n\n[[learner]]\nid = "Ann"\n',
        encoding="utf-8",
    )
    plans = tmp_path / "plans"
    result = run_cli(
        "plan", str(course), "--roster", str(roster), "--output-dir", str(plans), "-f", "json"
    )
    assert result.exit_code == 2
    assert result.output == (
        f"error: 'learner ann' and 'learner Ann' would share the file {plans / 'Ann.json'}\n"
    )
    assert not plans.exists()


def test_roster_plans_with_a_folder_in_the_way_write_nothing(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    roster = tmp_path / "team.toml"
    roster.write_text('[[learner]]\nid = "ann"\n\n[[learner]]\nid = "bob"\n', encoding="utf-8")
    plans = tmp_path / "plans"
    (plans / "bob.json").mkdir(parents=True)
    result = run_cli(
        "plan", str(course), "--roster", str(roster), "--output-dir", str(plans), "-f", "json"
    )
    assert result.exit_code == 1
    assert result.output == f"error: cannot write {plans / 'bob.json'}: it is a folder\n"
    assert sorted(path.name for path in plans.iterdir()) == ["bob.json"]


def test_the_course_file_read_is_never_the_output(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    before = course.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(course)
    for source, output in ((course, course), (link, course), (course, link)):
        result = run_cli("plan", str(source), "-f", "ics", "-o", str(output))
        assert (result.exit_code, result.output) == (
            1,
            f"error: cannot write {output}: it is an input of this command; choose another file\n",
        )
    assert course.read_bytes() == before
    # A file read by an earlier command is no input of the next one.
    assert run_cli("plan", str(tmp_path / "other.toml")).exit_code == 1
    course.with_name("copy.toml").write_bytes(before)
    assert run_cli("plan", str(course.with_name("copy.toml")), "-f", "json", "-o", str(course))
    assert json_plan_written(course)


def json_plan_written(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize(
    "command",
    [
        ["report", "c", "-f", "html", "-o", "OUT"],
        ["report", "c", "-f", "csv", "-o", "OUT"],
        ["status", "--learner", "ann", "-f", "html", "-o", "OUT"],
        ["plan", "COURSE", "-f", "ics", "-o", "OUT"],
    ],
)
def test_no_output_replaces_the_store_or_its_companion_files(
    course: Path, run_cli: Callable[..., Result], suffix: str, command: list[str]
) -> None:
    assert run_cli("enroll", str(course), "--learner", "ann").exit_code == 0
    assert run_cli("done", "t", "--learner", "ann").exit_code == 0
    store = Path(os.environ["LEARNSYNC_STORE"])
    target = store.with_name(store.name + suffix)
    before = {path.name: path.read_bytes() for path in store.parent.iterdir() if path.is_file()}
    named = {"OUT": str(target), "COURSE": str(course)}
    result = run_cli(*[named.get(part, part) for part in command])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write {target}: it ")
    after = {path.name: path.read_bytes() for path in store.parent.iterdir() if path.is_file()}
    assert after == before
    status = run_cli("status", "--learner", "ann", "-f", "json")
    assert (status.exit_code, json.loads(status.output)["done"]) == (0, 1)


def test_another_programs_database_is_never_an_output(
    tmp_path: Path, course: Path, run_cli: Callable[..., Result]
) -> None:
    import sqlite3

    database = tmp_path / "notes.db"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.close()
    before = database.read_bytes()
    result = run_cli("plan", str(course), "-f", "json", "-o", str(database))
    assert result.output == (
        f"error: cannot write {database}: it is an SQLite database (a learnsync store, or "
        "another program's); choose another file\n"
    )
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--learner", "ann", "-f", "html", "-o", "OUT"],
        ["report", "c", "-f", "html", "-o", "OUT"],
        ["export", "--learner", "ann", "-f", "csv", "-o", "OUT"],
    ],
)
def test_the_course_file_an_enrollment_was_made_from_is_never_an_output(
    course: Path, run_cli: Callable[..., Result], command: list[str]
) -> None:
    assert run_cli("enroll", str(course), "--learner", "ann").exit_code == 0
    before = course.read_bytes()
    result = run_cli(*[str(course) if part == "OUT" else part for part in command])
    assert (result.exit_code, result.output) == (
        1,
        f"error: cannot write {course}: it is an input of this command; choose another file\n",
    )
    assert course.read_bytes() == before
