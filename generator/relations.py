"""Derived, engine-neutral views of a checked library, shared by the site, print and exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Competence, Fiche, Library, Parcours, Referentiel

CompetenceKey = tuple[str, str]  # (référentiel id, competence id)


@dataclass
class GlossaryTerm:
    terme: str
    definition: str
    fiches: list[Fiche] = field(default_factory=list)  # fiches that define or use the term


@dataclass
class Relations:
    library: Library
    fiches_by_competence: dict[CompetenceKey, list[Fiche]]
    parcours_by_competence: dict[CompetenceKey, list[Parcours]]
    fiches_by_public: dict[str, list[Fiche]]
    parcours_by_public: dict[str, list[Parcours]]
    glossary: list[GlossaryTerm]

    def competence(self, key: CompetenceKey) -> tuple[Referentiel, Competence]:
        referentiel = self.library.referentiels[key[0]]
        return referentiel, next(c for c in referentiel.competences if c.id == key[1])

    def fiche_competences(self, fiche: Fiche) -> list[CompetenceKey]:
        keys = []
        for reference in fiche.competences:
            found = self.library.resolve_competence(reference)
            if found and (key := (found[0].ident, found[1].id)) not in keys:
                keys.append(key)
        return keys

    def parcours_fiches(self, parcours: Parcours) -> list[Fiche]:
        """The parcours' fiches in teaching order, each once."""
        seen: dict[str, Fiche] = {}
        for seance in parcours.seances:
            for fiche_id in seance.fiches:
                if fiche_id in self.library.fiches:
                    seen.setdefault(fiche_id, self.library.fiches[fiche_id])
        return list(seen.values())

    def parcours_referentiels(self, parcours: Parcours) -> list[str]:
        """Ids of the référentiels a parcours aims at: those it names (`referentiels:`), or
        else those its fiches are aligned to."""
        if parcours.referentiels:
            return [r for r in parcours.referentiels if r in self.library.referentiels]
        found: list[str] = []
        for referentiel, _ in self.parcours_competences(parcours):
            if referentiel not in found:
                found.append(referentiel)
        return found

    def parcours_competences(self, parcours: Parcours) -> list[CompetenceKey]:
        keys: list[CompetenceKey] = []
        for fiche in self.parcours_fiches(parcours):
            keys.extend(k for k in self.fiche_competences(fiche) if k not in keys)
        return keys


def sort_key(document: Fiche | Parcours) -> tuple[str, str]:
    return (document.titre.casefold(), document.ident)


def relate(library: Library) -> Relations:
    relations = Relations(
        library, defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list), []
    )
    fiches = sorted(library.fiches.values(), key=sort_key)
    for fiche in fiches:
        for key in relations.fiche_competences(fiche):
            relations.fiches_by_competence[key].append(fiche)
        for public in fiche.public:
            relations.fiches_by_public[public].append(fiche)
    for parcours in sorted(library.parcours.values(), key=sort_key):
        for key in relations.parcours_competences(parcours):
            relations.parcours_by_competence[key].append(parcours)
        for public in parcours.public:
            relations.parcours_by_public[public].append(parcours)
    relations.glossary = merged_glossary(library, fiches)
    return relations


def merged_glossary(library: Library, fiches: list[Fiche]) -> list[GlossaryTerm]:
    """The shared glossary plus every fiche's, one entry per term (first definition wins)."""
    terms: dict[str, GlossaryTerm] = {}
    for entry in library.glossaire:
        terms.setdefault(entry.terme.casefold(), GlossaryTerm(entry.terme, entry.definition))
    for fiche in fiches:
        for terme, definition in fiche.glossaire.items():
            term = terms.setdefault(terme.casefold(), GlossaryTerm(terme, definition))
            term.fiches.append(fiche)
    return sorted(terms.values(), key=lambda t: t.terme.casefold())
