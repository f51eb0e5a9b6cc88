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
    before = _MemberPrerequisites(members, library)
    needs = {ident: before.of(members[ident]) for ident in members}
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


class _MemberPrerequisites:
    """Member fiches needed before a fiche, following prerequisites through non-members too
    (each fiche's answer is kept: long chains of prerequisites are walked once)."""

    def __init__(self, members: dict[str, Fiche], library: Library) -> None:
        self.members = members
        self.library = library
        self.reached: dict[str, frozenset[str]] = {}  # non-member id -> members behind it

    def of(self, fiche: Fiche) -> set[str]:
        found: set[str] = set()
        for ident in fiche.prerequis:
            if ident in self.members:
                found.add(ident)
            elif ident in self.library.fiches:
                found |= self._behind(ident)
        found.discard(fiche.ident)
        return found

    def _behind(self, start: str) -> frozenset[str]:
        """Members reachable from non-member `start`: a depth-first walk without recursion
        (chains can be long), each fiche answered after all the fiches it needs."""
        fiches = self.library.fiches
        stack = [(start, iter(fiches[start].prerequis))]
        on_path = {start}  # a cycle (a check error) is cut rather than followed
        while stack:
            ident, pending = stack[-1]
            deeper = next((p for p in pending if p in fiches and p not in self.members
                           and p not in self.reached and p not in on_path), None)
            if deeper is not None:
                on_path.add(deeper)
                stack.append((deeper, iter(fiches[deeper].prerequis)))
                continue
            stack.pop()
            on_path.discard(ident)
            found: set[str] = set()
            for prerequisite in fiches[ident].prerequis:
                if prerequisite in self.members:
                    found.add(prerequisite)
                else:
                    found |= self.reached.get(prerequisite, frozenset())
            self.reached[ident] = frozenset(found)
        return self.reached[start]
