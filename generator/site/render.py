"""Model -> Markdown pages and a small navigation. Pure functions, no MkDocs import."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, pass_context
from markupsafe import Markup, escape

from .. import addresses, icons, verification
from ..addresses import public_site, relais_link_target
from ..durations import format_clock, format_duration
from ..learner_words import answer_kinds
from ..markup import (
    RELAIS_SCHEMES,
    WEB_SCHEMES,
    rewrite_addresses,
    sanitise,
    to_html,
    unwrap_paragraph,
    url_scheme,
)
from ..model import Fiche, Library, Parcours, Referentiel, Ressource
from ..plain_language import plain_language_score
from ..relations import Relations, relate
from ..shared_work import share
from ..typography import french_spacing, french_spacing_html
from . import catalogue, jsonld, wording
from .coverage import coverage, sessions_by_competence, timeline
from .glossary import Definitions, TermMatcher, Tooltips, fiches_by_term, term_key
from .roadmap import roadmap
from .text import FRAGMENT_MARK, inert, one_line, plain


@dataclass(frozen=True)
class Page:
    uri: str  # path in the generated docs tree, e.g. "fiches/courriel.md"
    content: str
    source: str | None = None  # repository path of the YAML it comes from (edit button)
    # Content rendered by Relais itself (clean HTML), which the engine never parses: `content`
    # holds a placeholder for each, put back by `fill_fragments` once the engine is done.
    fragments: tuple[str, ...] = ()

    def with_fragments(self) -> str:
        """The page's text with its fragments in place (addresses as rendered)."""
        return fill_fragments(self.content, self.fragments)


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output of the site (e.g. a JSON index), written as it is."""

    uri: str
    content: str | bytes


# The PDFs a fiche's or parcours' page links to: (path from the site root, button text).
PdfLinks = Callable[[Fiche | Parcours], list[tuple[str, str]]]


@dataclass
class Site:
    pages: list[Page]
    media: list[str]  # repository files the pages use (images), copied as they are
    nav: list[dict[str, str]] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)


def render_site(library: Library, *, pdf_links: PdfLinks | None = None,
                with_archive: bool = False, parallel: bool = False) -> Site:
    """All pages of the site. `pdf_links` gives the download links of the printable PDFs,
    `with_archive` the link to the zip of the whole site (written after the build); `parallel`
    shares the fiche pages with a forked helper process (same pages, sooner)."""
    pages = _Pages(library, pdf_links, with_archive)
    fiches = _sorted(library.fiches.values())

    def the_rest() -> tuple[list[Page], list[Page], list[GeneratedFile]]:
        """The pages listed before the fiches, those after, and the catalogue's files."""
        return (list(pages.before_fiches(fiches)), list(pages.after_fiches()),
                _catalogue_files(library, pages.relations))

    # Fiche pages are most of the work: a helper process shares them while this one does the rest.
    fiche_pages, (before, after, files) = share(list(library.fiches.values()), pages.fiche,
                                                the_rest, parallel=parallel)
    return Site(before + fiche_pages + after, library.images(), _nav(), files)


def document_pages(library: Library, fiches: list[Fiche], parcours: list[Parcours], *,
                   pdf_links: PdfLinks | None = None, with_archive: bool = False) -> list[Page]:
    """The pages of these fiches and parcours alone, as `render_site` writes them: a live
    preview shows an edited document first, and the pages that list it right after."""
    pages = _Pages(library, pdf_links, with_archive)
    return [*map(pages.fiche, fiches), *map(pages.parcours, parcours)]


def listing_pages(library: Library, *, pdf_links: PdfLinks | None = None,
                  with_archive: bool = False) -> Site:
    """Every page but the fiches' (the catalogue, parcours, compétences, glossary…) and the
    catalogue's files, as `render_site` writes them: a tenth of its work at a thousand fiches,
    and where an edited fiche shows most."""
    pages = _Pages(library, pdf_links, with_archive)
    fiches = _sorted(library.fiches.values())
    return Site([*pages.before_fiches(fiches), *pages.after_fiches()], library.images(),
                _nav(), _catalogue_files(library, pages.relations))


