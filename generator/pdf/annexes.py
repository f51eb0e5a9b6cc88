"""What the annexes document of a fiche prints (templates/annexes.html.j2): each annex, and
its cards cut into pages of a cutting grid. Pure functions: no WeasyPrint here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Annexe, Fiche, Library, Parcours
from ..pictures import proportions
from ..planning import Plan
from ..print_sizes import ANNEX_IMAGE, CARD_BAND_MM, CARD_GRIDS, CardGrid, card_grid

# Characters of a 20 pt bold heading that fit on the band's one line (174 mm).
BAND_TITLE_CHARACTERS = 44


@dataclass(frozen=True)
class Card:
    number: int  # from 1, across the pages of its annex
    text: str


@dataclass
class AnnexPrint:
    annexe: Annexe
    grid: CardGrid | None  # None: not cut out (its cards, if any, are a numbered list)
    pages: list[list[Card]] = field(default_factory=list)
    image_width: str = ""  # mm, when it has a picture

    @property
    def band_mm(self) -> str:
        return f"{CARD_BAND_MM:.1f}"

    @property
    def cell_width(self) -> str:
        return f"{self.grid.cell_width_mm:.2f}" if self.grid else ""

    @property
    def cell_height(self) -> str:
        return f"{self.grid.cell_height_mm:.2f}" if self.grid else ""

    @property
    def band_title(self) -> str:
        """The title on one line of the band, cut between words when longer."""
        title = " ".join(self.annexe.titre.split())
        if len(title) <= BAND_TITLE_CHARACTERS:
            return title
        cut = title[:BAND_TITLE_CHARACTERS - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        return cut.rstrip(" :;,.—-") + "…"

    @property
    def summary(self) -> str:
        """What the list of the first page says of it besides its title: « 10 cartes à
        découper », or nothing for a text."""
        count = len(self.annexe.cartes)
        cards = f"{count} carte{'s' if count > 1 else ''}"
        what = (f"{cards} à découper" if self.grid else f"{cards} à lire") if count else ""
        given = "à donner aux participants" if self.annexe.pour == "apprenant" else ""
        return ", ".join(part for part in (what, given) if part)


def has_annexes(document: Fiche | Parcours) -> bool:
    """Which fiches have an annexes document (print kind « annexes »)."""
    return isinstance(document, Fiche) and bool(document.annexes)


def annexes_context(library: Library, document: Fiche | Parcours,
                    plan: Plan | None = None) -> dict[str, Any]:
    """What templates/annexes.html.j2 needs beyond the fiche (annexes carry no dates)."""
    assert isinstance(document, Fiche)
    return {"annexes": annex_prints(library.root, document)}


def annex_prints(root: Path, fiche: Fiche) -> list[AnnexPrint]:
    return [annex_print(root, annexe) for annexe in fiche.annexes]


def annex_print(root: Path, annexe: Annexe) -> AnnexPrint:
    grid = None
    if annexe.decoupee:  # cards too long for any grid (the check warns) take the largest
        grid = card_grid(annexe.cartes) or CARD_GRIDS[-1]
    printed = AnnexPrint(annexe, grid, image_width=_image_width(root, annexe.image))
    if grid:
        cards = [Card(number, text) for number, text in enumerate(annexe.cartes, start=1)]
        printed.pages = [cards[start:start + grid.per_page]
                         for start in range(0, len(cards), grid.per_page)]
    return printed


def _image_width(root: Path, image: str | None) -> str:
    if not image:
        return ""
    found = proportions(root / image)
    box = ANNEX_IMAGE["a4"]
    width = box.printed_width_mm(*found) if found else box.width_mm
    return f"{width:.1f}"
