"""The dashboards in a real browser: headless Chromium from the system packages, driven by
Playwright (never a browser of its own download). Each page is opened from ``file://``; every
request it makes is logged (only ``file:`` and ``data:`` are allowed), the console stays clean,
injected markup does not run, the numbers are those of ``--format json``, every chart has its
text alternative, and neither a desktop nor a phone viewport scrolls sideways.

``LEARNSYNC_SCREENSHOTS=1`` also writes the screenshots the README shows (docs/dashboard*.png).
Skipped, saying why, only where no browser can be had (``.ci/run`` installs Debian's chromium).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnsync.cli import app
from tests.render.dashboard_fixture import make_hostile
from tests.team_fixture import Run

DOCS = Path(__file__).resolve().parents[2] / "docs"
CHROMIUM = os.environ.get("LEARNSYNC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page opened from a file, with what it asked for and what it said."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def visit(browser: Any, path: Path, viewport: str = "desktop", scheme: str = "light") -> Visit:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, service_workers="block"
    )
    page = context.new_page()
    opened = Visit(page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            opened.console.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: opened.console.append(f"pageerror: {error}"))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return opened


def scrolls_sideways(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
        )
    )


def write(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr


def chart_alternatives(page: Any) -> list[str]:
    """The text each chart (an SVG image) is labelled by."""
    return list(
        page.evaluate(
            """[...document.querySelectorAll('svg[role=img]')].map(svg =>
                 (svg.getAttribute('aria-labelledby') || '').split(' ')
                   .map(id => document.getElementById(id)?.textContent.trim() || '').join(' ')
                 || svg.getAttribute('aria-label') || '')"""
        )
    )


def test_the_team_page_in_a_browser(browser: Any, five_learners: Path, tmp_path: Path) -> None:
    target = tmp_path / "team.html"
    write("report", "ai-content-tools", "--format", "html", "-o", str(target))
    rows = json.loads(
        CliRunner().invoke(app, ["report", "ai-content-tools", "--format", "json"]).stdout
    )["learners"]
    behind = sum(1 for row in rows if row["behind"])
    for scheme in ("light", "dark"):
        for viewport in VIEWPORTS:
            opened = visit(browser, target, viewport, scheme)
            page = opened.page
            assert opened.requests == [target.resolve().as_uri()]
            assert opened.console == []
            assert not scrolls_sideways(page), (scheme, viewport)
            summary = page.evaluate(
                """Object.fromEntries([...document.querySelectorAll('[data-summary]')]
                     .map(e => [e.dataset.summary, e.textContent]))"""
            )
            assert summary == {
                "on_track": str(sum(1 for row in rows if row["on_track"])),
                "behind": str(behind),
                "finished": str(sum(1 for row in rows if row["finished_on"])),
                "next_deadline": "2027-01-17",
                "deadline_open": "4",
                "likely_to_miss": "4",
            }
            shown = page.eval_on_selector_all(
                "table.learners tbody tr", "rows => rows.map(r => r.dataset.learner)"
            )
            assert sorted(shown) == sorted(row["learner"] for row in rows)
            alternatives = chart_alternatives(page)
            assert len(alternatives) == 1
            assert alternatives[0].startswith(
                "Remaining required effort of the cohort: 50h of 68h45m left on 2027-01-13"
            )
            if os.environ.get("LEARNSYNC_SCREENSHOTS") == "1" and viewport == "desktop":
                suffix = "" if scheme == "light" else "-dark"
                page.screenshot(path=str(DOCS / f"dashboard{suffix}.png"), full_page=True)
            opened.close()


def test_printed_on_a_4_the_charts_fit_the_page(
    browser: Any, five_learners: Path, tmp_path: Path
) -> None:
    target = tmp_path / "team.html"
    write("report", "ai-content-tools", "--format", "html", "-o", str(target))
    opened = visit(browser, target)
    page = opened.page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1047})  # A4 less 12 mm margins, at 96 dpi
    assert not scrolls_sideways(page)
    widths = page.evaluate(
        """[...document.querySelectorAll('figure > svg')].map(svg => {
             const box = svg.getBoundingClientRect();
             return [box.left >= 0, box.right <= document.documentElement.clientWidth];
           })"""
    )
    assert widths == [[True, True]]
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF-")
    opened.close()


def test_the_learner_page_in_a_browser(browser: Any, five_learners: Path, tmp_path: Path) -> None:
    target = tmp_path / "me.html"
    write("status", "-l", "ann", "--format", "html", "-o", str(target))
    status = json.loads(CliRunner().invoke(app, ["status", "-l", "ann", "--format", "json"]).stdout)
    for scheme, viewport in (("light", "desktop"), ("dark", "phone")):
        opened = visit(browser, target, viewport, scheme)
        page = opened.page
        assert opened.requests == [target.resolve().as_uri()]
        assert opened.console == []
        assert not scrolls_sideways(page), (scheme, viewport)
        summary = page.evaluate(
            """Object.fromEntries([...document.querySelectorAll('[data-summary]')]
                 .map(e => [e.dataset.summary, e.textContent]))"""
        )
        assert {key: summary[key] for key in ("done", "total", "points", "forecast_finish")} == {
            "done": str(status["done"]),
            "total": str(status["total"]),
            "points": str(status["points"]),
            "forecast_finish": status["forecast"]["p50"],
        }
        alternatives = chart_alternatives(page)
        assert len(alternatives) == 1
        assert alternatives[0].startswith("Remaining required effort: 10h30m of 13h45m left")
        if os.environ.get("LEARNSYNC_SCREENSHOTS") == "1" and viewport == "desktop":
            page.screenshot(path=str(DOCS / "dashboard-learner.png"), full_page=True)
        opened.close()


def test_markup_in_titles_and_names_does_not_run(
    browser: Any, run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_hostile(run_cli, tmp_path, monkeypatch)
    target = tmp_path / "hostile.html"
    write("report", "hostile", "--format", "html", "-o", str(target))
    opened = visit(browser, target)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.requests == [target.resolve().as_uri()]
    assert opened.console == []
    assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
    assert page.title() == "Team dashboard: <script>window.__pwned = 1</script>"
    assert page.inner_text("h1") == "<script>window.__pwned = 1</script>"
    assert page.evaluate("document.querySelector('svg title').textContent") == (
        "Remaining required effort of the cohort: <script>window.__pwned = 1</script>"
    )
    opened.close()
    write("status", "-l", "eve", "--format", "html", "-o", str(target))
    opened = visit(browser, target, "phone")
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.console == []
    assert opened.page.inner_text("header p").startswith("<script>window.__pwned = 7</script>Eve")
    opened.close()


def test_the_learners_heading_shows_once_and_its_table_keeps_its_caption(
    browser: Any, five_learners: Path, tmp_path: Path
) -> None:
    target = tmp_path / "team.html"
    write("report", "ai-content-tools", "--format", "html", "-o", str(target))
    opened = visit(browser, target)
    page = opened.page
    shown = page.evaluate(
        """[...document.querySelectorAll('h2, caption')]
             .filter(e => e.textContent.trim() === 'Learners')
             .map(e => [e.tagName, e.getBoundingClientRect().width > 1])"""
    )
    assert shown == [["H2", True], ["CAPTION", False]]
    caption = page.locator("table.learners caption")
    assert caption.text_content() == "Learners"
    opened.close()