class _Pages:
    """What every page of one site shares (relations, glossary, template context), and the
    page of each kind."""

    def __init__(self, library: Library, pdf_links: PdfLinks | None, with_archive: bool) -> None:
        self.library = library
        self.relations = relate(library)
        self.common = {"library": library, "relations": self.relations,
                       "vocab": library.vocabularies, "pdf_links": pdf_links,
                       "archive": addresses.ARCHIVE if with_archive else None,
                       "images": frozenset(library.images())}
        # The merged glossary holds every fiche's terms too: one matcher serves every page.
        self.glossary = Definitions.of({term.terme: term.definition
                                        for term in self.relations.glossary})
        self.matcher = TermMatcher(self.glossary)
        self.address = public_site(library).absolute

    def page(self, uri: str, template: str, source: str | None = None, **context: Any) -> Page:
        fragments: list[str] = []
        content = _environment().get_template(template).render(
            page_uri=uri, fragments=fragments, **self.common, **context)
        return Page(uri, content, source, tuple(fragments))

    def fiche(self, f: Fiche) -> Page:
        return self.page(addresses.fiche(f.ident), "fiche.md.j2", f.source.path, fiche=f,
                         falc_score=plain_language_score(f, self.library),
                         tooltips=Tooltips(self.glossary, f.glossaire, self.matcher),
                         jsonld=jsonld.fiche(f, self.relations, self.address))

    def parcours(self, p: Parcours) -> Page:
        entries = timeline(self.relations, p)
        return self.page(addresses.parcours(p.ident), "parcours.md.j2", p.source.path,
                         parcours=p, timeline=entries, sessions=sessions_by_competence(entries),
                         jsonld=jsonld.parcours(p, self.relations, self.address))

    def before_fiches(self, fiches: list[Fiche]) -> Iterator[Page]:
        library, page = self.library, self.page
        yield page(addresses.HOME, "home.md.j2",
                   jsonld=jsonld.page(library.settings.site_name, "WebSite"))
        yield page(addresses.FICHES, "fiches.md.j2", fiches=fiches,
                   jsonld=jsonld.page("Catalogue des fiches", "CollectionPage"))
        yield page(addresses.PARCOURS, "parcours_index.md.j2",
                   parcours_list=_sorted(library.parcours.values()),
                   jsonld=jsonld.page("Parcours", "CollectionPage"))
        yield page(addresses.REFERENTIELS, "referentiels.md.j2",
                   jsonld=jsonld.page("Compétences", "CollectionPage"))
        yield page(addresses.COUVERTURE, "couverture.md.j2", matrices=coverage(self.relations),
                   jsonld=jsonld.page("Couverture des compétences par les parcours"))
        yield page(addresses.GLOSSAIRE, "glossaire.md.j2",
                   users=fiches_by_term(self.relations.glossary, fiches, self.matcher),
                   term_key=term_key, jsonld=jsonld.page("Glossaire", "DefinedTermSet"))

    def after_fiches(self) -> Iterator[Page]:
        library, relations, page = self.library, self.relations, self.page
        yield from map(self.parcours, library.parcours.values())
        for referentiel in library.referentiels.values():
            yield page(addresses.referentiel(referentiel.ident), "referentiel.md.j2",
                       referentiel.source.path, referentiel=referentiel,
                       jsonld=jsonld.page(referentiel.titre, "DefinedTermSet",
                                          referentiel.description))
            for c in referentiel.competences:
                key = (referentiel.ident, c.id)
                yield page(addresses.competence(*key), "competence.md.j2",
                           referentiel.source.path, referentiel=referentiel, competence=c,
                           route=roadmap(relations.fiches_by_competence[key], library),
                           jsonld=jsonld.competence(referentiel, c.titre, c.description,
                                                    self.address))
        publics = set(relations.fiches_by_public) | set(relations.parcours_by_public)
        for public in sorted(publics):
            yield page(addresses.public(public), "public.md.j2", public=public,
                       jsonld=jsonld.page(library.vocabularies.public.get(public, public),
                                          "CollectionPage"))


def about_page(library: Library, documents: list[tuple[str, str]], *,
               with_archive: bool = False) -> Page:
    """« À propos de ce site », linked from every page's footer: the hand-written pages of the
    docs folder ((title, docs path) pairs), which stay out of the main tabs, and the data."""
    fragments: list[str] = []
    content = _environment().get_template("a_propos.md.j2").render(
        page_uri=addresses.A_PROPOS, fragments=fragments, library=library, documents=documents,
        catalogue_json=addresses.CATALOGUE_EXPORT,
        archive=addresses.ARCHIVE if with_archive else None,
        jsonld=jsonld.page("À propos de ce site", "AboutPage"))
    return Page(addresses.A_PROPOS, content, None, tuple(fragments))


def _catalogue_files(library: Library, relations: Relations) -> list[GeneratedFile]:
    index = catalogue.catalogue_index(library, relations)
    return [GeneratedFile(addresses.CATALOGUE_JSON, catalogue.as_json(index)),
            GeneratedFile(addresses.CATALOGUE_SCRIPT, catalogue.as_script(index))]


