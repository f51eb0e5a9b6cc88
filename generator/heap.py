"""Garbage-collector pauses for the short stages of a build that allocate a great deal.

Loading, checking and rendering a large library create millions of objects, most of which live
on; Python's cyclic collector would scan them again and again (about a fifth of those stages'
time at 3000 fiches). It is paused during those stages, and what they leave behind is set aside
so that the site engine's own collections do not rescan it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def set_aside() -> None:
    """Keep every object alive now out of later collections. Some of them are garbage (page
    contexts of the templates): a build process ends soon, and `release` frees them before the
    next build of a live preview. Collecting them here would scan the whole heap once more."""
    gc.freeze()


def release() -> None:
    """Let the objects set aside by a previous build be collected again."""
    gc.unfreeze()
