"""``report --format html``: one self-contained page (nothing loaded from anywhere, no script),
every string from the course and the roster escaped, the summary's numbers those of ``report
--format json``, every chart with its numbers in words; and the rules behind its numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnsync.cli import app
from tests.render.dashboard_fixture import STRINGS, make_hostile
from tests.team_fixture import Run


def invoke(*args: str, exit_code: int = 0) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env={"NO_COLOR": "1"})
    assert result.exit_code == exit_code, result.stderr
    return result.stdout


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with their attributes, and text by id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self._buffers: dict[str, list[str]] = {}
        self.text = text
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag in ("meta", "br", "img", "input", "link", "line", "polyline"):
            return
        identifier = values.get("id")
        self._open.append((tag, identifier))
        if identifier:
            self._buffers[identifier] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, identifier = self._open.pop()
            if identifier:
                self.text_by_id[identifier] = " ".join("".join(self._buffers[identifier]).split())
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, identifier in self._open:
            if identifier:
                self._buffers[identifier].append(data)

    def summary(self) -> dict[str, str]:
        """The numbers marked ``data-summary``, by name."""
        return dict(re.findall(r'data-summary="(\w+)">([^<]*)<', self.text))


def team_html(course: str = "ai-content-tools") -> str:
    return invoke("report", course, "--format", "html")


def test_the_team_page_is_one_document_that_loads_nothing_and_runs_nothing(
    five_learners: Path,
) -> None:
    page = team_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    parsed = Page(page)
    tags = {tag for tag, _ in parsed.tags}
    assert {"script", "link", "img", "iframe", "object", "embed"} & tags == set()
    for _, attributes in parsed.tags:
        for name, value in attributes.items():
            assert not (name.startswith("on")), name
            if name in ("src", "href", "xlink:href", "action"):
                pytest.fail(f"{name}={value}: the page refers to something")
    urls = re.findall(r"https?://[^\s\"'<>]*", page)
    assert urls == ["http://www.w3.org/2000/svg"] * page.count("xmlns=")  # a namespace, not a load
    assert "@import" not in page and "url(" not in page


def test_the_summary_counts_are_those_of_the_json_report(five_learners: Path) -> None:
    rows = json.loads(invoke("report", "ai-content-tools", "--format", "json"))["learners"]
    summary = Page(team_html()).summary()
    behind = sum(1 for row in rows if row["behind"])
    assert summary == {
        "on_track": str(sum(1 for row in rows if row["on_track"])),
        "behind": str(behind),
        "finished": str(sum(1 for row in rows if row["finished_on"])),
        "next_deadline": "2027-01-17",
        "deadline_open": "4",
        "likely_to_miss": "4",
    }
    assert summary["on_track"] == "1" and summary["behind"] == "4"


def test_every_chart_has_a_text_alternative_that_states_its_numbers(five_learners: Path) -> None:
    parsed = Page(team_html())
    charts = [
        attributes
        for tag, attributes in parsed.tags
        if tag == "svg" and attributes.get("role") == "img"
    ]
    assert len(charts) == 1
    caption = parsed.text_by_id[str(charts[0]["aria-labelledby"])]
    assert caption == (
        "Remaining required effort of the cohort: 50h of 68h45m left on 2027-01-13, where the "
        "plan leaves 29h30m at the start of the day (25h30m behind, the learners behind added "
        "up); the plan is done on 2027-01-25."
    )


def test_learners_come_most_at_risk_first_with_every_column(five_learners: Path) -> None:
    page = team_html()
    learners = re.findall(r'<tr data-learner="(\w+)">', page)
    assert learners == ["raj", "bob", "ann", "chen", "dee"]
    row = page[page.index('<tr data-learner="ann">') :]
    row = row[: row.index("</tr>")]
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    ]
    assert cells == [
        "Annika Svensson-Lindqvist",
        "behind",
        "36% (5/14)",
        "5h30m",
        "0",
        "34",
        "–",
        "5 days ago",
        "0",
        "2027-02-01",
    ]
    report = json.loads(invoke("report", "ai-content-tools", "--format", "json"))
    ann = next(row for row in report["learners"] if row["learner"] == "ann")
    assert ann["forecast_p50"] == "2027-02-01"  # the team page's forecast is report's


def test_the_heat_map_states_each_share_in_the_cell(five_learners: Path) -> None:
    page = team_html()
    heat = page[page.index('<table class="heatmap">') :]
    heat = heat[: heat.index("</table>")]
    assert '<th scope="col" class="module" title="prompting">Week 1: prompting basics</th>' in heat
    ann = heat[heat.index("Annika") :]
    assert re.findall(r">(\d+%)<", ann[: ann.index("</tr>")]) == ["100%", "33%", "0%", "0%"]


def test_beyond_the_first_rows_learners_are_collapsed_in_details(
    five_learners: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import learnsync.render.dashboard as dashboard

    monkeypatch.setattr(dashboard, "OPEN_ROWS", 2)
    page = team_html()
    assert page.count("<summary>The other 3 learners</summary>") == 2
    shown, hidden = page.split("<details>\n<summary>The other 3 learners</summary>", 1)
    assert re.findall(r'<tr data-learner="(\w+)">', shown) == ["raj", "bob"]
    assert re.findall(r'<tr data-learner="(\w+)">', hidden) == ["ann", "chen", "dee"]


def test_every_string_of_the_course_and_roster_is_text(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_hostile(run_cli, tmp_path, monkeypatch)
    page = team_html("hostile")
    for text in STRINGS:
        assert text not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<title>Remaining required effort of the cohort: &lt;script&gt;" in page
    assert "&lt;/table&gt;&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in page
    assert "<script" not in page and "<img" not in page and 'onerror="' not in page


def test_report_writes_the_page_to_the_file_named_by_output(
    five_learners: Path, tmp_path: Path
) -> None:
    target = tmp_path / "team.html"
    result = CliRunner().invoke(
        app, ["report", "ai-content-tools", "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == team_html()


def test_report_writes_json_to_a_file_too(five_learners: Path, tmp_path: Path) -> None:
    target = tmp_path / "team.json"
    invoke("report", "ai-content-tools", "--format", "json", "-o", str(target))
    assert target.read_text(encoding="utf-8") == invoke(
        "report", "ai-content-tools", "--format", "json"
    )


def test_the_table_is_for_a_terminal_and_not_written_to_a_file(five_learners: Path) -> None:
    result = CliRunner().invoke(app, ["report", "ai-content-tools", "-o", "x.txt"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --output needs --format json, csv, md or html (the table is for a terminal)"
    )


def test_the_page_reads_the_local_store_not_a_record_store(five_learners: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["report", "ai-content-tools", "--format", "html", "--lrs", "http://127.0.0.1:9/xapi"],
    )
    assert result.exit_code == 2
    assert result.stderr == "error: --format html reads the local store: leave out --lrs\n"


def test_an_unknown_course_is_one_error_line(five_learners: Path) -> None:
    result = CliRunner().invoke(app, ["report", "ai-content-tool", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no one is enrolled in 'ai-content-tool'; did you mean")


def test_snapshots_from_before_the_required_minutes_give_the_same_page(five_learners: Path) -> None:
    import sqlite3

    from learnsync.store.paths import store_path

    page = team_html()
    connection = sqlite3.connect(store_path(None))
    with connection:
        rows = connection.execute("SELECT enrollment_id, data FROM progress_snapshots").fetchall()
        for enrollment_id, data in rows:
            document = json.loads(data)
            del document["required_minutes_by_day"]
            connection.execute(
                "UPDATE progress_snapshots SET data = ? WHERE enrollment_id = ?",
                (json.dumps(document), enrollment_id),
            )
    connection.close()
    assert len(rows) == 5
    assert team_html() == page


def status_p50(learner: str) -> str:
    return str(json.loads(invoke("status", "-l", learner, "--format", "json"))["forecast"]["p50"])


def learner_html(*args: str) -> str:
    return invoke("status", *args, "--format", "html")


def test_the_learner_page_shows_the_numbers_of_status_json(five_learners: Path) -> None:
    status = json.loads(invoke("status", "-l", "ann", "--format", "json"))
    page = learner_html("-l", "ann")
    summary = Page(page).summary()
    assert summary == {
        "percent": f"{status['percent']:.0f}%",
        "done": str(status["done"]),
        "total": str(status["total"]),
        "status": "behind",
        "behind": "5h30m",
        "points": str(status["points"]),
        "streak_days": str(status["streak_days"]),
        "forecast_finish": status["forecast"]["p50"],
        "catch_up": "Catch up: 1h30m a day until Sun 31 Jan meets every deadline (now 1h30m).",
    }
    assert summary["forecast_finish"] == "2027-01-29"
    text = invoke("status", "-l", "ann")  # the same advice, in status's words
    assert "            catch up: 1h30m a day until Sun 31 Jan meets every deadline\n" in text
    assert "<script" not in page and not re.findall(r"(?:src|href)=", page)


def test_the_learner_page_has_modules_burndown_calendar_and_badges(five_learners: Path) -> None:
    parsed = Page(learner_html("-l", "ann"))
    charts = [a for tag, a in parsed.tags if tag == "svg" and a.get("role") == "img"]
    assert len(charts) == 1
    assert parsed.text_by_id[str(charts[0]["aria-labelledby"])] == (
        "Remaining required effort: 10h30m of 13h45m left on 2027-01-13, where the plan leaves "
        "5h at the start of the day (5h30m behind); the plan is done on 2027-01-19; at 2h16m a "
        "week (the last four weeks), done on 2027-02-16."
    )
    assert parsed.text_by_id["calendar-summary"] == (
        "Studied on 1 of the 8 study days since 2027-01-04; current streak 0, longest 1."
    )
    page = parsed.text
    calendar = page[page.index('<table class="calendar"') :]
    calendar = calendar[: calendar.index("</table>")]
    first_week = calendar[calendar.index("2027-01-04</th>") :]
    first_week = first_week[: first_week.index("</tr>")]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", first_week) == ["0", "0", "0", "0", "5", "·", "·"]
    assert "<li><strong>First draft</strong> — Finish your first task" in page
    # modules, the burndown's numbers, weeks of the calendar, locked badges
    assert page.count('<tr><th scope="row">') == 4 + 5 + 2 + 5


def test_status_html_needs_a_course_when_the_learner_has_several(
    five_learners: Path, run_cli: Run, write_course: Callable[..., Path]
) -> None:
    from tests.conftest import MINIMAL_COURSE

    assert run_cli("enroll", write_course(MINIMAL_COURSE), "-l", "ann").exit_code == 0
    result = CliRunner().invoke(app, ["status", "-l", "ann", "--format", "html"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: ann is enrolled in several courses (ai-content-tools, c): pass --course ID for "
        "HTML\n"
    )
    assert "<h1>C</h1>" in learner_html("-l", "ann", "--course", "c")


def test_status_writes_its_page_and_its_json_to_a_file(five_learners: Path, tmp_path: Path) -> None:
    for output_format in ("html", "json"):
        target = tmp_path / f"me.{output_format}"
        invoke("status", "-l", "dee", "--format", output_format, "-o", str(target))
        assert target.read_text(encoding="utf-8") == invoke(
            "status", "-l", "dee", "--format", output_format
        )
    result = CliRunner().invoke(app, ["status", "-l", "dee", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --output needs --format json or html (the text is for a terminal)\n"
    )


def test_the_learner_page_escapes_every_string(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_hostile(run_cli, tmp_path, monkeypatch)
    for learner in ("eve", "mal"):
        page = learner_html("-l", learner)
        for text in STRINGS:
            assert text not in page
        assert "<script" not in page and "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;window.__pwned = 7&lt;/script&gt;Eve" in learner_html("-l", "eve")


def test_before_the_start_the_charts_say_nothing_is_done_yet(
    five_learners: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-02T12:00:00+00:00")
    team = Page(team_html())
    assert team.text_by_id["cohort-burndown-caption"] == (
        "Nothing done yet: the cohort starts on 2027-01-04 with 68h45m of required effort; the "
        "plan is done on 2027-01-25."
    )
    learner = Page(learner_html("-l", "raj"))
    assert learner.text_by_id["learner-burndown-caption"] == (
        "Nothing done yet: the course starts on 2027-01-04 with 13h45m of required effort; the "
        "plan is done on 2027-01-19."
    )
    assert learner.text_by_id["calendar-summary"] == (
        "No study day yet: the course starts on 2027-01-04."
    )
    assert '<table class="calendar"' not in learner.text


def test_self_paced_work_has_no_burndown_but_a_forecast(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+00:00")
    course = EXAMPLES / "design-and-code-library.toml"
    assert run_cli("enroll", course, "-l", "zed", "--start", "2027-01-04").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T12:00:00+00:00")
    assert run_cli("done", "type-scale", "line-length", "-l", "zed").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-12T12:00:00+00:00")
    team = team_html("design-and-code-library")
    assert '<svg role="img"' not in team
    assert "<p>Self-paced: no schedule to burn down against.</p>" in team
    assert '<td class="text nowrap quiet">self-paced</td>' in team
    learner = learner_html("-l", "zed")
    assert '<svg role="img"' not in learner
    assert (
        "<p>Self-paced: no schedule to burn down; even odds of being done by "
        f"{status_p50('zed')} (the forecast from the days worked).</p>" in learner
    )


def test_the_page_has_one_order_and_refuses_sort(five_learners: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "ai-content-tools", "--format", "html", "--sort", "name"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --sort is not for --format html: its learners come most at risk first\n"
    )


WEEKLY_COURSE = """\
[course]
id = "weekly"
title = "Weekly"
mode = "sync"

