"""Which PDFs a library prints: the plain data each later stage (HTML, cache, pool) works on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Library
from . import names

Kind = Literal["fiche-apprenant", "fiche-animateur", "livret", "guide"]
Paper = Literal["a4", "a5"]
PAPERS: tuple[Paper, ...] = ("a4", "a5")

KIND_LABELS: dict[Kind, str] = {
    "fiche-apprenant": "fiche apprenant",
    "fiche-animateur": "fiche animateur",
    "livret": "livret apprenant",
    "guide": "guide animateur",
}


@dataclass(frozen=True)
class PrintJob:
    kind: Kind
    ident: str  # id of the fiche or parcours
    paper: Paper
    path: str  # where the PDF sits in the site (names.py)

    @property
    def imposed(self) -> bool:
        """A5 pages are always delivered imposed on A4 sheets, ready to fold."""
        return self.paper == "a5"


_PATHS = {
    "fiche-apprenant": names.learner_sheet,
    "fiche-animateur": names.trainer_sheet,
    "livret": names.learner_booklet,
    "guide": names.trainer_guide,
}


def job(kind: Kind, ident: str, paper: Paper) -> PrintJob:
    path = _PATHS[kind](ident)
    return PrintJob(kind, ident, paper, names.imposed(path) if paper == "a5" else path)


def format_jobs(library: Library, paper: Paper) -> list[PrintJob]:
    """Every document of the library on one paper size (`relais pdf --format`)."""
    jobs = []
    for fiche_id in sorted(library.fiches):
        jobs += [job("fiche-apprenant", fiche_id, paper), job("fiche-animateur", fiche_id, paper)]
    for parcours_id in sorted(library.parcours):
        jobs += [job("livret", parcours_id, paper), job("guide", parcours_id, paper)]
    return jobs


def site_jobs(library: Library) -> list[PrintJob]:
    """What the site links: everything in A4, plus each learner booklet as a foldable A5."""
    return [*format_jobs(library, "a4"),
            *(job("livret", parcours_id, "a5") for parcours_id in sorted(library.parcours))]
