"""The address book: where each page and each PDF sits in the built site, where a relais link
(`fiche:ID`, `parcours:ID`, `competence:REF/ID`) points, and the site's public address.

Page addresses are engine-neutral `.md` paths of the generated docs tree; PDF addresses are
paths from the site root (each print kind names its files, see pdf/documents.py). Every output
(pages, PDFs, exports) takes its addresses from here, so they never need each other.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .load import read_mkdocs_config
from .model import Library

# --- pages ----------------------------------------------------------------------------------

HOME = "index.md"
FICHES = "fiches/index.md"
PARCOURS = "parcours/index.md"
REFERENTIELS = "referentiels/index.md"
GLOSSAIRE = "glossaire.md"
COUVERTURE = "couverture.md"  # parcours x competencies matrix
A_PROPOS = "a-propos.md"  # about the site: hand-written pages and data, linked from the footer
# The catalogue's data, beside its page: JSON for http(s), the same wrapped in a script for file://.
CATALOGUE_JSON = "fiches/catalogue.json"
CATALOGUE_SCRIPT = "fiches/catalogue.js"
CATALOGUE_EXPORT = "catalogue.json"  # `relais export json`, published at the site root for hubs
ARCHIVE = "site-hors-ligne.zip"  # the whole site zipped, for use without a connection


def fiche(fiche_id: str) -> str:
    return f"fiches/{fiche_id}.md"


def parcours(parcours_id: str) -> str:
    return f"parcours/{parcours_id}.md"


def referentiel(referentiel_id: str) -> str:
    return f"referentiels/{referentiel_id}/index.md"


def competence(referentiel_id: str, competence_id: str) -> str:
    return f"referentiels/{referentiel_id}/{competence_id}.md"


def public(public_id: str) -> str:
    return f"publics/{public_id}.md"


@lru_cache(maxsize=1 << 16)  # pages link to the same few targets again and again
def relative(target: str, from_page: str) -> str:
    """Link from one generated page to another (or to a repository file such as an image)."""
    # Both are relative to the docs root: no need for `posixpath.relpath`, which asks the
    # operating system for the current folder on every call.
    start = _parts(posixpath.dirname(from_page))
    parts = _parts(target)
    common = 0
    for here, there in zip(start, parts, strict=False):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def _parts(path: str) -> list[str]:
    return [part for part in posixpath.normpath(path or ".").split("/") if part != "."]


# --- relais links ---------------------------------------------------------------------------


def relais_link(library: Library, scheme: str, reference: str) -> str | None:
    """The page a relais link points to (`fiche`, `parcours` or `competence` and what follows
    the colon), or None when the library has no such document."""
    if scheme == "fiche" and reference in library.fiches:
        return fiche(reference)
    if scheme == "parcours" and reference in library.parcours:
        return parcours(reference)
    if scheme == "competence" and (found := library.resolve_competence(reference)):
        return competence(found[0].ident, found[1].id)
    return None


def relais_link_target(library: Library, url: str) -> str | None:
    """The page of a whole relais address such as `fiche:courriel`."""
    scheme, _, reference = url.partition(":")
    return relais_link(library, scheme, reference)


# --- PDFs -----------------------------------------------------------------------------------

PDF_DIR = "pdf"
PDF_FOLDERS = {"fiche": "fiches", "parcours": "parcours"}  # by what a PDF is printed from
A5_SUFFIX = "-a5-impose.pdf"
VERY_LARGE_SUFFIX = "-tres-gros"


def pdf(folder: str, ident: str, suffix: str) -> str:
    """`pdf/FOLDER/ID-SUFFIX.pdf`, the A4 edition in the usual type size."""
    return f"{PDF_DIR}/{folder}/{ident}-{suffix}.pdf"


def very_large(path: str) -> str:
    """The « très gros caractères » edition of a learner document (before any A5 suffix)."""
    return path.removesuffix(".pdf") + VERY_LARGE_SUFFIX + ".pdf"


def imposed(path: str) -> str:
    """The A5 saddle-stitch edition of any PDF path, imposed on A4 sheets to fold."""
    return path.removesuffix(".pdf") + A5_SUFFIX


def outside_site(path: str) -> str:
    """A site PDF path without the site's `pdf/` folder, for `relais pdf -o SORTIE`."""
    return path.removeprefix(f"{PDF_DIR}/")


# --- the published site ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicSite:
    """The site's public address (`site_url` in mkdocs.yml, if any) and its URL style."""

    url: str | None = None
    directory_urls: bool = True

    def page(self, md_uri: str) -> str:
        """Path of a generated page from the site root, as MkDocs publishes it."""
        stem, _ = posixpath.splitext(md_uri)
        if not self.directory_urls:
            return f"{stem}.html"
        if posixpath.basename(stem) == "index":
            folder = posixpath.dirname(stem)
            return f"{folder}/" if folder else ""
        return f"{stem}/"

    def absolute(self, md_uri: str) -> str | None:
        """Full address of a page, or None when the site declares no `site_url`."""
        return self.url + self.page(md_uri) if self.url else None


def public_site(library: Library) -> PublicSite:
    try:
        config = read_mkdocs_config(library.root) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        config = {}  # the content check reports an unreadable mkdocs.yml
    url = config.get("site_url")
    url = url if isinstance(url, str) and re.fullmatch(r"https?://\S+", url) else None
    if url and not url.endswith("/"):
        url += "/"
    return PublicSite(url, config.get("use_directory_urls", True) is not False)
