"""The forecast's draws kept beside the package (``forecast_draws.bin``, written by ``python
tools/forecast_draws.py`` from ``forecast.encode_kept_draws``): read here, outside the pure core, once
a process, and handed to the forecast (``forecast.forecast(kept=...)``), which draws the same
rows from the generator without them."""

from __future__ import annotations

import os

from learnsync.forecast import KeptDraws, kept_from_bytes

KEPT_DRAWS = os.path.join(os.path.dirname(__file__), "forecast_draws.bin")
_READ: dict[str, KeptDraws | None] = {}


def read_kept_draws(path: str = KEPT_DRAWS) -> KeptDraws | None:
    """The kept draws, read once a process; None when the file is missing, cannot be read or
    is not what ``forecast.encode_kept_draws`` writes (the forecast is then drawn, the same)."""
    if path not in _READ:
        try:
            with open(path, "rb") as kept:
                data = kept.read()
        except OSError:
            _READ[path] = None
        else:
            _READ[path] = kept_from_bytes(data)
    return _READ[path]
