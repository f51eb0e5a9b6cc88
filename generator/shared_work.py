"""Sharing a long list of independent jobs with one forked helper process.

Rendering thousands of pages is pure Python, so threads would not help; a helper forked at the
right moment already holds the loaded library and the compiled templates, and needs nothing but
the list of jobs. Both processes claim small batches from a shared counter, so the work splits
evenly however long the rest of this process's work takes. Whatever the helper does not return
(it failed, or it could not start) is done here, so the results never depend on the helper.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .processes import die_with_parent

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")

BATCH = 8  # jobs claimed at a time: small enough to balance, large enough to keep the lock cold
MINIMUM = 64  # fewer jobs than this are not worth a fork


def forking_available() -> bool:
    # Linux only: on macOS a forked child may be aborted by system libraries, and Windows has
    # no fork; there the work simply stays in this process.
    return sys.platform.startswith("linux")


def share(
    items: Sequence[Item],
    job: Callable[[Item], Result],
    meanwhile: Callable[[], Other],
    *,
    parallel: bool = True,
) -> tuple[list[Result], Other]:
    """`job` over every item, in order, and the result of `meanwhile`, which this process runs
    while the helper starts on the items; then both share the items that remain."""
    if not parallel or len(items) < MINIMUM or not forking_available():
        other = meanwhile()
        return [job(item) for item in items], other
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_help, args=(items, job, counter, sender, os.getpid()),
                             daemon=True)
    helper.start()
    sender.close()  # only the helper writes: its exit then ends our wait on the pipe
    try:
        other = meanwhile()
        results: dict[int, Result] = _work_through(items, job, counter)
        with contextlib.suppress(EOFError, OSError):  # the helper failed: done below
            results.update(receiver.recv())
    except BaseException:
        helper.terminate()  # its work is of no use any more
        raise
    finally:
        receiver.close()
        helper.join()
    for index in range(len(items)):
        if index not in results:
            results[index] = job(items[index])
    return [results[index] for index in range(len(items))], other


def _help(items: Sequence[Any], job: Callable[[Any], Any], counter: Any, sender: Any,
          parent: int) -> None:
    """Runs in the helper. It leaves through `os._exit`: the usual exit would flush the standard
    streams, whose locks another thread of the parent (a progress display) may have held at the
    time of the fork; waiting on them would hang the helper for ever."""
    code = 0
    try:
        die_with_parent(parent)
        sender.send(_work_through(items, job, counter))
    except BaseException:  # redone in the parent, which reports any error itself
        code = 1
    finally:
        sender.close()
        os._exit(code)


def _work_through(items: Sequence[Any], job: Callable[[Any], Any], counter: Any) -> dict[int, Any]:
    """Results of the jobs this process claims, by index, until none are left."""
    return {index: job(items[index]) for index in _claim(counter, len(items))}


def _claim(counter: Any, total: int) -> Iterator[int]:
    """Indices of the next unclaimed batches, until none are left."""
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + BATCH
        if start >= total:
            return
        yield from range(start, min(start + BATCH, total))
