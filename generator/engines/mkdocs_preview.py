"""`relais serve` keeping up with the author, page by page, on MkDocs.

MkDocs' own preview builds the whole site again at each save: at a thousand fiches that is
half a minute. Relais takes over the server's builder (see `RelaisPlugin.on_serve`):

1. When only fiches or parcours were saved, their files alone are read and checked again
   (`incremental.LiveCheck`), their pages alone are rendered, converted and written into the
   site MkDocs built last, and the browser reloads.
2. Right after, a follow-up thread renders the pages that list documents (the catalogue, the
   parcours that use an edited fiche, the compétences, the glossary…) from that check; the
   server's builder writes those that changed and patches the search index, and the browser
   reloads again.
3. Once the author has paused (no save for PAUSE_SECONDS after step 2), the thread checks and
   renders the whole repository, which settles what the quick check cannot see (another
   fiche's page that links the edited one, a glossary term now defined twice…); the builder
   writes what changed, and the new site's PDFs start.

Anything else (a hand-written page, mkdocs.yml, a référentiel, a file added or removed) is a
whole MkDocs build, as before. Content with errors never reaches the site: the errors are
printed, and shown atop every page the server answers (see `RelaisPlugin`).

MkDocs 1.6 is no longer developed: the build steps used here (`_populate_page`, `_build_page`)
and the server's rebuild flag are its last, frozen version's.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import Files, InclusionLevel

from ..files import write_atomically
from ..incremental import Edit, LiveCheck
from ..model import Fiche, Parcours
from ..orchestrator import Run, RunFailed, SiteFiles, listings_of, pages_of, site_files
from ..site import offline, search
from ..site.render import GeneratedFile, Page

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

    from ..diagnostics import Diagnostic

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
PAUSE_SECONDS = 2.0  # without a save once the listing pages are written: the whole check


@dataclass
class BuiltSite:
    """What MkDocs' last whole build of the preview holds: a page is built again with it."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    groups: list[list[str]]  # the search's synonyms (see `search.synonym_groups`)

    searched: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by page address
    index: dict[str, Any] | None = None  # the search index as last written

    def update(self, pages: list[Page], fragments: dict[str, tuple[str, ...]]) -> int:
        """Convert and write again the generated pages among `pages` whose Markdown changed;
        keep their search entries for `write_search`. How many were written."""
        documents = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        index = _search_index(self.config)
        known = len(index.entries) if index is not None else 0
        built: list[MkDocsPage] = []
        for page in pages:
            file = self.files.get_file_from_path(page.uri)
            if file is None or not file.generated_by or file.page is None:
                continue  # a hand-written page of docs_dir wins over the generated one
            if file.content_string == page.content and fragments.get(page.uri) == page.fragments:
                continue
            file.content_string = page.content
            fragments[page.uri] = page.fragments
            _populate_page(file.page, self.config, self.files)
            _build_page(file.page, self.config, documents, self.nav, self.env)
            built.append(file.page)
        if index is not None:
            for written in built:
                self.searched[written.url] = []
            for entry in index.entries[known:]:
                self.searched[str(entry["location"]).partition("#")[0]].append(entry)
            del index.entries[known:]  # the plugin's index is its last whole build's
        return len(built)

    def write_search(self) -> None:
        """The search index with the entries of the pages built since it was last written
        instead of their old ones (Material writes it whole only in a whole build)."""
        path = Path(self.config.site_dir) / offline.SEARCH_INDEX
        if not self.searched or not path.is_file():
            return
        if self.index is None:
            self.index = json.loads(path.read_text("utf-8"))
        data = self.index
        docs = [entry for entry in data.get("docs", [])
                if str(entry.get("location", "")).partition("#")[0] not in self.searched]
        for entries in self.searched.values():
            docs += search.enrich_index({"docs": entries}, self.groups)["docs"]
        data["docs"] = docs
        self.searched = {}
        text = json.dumps(data, separators=(",", ":"))
        write_atomically(path, text)
        if path.with_suffix(".js").is_file():  # the site works from the disk (hors_ligne)
            offline.write_search_script(Path(self.config.site_dir), text)

    def write(self, uri: str, content: str | bytes) -> None:
        """A generated file that is not a page (the catalogue's data, a PDF's placeholder)."""
        target = Path(self.config.site_dir) / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content)


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index of the site, None without Material's search."""
    from material.plugins.search.plugin import SearchPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin.search_index
    return None


