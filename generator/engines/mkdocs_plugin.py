"""The MkDocs plugin: hands the orchestrator's pages and files to MkDocs, nothing more.

`relais build` hands it a site already checked and produced (`handed`); when MkDocs runs on its
own (`mkdocs build`, `relais serve`) it asks the orchestrator for one, reporting through MkDocs'
log. While previewing, it converts again only the pages whose Markdown changed, and answers for
the PDFs made in the background. Only this module and `mkdocs_engine.py` know MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .. import addresses
from ..diagnostics import Diagnostic, sorted_diagnostics
from ..incremental import LiveCheck
from ..load import GLOSSARY_FILE, KINDS
from ..orchestrator import Run, RunFailed, SiteFiles, site_files
from ..site import offline, preview, search
from ..site.render import Page as GeneratedPage
from ..site.render import about_page, fill_fragments, site_addresses
from .mkdocs_preview import BuiltSite, LivePreview

if TYPE_CHECKING:
    from wsgiref.types import StartResponse
    from wsgiref.types import WSGIApplication as WsgiApp

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

# Markdown features the generated pages rely on; added when mkdocs.yml does not list them.
REQUIRED_EXTENSIONS: dict[str, dict[str, object]] = {
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}


POLL_SECONDS = 0.2  # a scan of a thousand fiches' folders takes a few milliseconds


class RelaisConfig(base.Config):
    """The `relais` block of mkdocs.yml; Relais reads it as its settings (model.Settings)."""

    contenu = c.Optional(c.Type(str))  # content repository; defaults to mkdocs.yml's folder
    licence = c.Type(str, default="CC-BY-SA-4.0")
    publics = c.Type((list, dict), default=[])
    thematiques = c.Type((list, dict), default=[])
    jargon = c.Type(list, default=[])
    pdf = c.Type(bool, default=True)  # printable PDFs, built with the site and linked from it
    hors_ligne = c.Type(bool, default=True)  # works from file:// (search too), plus a zip of it
    regles = c.Type(dict, default={})  # rule code -> erreur | avertissement | ignorer
    ignorer = c.Type(dict, default={})  # path pattern -> rule codes
    falc = c.Type(dict, default={})  # extra FALC word lists (see generator/data/falc.yml)
    synonymes = c.Type(list, default=[])  # search: groups of words that find each other
    synonymes_relais = c.Type(bool, default=True)  # with Relais' own groups (data/synonymes.yml)
    # « Mon aide-mémoire » of learner documents: the structure, the national help numbers
    # (validated with the rest of the settings in model.Settings).
    structure = c.Type(dict, default={})
    numeros_utiles = c.Optional(c.Type(list))
    # `relais check` warns when the facts of a document were checked longer ago (model.Settings).
    verification_max_mois = c.Type(int, default=12)
    emargement_lignes = c.Type(int, default=12)  # rows of each attendance sheet (model.Settings)


class RelaisPlugin(BasePlugin[RelaisConfig]):
    def __init__(self) -> None:
        self.root = Path()
        self.handed: SiteFiles | None = None  # given by `relais build` (mkdocs_engine.py)
        self.files: SiteFiles | None = None  # the last good site
        self.fragments: dict[str, tuple[str, ...]] = {}  # of each generated page, by its path
        self.serving = False
        self.banner = ""  # while previewing content with errors: the list of them, as HTML
        self.conversions = _Conversions()  # of the preview's previous build
        self.checker = LiveCheck(Path())  # the preview's check, kept warm between saves
        self.checked: Run | None = None  # a preview's whole check, made before MkDocs runs
        self.built: BuiltSite | None = None  # the preview's last whole build
        self._built_with: tuple[Files, Navigation] | None = None  # by MkDocs, for `built`
        self._env: jinja2.Environment | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # no zip while previewing: it would slow every reload

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.contenu or Path(config.config_file_path).parent).resolve()
        if self.checker.root != self.root:
            self.checker = LiveCheck(self.root, (Path(config.docs_dir).resolve(),
                                                 Path(config.config_file_path).resolve(),
                                                 self.root / "medias", self.root / GLOSSARY_FILE))
        _add_extensions(config)
        _add_theme(config, hors_ligne=self.config.hors_ligne)
        # Themes print the site name as HTML: mkdocs.yml (or a folder's name) is text here.
        config.site_name = Markup(escape(config.site_name or self.root.name))
        self.banner = ""
        if self.handed is not None:
            self.files, self.handed = self.handed, None
        else:
            self._run_alone(config)
        if self.files is not None:
            self.fragments = {page.uri: page.fragments for page in self.files.pages
                              if page.fragments}
        if not config.nav:
            config.nav = list(self.files.nav if self.files else preview.waiting_site().nav)
        return config

    def _run_alone(self, config: MkDocsConfig) -> None:
        """MkDocs without `relais build`: the orchestrator's run, reported in MkDocs' log."""
        if self.serving:  # no fork beside a server; the check is kept for the next save
            run, self.checked = self.checked or Run.of(self.checker.whole(), _log), None
        else:
            run = Run.start(self.root, _log)
        if run.failed and self.serving:
            self.show_errors(run)
            return
        if run.failed:  # each error is in the log already
            errors = sum(d.is_error for d in run.diagnostics)
            raise PluginError(f"le contenu contient {errors} erreur(s) : site non construit")
        try:
            files = site_files(run, serving=self.serving)
        except RunFailed as exc:
            raise PluginError(str(exc)) from exc
        self._stop_pdfs()  # made for content that changed since
        self.files = files

    def show_errors(self, run: Run) -> None:
        """While previewing: the errors atop every page over the last good site (see
        preview.py), instead of stopping the server."""
        self.banner = preview.error_banner(sorted_diagnostics(run.diagnostics),
                                           has_last_good=self.files is not None)

    @staticmethod
    def report(diagnostics: list[Diagnostic]) -> None:
        _log(diagnostics)

    def adopt(self, files: SiteFiles) -> None:
        """The site of a newer check, written page by page (mkdocs_preview.py)."""
        self._stop_pdfs()
        self.files = files
        self.banner = ""

    def _stop_pdfs(self) -> None:
        if self.files is not None and self.files.later is not None:
            self.files.later.stop()

    def on_shutdown(self) -> None:
        self._stop_pdfs()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.files is None:  # previewing content that never had a good version yet
            for page in preview.waiting_site().pages:
                files.append(File.generated(config, page.uri, content=page.content))
            return files
        for page in self.files.pages:
            if files.get_file_from_path(page.uri) is not None:
                continue  # a hand-written page in docs_dir wins over the generated one
            generated = File.generated(config, page.uri, content=page.content)
            if page.source:
                generated.edit_uri = self._docs_to_root(config) + page.source
            files.append(generated)
        for extra in self.files.generated:
            files.append(File.generated(config, extra.uri, content=extra.content))
        self._add_about_page(files, config, self.files)
        for media in self.files.media:
            if files.get_file_from_path(media) is None:
                files.append(File(media, src_dir=str(self.root), dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls))
        for uri, source in self.files.copies.items():
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        return files

    def _add_about_page(self, files: Files, config: MkDocsConfig, site: SiteFiles) -> None:
        """« À propos de ce site », linked from the footer: it lists the hand-written pages of
        docs_dir (e.g. an authors' guide), which stay out of the main tabs."""
        if files.get_file_from_path(addresses.A_PROPOS) is None:
            page = self.about_page(files, site)
            files.append(File.generated(config, page.uri, content=page.content))
        about = files.get_file_from_path(addresses.A_PROPOS)
        assert about is not None  # added just above when the repository has none
        config.extra["relais_a_propos"] = about.url

    @staticmethod
    def about_page(files: Files, site: SiteFiles) -> GeneratedPage:
        documents = [(_page_title(f), f.src_uri) for f in files.documentation_pages()
                     if not f.generated_by and f.src_uri != addresses.A_PROPOS]
        return about_page(site.library, sorted(documents), with_archive=site.archive)

    @event_priority(-100)  # once every plugin has added its files
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.serving:
            self.conversions.start_build(config, files)
            self._built_with = files, nav
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self._env = env
        return env

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.serving and page.file.generated_by:  # hand-written pages may include files
            self.conversions.remember(page)
        return page

    @event_priority(100)  # before any plugin reads the page (search index, tooltips…)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if not fragments or self.files is None or not page.file.generated_by:
            return html  # hand-written pages of docs_dir are the site owner's, not content

        def address(path: str) -> str | None:
            target, _, anchor = path.partition("#")
            found = files.get_file_from_path(posixpath.normpath(target))
            if found is None:
                return None
            url = get_relative_url(found.url, page.url)
            return f"{url}#{anchor}" if anchor else url

        return fill_fragments(html, fragments, site_addresses(self.files.library, address))

    def _docs_to_root(self, config: MkDocsConfig) -> str:
        """`edit_uri` is relative to the docs folder; the YAML sits at the repository root."""
        docs = Path(config.docs_dir).resolve()
        depth = len(docs.relative_to(self.root).parts) if docs.is_relative_to(self.root) else 1
        return "../" * depth

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.files is None:
            return
        site_dir = Path(config.site_dir)
        settings = self.files.library.settings  # accents, plurals and synonyms for the search
        groups = search.synonym_groups(settings.synonymes, settings.synonymes_relais)
        search.enrich_index_file(site_dir / offline.SEARCH_INDEX, groups)
        if settings.hors_ligne:
            offline.write_search_script(site_dir)
        self.files.finish(site_dir)
        if self.serving and self._built_with is not None and self._env is not None:
            self.built = BuiltSite(config, *self._built_with, self._env, groups)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        for folder in (*KINDS, "medias"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        if (self.root / GLOSSARY_FILE).is_file():
            server.watch(str(self.root / GLOSSARY_FILE))
        server.set_app(self._with_banner(
            self._with_pdfs_made_later(server.serve_request, server.mount_path)))
        server.builder = LivePreview(self, server, builder).rebuild  # type: ignore[method-assign]
        _look_more_often(server)
        return server

    def _with_banner(self, app: WsgiApp) -> WsgiApp:
        """The server's pages with the content's errors on top, while it has some (the site
        stays the last good one: nothing is built again to show or hide them)."""

        def answer(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            said: list[Any] = []

            def remember(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                said[:] = [status, headers, *rest]
                return lambda data: None  # the body comes back from `app`, not through this

            body = app(environ, remember)
            status, headers, *rest = said
            kind = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            banner = self.banner
            if banner and kind.startswith("text/html"):
                page = preview.with_banner(b"".join(body).decode("utf-8"), banner).encode()
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
                headers.append(("Content-Length", str(len(page))))
                body = [page]
            start_response(status, headers, *rest)
            return body

        return answer

    def _with_pdfs_made_later(self, app: WsgiApp, mount_path: str) -> WsgiApp:
        """The server's answers, except for the PDFs the preview makes in the background: the
        PDF once made, until then a page that says it is coming (the site holds that page under
        the PDF's name, which MkDocs would serve as a broken PDF)."""

        def answer(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            later = self.files.later if self.files is not None else None
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            uri = posixpath.normpath("/" + path[len(mount_path):]).lstrip("/") \
                if path.startswith(mount_path) else ""
            if later is None or uri not in later.paths:
                return app(environ, start_response)
            pdf = later.pdf(uri)
            if pdf is not None:
                try:
                    content = pdf.read_bytes()
                except OSError:
                    pass
                else:
                    start_response("200 OK", [("Content-Type", "application/pdf"),
                                              ("Content-Length", str(len(content))),
                                              ("Cache-Control", "no-store")])
                    return [content]
            page = preview.pdf_waiting_page(uri, later.failure).encode()
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(page))),
                                      ("Cache-Control", "no-store")])
            return [page]

        return answer


@dataclass(frozen=True)
class _Converted:
    content: str | None
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None


class _Conversions:
    """A live preview converts to HTML only the generated pages whose Markdown changed since its
    previous build: conversion is most of an engine build, and an edit changes a few pages.
    A conversion depends on the Markdown, the page's address, the site's files (links) and the
    Markdown settings: all of them are in its key."""

    def __init__(self) -> None:
        self.context = ""
        self.previous: dict[tuple[str, str, str], _Converted] = {}
        self.current: dict[tuple[str, str, str], _Converted] = {}

    def start_build(self, config: MkDocsConfig, files: Files) -> None:
        site = [(f.src_uri, f.url) for f in files]
        settings = (config.markdown_extensions, config.mdx_configs, config.use_directory_urls)
        self.context = hashlib.sha256(repr((site, settings)).encode()).hexdigest()
        self.previous, self.current = self.current, {}  # only what the last build used is kept

    def remember(self, page: Page) -> None:
        """Let `page` take its previous conversion when its Markdown has not changed."""
        convert = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            key = (self.context, page.file.src_uri, page.markdown or "")
            known = self.previous.get(key)
            if known is None:
                convert(config, files)
                known = _Converted(page.content, page.toc, page._title_from_render,
                                   page.present_anchor_ids)
            else:
                page.content, page.toc = known.content, known.toc
                page._title_from_render = known.title
                page.present_anchor_ids = known.anchors
            self.current[key] = known

        setattr(page, "render", render)  # noqa: B010 (this page only, for this build)


def _look_more_often(server: LiveReloadServer) -> None:
    """Look for saved files every POLL_SECONDS instead of MkDocs' half second (most of the time
    from a save to its page, now that a page is written in a fraction of a second); the watches
    made so far move to the new watcher (the server starts it)."""
    from watchdog.observers.polling import PollingObserver

    watched = dict(server._watched_paths)
    for path in watched:
        server.observer.unschedule(server._watch_refs.pop(path))
    server._watched_paths.clear()
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def _log(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted_diagnostics(diagnostics):
        (log.error if diagnostic.is_error else log.warning)(diagnostic.format())


def _add_extensions(config: MkDocsConfig) -> None:
    """The extensions the generated pages use, and icon shortcodes for hand-written pages (the
    content's own icons are drawn by Relais, see `icons`): nobody needs `!!python/name`."""
    from material.extensions import emoji

    config.mdx_configs.setdefault("pymdownx.emoji", {"emoji_index": emoji.twemoji,
                                                     "emoji_generator": emoji.to_svg})
    if "pymdownx.emoji" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.emoji")
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs.setdefault(name, options)


def _add_theme(config: MkDocsConfig, *, hors_ligne: bool) -> None:
    """Relais' templates and assets over Material's (below a repository's custom_dir), stable
    tab anchors (`#pour-lapprenant`), and the file:// worker shim instead of a CDN's."""
    from pymdownx.slugs import slugify

    config.theme["font"] = False  # Material would load Google Fonts: the site makes no
    # third-party request, its fonts are the reader's own
    theme_dir = str(offline.THEME_DIR)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    config.mdx_configs.setdefault("pymdownx.tabbed", {}).setdefault("slugify",
                                                                    slugify(case="lower"))
    if hors_ligne:
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, offline.WORKER_SHIM]


def _page_title(file: File) -> str:
    """A hand-written page's title: its first level-1 heading, else its file name."""
    try:
        text = Path(file.abs_src_path or "").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return Path(file.src_uri).stem.replace("-", " ").capitalize()
