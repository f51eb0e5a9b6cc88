"""A second rendering when the first one wastes paper (runs in the pool workers).

Learner documents mark their root with `data-fit="learner"`. After the first rendering:

- a learner sheet whose last page holds only a few lines is rendered again a little tighter
  (`data-fit="serre"`, see print.css) and kept if that saves the page;
- an imposed A5 document whose pages do not fill its last sheet shows as many of its hidden
  « Notes » pages as needed (`data-notes="N"`), instead of leaving blank pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

LEARNER = 'data-fit="learner"'
TIGHT = 'data-fit="serre"'
SHEET_PAGES = 4  # A5 pages on one folded A4 sheet
MIN_LAST_PAGE_FILL = 0.45  # share of the last page's text area a learner sheet should fill


def learner(html: str) -> bool:
    return LEARNER in html[:2000]


def tighter(html: str) -> str:
    return html.replace(LEARNER, TIGHT, 1)


def with_notes(html: str, count: int) -> str:
    """`html` showing `count` of its spare « Notes » pages."""
    marker = TIGHT if TIGHT in html[:2000] else LEARNER
    return html.replace(marker, f'{marker} data-notes="{count}"', 1)


def blank_slots(document: Document) -> int:
    """Pages an imposed booklet would leave blank on its last sheet."""
    return -len(document.pages) % SHEET_PAGES


def spare_notes(html: str) -> int:
    """How many spare « Notes » pages the document holds."""
    return html.count("notes-page spare ")


def last_page_fill(document: Document) -> float:
    """Share of the last page's text area, from its top, that content reaches (0 to 1)."""
    page = document.pages[-1]._page_box
    top, height = page.content_box_y(), page.height
    bottoms = [box.position_y + box.margin_height() for box in _flow(page)
               if isinstance(box, boxes.LineBox | boxes.ReplacedBox)]
    if not bottoms or height <= 0:
        return 0.0
    return max(0.0, min(1.0, (max(bottoms) - top) / height))


def _flow(box: boxes.Box) -> Iterator[boxes.Box]:
    """The boxes of the page's text area (running header and footer left out)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox):
            continue
        yield child
        yield from _flow(child)
