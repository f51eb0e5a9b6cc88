"""A5 saddle-stitch booklets imposed on A4 sheets: page count and page order."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from generator.pdf.documents import pdf_path
from generator.pdf.impose import A4_LANDSCAPE, saddle_stitch_order

from .test_pdf_support import PAGE_NUMBER, halves, logical_pages, page_count_of, printed


def test_eight_pages_fold_into_two_sheets() -> None:
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("count", range(1, 26))
def test_any_page_count_is_padded_to_whole_sheets(count: int) -> None:
    sides = saddle_stitch_order(count)
    slots = [number for side in sides for number in side]
    assert len(slots) % 4 == 0 and len(slots) - count < 4
    assert sorted(n for n in slots if n is not None) == list(range(1, count + 1))
    # Fold the stack: sheet k carries the k-th pages from the outside in, on both sides.
    total = len(slots)
    for sheet in range(total // 4):
        front, back = sides[2 * sheet], sides[2 * sheet + 1]
        expected = [total - 2 * sheet, 2 * sheet + 1, 2 * sheet + 2, total - 2 * sheet - 1]
        assert [*front, *back] == [n if n <= count else None for n in expected]


def test_imposed_booklet_has_whole_sheets_in_saddle_stitch_order() -> None:
    pdf = printed().pdf(pdf_path("livret", "premiers-pas", "a5"))
    reader = PdfReader(pdf)
    for page in reader.pages:  # A4 landscape sheets, two A5 pages each
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_LANDSCAPE, abs=0.5)
    slots = 2 * len(reader.pages)
    assert slots % 4 == 0
    sides = halves(pdf)
    count = page_count_of([text for side in sides for text in side])
    assert slots - count < 4
    for (left, right), expected in zip(sides, saddle_stitch_order(count), strict=True):
        for text, number in zip((left, right), expected, strict=True):
            if number is None:
                assert text == "", "padding pages are blank"
            elif number == 1:
                assert text.startswith("Livret de l'apprenant Premiers pas sur l'ordinateur")
            else:
                footer = PAGE_NUMBER.search(text)
                assert footer and int(footer[1]) == number and int(footer[2]) == count


def test_folded_booklet_reads_like_the_a4_booklet() -> None:
    a5 = logical_pages(printed().pdf(pdf_path("livret", "premiers-pas", "a5")))
    a4 = logical_pages(printed().pdf(pdf_path("livret", "premiers-pas")))
    assert a5[0].split("Pour qui")[0] == a4[0].split("Pour qui")[0]  # same cover
    # Both end with « Mon aide-mémoire »; the A5 one on the back cover, numbers included.
    assert a4[-1].startswith("Mon aide-mémoire")
    assert "Mon aide-mémoire" in a5[-1][:40] and "33700" in a5[-1]
    assert "Sommaire" in a5[1]
