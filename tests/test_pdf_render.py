"""Pages rasterised with pdftoppm: no blank page, nothing overflowing into the paper edges."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from generator.pdf.render import stylesheet
from generator.pdf.writer import RenderTask, render

from .test_pdf_support import MM, SAFE_BAND_MM, page_problems, printed


def _all_pdfs() -> list[str]:
    return [job.path for job in printed().jobs]


@pytest.mark.parametrize("path", _all_pdfs())
def test_no_blank_or_overflowing_page(path: str) -> None:
    assert page_problems(printed().pdf(path)) == []


@pytest.mark.parametrize("path", _all_pdfs())
def test_every_character_stays_inside_the_safe_area(path: str) -> None:
    with pdfplumber.open(printed().pdf(path)) as document:
        for page in document.pages:
            width, height = float(page.width), float(page.height)
            band = SAFE_BAND_MM * MM
            for char in page.chars:
                assert band <= char["x0"] and char["x1"] <= width - band, (path, char["text"])
                assert band <= char["top"] and char["bottom"] <= height - band, (path, char["text"])
                if width > height:  # imposed: nothing crosses the fold
                    assert not char["x0"] < width / 2 < char["x1"]


# The detectors above must catch what they look for: feed them broken documents.


def _broken_pdf(tmp_path: Path, body: str) -> Path:
    html = (f'<html lang="fr"><head><title>Essai</title><style>{stylesheet("a4")}</style>'
            f"</head><body>{body}</body></html>")
    target = tmp_path / "broken.pdf"
    render(RenderTask(html, str(tmp_path), str(target), False, "essai"))
    return target


def test_the_checks_catch_an_overflowing_page(tmp_path: Path) -> None:
    pdf = _broken_pdf(tmp_path, '<h1>Essai</h1><div style="width: 260mm; height: 20mm; '
                                'background: #000"></div><p>Texte.</p>')
    assert "page 1: ink in the droite band" in page_problems(pdf)


def test_the_checks_catch_a_blank_page(tmp_path: Path) -> None:
    pdf = _broken_pdf(tmp_path, '<h1>Essai</h1><div style="break-after: page"></div>'
                                '<div style="break-after: page"></div><p>Fin.</p>')
    assert "page 2: blank (nothing between header and footer)" in page_problems(pdf)
