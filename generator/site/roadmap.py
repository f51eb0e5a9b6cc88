"""The "fiche de route" of a competency: its fiches in an order a trainer can follow.

Prerequisites come first (also through fiches outside the competency), then the lower niveau,
then the title. Cycles are check errors, so they do not happen here; if one slipped through,
the fiches caught in it are still listed, at the end.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from ..model import Fiche, Library
from ..prerequisites import walk
from ..relations import sort_key

NIVEAU_ORDER = {"debutant": 0, "intermediaire": 1, "avance": 2}


MEDIATEURS = "mediateurs"  # the public of fiches that train mediators rather than learners


@dataclass
class Step:
    fiche: Fiche
    start: int  # minutes spent on the earlier steps
    before: list[Fiche] = field(default_factory=list)  # prerequisites outside the competency

    @property
    def audience(self) -> str:
        """Who the fiche is for, as a trainer reads it in the route."""
        publics = set(self.fiche.public)
        if publics == {MEDIATEURS}:
            return "pour les médiateurs"
        if MEDIATEURS in publics:
            return "pour les apprenants et les médiateurs"
        return "pour les apprenants"


@dataclass
class Roadmap:
    steps: list[Step]

    @property
    def total_minutes(self) -> int:
        return sum(step.fiche.duree for step in self.steps)


def roadmap(fiches: list[Fiche], library: Library) -> Roadmap:
    members = {f.ident: f for f in fiches}
    behind = _members_behind(members, library)
    needs = {ident: _needed(fiche, members, behind) for ident, fiche in members.items()}
    waiting = {ident: len(needed) for ident, needed in needs.items()}
    unlocks: dict[str, list[str]] = {ident: [] for ident in members}
    for ident, needed in needs.items():
        for prerequisite in needed:
            unlocks[prerequisite].append(ident)

    def priority(fiche: Fiche) -> tuple[int, str, str]:
        return (NIVEAU_ORDER.get(fiche.niveau, 0), *sort_key(fiche))

    ready = [(priority(members[i]), i) for i, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    ordered: list[Fiche] = []
    while ready:
        _, ident = heapq.heappop(ready)
        ordered.append(members[ident])
        for follower in unlocks[ident]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (priority(members[follower]), follower))
    placed = {f.ident for f in ordered}
    ordered += sorted((f for f in fiches if f.ident not in placed), key=priority)

    steps, start = [], 0
    for fiche in ordered:
        outside = [library.fiches[p] for p in fiche.prerequis
                   if p in library.fiches and p not in members]
        steps.append(Step(fiche, start, outside))
        start += fiche.duree
    return Roadmap(steps)


def _members_behind(members: dict[str, Fiche], library: Library) -> dict[str, frozenset[str]]:
    """For each fiche outside the competency that members need, the members it needs in turn
    (through other outside fiches too): one walk, each fiche answered after those it needs.
    A loop (a check error) is cut rather than followed."""
    outside = [p for fiche in members.values() for p in fiche.prerequis if p not in members]
    order = walk(library.fiches, (p for p in outside if p in library.fiches),
                 follow=lambda ident: ident not in members).order
    behind: dict[str, frozenset[str]] = {}
    for ident in order:
        found: set[str] = set()
        for prerequisite in library.fiches[ident].prerequis:
            if prerequisite in members:
                found.add(prerequisite)
            else:
                found |= behind.get(prerequisite, frozenset())
        behind[ident] = frozenset(found)
    return behind


def _needed(fiche: Fiche, members: dict[str, Fiche],
            behind: dict[str, frozenset[str]]) -> set[str]:
    """The members to place before `fiche`."""
    found: set[str] = set()
    for ident in fiche.prerequis:
        found |= {ident} if ident in members else behind.get(ident, frozenset())
    found.discard(fiche.ident)
    return found
