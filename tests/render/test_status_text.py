"""``status``'s forecast lines say what the forecast found: its own riskiest deadline, and its
horizon in the words of ``learnsync.forecast``."""

from __future__ import annotations

from typing import Any

from learnsync.forecast import HORIZON_DAYS, HORIZON_WORDS, HORIZON_YEARS
from learnsync.render.status_text import forecast_lines


def _forecast(**fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"p50": "2027-01-26", "p90": "2027-02-01", "prior_days": 0}
    document["deadlines"] = []
    document["riskiest"] = None
    return document | fields


def test_the_horizon_is_the_forecasts_two_years() -> None:
    assert (HORIZON_YEARS, HORIZON_DAYS, HORIZON_WORDS) == (2, 730, "two years")
    assert [line.text for line in forecast_lines(_forecast(p50=None, p90=None))] == [
        "  Forecast  no finish within two years at the pace of your recent days"
    ]
    assert [line.text for line in forecast_lines(_forecast(p90=None))] == [
        "  Forecast  50% by Tue 26 Jan 2027, 90% not in 2 years"
    ]


def test_the_riskiest_deadline_is_the_one_the_forecast_names() -> None:
    risky = {"id": "review", "date": "2027-01-24", "probability": 0.42}
    lines = forecast_lines(
        _forecast(
            deadlines=[
                {"id": "drafting", "date": "2027-01-17", "probability": 0.42},
                {"id": "review", "date": "2027-01-24", "probability": 0.42},
            ],
            riskiest=risky,
        )
    )
    assert [line.text for line in lines] == [
        "  Forecast  50% by Tue 26 Jan 2027, 90% by Mon 01 Feb 2027",
        "            riskiest deadline Sun 24 Jan: review, 42% likely",
    ]
