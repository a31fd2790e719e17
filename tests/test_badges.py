"""The badge tally's record: what equality, repr and replace read."""

from __future__ import annotations

import inspect

from learnsync.badges import _TALLY_FIELDS, Tally


def test_a_tally_compares_copies_and_shows_every_field_it_keeps() -> None:
    parameters = list(inspect.signature(Tally.__init__).parameters)[1:]
    # equality, repr and replace read _TALLY_FIELDS: a field missing there would be ignored
    assert sorted(_TALLY_FIELDS) == sorted(Tally.__slots__) == sorted(parameters)
    assert Tally(points=3) != Tally(points=4)
    assert Tally(points=3).replace(streak=2) == Tally(points=3, streak=2)
