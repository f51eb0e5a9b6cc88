"""Which sessions of which parcours work which competency: the coverage matrix and timelines."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Competence, Parcours, Referentiel, Seance
from ..relations import CompetenceKey, Relations, sort_key


@dataclass
class TimelineEntry:
    number: int  # 1-based, in teaching order
    seance: Seance
    start: int  # minutes from the start of the parcours
    competences: list[CompetenceKey]

    @property
    def end(self) -> int:
        return self.start + self.seance.duree


@dataclass
class Row:
    parcours: Parcours
    sessions: dict[str, list[int]]  # competence id -> numbers of the sessions that work it
    aims: bool = True  # the parcours aims at the matrix's référentiel (else « non visé »)

    @property
    def covered(self) -> int:
        return sum(1 for numbers in self.sessions.values() if numbers)


@dataclass
class Matrix:
    referentiel: Referentiel
    rows: list[Row]

    @property
    def competences(self) -> list[Competence]:
        return self.referentiel.competences

    @property
    def aiming(self) -> list[Row]:
        """The rows of the parcours that aim at this référentiel."""
        return [row for row in self.rows if row.aims]

    def parcours_count(self, competence: Competence) -> int:
        return sum(1 for row in self.aiming if row.sessions[competence.id])

    @property
    def gaps(self) -> list[Competence]:
        """Competencies that no parcours aiming at the référentiel works (none when no parcours
        aims at it: nothing was promised)."""
        if not self.aiming:
            return []
        return [c for c in self.competences if self.parcours_count(c) == 0]


def seance_competences(relations: Relations, seance: Seance) -> list[CompetenceKey]:
    keys: list[CompetenceKey] = []
    for fiche_id in seance.fiches:
        fiche = relations.library.fiches.get(fiche_id)
        if fiche is not None:
            keys.extend(k for k in relations.fiche_competences(fiche) if k not in keys)
    return keys


def timeline(relations: Relations, parcours: Parcours) -> list[TimelineEntry]:
    entries, start = [], 0
    for number, seance in enumerate(parcours.seances, start=1):
        entries.append(TimelineEntry(number, seance, start, seance_competences(relations, seance)))
        start += seance.duree
    return entries


def sessions_by_competence(entries: list[TimelineEntry]) -> dict[CompetenceKey, list[int]]:
    """For each competency a parcours works, the numbers of its sessions that work it."""
    found: dict[CompetenceKey, list[int]] = {}
    for entry in entries:
        for key in entry.competences:
            found.setdefault(key, []).append(entry.number)
    return found


def coverage(relations: Relations) -> list[Matrix]:
    """One matrix per référentiel: every parcours as a row (« non visé » when it does not aim
    at the référentiel), every competency as a column."""
    parcours_list = sorted(relations.library.parcours.values(), key=sort_key)
    timelines = {p.ident: timeline(relations, p) for p in parcours_list}
    matrices = []
    for referentiel in relations.library.referentiels.values():
        rows = []
        for parcours in parcours_list:
            sessions = {
                c.id: [e.number for e in timelines[parcours.ident]
                       if (referentiel.ident, c.id) in e.competences]
                for c in referentiel.competences
            }
            aims = referentiel.ident in relations.parcours_referentiels(parcours)
            rows.append(Row(parcours, sessions, aims))
        matrices.append(Matrix(referentiel, rows))
    return matrices
