"""The CI recipes of the README work as written: the GitHub Actions workflow is a real file
here, equal to the README's, parsed as YAML and its learnsync steps run; the pre-commit snippet
pins a commit with `pre-commit autoupdate --freeze`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL_COURSE, ROOT

WORKFLOW = Path(__file__).parent / "learnsync-courses.yml"


def _readme_block(language: str, after: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### In CI: pre-commit and GitHub Actions", 1)[1].split("\n### ", 1)[0]
    body = section.split(after, 1)[1]
    return body.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def _steps() -> list[dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [job] = document["jobs"].values()
    return job["steps"]  # type: ignore[no-any-return]


def test_the_readme_shows_the_workflow_file() -> None:
    assert _readme_block("yaml", "In a GitHub Actions workflow") == WORKFLOW.read_text(
        encoding="utf-8"
    )


def test_the_workflow_uploads_sarif_even_when_the_annotations_fail_the_job() -> None:
    steps = _steps()
    runs = [step.get("run", "") for step in steps]
    annotations = next(i for i, run in enumerate(runs) if "--format github" in run)
    sarif = next(i for i, run in enumerate(runs) if "--format sarif" in run)
    upload = next(
        i
        for i, step in enumerate(steps)
        if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    )
    assert annotations < sarif < upload
    assert steps[sarif]["if"] == "always()"
    assert steps[upload]["if"] == "always()"
    assert steps[upload]["with"] == {"sarif_file": "learnsync.sarif"}
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [job] = document["jobs"].values()
    assert job["permissions"]["security-events"] == "write"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the steps are bash")
def test_the_learnsync_steps_do_what_they_say(tmp_path: Path) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "good.toml").write_text(MINIMAL_COURSE)
    (tmp_path / "courses" / "bad.toml").write_text(MINIMAL_COURSE.replace("effort", "efort"))
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    runs = [step["run"] for step in _steps() if str(step.get("run", "")).startswith("learnsync ")]
    results = [
        subprocess.run(
            ["bash", "-e", "-c", run],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        for run in runs
    ]
    annotations, sarif = results
    assert annotations.returncode == 1
    assert annotations.stdout.startswith("::error file=courses/bad.toml,line=12,col=1,")
    assert sarif.returncode == 0, sarif.stderr
    import json

    document = json.loads((tmp_path / "learnsync.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in document["runs"][0]["results"]] == ["unknown-key"]


def test_the_precommit_snippet_is_a_valid_config_without_a_made_up_tag() -> None:
    config = yaml.safe_load(_readme_block("yaml", "With [pre-commit]"))
    [repo] = config["repos"]
    assert repo["rev"] == "main"
    assert [hook["id"] for hook in repo["hooks"]] == ["learnsync-check"]
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in manifest] == ["learnsync-check"]


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_autoupdate_freeze_pins_the_snippet_to_a_commit(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("autoupdate needs the project as a git repository")
    snippet = _readme_block("yaml", "With [pre-commit]")
    command = _readme_block("sh", "then pin the hook").strip()
    url = "https://github.com/OWNER/learnsync"
    assert command == f"pre-commit autoupdate --freeze --repo {url}"
    # the project's own repository stands in for OWNER's
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet.replace(url, str(ROOT)))
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("home"))}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=environment)
    arguments = [*command.split()[1:-1], str(ROOT)]
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    rev = config["repos"][0]["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    tags = subprocess.run(
        ["git", "-C", str(ROOT), "tag"], capture_output=True, text=True, check=True
    ).stdout
    if not tags.strip():
        assert rev == head
