"""Producing a set of PDFs: HTML for each, the cache, then WeasyPrint over all cores.

HTML is rendered here (fast, needs the library); only the PDFs missing from the cache go to
the process pool, each as plain data. Progress is shown on the terminal with rich; beside a
live preview (`Background`), each PDF is handed over as soon as it exists instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from ..diagnostics import Diagnostic, Position, warning
from ..model import Library
from ..output import WRITE_ERRNOS
from ..processes import die_with_parent
from ..report import console
from .cache import Entry, PdfCache, content_key, default_folder
from .documents import PrintJob
from .render import PrintRenderer
from .writer import RenderOutcome, RenderTask, render


class ProductionError(Exception):
    """A PDF could not be produced; the message is French and meant for the user."""


@dataclass(frozen=True)
class Produced:
    job: PrintJob
    file: Path  # the PDF, inside the cache
    pages: int
    rendered: bool  # False when reused from the cache


@dataclass
class Production:
    documents: list[Produced] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0  # wall-clock time of the whole production
    render_seconds: float = 0.0  # time spent inside WeasyPrint, summed over the workers

    @property
    def rendered(self) -> int:
        return sum(d.rendered for d in self.documents)

    @property
    def reused(self) -> int:
        return len(self.documents) - self.rendered

    @property
    def rendered_pages(self) -> int:
        return sum(d.pages for d in self.documents if d.rendered)


class Stopped(Exception):
    """The production was stopped before its end (a live preview's content changed)."""


Ready = Callable[[Produced], None]


@dataclass(frozen=True)
class Background:
    """How a production runs beside a live preview: each PDF is handed to `ready` as soon as it
    exists, `stop` ends the work early (raising Stopped), and the workers are new processes
    rather than forks of a process whose other threads serve the site."""

    ready: Ready
    stop: threading.Event


def produce(library: Library, jobs: list[PrintJob], *, cache_folder: Path | None = None,
            workers: int | None = None, show_progress: bool = True,
            background: Background | None = None) -> Production:
    """Every job's PDF, rendered when its content changed, otherwise taken from the cache."""
    started = time.perf_counter()
    ready: Ready = background.ready if background else (lambda produced: None)
    stop = background.stop if background else threading.Event()
    cache = PdfCache(cache_folder or default_folder(library.root))
    try:
        cache.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProductionError(f"dossier du cache des PDF inutilisable : {cache.folder} "
                              f"({exc.strerror})") from exc
    renderer = PrintRenderer(library)
    keys: dict[PrintJob, str] = {}
    missing: dict[str, RenderTask] = {}
    waiting: dict[str, list[PrintJob]] = {}  # key -> the jobs that show that PDF
    for job in jobs:
        if stop.is_set():
            raise Stopped
        html = renderer.html(job)
        key = keys[job] = content_key(html, library.root, job.imposed)
        waiting.setdefault(key, []).append(job)
        if key in missing:
            continue
        entry = cache.get(key)
        if entry is None:
            missing[key] = RenderTask(html, str(library.root), str(cache.pdf(key)), job.imposed,
                                      job.path)
        else:
            ready(Produced(job, cache.pdf(key), entry.pages, False))
    production = Production()

    def done(key: str, outcome: RenderOutcome) -> None:
        entry = Entry(outcome.pages, outcome.refused, outcome.problems)
        cache.put(key, entry)
        production.render_seconds += outcome.seconds
        for job in waiting[key]:
            ready(Produced(job, cache.pdf(key), entry.pages, True))

    _run(missing, done, workers, show_progress, background is not None, stop)
    for job in jobs:
        key = keys[job]
        entry = cache.get(key)
        if entry is None:
            raise ProductionError(f"le PDF {job.path} a disparu du cache {cache.folder}")
        production.documents.append(Produced(job, cache.pdf(key), entry.pages, key in missing))
        production.warnings += _warnings(library, job, entry)
    cache.prune(set(keys.values()))
    production.seconds = time.perf_counter() - started
    return production


# --- running WeasyPrint ---------------------------------------------------------------------


def _run(tasks: dict[str, RenderTask], done: Callable[[str, RenderOutcome], None],
         workers: int | None, show_progress: bool, spawn: bool, stop: threading.Event) -> None:
    """Render every task (by key), handing each outcome to `done` as it comes; the longest
    documents start first to balance cores."""
    if not tasks:
        return
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    order = sorted(tasks, key=lambda key: -_cost(tasks[key]))
    if workers == 1 and not spawn:
        with _progress(len(tasks), show_progress) as advance:
            for key in order:
                if stop.is_set():
                    raise Stopped
                advance(tasks[key].label, started=True)
                done(key, _render_or_fail(tasks[key]))
                advance(tasks[key].label)
        return
    # fork: workers start at once and inherit the imported WeasyPrint and loaded fonts; beside
    # a server, whose other threads may hold locks at the time of a fork, they start afresh.
    method = "spawn" if spawn or os.name != "posix" else "fork"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures: dict[Future[RenderOutcome], str] = {
            pool.submit(render, tasks[key]): key for key in order}
        try:
            with _progress(len(tasks), show_progress) as advance:
                for future in as_completed(futures):
                    key = futures[future]
                    done(key, _result(future, tasks[key]))
                    advance(tasks[key].label)
                    if stop.is_set():
                        raise Stopped
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _cost(task: RenderTask) -> float:
    """Rough rendering cost: HTML size, and imposition about doubles the work."""
    return len(task.html) * (2 if task.imposed else 1)


def _render_or_fail(task: RenderTask) -> RenderOutcome:
    try:
        return render(task)
    except Exception as exc:
        _raise_failure(task, exc)


def _result(future: Future[RenderOutcome], task: RenderTask) -> RenderOutcome:
    try:
        return future.result()
    except Exception as exc:
        _raise_failure(task, exc)


def _raise_failure(task: RenderTask, exc: Exception) -> NoReturn:
    """A full disk or a read-only folder goes up as it is: the command reports it in French."""
    if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
        raise exc
    raise _failure(task, exc) from exc


def _failure(task: RenderTask, exc: Exception) -> ProductionError:
    if isinstance(exc, OSError) and exc.filename:
        return ProductionError(f"le PDF {task.label} n'a pas pu être écrit dans {exc.filename} "
                               f"({exc.strerror})")
    return ProductionError(f"le PDF {task.label} n'a pas pu être produit "
                           f"({type(exc).__name__} : {exc})")


@contextmanager
def _progress(total: int, show: bool) -> Iterator[_Advance]:
    """`advance(label)` counts one PDF done; `advance(label, started=True)` shows it started."""
    if not show:
        yield _Advance(None, None)
        return
    progress = Progress(SpinnerColumn(), TextColumn("PDF"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[current]}"),
                        console=console)
    with progress:
        task = progress.add_task("PDF", total=total, current="")
        yield _Advance(progress, task)


class _Advance:
    def __init__(self, progress: Progress | None, task: object) -> None:
        self.progress = progress
        self.task = task

    def __call__(self, label: str, *, started: bool = False) -> None:
        if self.progress is None:
            return
        self.progress.update(self.task, advance=0 if started else 1,  # type: ignore[arg-type]
                             current=label)


# --- what to tell the author ----------------------------------------------------------------


def _warnings(library: Library, job: PrintJob, entry: Entry) -> list[Diagnostic]:
    sources = job.print_kind.sources(library, job.ident)
    found = []
    for url in entry.refused:
        where = next((d for d in sources if url in d.source.text), sources[0])
        found.append(warning(
            where.source.path, where.source.find(url, Position()),
            f"« {url} » n'apparaît pas dans le PDF {job.path} : un PDF n'utilise que les "
            "fichiers du dépôt de contenu",
            "placez l'image dans medias/ et écrivez medias/nom.png", code="pdf-ressource"))
    found += [warning(sources[0].source.path, Position(),
                      f"PDF {job.path} : WeasyPrint signale « {problem} »", code="pdf-ressource")
              for problem in entry.problems]
    return found
