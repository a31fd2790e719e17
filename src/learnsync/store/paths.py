"""Where the store lives: ``--store PATH``, else ``LEARNSYNC_STORE``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

STORE_VARIABLE = "LEARNSYNC_STORE"
STORE_FILE = "learnsync.sqlite3"


def store_path(option: str | Path | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    from_environment = os.environ.get(STORE_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("learnsync", appauthor=False)) / STORE_FILE
