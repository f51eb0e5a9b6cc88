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


LONGEST = 60  # characters: longer is no duration (and would make the pattern backtrack long)

# The same forms for editors (JSON Schema, `relais schemas`): one pattern, no flags nor look-
# arounds, that also holds the bounds of the model (1 min to 8 h, limits.MAX_MINUTES).
_MIN = r"[mM][iI][nN]"
JSON_PATTERN = (
    r"^\s*(?:"
    rf"0*(?:[1-9]\d?|[1-3]\d\d|4[0-7]\d|480)\s*(?:{_MIN}|[mM][nN])?"  # 1 to 480 minutes
    rf"|0*[1-7]\s*[hH]\s*(?:[0-5]?\d(?:\s*{_MIN})?)?"  # 1 h to 7 h 59
    rf"|0*8\s*[hH]\s*(?:0{{1,2}}(?:\s*{_MIN})?)?"  # 8 h
    rf"|0+\s*[hH]\s*(?:0?[1-9]|[1-5]\d)(?:\s*{_MIN})?"  # 0 h 01 to 0 h 59
    r")\s*$"
)


def parse_duration(value: object) -> int | None:
    """Minutes for a valid duration, or None. Booleans are not numbers here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str) or len(value) > LONGEST:
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
