"""Everything in one run: a bad value in one place does not hide what is wrong elsewhere."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.loader import check_data, check_text

THREE_ROUNDS = """\
[course]
id = "c"
title = "C"
mode = "sync"

[[module]]
id = "m"
title = "M"

[[module.task]]
id = "a"
title = "A"
effort = "40 minutes"
requires = ["nope"]

[[module.task]]
id = "b"
title = "B"
effort = "1h"
requires = ["aa"]

[[module.task]]
id = "p"
title = "P"
effort = "1h"
requires = ["q"]

[[module.task]]
id = "q"
title = "Q"
effort = 5
kind = "vid"
requires = ["p"]
"""


def _found(text: str) -> list[tuple[str, str, int, int]]:
    return [(f.code, f.key_path, f.line, f.column) for f in check_text(text, "c.toml").findings]


def test_a_bad_value_hides_no_unknown_requires_nor_a_cycle() -> None:
    assert _found(THREE_ROUNDS) == [
        ("invalid-duration", "module[0].task[0].effort", 13, 10),
        ("unknown-reference", "module[0].task[0].requires[0]", 14, 13),
        ("unknown-reference", "module[0].task[1].requires[0]", 20, 13),
        ("invalid-value", "module[0].task[3].kind", 32, 8),
        ("requires-cycle", "module[0].task[3].requires[0]", 33, 13),
    ]


def test_a_cycle_through_an_invalid_id_says_so_in_its_hint() -> None:
    text = THREE_ROUNDS.replace('id = "p"', 'id = "p p"').replace('["p"]', '["p p"]')
    result = check_text(text, "c.toml")
    [cycle] = [f for f in result.findings if f.code == "requires-cycle"]
    assert cycle.message == "requirements form a cycle: 'p p' -> q -> 'p p'"
    assert cycle.hint == (
        "remove one of these requirements; this goes through 'p p', whose id is invalid: fix "
        "that first, then check again"
    )
    assert [f.key_path for f in result.findings if f.code == "invalid-id"] == [
        "module[0].task[2].id",
        "module[0].task[3].requires[0]",
    ]


def test_a_table_that_is_no_table_makes_no_findings_of_its_own() -> None:
    text = THREE_ROUNDS.replace('[[module]]\nid = "m"', '[[module]]\nid = "m"\ndue = 3') + (
        '\n[[session]]\nid = "s"\ntitle = "S"\nat = "soon"\nduration = "1h"\n'
        '\n[[session]]\nid = "s2"\ntitle = "S2"\nat = "day 1 10:00"\nduration = "1h"\n'
        '\n[[badge]]\nid = "b1"\ntitle = "B"\nrule = "stars"\ncount = 2\n'
        '\n[[badge]]\nid = "b2"\ntitle = "B2"\nrule = "module"\nmodule = "mm"\n'
    )
    codes = [(code, key) for code, key, _, _ in _found(text)]
    assert codes == [
        ("invalid-day", "module[0].due"),
        ("invalid-duration", "module[0].task[0].effort"),
        ("unknown-reference", "module[0].task[0].requires[0]"),
        ("unknown-reference", "module[0].task[1].requires[0]"),
        ("invalid-value", "module[0].task[3].kind"),
        ("requires-cycle", "module[0].task[3].requires[0]"),
        ("invalid-time", "session[0].at"),
        ("invalid-value", "badge[0].rule"),
        ("unknown-reference", "badge[1].module"),
    ]


def test_the_parsed_document_is_left_as_it_was() -> None:
    data = tomllib.loads(THREE_ROUNDS)
    before = copy.deepcopy(data)
    check_data(data, THREE_ROUNDS, "c.toml")
    assert data == before


@st.composite
def _courses(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(2, 7))
    ids = [f"t{index}" for index in range(count)]
    tasks = []
    for identifier in ids:
        requires = draw(st.lists(st.sampled_from([*ids, "nope", "t"]), unique=True, max_size=2))
        tasks.append({"id": identifier, "title": "T", "effort": "30m", "requires": requires})
    return {
        "course": {"id": "c", "title": "C"},
        "module": [{"id": "m", "title": "M", "task": tasks}],
    }


@settings(max_examples=60, deadline=None)
@given(course=_courses(), data=st.data())
def test_breaking_one_value_keeps_every_other_finding(
    course: dict[str, Any], data: st.DataObject
) -> None:
    text = tomli_w.dumps(course)
    before = {(f.code, f.key) for f in check_text(text).findings}
    tasks = course["module"][0]["task"]
    broken_index = data.draw(st.integers(0, len(tasks) - 1))
    tasks[broken_index]["effort"] = "soon"
    after = {(f.code, f.key) for f in check_text(tomli_w.dumps(course)).findings}
    effort = ("module", 0, "task", broken_index, "effort")
    assert after == before | {("invalid-duration", effort)}
