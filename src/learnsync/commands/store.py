"""``learnsync store path``: where the store is."""

from __future__ import annotations

import sys

from learnsync.store.paths import store_path


def run_path(store_option: str | None, output_format: str) -> int:
    path = store_path(store_option)
    if output_format == "json":
        from learnsync.output import print_json

        print_json({"schema_version": 1, "path": str(path), "exists": path.exists()})
    else:
        from learnsync.render.terminal import say

        say(sys.stdout, str(path))
    return 0
