"""Where each kind of page lives in the generated docs tree (engine-neutral .md paths)."""

from __future__ import annotations

import posixpath
from functools import lru_cache

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
