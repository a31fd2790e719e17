from __future__ import annotations

import tomllib

from learnsync.course.positions import PositionIndex

DOCUMENT = '''\
# a comment
[course]
id = "x"   # trailing comment
title = """two
lines with \\""" quotes"""
"quoted.key" = 1
literal = \'\'\'a
b\'\'\'
[[module]]
id = 'm'
[[module.task]]
id = "a"
requires = [
  "b",   # why b
  "c",
]
[[module.task]]
id = "b"
inline = { x = 1, y = [1, { z = 2 }] }
[[module]]
id = 'n'
[[module.task]]
id = 'c'
[calendar]
holidays = [2026-12-24, 2026-12-25]
when = 1979-05-27 07:32:00
after = 2
dotted.key = "v"
'''


def test_the_document_is_valid_toml() -> None:
    assert tomllib.loads(DOCUMENT)["course"]["title"] == 'two\nlines with """ quotes'


def test_keys_tables_and_array_elements_have_their_line_and_column() -> None:
    index = PositionIndex(DOCUMENT)
    assert index.locate(("course", "id")) == (3, 1)
    assert index.locate(("course", "quoted.key")) == (6, 1)
    assert index.locate(("course", "literal")) == (7, 1)
    assert index.locate(("module", 0)) == (9, 1)
    assert index.locate(("module", 0, "task", 0, "requires", 1)) == (15, 3)
    assert index.locate(("module", 0, "task", 1, "inline", "y", 1, "z")) == (19, 29)
    assert index.locate(("module", 1, "task", 0, "id")) == (23, 1)
    assert index.locate(("calendar", "holidays", 1)) == (25, 25)
    assert index.locate(("calendar", "after")) == (27, 1)
    assert index.locate(("calendar", "dotted", "key")) == (28, 1)


def test_a_missing_key_is_located_at_its_nearest_table() -> None:
    index = PositionIndex(DOCUMENT)
    assert index.locate(("module", 1, "task", 0, "title")) == (22, 1)
    assert index.locate(("pace", "weekly")) == (1, 1)
