"""Child processes (PDF workers, the shared-work helper) never outlive the process that forked them.

A `kill -9` of `relais build` runs no clean-up code: without this, a forked worker waits for
work on a pipe it holds both ends of, for ever.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Run first in a forked child: it ends as soon as `parent` ends, however that happens."""
    if not _kernel_kills_us():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent was already gone when we asked
        os._exit(1)


def _kernel_kills_us() -> bool:
    """Ask Linux to send SIGKILL when the parent thread ends; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """Elsewhere, a look at the parent every second: an orphan is adopted by another process."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
