"""One run of Relais: load → check → outputs, every diagnostic printed once.

Every command is a thin use of it (`relais check|build|pdf|export`), and so is the MkDocs
plugin when MkDocs runs on its own (`mkdocs build`, `relais serve`). The outputs of a site
implement one small protocol, `Output`, and the run calls them in turn (Pelican's `run` is the
model): pages, catalogue, PDFs, then, once the engine has written the folder, the zip. A new
output is a new class in `SITE_OUTPUTS`, not a branch in every command.

The outputs (generator/site, generator/pdf, generator/export) never import each other nor this
module; this module is the only one that knows them all.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rich.markup import escape

from . import addresses, heap
from .model import Fiche, Library, Parcours
from .output import OutputRefused, WriteFailed, checked_output, recover, replacing
from .pdf.documents import Paper, PrintJob, Taille, format_jobs, site_jobs, site_links
from .planning import Plan, planned
from .report import console, print_diagnostics, print_summary
from .run import Run
from .site.preview import pdf_waiting_page
from .site.render import GeneratedFile, Page, document_pages, listing_pages, render_site

if TYPE_CHECKING:
    from .pdf.produce import Production  # WeasyPrint loads only when PDFs are made

class RunFailed(Exception):
    """An output could not be produced; the message is French and meant for the user."""


# --- the site: what its outputs hand to the engine --------------------------------------------


@dataclass
class SiteFiles:
    """Everything a site engine is handed: generated pages and files, repository files and
    PDFs to copy as they are, and what remains once the engine has written the site."""

    library: Library
    serving: bool  # a live preview: no zip, and no helper process beside the server
    pages: list[Page] = field(default_factory=list)
    nav: list[dict[str, str]] = field(default_factory=list)
    generated: list[GeneratedFile] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # repository paths, copied from the root
    copies: dict[str, Path] = field(default_factory=dict)  # site path -> file (the PDFs)
    outputs: list[Output] = field(default_factory=list)
    later: PdfsLater | None = None  # a live preview's PDFs, made once the site is served

    @property
    def archive(self) -> bool:
        """The site is zipped for use without a connection (and its pages link the zip)."""
        return self.library.settings.hors_ligne and not self.serving

    def finish(self, site_dir: Path) -> None:
        """Once the engine has written the site into `site_dir`."""
        for output in self.outputs:
            output.finish(self, site_dir)


class Output(Protocol):
    """One output of a site run."""

    def produce(self, run: Run, files: SiteFiles) -> None:
        """Add this output's pages or files; report warnings with `run.add`; raise RunFailed
        when it cannot be produced."""

    def finish(self, files: SiteFiles, site_dir: Path) -> None:
        """Work on the written site, if any."""


class Pages:
    """The Markdown pages, their navigation and the media they show (generator/site)."""

    def produce(self, run: Run, files: SiteFiles) -> None:
        library = run.library
        with heap.collector_paused():
            site = render_site(library, pdf_links=site_links if library.settings.pdf else None,
                               with_archive=files.archive, parallel=not files.serving)
        heap.set_aside()  # the engine's own collections need not scan all this again
        files.pages += site.pages
        files.nav += site.nav
        files.generated += site.files
        files.media += site.media

    def finish(self, files: SiteFiles, site_dir: Path) -> None:
        pass


class Catalogue:
    """`relais export json`, published beside the pages for hubs (generator/export)."""

    def produce(self, run: Run, files: SiteFiles) -> None:
        files.generated.append(self.export(run.library))

    @staticmethod
    def export(library: Library) -> GeneratedFile:
        from .export.catalogue import catalogue_json

        return GeneratedFile(addresses.CATALOGUE_EXPORT, catalogue_json(library, compact=True))

    def finish(self, files: SiteFiles, site_dir: Path) -> None:
        pass


class Pdfs:
    """The printable PDFs the pages link (generator/pdf), through the content-hash cache; a live
    preview is served first and makes them in the background (`PdfsLater`)."""

    def produce(self, run: Run, files: SiteFiles) -> None:
        if not run.library.settings.pdf:
            return
        jobs = site_jobs(run.library)
        if files.serving:
            files.later = PdfsLater(run, jobs)
            files.generated += [GeneratedFile(path, pdf_waiting_page(path))
                                for path in sorted(files.later.paths)]
            return
        production = produce_pdfs(run, jobs)
        files.copies.update((d.job.path, d.file) for d in production.documents)

    def finish(self, files: SiteFiles, site_dir: Path) -> None:
        if files.later is not None:
            files.later.start()  # once the site is written: its build keeps both cores


class PdfsLater:
    """The PDFs of a live preview, made in a thread once the site is served: a PDF is available
    (`pdf`) as soon as it is in the cache; until then the preview shows a page that says so.
    `stop` ends the work when the content changed and a new run starts over."""

    def __init__(self, run: Run, jobs: list[PrintJob]) -> None:
        self.run = run
        self.jobs = jobs
        self.paths = frozenset(job.path for job in jobs)
        self.made: dict[str, Path] = {}  # site path -> the PDF, in the cache
        self.failure = ""  # French, when the production failed
        self._stop = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._produce, name="relais-pdf", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def pdf(self, path: str) -> Path | None:
        return self.made.get(path)

    def _produce(self) -> None:
        from .pdf.produce import Background, Produced, ProductionError, Stopped, produce

        def ready(produced: Produced) -> None:
            self.made[produced.job.path] = produced.file

        workers = max(1, (os.cpu_count() or 1) - 1)  # a core stays free for the preview
        try:
            production = produce(self.run.library, self.jobs, workers=workers,
                                 show_progress=False, background=Background(ready, self._stop))
        except Stopped:
            return
        except (ProductionError, OSError) as exc:
            self.failure = str(exc) if isinstance(exc, ProductionError) else \
                f"le PDF n'a pas pu être écrit ({exc.strerror})"
            console.print(f"[red]erreur : {escape(self.failure)}[/]")
            return
        self.run.add(production.warnings)
        console.print(f"{len(production.documents)} PDF prêts ({production.rendered} produit(s), "
                      f"{production.reused} inchangé(s)) en {production.seconds:.1f} s.")


class Archive:
    """The whole site zipped, for use without a connection."""

    def produce(self, run: Run, files: SiteFiles) -> None:
        pass

    def finish(self, files: SiteFiles, site_dir: Path) -> None:
        from .site import offline

        if files.archive:
            offline.write_archive(site_dir, addresses.ARCHIVE)


SITE_OUTPUTS: tuple[type[Output], ...] = (Pages, Catalogue, Pdfs, Archive)


def site_files(run: Run, *, serving: bool = False) -> SiteFiles:
    """Every output of the site of a checked run, in turn."""
    files = SiteFiles(run.library, serving, outputs=[output() for output in SITE_OUTPUTS])
    for output in files.outputs:
        output.produce(run, files)
    return files


def pages_of(run: Run, fiches: list[Fiche], parcours: list[Parcours]) -> list[Page]:
    """The pages of these documents alone, as the site of a live preview shows them."""
    library = run.library
    return document_pages(library, fiches, parcours,
                          pdf_links=site_links if library.settings.pdf else None)


def listings_of(run: Run) -> tuple[list[Page], list[GeneratedFile]]:
    """The pages that list documents and the catalogue's files, as a live preview's site
    shows them (see `site.render.listing_pages`)."""
    library = run.library
    site = listing_pages(library, pdf_links=site_links if library.settings.pdf else None)
    return site.pages, [*site.files, Catalogue.export(library)]


def produce_pdfs(run: Run, jobs: list[PrintJob]) -> Production:
    """The PDFs of `jobs`; their warnings are reported."""
    from .pdf.produce import ProductionError, produce

    try:
        production = produce(run.library, jobs)
    except ProductionError as exc:
        raise RunFailed(str(exc)) from exc
    run.add(production.warnings)
    return production


# --- commands that replace an output folder ---------------------------------------------------


class Engine(Protocol):
    """A site engine (MkDocs): writes the site of `files` into the empty folder `site_dir`,
    then calls `files.finish(site_dir)`; RunFailed (French) when it cannot."""

    def build(self, files: SiteFiles, site_dir: Path) -> None: ...


Write = Callable[[Run, Path], str]  # fills the new folder; says what it did


def into_folder(root: Path, out: Path, example: str, write: Write, cancelled: str) -> int:
    """The run of `relais build` and `relais pdf`: check the output folder (exit 2), check the
    content, then `write` into a new folder that replaces `out` in one step; a failure leaves
    `out` as it was (exit 1). `example` names a folder to suggest; `cancelled` is said when
    the content has errors."""
    try:
        out = checked_output(root, out, example)
    except OutputRefused as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 2
    recover(out)  # a killed build's output comes back even if this one stops at the check
    run = Run.start(root, print_diagnostics)
    if run.failed:
        print_summary(run.diagnostics, run.counts)
        console.print(f"[red]{escape(cancelled)}[/]")
        return 1
    try:
        with replacing(out) as staging:
            done = write(run, staging)
    except RunFailed as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        console.print(f"[red]« {escape(str(out))} » n'a pas été modifié.[/]")
        return 1
    except WriteFailed as exc:
        console.print(f"[red]erreur : {escape(str(exc))} ; « {escape(str(out))} » "
                      "n'a pas été modifié[/]")
        return 1
    print_summary(run.diagnostics, run.counts)
    console.print(done)
    return 0


def build(root: Path, out: Path, engine: Engine) -> int:
    """`relais build`: the site and everything it links, in OUT."""
    started = time.perf_counter()

    def write(run: Run, staging: Path) -> str:
        with console.status("Construction du site…"):
            engine.build(site_files(run), staging)
        return f"Site construit dans {escape(str(out))} en {time.perf_counter() - started:.1f} s."

    return into_folder(root, out, "site", write,
                       f"Construction annulée : {out} n'a pas été modifié.")


IMPOSITION_HINT = ("Livrets A5 : imprimez recto verso en retournant sur le bord court, "
                   "gardez l'ordre des feuilles et pliez la pile au milieu.")


def print_documents(root: Path, out: Path, paper: Paper, taille: Taille,
                    dates: Callable[[Library], dict[str, Plan]] | None = None) -> int:
    """`relais pdf`: every document of every fiche and parcours, in OUT; `dates` gives, once
    the content is checked, the plans of the parcours whose documents print session dates."""

    def write(run: Run, staging: Path) -> str:
        plans = dates(run.library) if dates else {}
        production = produce_pdfs(run, format_jobs(run.library, paper, taille, plans))
        for document in production.documents:
            target = staging / addresses.outside_site(document.job.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(document.file, target)  # nothing reads the new folder yet
        done = (f"{len(production.documents)} PDF dans {escape(str(out))} "
                f"({production.rendered} produit(s), {production.reused} inchangé(s)) "
                f"en {production.seconds:.1f} s.")
        lines = [done, *([IMPOSITION_HINT] if paper == "a5" else []),
                 *(escape(planned(run.library.parcours[ident], plan))
                   for ident, plan in plans.items())]
        return "\n".join(lines)

    return into_folder(root, out, "pdf", write, "PDF non produits : corrigez d'abord les erreurs.")


# --- commands that only read ------------------------------------------------------------------


def checked(root: Path, nothing_done: str) -> Run | None:
    """The run of commands that write no folder (`relais export …`): the check printed; None
    (after the summary, ending with `nothing_done`) when the content has errors."""
    run = Run.start(root, print_diagnostics)
    if run.failed:
        print_summary(run.diagnostics, nothing_done)
        return None
    if run.diagnostics:
        console.print(f"{len(run.diagnostics)} avertissement(s).")
    return run

