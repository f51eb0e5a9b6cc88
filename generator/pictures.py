"""Proportions of the pictures of the content repository, to print them at a known size."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .files import stamp
from .svg_text import svg_proportions


def proportions(path: Path) -> tuple[float, float] | None:
    """Width and height of the picture at `path` (any unit), or None when unreadable."""
    try:
        return _proportions(path, *stamp(path))
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=1024)
def _proportions(path: Path, mtime_ns: int, size: int) -> tuple[float, float] | None:
    if path.suffix.lower() == ".svg":
        return svg_proportions(path)
    try:
        with Image.open(path) as image:
            return float(image.width), float(image.height)
    except (OSError, UnidentifiedImageError):
        return None
