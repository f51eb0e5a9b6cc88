"""Print HTML -> tagged PDF with WeasyPrint (PDF/UA-1), imposed when A5. Runs in pool workers."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from ..files import write_atomically
from . import fit, tagging
from .fetcher import RepositoryFetcher
from .impose import impose_saddle_stitch

ASSETS = Path(__file__).resolve().parent / "assets"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged, with title, language and XMP metadata


@dataclass(frozen=True)
class RenderTask:
    """Everything one worker needs: plain data, cheap to send to another process."""

    html: str
    root: str  # the content repository, the only place documents may read from
    target: str  # where the PDF is written (atomically)
    imposed: bool
    label: str  # what the progress display shows


@dataclass(frozen=True)
class RenderOutcome:
    target: str
    label: str
    pages: int  # pages of the document itself (A5 pages for an imposed booklet)
    refused: tuple[str, ...]  # URLs the fetcher refused
    problems: tuple[str, ...]  # warnings WeasyPrint logged while laying out
    seconds: float


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_fonts: tuple[int, FontConfiguration] | None = None


def _font_config() -> FontConfiguration:
    """One font configuration per process (fontconfig state is not shared across a fork)."""
    global _fonts
    if _fonts is None or _fonts[0] != os.getpid():
        _fonts = (os.getpid(), FontConfiguration())
    return _fonts[1]


def render(task: RenderTask) -> RenderOutcome:
    started = time.perf_counter()
    tagging.install()
    fetcher = RepositoryFetcher(Path(task.root), ASSETS)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        document = _fitted(task, fetcher)
        data = document.write_pdf(**PDF_OPTIONS)
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
    if task.imposed:
        data = impose_saddle_stitch(data)
    target = Path(task.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    problems = tuple(m for m in collector.messages if not any(u in m for u in fetcher.refused))
    return RenderOutcome(task.target, task.label, len(document.pages), tuple(fetcher.refused),
                         problems, time.perf_counter() - started)


def _layout(task: RenderTask, html: str, fetcher: RepositoryFetcher) -> Document:
    return HTML(string=html, base_url=Path(task.root).as_uri() + "/",
                url_fetcher=fetcher).render(font_config=_font_config(), **PDF_OPTIONS)


def _fitted(task: RenderTask, fetcher: RepositoryFetcher) -> Document:
    """The document laid out, then again if that saves paper (see fit.py)."""
    html = task.html
    document = _layout(task, html, fetcher)
    if not fit.learner(html):
        return document
    if fit.last_page_fill(document) < fit.MIN_LAST_PAGE_FILL and len(document.pages) > 1:
        tight = _layout(task, fit.tighter(html), fetcher)
        if len(tight.pages) < len(document.pages):
            html, document = fit.tighter(html), tight
    blank = fit.blank_slots(document) if task.imposed else 0
    if 0 < blank <= fit.spare_notes(html):
        document = _layout(task, fit.with_notes(html, blank), fetcher)
    return document
