"""Durations as authors write them ("1h30", "45 min", 90) <-> minutes."""

from __future__ import annotations

import re

ACCEPTED_FORMS = "formes acceptées : 90, 45 min, 1 h, 1h30, 1 h 30, 2 h, 2h00"

_DURATION = re.compile(
    r"""\s*(?:
        (?P<minutes_only>\d+)\s*(?:min|mn)?               # 90, 45 min
      | (?P<hours>\d+)\s*h\s*(?:(?P<minutes>\d{1,2})(?:\s*min)?)?  # 1 h, 1h30, 1 h 30, 2h00
    )\s*""",
    re.VERBOSE | re.IGNORECASE,
)


_LONGEST = 60  # characters: longer is no duration (and would make the pattern backtrack long)


def parse_duration(value: object) -> int | None:
    """Minutes for a valid duration, or None. Booleans are not numbers here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str) or len(value) > _LONGEST:
        return None
    match = _DURATION.fullmatch(value)
    if not match:
        return None
    if match["minutes_only"] is not None:
        minutes = int(match["minutes_only"])
    else:
        extra = int(match["minutes"] or 0)
        if extra >= 60:
            return None
        minutes = int(match["hours"]) * 60 + extra
    return minutes if minutes > 0 else None


def format_duration(minutes: int) -> str:
    """French display: 45 min, 2 h, 5 h 30."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


def format_clock(minutes: int) -> str:
    """Elapsed time as a clock from 0:00, for timed schedules."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"
