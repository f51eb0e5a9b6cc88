"""Model -> Markdown pages and a small navigation. Pure functions, no MkDocs import."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, pass_context
from markupsafe import Markup, escape

from ..durations import format_clock, format_duration
from ..links import Link, replace_links
from ..model import Fiche, Library, Parcours
from ..pdf import names as pdf_names
from ..relations import relate
from . import urls


@dataclass(frozen=True)
class Page:
    uri: str  # path in the generated docs tree, e.g. "fiches/courriel.md"
    content: str
    source: str | None = None  # repository path of the YAML it comes from (edit button)


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output of the site (e.g. a JSON index), written as it is."""

    uri: str
    content: str | bytes


@dataclass
class Site:
    pages: list[Page]
    media: list[str]  # repository files the pages use (images), copied as they are
    nav: list[dict[str, str]] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)


def render_site(library: Library, *, with_pdf: bool = True) -> Site:
    """All pages of the site. `with_pdf` adds the download links of the printable PDFs."""
    relations = relate(library)
    env = _environment()
    common = {"library": library, "relations": relations, "vocab": library.vocabularies,
              "with_pdf": with_pdf}

    def page(uri: str, template: str, source: str | None = None, **context: Any) -> Page:
        content = env.get_template(template).render(page_uri=uri, **common, **context)
        return Page(uri, content, source)

    pages = [
        page(urls.HOME, "home.md.j2"),
        page(urls.FICHES, "fiches.md.j2", fiches=_sorted(library.fiches.values())),
        page(urls.PARCOURS, "parcours_index.md.j2", parcours_list=_sorted(library.parcours.values())),
        page(urls.REFERENTIELS, "referentiels.md.j2"),
        page(urls.GLOSSAIRE, "glossaire.md.j2"),
    ]
    pages += [page(urls.fiche(f.ident), "fiche.md.j2", f.source.path, fiche=f)
              for f in library.fiches.values()]
    pages += [page(urls.parcours(p.ident), "parcours.md.j2", p.source.path, parcours=p)
              for p in library.parcours.values()]
    for referentiel in library.referentiels.values():
        pages.append(page(urls.referentiel(referentiel.ident), "referentiel.md.j2",
                          referentiel.source.path, referentiel=referentiel))
        pages += [page(urls.competence(referentiel.ident, c.id), "competence.md.j2",
                       referentiel.source.path, referentiel=referentiel, competence=c)
                  for c in referentiel.competences]
    publics = set(relations.fiches_by_public) | set(relations.parcours_by_public)
    pages += [page(urls.public(p), "public.md.j2", public=p) for p in sorted(publics)]
    return Site(pages, _media(library), _nav())


def _sorted(documents: Any) -> list[Any]:
    return sorted(documents, key=lambda d: (d.titre.casefold(), d.ident))


def _media(library: Library) -> list[str]:
    return sorted({etape.image for fiche in library.fiches.values()
                   for etape in fiche.apprenant.etapes if etape.image})


def _nav() -> list[dict[str, str]]:
    """A handful of entries: fiches are reached through listing pages, never one entry each."""
    return [
        {"Accueil": urls.HOME},
        {"Fiches": urls.FICHES},
        {"Parcours": urls.PARCOURS},
        {"Compétences": urls.REFERENTIELS},
        {"Glossaire": urls.GLOSSAIRE},
    ]


# --- Jinja environment --------------------------------------------------------------------

_RAW_HTML = re.compile(r"<(?![a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+>)")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_markdown, duree=format_duration, horloge=format_clock, cell=_cell,
                       label=_label)
    env.globals.update(url=_url, fiche_url=_fiche_url, parcours_url=_parcours_url,
                       competence_url=_competence_url, public_url=_public_url, pdf=pdf_names)
    return env


@pass_context
def _markdown(context: Any, text: str | None) -> Markup:
    """Author Markdown: relais links resolved for this page, raw HTML shown as text."""
    if not text:
        return Markup("")
    library: Library = context["library"]
    page_uri: str = context["page_uri"]

    def resolve(link: Link) -> str | None:
        target = _link_target(library, link)
        return urls.relative(target, page_uri) if target else None

    return Markup(_RAW_HTML.sub("&lt;", replace_links(text.strip(), resolve)))


def _link_target(library: Library, link: Link) -> str | None:
    if link.scheme == "fiche":
        return urls.fiche(link.reference)
    if link.scheme == "parcours":
        return urls.parcours(link.reference)
    if link.scheme == "competence":
        found = library.resolve_competence(link.reference)
        return urls.competence(found[0].ident, found[1].id) if found else None
    return None


def _cell(text: str) -> Markup:
    """Plain text made safe for one Markdown table cell."""
    return Markup(str(escape(" ".join(str(text).split()))).replace("|", "\\|"))


@pass_context
def _label(context: Any, value: str, vocabulary: str) -> str:
    return getattr(context["vocab"], vocabulary).get(value, value)


@pass_context
def _url(context: Any, target: str) -> str:
    return urls.relative(target, context["page_uri"])


@pass_context
def _fiche_url(context: Any, fiche: Fiche | str) -> str:
    ident = fiche if isinstance(fiche, str) else fiche.ident
    return urls.relative(urls.fiche(ident), context["page_uri"])


@pass_context
def _parcours_url(context: Any, parcours: Parcours) -> str:
    return urls.relative(urls.parcours(parcours.ident), context["page_uri"])


@pass_context
def _competence_url(context: Any, key: tuple[str, str]) -> str:
    return urls.relative(urls.competence(*key), context["page_uri"])


@pass_context
def _public_url(context: Any, public: str) -> str:
    return urls.relative(urls.public(public), context["page_uri"])


