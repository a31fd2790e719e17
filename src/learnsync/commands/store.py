"""``learnsync store path``: where the store is; ``learnsync store rebuild``: its progress
snapshots replayed from the events."""

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


def run_rebuild(store_option: str | None, output_format: str) -> int:
    """Exit 1 when an enrollment was left out, its rows damaged (each named on stderr)."""
    from learnsync.enrollments import open_for

    damaged: list[str] = []
    with open_for(store_option, write=True) as store:
        rebuilt = store.rebuild_snapshots(damaged)
        path = store.path
    if output_format == "json":
        from learnsync.output import print_json

        print_json({"schema_version": 1, "path": str(path), "rebuilt": rebuilt, "damaged": damaged})
    else:
        from learnsync.render.terminal import say

        plural = "" if rebuilt == 1 else "s"
        left = f"; {len(damaged)} left out, their rows damaged" if damaged else ""
        say(
            sys.stdout,
            f"Rebuilt the progress of {rebuilt} enrollment{plural} from their events{left}.",
        )
        for line in damaged:
            say(sys.stderr, f"error: {line}")
    return 1 if damaged else 0
