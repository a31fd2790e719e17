"""Durations as a course file writes them, in a module of their own: the screens that print
them (``next``, ``status``, ``report``) need nothing else of ``course.values``."""

from __future__ import annotations


def format_minutes(minutes: int) -> str:
    """``90`` -> ``"1h30m"``, the form a course file uses."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h{rest:02d}m"
    return f"{hours}h" if hours else f"{rest}m"