[scoring]
weekly_target = 1

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "a"
title = "A"
effort = "30m"

[[module.task]]
id = "b"
title = "B"
effort = "30m"

[[badge]]
id = "steady"
title = "Steady"
description = "Two weeks on target"
rule = "streak"
unit = "weeks"
count = 2
"""


def test_a_weekly_target_shows_the_streak_in_weeks_as_report_does(
    run_cli: Run, write_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+00:00")
    assert (
        run_cli(
            "enroll", write_course(WEEKLY_COURSE), "-l", "wes", "--start", "2027-01-04"
        ).exit_code
        == 0
    )
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T12:00:00+00:00")
    assert run_cli("done", "a", "-l", "wes").exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T12:00:00+00:00")
    rows = json.loads(invoke("report", "weekly", "--format", "json"))["learners"]
    assert rows[0]["streak_weeks"] == 1
    page = team_html("weekly")
    row = page[page.index('<tr data-learner="wes">') :]
    assert "<td>1w</td>" in row[: row.index("</tr>")]
    summary = Page(learner_html("-l", "wes")).summary()
    assert summary["streak_weeks"] == "1"


def test_control_and_bidi_characters_of_names_never_reach_the_page_raw(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnsync.render.safe_text import unsafe_characters

    UNSAFE = unsafe_characters()

    course = make_hostile(run_cli, tmp_path, monkeypatch)
    roster = tmp_path / "controls.toml"
    roster.write_text(
        '[[learner]]\nid = "ann"\nname = "Ann \\u202eSTNIOP 0\\u202c"\n\n'
        '[[learner]]\nid = "bob"\nname = "Bob\\u001b[2J\\u0085\\u2066"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-01T12:00:00+00:00")
    result = run_cli("enroll", course, "--roster", roster, "--start", "2027-01-04")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-05T18:00:00+00:00")
    for learner in ("ann", "bob"):
        assert run_cli("done", "t1", "-l", learner).exit_code == 0
    monkeypatch.setenv("LEARNSYNC_NOW", "2027-01-06T09:00:00+00:00")
    pages = {
        "team": team_html("hostile"),
        "ann": learner_html("-l", "ann"),
        "bob": learner_html("-l", "bob"),
    }
    for what, page in pages.items():
        assert UNSAFE.findall(page.replace("\n", "")) == [], what
    assert (
        '<tr data-learner="ann">\n<th scope="row">Ann \\u202eSTNIOP 0\\u202c</th>' in pages["team"]
    )
    assert '<th scope="row">Bob\\x1b[2J\\x85\\u2066</th>' in pages["team"]
    assert '<p class="lead"><bdi>Ann \\u202eSTNIOP 0\\u202c</bdi> ·' in pages["ann"]
    assert "<title>Bob\\x1b[2J\\x85\\u2066: " in pages["bob"]
    target = tmp_path / "me.html"
    invoke("status", "-l", "ann", "--format", "html", "-o", str(target))
    assert UNSAFE.findall(target.read_bytes().decode("utf-8").replace("\n", "")) == []


def test_the_burndowns_behind_is_that_of_the_rows_and_of_status(five_learners: Path) -> None:
    from learnsync.course.durations import format_minutes

    rows = json.loads(invoke("report", "ai-content-tools", "--format", "json"))["learners"]
    behind = re.findall(r'data-burndown="behind">([^<]*)<', team_html())
    assert behind == [format_minutes(sum(row["behind_minutes"] for row in rows))] == ["25h30m"]
    checked = []
    for row in rows:
        status = json.loads(invoke("status", "-l", row["learner"], "--format", "json"))
        page = learner_html("-l", row["learner"])
        shown = re.findall(r'data-burndown="behind">([^<]*)<', page)
        assert shown == ([format_minutes(status["behind_minutes"])] if status["behind"] else [])
        assert re.findall(r'data-summary="behind">([^<]*)<', page) == shown
        # and what is left less what the plan leaves at the start of the day is that figure
        caption = Page(page).text_by_id.get("learner-burndown-caption", "")
        numbers = re.match(
            r"Remaining required effort: (\S+) of \S+ left on \S+, where the "
            r"plan leaves (\S+) at the start of the day",
            caption,
        )
        if status["behind"]:
            assert numbers is not None, caption
            left, planned = (_minutes(number) for number in numbers.groups())
            assert left - planned == status["behind_minutes"], row["learner"]
            checked.append(row["learner"])
    assert checked == ["ann", "bob", "chen", "raj"]


def _minutes(text: str) -> int:
    hours, _, minutes = text.partition("h")
    if not _:
        return int(text.rstrip("m") or 0)
    return int(hours) * 60 + int(minutes.rstrip("m") or 0)
