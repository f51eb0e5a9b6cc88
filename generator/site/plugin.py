"""The MkDocs adapter: a thin shell around load -> check -> render.

Only this module and `engine.py` know MkDocs. Pages are handed over as `File.generated`, so
moving to another engine that reads mkdocs.yml means rewriting these two files only.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .. import heap
from ..check import check_repository
from ..diagnostics import Diagnostic, sorted_diagnostics
from ..load import GLOSSARY_FILE, KINDS
from ..model import Library
from ..report import note_late_warnings
from . import offline, preview, search, urls
from .render import Site, about_page, fill_fragments, render_site, site_addresses

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

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


class RelaisConfig(base.Config):
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


class RelaisPlugin(BasePlugin[RelaisConfig]):
    def __init__(self) -> None:
        self.root = Path()
        self.site: Site | None = None
        self.library: Library | None = None
        self.serving = False
        self.own_nav = False
        self.fragments: dict[str, tuple[str, ...]] = {}
        self.banner = ""  # while previewing content with errors: the list of them, as HTML

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.contenu or Path(config.config_file_path).parent).resolve()
        _add_extensions(config)
        _add_theme(config, hors_ligne=self.config.hors_ligne)
        # Themes print the site name as HTML: mkdocs.yml (or a folder's name) is text here.
        config.site_name = Markup(escape(config.site_name or self.root.name))
        heap.release()
        result = check_repository(self.root, parallel=not self.serving)
        diagnostics = sorted_diagnostics(result.diagnostics)
        errors = [d.format() for d in diagnostics if d.is_error]
        self.banner = ""
        if errors and self.serving:
            return self._keep_last_site(config, diagnostics)
        if errors:
            raise PluginError("le contenu contient des erreurs :\n" + "\n".join(errors))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format())
        self.library = result.library
        with heap.collector_paused():
            self.site = render_site(result.library, with_pdf=self.config.pdf,
                                    with_archive=self.config.hors_ligne and not self.serving,
                                    parallel=not self.serving)  # no fork beside a live server
        heap.set_aside()
        self.fragments = {page.uri: page.fragments for page in self.site.pages if page.fragments}
        self.own_nav = not config.nav
        if self.own_nav:
            config.nav = list(self.site.nav)
        return config

    def _keep_last_site(self, config: MkDocsConfig, diagnostics: list[Diagnostic]) -> MkDocsConfig:
        """Previewing content with errors: they go to the terminal and atop every page, over the
        last good site (see preview.py), instead of stopping the server."""
        for diagnostic in diagnostics:
            (log.error if diagnostic.is_error else log.warning)(diagnostic.format())
        self.banner = preview.error_banner(diagnostics, has_last_good=self.library is not None)
        self.site = self.site or preview.waiting_site()
        self.own_nav = not config.nav
        if self.own_nav:
            config.nav = list(self.site.nav)
        return config

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return preview.with_banner(output, self.banner) if self.banner else output

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return preview.with_banner(output_content, self.banner) if self.banner else output_content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # no zip while previewing: it would slow every reload

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if files.get_file_from_path(page.uri) is not None:
                continue  # a hand-written page in docs_dir wins over the generated one
            generated = File.generated(config, page.uri, content=page.content)
            if page.source:
                generated.edit_uri = self._docs_to_root(config) + page.source
            files.append(generated)
        for extra in self.site.files:
            files.append(File.generated(config, extra.uri, content=extra.content))
        self._add_about_page(files, config)
        for media in self.site.media:
            if files.get_file_from_path(media) is None:
                files.append(File(media, src_dir=str(self.root), dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls))
        if self.config.pdf and self.library is not None:
            self._add_pdfs(files, config)
        return files

    def _add_about_page(self, files: Files, config: MkDocsConfig) -> None:
        """« À propos de ce site », linked from the footer: it lists the hand-written pages of
        docs_dir (e.g. an authors' guide), which stay out of the main tabs."""
        if self.library is None:
            return
        documents = [(_page_title(f), f.src_uri) for f in files.documentation_pages()
                     if not f.generated_by and f.src_uri != urls.A_PROPOS]
        if files.get_file_from_path(urls.A_PROPOS) is None:
            page = about_page(self.library, sorted(documents),
                              with_archive=self.config.hors_ligne and not self.serving)
            files.append(File.generated(config, page.uri, content=page.content))
        about = files.get_file_from_path(urls.A_PROPOS)
        assert about is not None  # added just above when the repository has none
        config.extra["relais_a_propos"] = about.url

    @event_priority(100)  # before any plugin reads the page (search index, tooltips…)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if not fragments or self.library is None or not page.file.generated_by:
            return html  # hand-written pages of docs_dir are the site owner's, not content

        def address(path: str) -> str | None:
            target, _, anchor = path.partition("#")
            found = files.get_file_from_path(posixpath.normpath(target))
            if found is None:
                return None
            url = get_relative_url(found.url, page.url)
            return f"{url}#{anchor}" if anchor else url

        return fill_fragments(html, fragments, site_addresses(self.library, address))

    def _add_pdfs(self, files: Files, config: MkDocsConfig) -> None:
        """Printable PDFs, rendered through the content-hash cache and copied as they are."""
        from ..pdf.documents import site_jobs
        from ..pdf.produce import ProductionError, produce

        assert self.library is not None
        try:
            production = produce(self.library, site_jobs(self.library))
        except ProductionError as exc:
            raise PluginError(str(exc)) from exc
        for diagnostic in production.warnings:
            log.warning(diagnostic.format())
        note_late_warnings(production.warnings)  # counted in `relais build`'s summary
        for document in production.documents:
            files.append(File.generated(config, document.job.path,
                                        abs_src_path=str(document.file)))

    def _docs_to_root(self, config: MkDocsConfig) -> str:
        """`edit_uri` is relative to the docs folder; the YAML sits at the repository root."""
        docs = Path(config.docs_dir).resolve()
        depth = len(docs.relative_to(self.root).parts) if docs.is_relative_to(self.root) else 1
        return "../" * depth

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.library is not None:  # accents, plurals and synonyms for the search
            settings = self.library.settings
            groups = search.synonym_groups(settings.synonymes, settings.synonymes_relais)
            search.enrich_index_file(site_dir / offline.SEARCH_INDEX, groups)
        if not self.config.hors_ligne:
            return
        offline.write_search_script(site_dir)
        if not self.serving:
            offline.write_archive(site_dir, urls.ARCHIVE)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        for folder in (*KINDS, "medias"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        if (self.root / GLOSSARY_FILE).is_file():
            server.watch(str(self.root / GLOSSARY_FILE))
        return server


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