def _sorted(documents: Any) -> list[Any]:
    """In French title order (« Évaluer » with the E's)."""
    return sorted(documents, key=lambda d: (*catalogue.french_order(d.titre), d.ident))


def _nav() -> list[dict[str, str]]:
    """A handful of entries: fiches are reached through listing pages, never one entry each."""
    return [
        {"Accueil": addresses.HOME},
        {"Fiches": addresses.FICHES},
        {"Parcours": addresses.PARCOURS},
        {"Compétences": addresses.REFERENTIELS},
        {"Glossaire": addresses.GLOSSAIRE},
    ]


# --- Jinja environment --------------------------------------------------------------------

@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_markdown, duree=format_duration, horloge=format_clock, cell=_cell,
                       label=_label, ld=jsonld.dumps, plain=plain, meta=_meta, indent=_indent,
                       ressource=_ressource, html=_html_fragment, nombre=wording.count,
                       md_inline=_markdown_inline, materiel=_materiel,
                       verifie=verification.verified_line)
    env.globals.update(url=_url, fiche_url=_fiche_url, parcours_url=_parcours_url,
                       competence_url=_competence_url, public_url=_public_url,
                       link=_relais_link, niveau_label=_niveau_label, new_part=_new_part,
                       answer_kinds=answer_kinds(), a_reverifier=_to_recheck)
    return env


def _finalize(value: Any) -> Any:
    """Every value a template prints is plain text unless marked safe (Markup): it can never
    be read as Markdown or HTML by the engine."""
    return _printed(value) if type(value) is str else value


@lru_cache(maxsize=1 << 16)
def _printed(text: str) -> Markup:
    """`text` as printed (a site prints the same titles and labels on many pages)."""
    return Markup(french_spacing(inert(text)))


def _fragment(context: Any, html: str) -> Markup:
    """Keep clean HTML aside for the page and print its placeholder."""
    fragments: list[str] = context["fragments"]
    fragments.append(html)
    return Markup(f"{FRAGMENT_MARK}{len(fragments) - 1}Z")


def _clean_html(context: Any, text: str) -> str:
    """Author Markdown as clean HTML, with this page's tooltips, icons and French spacing."""
    html = to_html(text)
    tooltips: Tooltips | None = context.get("tooltips")
    if tooltips:
        html = tooltips.mark(html)
    return french_spacing_html(icons.draw(html, "svg"))


@pass_context
def _markdown(context: Any, text: str | None) -> Markup:
    """Author Markdown, rendered by Relais (see `markup`) and marked with glossary tooltips."""
    return _fragment(context, _clean_html(context, text)) if text else Markup("")


@pass_context
def _markdown_inline(context: Any, text: str | None) -> Markup:
    """Author Markdown inside HTML that a template writes (a table cell): one paragraph
    unwrapped, with tooltips and icons. Only for `html` fragments, never in Markdown."""
    return Markup(unwrap_paragraph(_clean_html(context, text))) if text else Markup("")


@pass_context
def _html_fragment(context: Any, html: str) -> Markup:
    """HTML a template wrote (a table, a list), kept out of the engine's Markdown: its links
    are written `fiche:ID`, `parcours:ID` or `competence:REF/ID` and resolved like content's.
    Every text in it went through `inert` (see `_finalize`), so it is valid HTML as well."""
    return _fragment(context, str(html).strip())


@pass_context
def _new_part(context: Any) -> str:
    """Glossary tooltips start again: each tab of a fiche marks the first use of a term."""
    tooltips: Tooltips | None = context.get("tooltips")
    if tooltips:
        tooltips.new_part()
    return ""


# An image of the repository named in parentheses in plain text: « … en grand (medias/x.svg) ».
_MEDIA_MENTION = re.compile(r"\s*\((?P<path>[\w./-]+\.(?:svg|png|jpe?g|gif|webp))\)",
                            re.IGNORECASE)


@pass_context
def _materiel(context: Any, text: str) -> Markup:
    """An item of `materiel` (plain text) for a Markdown list: an image path it names becomes a
    link to the image (or goes, when the site does not carry that file)."""
    pieces: list[str] = []
    last = 0
    for match in _MEDIA_MENTION.finditer(text):
        pieces.append(inert(text[last:match.start()]))
        if match["path"] in context["images"]:
            address = addresses.relative(match["path"], context["page_uri"])
            pieces.append(f" ([l&#39;image à imprimer]({address}))")
        last = match.end()
    pieces.append(inert(text[last:]))
    return Markup("".join(pieces))


