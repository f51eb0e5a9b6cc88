"""Which glossary words a printed document shows: a fiche's own terms plus shared ones it uses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..model import Fiche, Library


@dataclass(frozen=True)
class Term:
    terme: str
    definition: str  # Markdown


def learner_text(fiche: Fiche) -> str:
    """Everything a learner reads of this fiche, in the order of the sheet, where glossary
    words are looked for."""
    apprenant = fiche.apprenant
    parts = [fiche.titre, *(apprenant.objectifs or fiche.objectifs),
             apprenant.introduction or "", *(etape.texte for etape in apprenant.etapes),
             *apprenant.a_retenir, *(exercice.texte for exercice in apprenant.exercices)]
    return "\n".join(parts)


def fiche_terms(library: Library, fiche: Fiche) -> list[Term]:
    """The fiche's own glossary, then shared terms found in its learner text, in the order the
    sheet first uses them (words it never uses come last, in dictionary order)."""
    terms: dict[str, Term] = {}
    for terme, definition in fiche.glossaire.items():
        terms.setdefault(terme.casefold(), Term(terme, definition))
    text = learner_text(fiche)
    for entry in library.glossaire:
        if entry.terme.casefold() not in terms and _pattern(entry.terme).search(text):
            terms[entry.terme.casefold()] = Term(entry.terme, entry.definition)
    return sorted(terms.values(), key=lambda term: (_first_use(term.terme, text),
                                                    sort_key(term.terme)))


def _first_use(terme: str, text: str) -> int:
    found = _pattern(terme).search(text)
    return found.start() if found else len(text)


def union_terms(library: Library, fiches: Iterable[Fiche]) -> list[Term]:
    """Terms of several fiches, one entry per word (the first fiche's definition wins)."""
    terms: dict[str, Term] = {}
    for fiche in fiches:
        for term in fiche_terms(library, fiche):
            terms.setdefault(term.terme.casefold(), term)  # a booklet's list is looked up: A-Z
    return sorted(terms.values(), key=lambda term: sort_key(term.terme))


def sort_key(word: str) -> tuple[str, str]:
    """French dictionary order, close enough: accents ignored first, then used to break ties."""
    bare = unicodedata.normalize("NFD", word.casefold())
    return ("".join(c for c in bare if not unicodedata.combining(c)), word)


@cache
def _pattern(terme: str) -> re.Pattern[str]:
    # Whole words only, any case, with a plural -s or -x; spaces inside a term may vary.
    words = r"\s+".join(re.escape(part) for part in terme.split())
    return re.compile(rf"(?<!\w){words}(?:s|x)?(?!\w)", re.IGNORECASE)
