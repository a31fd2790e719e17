from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from learnsync import load_course


def test_init_writes_a_valid_commented_course(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "onboarding.toml"
    result = run_cli("init", target, "--title", 'Onboarding "2027" é')
    assert result.exit_code == 0
    course = load_course(target)
    assert (course.id, course.title) == ("onboarding-2027-e", 'Onboarding "2027" é')
    assert "# " in target.read_text()
    assert run_cli("check", "--strict", target).exit_code == 0


def test_init_into_a_folder_writes_course_toml(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert run_cli("init", tmp_path).exit_code == 0
    assert load_course(tmp_path / "course.toml").id == "my-first-course"


def test_init_never_overwrites(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "course.toml"
    target.write_text("precious")
    result = run_cli("init", target)
    assert result.exit_code == 1
    assert result.stderr == f"error: {target} already exists; not overwriting it\n"
    assert target.read_text() == "precious"