@pass_context
def _to_recheck(context: Any, document: Fiche | Parcours) -> bool:
    """The facts of `document` were checked too long ago (« à revérifier »)."""
    limit = context["library"].settings.verification_max_mois
    return verification.to_recheck(document.verifie_le, limit)


def _niveau_label(referentiel: Referentiel, niveau: str) -> str:
    """A level as the référentiel names it (`{id, titre}`), else its id with a capital."""
    title = referentiel.niveau_titre(niveau)
    return title if title != niveau else niveau[:1].upper() + niveau[1:]


def _relais_link(kind: str, ident: str | tuple[str, str] | Any) -> Markup:
    """A `fiche:`, `parcours:` or `competence:` address, for `html` fragments."""
    if isinstance(ident, tuple):
        ident = "/".join(ident)
    elif not isinstance(ident, str):
        ident = ident.ident
    return Markup(escape(f"{kind}:{ident}"))


@pass_context
def _ressource(context: Any, ressource: Ressource) -> Markup:
    words = french_spacing(str(escape(one_line(ressource.titre))))
    link = f'<a href="{escape(ressource.url)}">{words}</a>'
    return _fragment(context, sanitise(link))


_FRAGMENT = re.compile(rf"<p>{FRAGMENT_MARK}(\d+)Z</p>|{FRAGMENT_MARK}(\d+)Z")

Resolve = Callable[[str, bool], str | None]  # (address, is an image) -> its URL, None drops it
Address = Callable[[str], str | None]  # a docs or repository path -> its URL on this page


def fill_fragments(html: str, fragments: tuple[str, ...], resolve: Resolve | None = None) -> str:
    """A page with its fragments back in place of their placeholders, their link and image
    addresses passed through `resolve` (kept as they are without it)."""

    def substitute(match: re.Match[str]) -> str:
        number = int(match[1] or match[2])
        if number >= len(fragments):
            return match[0]
        fragment = fragments[number]
        if resolve is not None:
            fragment = rewrite_addresses(fragment, resolve)
        return fragment if match[1] else unwrap_paragraph(fragment)

    return _FRAGMENT.sub(substitute, html)


def site_addresses(library: Library, address: Address) -> Resolve:
    """Web addresses stay; relais links and images get the URL `address` gives for their page
    or file; anything else loses its address (a link keeps its words)."""

    def resolve(url: str, image: bool) -> str | None:
        scheme = url_scheme(url)
        if url.startswith("#") or scheme in WEB_SCHEMES:
            return url
        if scheme in RELAIS_SCHEMES:
            target = relais_link_target(library, url)
        else:
            target = url if image else None
        return address(target) if target else None

    return resolve


def _meta(text: str) -> str:
    """Text for the page title and description, which the theme prints as HTML as it is:
    markup is escaped (quotes too, they close attributes); apostrophes stay for search."""
    return str(escape(one_line(str(text)).strip())).replace("&#39;", "'")


def _indent(text: str, width: int = 4, first: bool = False, blank: bool = False) -> Markup:
    """Jinja's `indent`, without re-escaping every line of already safe text (a tenth of the
    rendering time on large sites went there)."""
    prefix = " " * width
    lines = str(text if isinstance(text, Markup) else escape(text)).split("\n")
    indented = [prefix + line if line or blank else line for line in lines]
    if not first:
        indented[0] = lines[0]
    return Markup("\n".join(indented))


def _cell(text: str) -> Markup:
    """Text made safe for one Markdown table cell (plain text is made inert, see `_finalize`)."""
    if isinstance(text, Markup):
        return Markup(str(text).replace("|", "\\|"))
    return Markup(inert(str(text)))


@pass_context
def _label(context: Any, value: str, vocabulary: str) -> str:
    return getattr(context["vocab"], vocabulary).get(value, value)


# Links between pages are built from slugs and fixed paths: trusted, printed as they are.
@pass_context
def _url(context: Any, target: str) -> Markup:
    return Markup(addresses.relative(target, context["page_uri"]))


@pass_context
def _fiche_url(context: Any, fiche: Fiche | str) -> Markup:
    ident = fiche if isinstance(fiche, str) else fiche.ident
    return Markup(addresses.relative(addresses.fiche(ident), context["page_uri"]))


@pass_context
def _parcours_url(context: Any, parcours: Parcours) -> Markup:
    return Markup(addresses.relative(addresses.parcours(parcours.ident), context["page_uri"]))


@pass_context
def _competence_url(context: Any, key: tuple[str, str]) -> Markup:
    return Markup(addresses.relative(addresses.competence(*key), context["page_uri"]))


@pass_context
def _public_url(context: Any, public: str) -> Markup:
    return Markup(addresses.relative(addresses.public(public), context["page_uri"]))
