"""``status`` and ``report`` show the forecast with odds: the JSON names, and lines that fit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES

COURSE = EXAMPLES / "ai-content-tools.toml"


@pytest.fixture
def ann_behind(run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ann enrolled on Mon 4 Jan 2027, did three tasks that week, and it is Mon 11 Jan."""
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-04T08:00:00+01:00")
    assert run_cli("enroll", COURSE, "--learner", "ann", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+01:00")
    run_cli("done", "how-llms-work", "prompt-patterns", "--learner", "ann")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-07T18:00:00+01:00")
    run_cli("done", "first-prompts", "--learner", "ann")
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-11T10:00:00+01:00")


def test_status_json_carries_the_forecast_with_p50_p90_and_each_deadline_ahead(
    run_cli: Callable[..., Result], ann_behind: None
) -> None:
    result = run_cli("status", "--learner", "ann", "-f", "json")
    forecast = json.loads(result.stdout)["forecast"]
    assert forecast == {
        "p50": "2027-01-26",
        "p90": "2027-02-01",
        "deadlines": [
            {"id": "drafting", "date": "2027-01-17", "probability": 0.631, "minutes_before": 270},
            {"id": "review", "date": "2027-01-24", "probability": 0.842, "minutes_before": 465},
            {"id": "publish", "date": "2027-01-31", "probability": 0.893, "minutes_before": 690},
        ],
        "remaining_minutes": 690,
        "history_days": 5,
        "prior_days": 5,
        "mean_daily_minutes": 58,
        "runs": 1000,
        "seed": 20270104,
        "riskiest": {"id": "drafting", "date": "2027-01-17", "probability": 0.631},
    }
    again = json.loads(run_cli("status", "--learner", "ann", "-f", "json").stdout)["forecast"]
    assert again == forecast


def test_status_shows_the_forecast_in_two_lines_within_80_columns(
    run_cli: Callable[..., Result], ann_behind: None
) -> None:
    lines = run_cli("status", "--learner", "ann").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  Forecast"))
    assert lines[start : start + 2] == [
        "  Forecast  50% by Tue 26 Jan 2027, 90% by Mon 01 Feb 2027 (5 days assumed)",
        "            riskiest deadline Sun 17 Jan: drafting, 63% likely",
    ]
    assert all(len(line) <= 80 for line in lines[start : start + 2])


def test_a_finished_learner_has_no_forecast(
    run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    course = tmp_path / "one.toml"
    course.write_text(
        '[course]\nid = "one"\ntitle = "One"\n\n[[module]]\nid = "m"\ntitle = "M"\n\n'
        '[[module.task]]\nid = "t"\ntitle = "T"\nkind = "reading"\neffort = "30m"\n',
        encoding="utf-8",
    )
    run_cli("enroll", course, "--learner", "ann")
    run_cli("done", "t", "--learner", "ann")
    document = json.loads(run_cli("status", "--learner", "ann", "-f", "json").stdout)
    assert document["forecast"] is None


def test_report_json_names_each_learners_p50_and_riskiest_deadline_in_closed_form(
    run_cli: Callable[..., Result], ann_behind: None
) -> None:
    [row] = json.loads(run_cli("report", "ai-content-tools", "-f", "json").stdout)["learners"]
    assert {key: row[key] for key in row if "forecast" in key or "riskiest" in key} == {
        "forecast_p50": "2027-01-26",
        "riskiest_deadline": "drafting",
        "riskiest_deadline_date": "2027-01-17",
        "riskiest_deadline_probability": 0.601,
    }
