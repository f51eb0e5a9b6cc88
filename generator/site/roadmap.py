"""The "fiche de route" of a competency: its fiches in an order a trainer can follow.

Prerequisites come first (also through fiches outside the competency), then the lower niveau,
then the title. Cycles are check errors, so they do not happen here; if one slipped through,
the fiches caught in it are still listed, at the end.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from ..model import Fiche, Library
from ..relations import sort_key

NIVEAU_ORDER = {"debutant": 0, "intermediaire": 1, "avance": 2}


@dataclass
class Step:
    fiche: Fiche
    start: int  # minutes spent on the earlier steps
    before: list[Fiche] = field(default_factory=list)  # prerequisites outside the competency


@dataclass
class Roadmap:
    steps: list[Step]

    @property
    def total_minutes(self) -> int:
        return sum(step.fiche.duree for step in self.steps)


def roadmap(fiches: list[Fiche], library: Library) -> Roadmap:
    members = {f.ident: f for f in fiches}
    needs = {ident: _prerequisites_within(members[ident], members, library) for ident in members}
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
    ordered += sorted((f for f in fiches if f not in ordered), key=priority)

    steps, start = [], 0
    for fiche in ordered:
        outside = [library.fiches[p] for p in fiche.prerequis
                   if p in library.fiches and p not in members]
        steps.append(Step(fiche, start, outside))
        start += fiche.duree
    return Roadmap(steps)


def _prerequisites_within(fiche: Fiche, members: dict[str, Fiche], library: Library) -> set[str]:
    """Member fiches needed before `fiche`, following prerequisites through non-members too."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = list(fiche.prerequis)
    while stack:
        ident = stack.pop()
        if ident in seen or ident == fiche.ident:
            continue
        seen.add(ident)
        if ident in members:
            found.add(ident)
        elif ident in library.fiches:
            stack.extend(library.fiches[ident].prerequis)
    return found
