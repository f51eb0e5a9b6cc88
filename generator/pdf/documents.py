"""Which PDFs a library prints: the plain data each later stage (HTML, cache, pool) works on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Library
from . import names

Kind = Literal["fiche-apprenant", "fiche-animateur", "livret", "guide"]
Paper = Literal["a4", "a5"]
PAPERS: tuple[Paper, ...] = ("a4", "a5")
# Type size of learner documents: large print (16 pt body), or very large for low vision (20 pt).
Taille = Literal["normal", "tres-gros"]
TAILLES: tuple[Taille, ...] = ("normal", "tres-gros")
LEARNER_KINDS: tuple[Kind, ...] = ("fiche-apprenant", "livret")

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
    taille: Taille = "normal"  # learner documents only; trainer documents are always normal

    @property
    def imposed(self) -> bool:
        """A5 pages are always delivered imposed on A4 sheets, ready to fold."""
        return self.paper == "a5"

    @property
    def learner(self) -> bool:
        return self.kind in LEARNER_KINDS


_PATHS = {
    "fiche-apprenant": names.learner_sheet,
    "fiche-animateur": names.trainer_sheet,
    "livret": names.learner_booklet,
    "guide": names.trainer_guide,
}


def job(kind: Kind, ident: str, paper: Paper, taille: Taille = "normal") -> PrintJob:
    if kind not in LEARNER_KINDS:
        taille = "normal"
    path = _PATHS[kind](ident)
    if taille == "tres-gros":
        path = names.very_large(path)
    return PrintJob(kind, ident, paper, names.imposed(path) if paper == "a5" else path, taille)


def format_jobs(library: Library, paper: Paper, taille: Taille = "normal") -> list[PrintJob]:
    """Every document of the library on one paper size (`relais pdf --format`); learner
    documents in the type size `taille` (`relais pdf --taille`)."""
    jobs = []
    for fiche_id in sorted(library.fiches):
        jobs += [job("fiche-apprenant", fiche_id, paper, taille),
                 job("fiche-animateur", fiche_id, paper)]
    for parcours_id in sorted(library.parcours):
        jobs += [job("livret", parcours_id, paper, taille), job("guide", parcours_id, paper)]
    return jobs


def site_jobs(library: Library) -> list[PrintJob]:
    """What the site links: everything in A4, plus each learner booklet as a foldable A5."""
    return [*format_jobs(library, "a4"),
            *(job("livret", parcours_id, "a5") for parcours_id in sorted(library.parcours))]
