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
Finished = TypeVar("Finished")

BATCH = 8  # jobs claimed at a time: small enough to balance, large enough to keep the lock cold
MINIMUM = 64  # fewer jobs than this are not worth a fork
PIPE_BYTES = 1 << 20  # the most Linux grants without privileges (/proc/sys/fs/pipe-max-size)


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
    stream: bool = False,
) -> tuple[list[Result], Other]:
    """`job` over every item, in order, and the result of `meanwhile`, which this process runs
    while the helper starts on the items; then both share the items that remain. The helper
    sends its results once done (however large: the pages of a site), or with `stream` batch
    by batch, so that this process does not wait at the end while it packs them all: for
    results small enough for the pipe to hold those the helper makes during `meanwhile`
    (a check's warnings), or else the helper waits for this process to read them."""
    return _share(items, job, _as_is, meanwhile, parallel=parallel, stream=stream)


def _as_is(index: int, result: Result) -> Result:
    return result


def share_then(
    items: Sequence[Item],
    job: Callable[[Item], Result],
    then: Callable[[int, Result], Finished],
    meanwhile: Callable[[], Other],
    *,
    parallel: bool = True,
) -> tuple[list[Finished], Other]:
    """`share` with `stream`, where this process also applies `then(index, result)` to each
    result as soon as it has it: its own at once, the helper's as they come, while the helper
    works on."""
    return _share(items, job, then, meanwhile, parallel=parallel, stream=True)


def _share(items: Sequence[Item], job: Callable[[Item], Result],
           then: Callable[[int, Result], Finished], meanwhile: Callable[[], Other], *,
           parallel: bool, stream: bool) -> tuple[list[Finished], Other]:
    if not parallel or len(items) < MINIMUM or not forking_available():
        other = meanwhile()
        return [then(index, job(item)) for index, item in enumerate(items)], other
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    helper = context.Process(target=_help, args=(items, job, counter, sender, os.getpid(),
                                                 stream), daemon=True)
    helper.start()
    sender.close()  # only the helper writes: its exit then ends our wait on the pipe
    finished: dict[int, Finished] = {}
    try:
        other = meanwhile()
        for batch in _batches(counter, len(items)):
            for index in batch:
                finished[index] = then(index, job(items[index]))
            _receive(receiver, then, finished, until_end=False)
        _receive(receiver, then, finished, until_end=True)
    except BaseException:
        helper.terminate()  # its work is of no use any more
        raise
    finally:
        receiver.close()
        helper.join()
    for index in range(len(items)):
        if index not in finished:  # the helper failed before sending it: done here
            finished[index] = then(index, job(items[index]))
    return [finished[index] for index in range(len(items))], other


def _receive(receiver: Any, then: Callable[[int, Any], Any], finished: dict[int, Any], *,
             until_end: bool) -> None:
    """The helper's results sent so far (`until_end`: all of them, until it closes the pipe),
    each through `then`."""
    with contextlib.suppress(EOFError, OSError):  # the helper ended, or failed: done above
        while until_end or receiver.poll():
            for index, result in receiver.recv().items():
                finished[index] = then(index, result)


def _widen(sender: Any) -> None:
    """A larger pipe (Linux), so that the helper seldom waits for this process to read."""
    import fcntl  # forking is Linux only (`forking_available`), and so is this module

    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _help(items: Sequence[Any], job: Callable[[Any], Any], counter: Any, sender: Any,
          parent: int, stream: bool) -> None:
    """Runs in the helper. It leaves through `os._exit`: the usual exit would flush the standard
    streams, whose locks another thread of the parent (a progress display) may have held at the
    time of the fork; waiting on them would hang the helper for ever."""
    code = 0
    try:
        die_with_parent(parent)
        done: dict[int, Any] = {}
        for batch in _batches(counter, len(items)):
            done.update((index, job(items[index])) for index in batch)
            if stream:
                sender.send(done)
                done = {}
        sender.send(done)
    except BaseException:  # redone in the parent, which reports any error itself
        code = 1
    finally:
        sender.close()
        os._exit(code)


def _batches(counter: Any, total: int) -> Iterator[range]:
    """The next unclaimed batches of indices, until none are left."""
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + BATCH
        if start >= total:
            return
        yield range(start, min(start + BATCH, total))