class Previewed(Protocol):
    """What the preview reads and changes of the relais plugin (mkdocs_plugin.py)."""

    checker: LiveCheck
    checked: Run | None  # a whole check for the plugin's next run, made here
    built: BuiltSite | None
    files: SiteFiles | None  # the last good site
    fragments: dict[str, tuple[str, ...]]
    banner: str

    def report(self, diagnostics: list[Diagnostic]) -> None: ...

    def show_errors(self, run: Run) -> None: ...

    def adopt(self, files: SiteFiles) -> None: ...

    def about_page(self, files: Files, site: SiteFiles) -> Page: ...


@dataclass
class Listings:
    """The pages that list documents, rendered from a quick check: written first."""

    generation: int
    pages: list[Page]
    generated: list[GeneratedFile]


@dataclass
class WholeSite:
    """The whole check and site after a quick update: written next, it settles the rest."""

    generation: int
    checker: LiveCheck
    run: Run
    files: SiteFiles | None  # None: a whole MkDocs build is needed


class LivePreview:
    """The server's builder while `relais serve` runs."""

    def __init__(self, plugin: Previewed, server: LiveReloadServer,
                 whole_build: Callable[[], None]) -> None:
        self.plugin = plugin
        self.server = server
        self.whole_build = whole_build  # MkDocs' own: load mkdocs.yml, build everything
        self.lock = threading.Lock()
        self.generation = 0  # of the content: each save handled adds one
        self.ready: list[Listings | WholeSite] = []  # from the follow-up thread
        self.handing = threading.Lock()  # over `ready`, shared with that thread
        self.saved = time.perf_counter()  # when the last save was seen
        self.listed = (0, 0.0)  # the generation whose listing pages were written, and when

    def rebuild(self) -> None:
        with self.lock:
            edit = self.plugin.checker.edit()
            if edit is not None and not edit.documents:
                self._write_follow_up()  # woken by the follow-up (or by nothing Relais reads)
                return
            self.saved = time.perf_counter()
            if edit is None or self.plugin.built is None or self.plugin.files is None \
                    or not self._quick(edit):
                self._whole()

    def _quick(self, edit: Edit) -> bool:
        """The edited documents' pages, at once; False when a whole build is needed."""
        checker, built, files = self.plugin.checker, self.plugin.built, self.plugin.files
        assert built is not None and files is not None
        self.generation += 1
        before = set(checker.diagnostics)
        result = checker.quick(edit)
        if result is None:
            return False
        saved = edit.relative_paths(checker.root)

        def report(found: list[Diagnostic]) -> None:
            """What the saved files draw, and what changed elsewhere: the rest was printed."""
            shown = [d for d in found if d.path in saved or d not in before]
            self.plugin.report(shown)
            if len(shown) < len(found):
                _say(f"(les {len(found) - len(shown)} autres diagnostics, déjà affichés, "
                     "n'ont pas changé)")

        run = Run.of(result, report)
        if run.failed:
            self.plugin.show_errors(run)
            return True
        self.plugin.banner = ""
        fiches = [d for d in checker.edited if isinstance(d, Fiche)]
        parcours = [d for d in checker.edited if isinstance(d, Parcours)]
        built.update(pages_of(run, fiches, parcours), self.plugin.fragments)
        names = ", ".join(d.source.path for d in checker.edited)
        _say(f"{names} : page mise à jour en {time.perf_counter() - self.saved:.2f} s ; "
             "pages liées ensuite…")
        self._follow(run)
        return True

    def _whole(self, run: Run | None = None) -> None:
        """Check everything, then let MkDocs build everything (nothing when there are
        errors: the last good site stays, with them on top)."""
        self.generation += 1  # what the follow-up thread hands from now on is dropped
        if run is None:
            run = Run.of(self.plugin.checker.whole(), self.plugin.report)
        if run.failed:
            self.plugin.show_errors(run)
            return
        self.plugin.checked = run
        self.whole_build()
        _say(f"Aperçu reconstruit en {time.perf_counter() - self.saved:.1f} s.")

    def _follow(self, quick: Run) -> None:
        """In a thread: the pages that list documents, from the quick check; then the whole
        repository, checked and rendered again. The builder writes each as it comes."""
        generation, printed = self.generation, set(quick.diagnostics)
        root, watched = self.plugin.checker.root, self.plugin.checker.watched

        def report(found: list[Diagnostic]) -> None:
            self.plugin.report([d for d in found if d not in printed])

        def work() -> None:
            self._hand(Listings(generation, *listings_of(quick)))
            if not self._paused(generation):
                return  # a newer save has its own follow-up
            checker = LiveCheck(root, watched)
            files: SiteFiles | None = None
            run = Run.of(checker.whole(), report)
            if not run.failed:
                try:
                    files = site_files(run, serving=True)
                except RunFailed as exc:
                    log.error(str(exc))  # the whole build that follows says it again
            self._hand(WholeSite(generation, checker, run, files))

        threading.Thread(target=work, name="relais-apercu", daemon=True).start()

    def _paused(self, generation: int) -> bool:
        """Wait until the listing pages are written and the author has saved nothing more for
        PAUSE_SECONDS; False when they saved meanwhile. The whole check runs in this process:
        started while the author keeps saving, it would slow the next page down (both threads
        share the interpreter, and its pages are written while the server waits)."""
        while generation == self.generation:
            listed, when = self.listed
            waited = time.perf_counter() - when if listed == generation else 0.0
            if waited >= PAUSE_SECONDS:
                return True
            time.sleep(0.1)
        return False

    def _hand(self, step: Listings | WholeSite) -> None:
        """Give `step` to the builder, and wake it as the server's watcher does on a save."""
        with self.handing:
            self.ready.append(step)
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def _write_follow_up(self) -> None:
        with self.handing:
            ready, self.ready = self.ready, []
        for step in ready:
            if step.generation != self.generation:
                continue  # made for an older save
            if isinstance(step, Listings):
                self._write_listings(step)
            else:
                self._write_whole(step)

    def _write_listings(self, listings: Listings) -> None:
        built, files = self.plugin.built, self.plugin.files
        if built is None or files is None:
            return
        count = built.update(listings.pages, self.plugin.fragments)
        built.write_search()  # with the edited page's entries, kept since the quick step
        _write_changed(built, files.generated, listings.generated)
        self.listed = (listings.generation, time.perf_counter())
        _say(f"{count} page(s) liée(s) mise(s) à jour en "
             f"{time.perf_counter() - self.saved:.1f} s ; vérification complète ensuite…")

    def _write_whole(self, whole: WholeSite) -> None:
        self.plugin.checker = whole.checker
        if whole.run.failed:
            self.plugin.show_errors(whole.run)
            return
        previous, built = self.plugin.files, self.plugin.built
        if whole.files is None or previous is None or built is None \
                or not _same_shape(previous, whole.files):
            self._whole(whole.run)
            return
        self.plugin.adopt(whole.files)
        pages = [*whole.files.pages, self.plugin.about_page(built.files, whole.files)]
        count = built.update(pages, self.plugin.fragments)
        built.write_search()
        _write_changed(built, previous.generated, whole.files.generated)
        whole.files.finish(Path(built.config.site_dir))
        _say(f"Vérification complète en {time.perf_counter() - self.saved:.1f} s : "
             f"{count} autre(s) page(s) mise(s) à jour.")


def _write_changed(built: BuiltSite, before: list[GeneratedFile],
                   after: list[GeneratedFile]) -> None:
    """The generated files (not pages) whose content changed."""
    known = {extra.uri: extra.content for extra in before}
    for extra in after:
        if known.get(extra.uri) != extra.content:
            built.write(extra.uri, extra.content)


def _say(text: str) -> None:
    from rich.markup import escape

    from ..report import console

    console.print(escape(text), soft_wrap=True)


def _same_shape(before: SiteFiles, after: SiteFiles) -> bool:
    """The same pages, navigation, media and files: a page-by-page update is enough."""
    return ([p.uri for p in before.pages] == [p.uri for p in after.pages]
            and before.nav == after.nav and before.media == after.media
            and before.copies == after.copies
            and [g.uri for g in before.generated] == [g.uri for g in after.generated])
