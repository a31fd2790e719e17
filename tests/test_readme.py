from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_the_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert quick_start_commands()[1] in ci_lines


def test_the_python_api_example_runs(monkeypatch: object, capsys: object) -> None:
    import os

    readme = (ROOT / "README.md").read_text()
    example = readme.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(example, "README.md", "exec"), {})
    finally:
        os.chdir(previous)
    output = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "how-llms-work 2027-01-04 [('2027-01-04', 30)]" in output
    assert "done by 2027-01-19" in output


def test_the_enrollments_api_example_enrolls_records_and_reports(
    tmp_path: object, capsys: object
) -> None:
    import os

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Python API", 1)[1]
    example = section.split("```python\n", 2)[2].split("```", 1)[0]
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        script = example.replace('"team.sqlite3"', repr(f"{tmp_path}/team.sqlite3"))
        assert script != example
        exec(compile(script, "README.md", "exec"), {})
    finally:
        os.chdir(previous)
    output = capsys.readouterr().out  # type: ignore[attr-defined]
    assert output.splitlines() == [
        "ann 2/14 required, 0/1 optional 18",
        "bob 0/14 required, 0/1 optional 0",
    ]


def _json_example(section: str) -> dict[str, object]:
    import json

    readme = (ROOT / "README.md").read_text()
    body = readme.split(section, 1)[1]
    return json.loads(body.split("```json\n", 1)[1].split("```", 1)[0])  # type: ignore[no-any-return]


def test_the_plan_json_example_is_what_plan_prints(run_cli: object) -> None:
    import json

    example = _json_example("### `learnsync plan`")
    result = run_cli(
        "plan", ROOT / "examples" / "ai-content-tools.toml", "--start", "2027-01-04", "-f", "json"
    )  # type: ignore[operator]
    actual = json.loads(result.stdout)
    assert list(example) == list(actual)
    lists = {"tasks", "sessions", "modules", "badges"}
    for key in lists:
        assert example[key][0] == actual[key][0]  # type: ignore[index]
    assert {key: actual[key] for key in example if key not in lists} == {
        key: value for key, value in example.items() if key not in lists
    }


def test_the_check_json_example_has_the_fields_check_prints(
    run_cli: object, tmp_path: object
) -> None:
    import json
    from pathlib import Path

    from tests.conftest import MINIMAL_COURSE

    example = _json_example("### `learnsync check`")
    path = Path(str(tmp_path)) / "course.toml"
    path.write_text(MINIMAL_COURSE.replace('effort = "30m"', 'efort = "30m"'))
    actual = json.loads(run_cli("check", path, "-f", "json").stdout)  # type: ignore[operator]
    assert list(example) == list(actual)
    assert list(example["files"][0]) == list(actual["files"][0])  # type: ignore[index]
    assert list(example["findings"][0]) == list(actual["findings"][0])  # type: ignore[index]
