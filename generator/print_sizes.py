"""Sizes on paper that the print stylesheets and the checks share (no WeasyPrint here).

The step images of learner documents are printed in a box of at most `width_mm` by
`max_height_mm`, keeping their proportions; `svg_text` uses the same box to tell an author
when the words inside a drawing would print too small. The cards of an annex are printed on a
grid whose cells the template sizes and the check fills with an estimate of their lines.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .datafiles import data_file
from .typography import french_spacing

Paper = Literal["a4", "a5"]
MM = 72 / 25.4  # points per millimetre
MIN_TEXT_PT = 14  # no character a learner reads is printed smaller (large print)


@dataclass(frozen=True)
class ImageBox:
    width_mm: float
    max_height_mm: float

    def printed_width_mm(self, width: float, height: float) -> float:
        """Width on paper of a picture whose proportions are `width` by `height`."""
        if width <= 0 or height <= 0:
            return self.width_mm
        return min(self.width_mm, self.max_height_mm * width / height)


# Under the step's words, across the text column (A4 pages 174 mm wide, A5 pages 122 mm).
STEP_IMAGE: dict[Paper, ImageBox] = {
    "a4": ImageBox(width_mm=120, max_height_mm=100),
    "a5": ImageBox(width_mm=105, max_height_mm=95),
}


# The picture of an annex (printed on A4 only): across the text column, most of a page high.
ANNEX_IMAGE: dict[Paper, ImageBox] = {"a4": ImageBox(width_mm=174, max_height_mm=200)}

# --- cards to cut out (annexes) -----------------------------------------------------------

CARD_PT = 16  # cards are read by the learners too: large print
CARD_LINE_HEIGHT = 1.3
CARD_PADDING_MM = 4
CARD_BAND_MM = 26  # above the grid of each page: the annex title, and how to cut
_LABEL_EM = 2.2  # the card's number in its box, before the first line
_ICON_EM = 1.4  # an icon (1.2 em) and the space it leaves
_PARAGRAPH_GAP = 0.25  # lines between two paragraphs: more than the stylesheet's 1.5 mm


@dataclass(frozen=True)
class CardGrid:
    """Two columns of cards filling the A4 text column (174 mm by 253 mm) under a heading
    band; `rows` rows per page. A millimetre is left free so that rounding never pushes the
    last row onto another page."""

    rows: int
    width_mm: float = 174
    height_mm: float = 253 - CARD_BAND_MM - 1

    @property
    def columns(self) -> int:
        return 2

    @property
    def per_page(self) -> int:
        return self.rows * self.columns

    @property
    def cell_width_mm(self) -> float:
        return self.width_mm / self.columns

    @property
    def cell_height_mm(self) -> float:
        return self.height_mm / self.rows

    @property
    def line_em(self) -> float:
        """Width of a line of a card, in ems of its type."""
        return (self.cell_width_mm - 2 * CARD_PADDING_MM) * MM / CARD_PT

    @property
    def lines(self) -> float:
        """Lines of text one card holds (a fraction left holds the space between
        paragraphs)."""
        inner_pt = (self.cell_height_mm - 2 * CARD_PADDING_MM) * MM
        return inner_pt / (CARD_PT * CARD_LINE_HEIGHT)


# From the most cards per page to the fewest: each annex takes the first that holds its
# longest card.
CARD_GRIDS = (CardGrid(rows=4), CardGrid(rows=3), CardGrid(rows=2))


@cache
def _widths() -> tuple[dict[str, float], dict[str, float], float]:
    """Advance of each character in ems, regular and bold (data/largeurs-andika.yml), and of
    the others."""
    data = data_file("largeurs-andika.yml")

    def ems(face: dict[int, int]) -> dict[str, float]:
        return {chr(code): width / 1000 for code, width in face.items()}

    return ems(data["regulier"]), ems(data["gras"]), data["autre"] / 1000


_EMPHASIS = re.compile(r"[*_]+")  # every emphasis prints bold (print.css)


def _word_em(word: str, bold: bool) -> tuple[float, bool]:
    """Width of `word` in ems, and whether bold goes on after it (emphasis marks toggle it)."""
    regular, heavy, other = _widths()
    width = 0.0
    for part_index, part in enumerate(_EMPHASIS.split(word)):
        if part_index:
            bold = not bold
        widths = heavy if bold else regular
        width += sum(_ICON_EM if char == _ICON else widths.get(char, other) for char in part)
    return width, bold


def card_lines(text: str, line_em: float) -> float:
    """Lines a card's words take in lines `line_em` wide, wrapped as the print does: between
    words and after a hyphen between letters; French no-break spaces glue signs to their
    words; emphasis is measured in bold. Each paragraph and list item starts a line; a long
    word breaks over as many lines as it needs."""
    space = _widths()[0][" "]
    lines = 0.0
    bold = False
    for number, paragraph in enumerate(_card_paragraphs(text)):
        if not paragraph:
            lines += _PARAGRAPH_GAP
            continue
        lines += 1
        used = _LABEL_EM if number == 0 else 0.0
        pieces = [(index == 0, piece)
                  for word in _SPACES.split(french_spacing(paragraph).strip())
                  for index, piece in enumerate(_AFTER_HYPHEN.split(word))]
        for spaced, piece in pieces:
            width, bold = _word_em(piece, bold)
            gap = space if used and spaced else 0.0
            if used + gap + width <= line_em or (used == 0 and width <= line_em):
                used += gap + width
                continue
            whole = math.ceil(width / line_em)  # on a line of its own, or over several
            lines += whole - (1 if used == 0 else 0)
            used = width - (whole - 1) * line_em
    return lines


_SPACES = re.compile(r"[ \t]+")  # where a line may break (not at a no-break space)
_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")  # and after the hyphen of « Jean-Luc »
_ICON = "\ufffc"  # stands for an icon shortcode while a card is measured
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|`|:[a-z]+(?:-[a-z0-9]+)+:")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d{1,9}[.)])\s+")


def _plain_card(match: re.Match[str]) -> str:
    if match[1] is not None:
        return match[1]  # a link: its words
    return _ICON if match[0].startswith(":") else ""


def _card_paragraphs(text: str) -> list[str]:
    """Paragraphs and list items, links and code marks removed (emphasis marks are kept for
    the measure); an empty string between two paragraphs stands for the space between them."""
    plain = _MARKUP.sub(_plain_card, text)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in plain.splitlines():
        if not line.strip():
            if current:
                paragraphs += [" ".join(current), ""]
                current = []
        elif item := _LIST_ITEM.match(line):
            if current:
                paragraphs.append(" ".join(current))
            marker = item[1] if item[1][0].isdigit() else "•"  # printed in the line
            current = [f"{marker}\u00a0{line[item.end():]}"]
        else:
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    return paragraphs


def card_grid(cards: list[str]) -> CardGrid | None:
    """The grid with the most cards per page that holds every card; None when even the
    largest cells are too small for one of them."""
    for grid in CARD_GRIDS:
        if all(card_lines(card, grid.line_em) <= grid.lines for card in cards):
            return grid
    return None
