"""The prerequisite graph of the fiches, walked once: the check finds its loops there, and the
route of a competency (site/roadmap.py) what each fiche needs before it.

The walk is iterative: chains of prerequisites can be thousands of fiches long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .model import Fiche


@dataclass(frozen=True)
class Loop:
    """A fiche that needs itself: `chain` goes round it, its first fiche repeated at the end;
    the prerequisite number `index` of `closer` closes it."""

    chain: tuple[str, ...]
    closer: str
    index: int


@dataclass
class Walk:
    order: list[str] = field(default_factory=list)  # each fiche after every fiche it needs
    loops: list[Loop] = field(default_factory=list)  # each loop once


def walk(fiches: Mapping[str, Fiche], starts: Iterable[str],
         follow: Callable[[str], bool] = lambda ident: True) -> Walk:
    """Depth first from each of `starts` (fiches of `fiches`), through the prerequisites that
    are fiches and that `follow` accepts; a prerequisite that closes a loop is not followed."""
    found = Walk()
    done: set[str] = set()
    seen_loops: set[frozenset[str]] = set()
    for start in starts:
        if start in done:
            continue
        path = [start]  # the current chain of prerequisites
        on_path = {start: 0}
        pending = [iter(enumerate(fiches[start].prerequis))]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                pending.pop()
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
                found.order.append(finished)
                continue
            index, ident = step
            if ident not in fiches or ident in done or not follow(ident):
                continue
            if ident in on_path:
                chain = (*path[on_path[ident]:], ident)
                if frozenset(chain) not in seen_loops:
                    seen_loops.add(frozenset(chain))
                    found.loops.append(Loop(chain, path[-1], index))
                continue
            on_path[ident] = len(path)
            path.append(ident)
            pending.append(iter(enumerate(fiches[ident].prerequis)))
    return found
