"""Clear print for seniors and low-vision readers, measured in the PDFs (not just intended)."""

from __future__ import annotations

import itertools
import re
import statistics
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from generator.pdf.documents import pdf_path
from generator.pdf.render import stylesheet
from generator.pdf.writer import RenderTask, render
from generator.print_sizes import STEP_IMAGE

from .test_pdf_support import (
    MM,
    PAGE_NUMBER,
    PRINT_FIXTURE,
    heading_texts,
    logical_pages,
    normalize,
    orphan_headings,
    page_texts,
    printed,
    split_steps,
    text_lines,
)


def _all_pdfs() -> list[str]:
    return [job.path for job in printed().jobs]


def _flat_pdfs() -> list[str]:
    """The documents themselves, not their imposed print versions."""
    return [job.path for job in printed().jobs if not job.imposed]


def _chars(pdf: Path) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return [char for page in document.pages for char in page.chars if char["text"].strip()]


# --- fonts and sizes ------------------------------------------------------------------------


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    fonts = []

    def collect(resources: DictionaryObject) -> None:
        for font in (resources.get("/Font") or {}).values():
            fonts.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                collect(xobject["/Resources"].get_object())

    for page in reader.pages:
        collect(page["/Resources"].get_object())
    return fonts


@pytest.mark.parametrize("path", _all_pdfs())
def test_fonts_are_andika_and_embedded(path: str) -> None:
    fonts = _fonts(PdfReader(printed().pdf(path)))
    assert fonts
    for font in fonts:
        descendant = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "Andika" in str(font["/BaseFont"]), font["/BaseFont"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("path", _all_pdfs())
def test_every_glyph_is_at_least_14_points(path: str) -> None:
    sizes = [round(char["size"], 1) for char in _chars(printed().pdf(path))]
    assert statistics.median(sizes) >= 14
    assert min(sizes) >= 14


def test_learner_body_steps_and_headings_sizes() -> None:
    fiche = printed().library.fiches["souris"]
    pdf = printed().pdf(pdf_path("fiche-apprenant", "souris"))
    with pdfplumber.open(pdf) as document:
        words = [w for page in document.pages
                 for w in page.extract_words(extra_attrs=["size", "fontname"])]
        steps = [char["size"] for step in fiche.apprenant.etapes for page in document.pages
                 for found in page.search(" ".join(step.texte.split()[:6]), regex=False,
                                          return_chars=True)
                 for char in found["chars"]]
    body = [w["size"] for w in words if "Bold" not in w["fontname"]]
    assert round(statistics.median(body), 1) >= 16  # learner documents are in large print
    assert len(steps) > 12 * 10 and min(steps) >= 16
    headings = [w for w in words if w["text"] in ("étapes", "retenir", "Exercices")]
    assert len(headings) >= 3 and all(w["size"] >= 16 and "Bold" in w["fontname"]
                                      for w in headings)


@pytest.mark.parametrize("path", _flat_pdfs())
def test_every_heading_is_at_least_16_points(path: str) -> None:
    job = next(j for j in printed().jobs if j.path == path)
    headings = heading_texts(printed().html(job))
    measured = 0
    for page in text_lines(printed().pdf(path)):
        for line in page:
            if normalize(line["text"]) in headings and line["top"] > 20 * MM:  # not the header
                assert min(c["size"] for c in line["chars"]) >= 16, line["text"]
                measured += 1
    assert measured >= 2


# --- tags and metadata ----------------------------------------------------------------------


@pytest.mark.parametrize("path", _flat_pdfs())
def test_tagged_pdf_ua_with_language_title_and_metadata(path: str) -> None:
    reader = PdfReader(printed().pdf(path))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert str(catalog["/Lang"]) == "fr"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    title = reader.metadata.title
    assert title and title.endswith(("fiche apprenant", "fiche animateur",
                                     "livret de l'apprenant", "guide de l'animateur",
                                     "feuilles d'émargement", "attestation de participation",
                                     "mon carnet de progrès"))
    assert reader.metadata.author and reader.metadata.subject
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_imposed_pdfs_keep_language_and_title() -> None:
    for job in printed().jobs:
        if job.imposed:
            reader = PdfReader(printed().pdf(job.path))
            assert str(reader.trailer["/Root"]["/Lang"]) == "fr"
            assert reader.metadata.title


def _structure_alts(reader: PdfReader) -> list[str]:
    alts: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            walk(node.get("/K"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return alts


def test_step_images_carry_their_alt_text_in_the_tags() -> None:
    fiche = printed().library.fiches["souris"]
    alts = _structure_alts(PdfReader(printed().pdf(pdf_path("fiche-apprenant", "souris"))))
    expected = [step.alt for step in fiche.apprenant.etapes if step.image]
    assert alts == expected


def test_booklet_and_guide_have_bookmarks_for_each_part() -> None:
    booklet = PdfReader(printed().pdf(pdf_path("livret", "premiers-pas")))
    top = [item.title for item in booklet.outline if not isinstance(item, list)]
    assert top == ["Premiers pas sur l'ordinateur", "Séance 1 : La souris et le clavier",
                   "Séance 2 : Les courriels", "Séance 3 : Révisions et bilan",
                   "Les mots à connaître", "Mes notes", "Mon aide-mémoire"]
    guide = PdfReader(printed().pdf(pdf_path("guide", "premiers-pas")))
    titles = [normalize(item.title) for group in guide.outline
              for item in (group if isinstance(group, list) else [group])]
    assert "Programme des séances" in titles and "Séance 3 : Révisions et bilan" in titles


# --- page numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", _all_pdfs())
def test_page_numbers_read_page_n_sur_total(path: str) -> None:
    pages = logical_pages(printed().pdf(path))
    booklet = "-livret" in path
    for number, text in enumerate(pages, start=1):
        if booklet and number == 1:
            assert not PAGE_NUMBER.search(text)  # the cover carries no number
            continue
        assert f"Page {number} sur {len(pages)}" in text, (path, number)


# --- text layout: line height, alignment, hyphenation -------------------------------------


def test_line_height_is_at_least_one_and_a_half() -> None:
    ratios: dict[str, list[float]] = {}
    for path in _flat_pdfs():
        for page in text_lines(printed().pdf(path)):
            for line_above, line_below in itertools.pairwise(page):
                above, below = line_above["chars"], line_below["chars"]
                sizes = {round(c["size"], 1) for c in above + below}
                bold = all("Bold" in c["fontname"] for c in above + below)
                if len(sizes) != 1 or bold:
                    continue  # headings (bold, 1.25) and mixed lines are not running text
                size = sizes.pop()
                distance = below[0]["top"] - above[0]["top"]
                if distance < 2 * size:  # a paragraph gap is not a line gap
                    ratios.setdefault(path, []).append(distance / size)
    assert sum(len(found) for found in ratios.values()) > 40, "too little running text measured"
    for path, found in ratios.items():
        assert min(found) >= 1.49, path


def test_text_is_left_aligned_and_ragged_never_justified() -> None:
    pdf = printed().pdf(pdf_path("fiche-apprenant", "souris"))
    with pdfplumber.open(pdf) as document:
        lines = document.pages[0].extract_text_lines()
    start = next(i for i, line in enumerate(lines) if line["text"].startswith("La souris sert"))
    end = next(i for i, line in enumerate(lines) if line["text"].endswith("du premier coup."))
    paragraph = lines[start:end + 1]  # the introduction
    assert len(paragraph) >= 4
    assert max(line["x0"] for line in paragraph) - min(line["x0"] for line in paragraph) < 0.5
    rights = [line["x1"] for line in paragraph[:-1]]
    assert max(rights) - min(rights) > 10  # a justified paragraph would end lines together


def _source_text() -> str:
    return normalize(" ".join(p.read_text("utf-8") for p in PRINT_FIXTURE.rglob("*.yml")))


@pytest.mark.parametrize("path", _flat_pdfs())
def test_no_word_is_hyphenated(path: str) -> None:
    source = _source_text()
    for page in page_texts(printed().pdf(path)):
        assert "\u00ad" not in page
    with pdfplumber.open(printed().pdf(path)) as document:
        for page in document.pages:
            lines = [line["text"] for line in page.extract_text_lines()]
            for line, following in itertools.pairwise(lines):
                if line.endswith("-") and following:
                    joined = line.split()[-1] + following.split()[0]
                    assert joined in source, f"« {joined} » was cut by hyphenation"


# --- steps, images, headings and page breaks ------------------------------------------------


def _learner_documents() -> list[str]:
    return [job.path for job in printed().jobs if job.kind in ("fiche-apprenant", "livret")]


@pytest.mark.parametrize("path", _learner_documents())
def test_no_step_is_split_across_pages(path: str) -> None:
    library = printed().library
    job = next(j for j in printed().jobs if j.path == path)
    if job.kind == "livret":
        fiches = [library.fiches[i] for s in library.parcours[job.ident].seances for i in s.fiches]
    else:
        fiches = [library.fiches[job.ident]]
    steps = [f"{number} {step.texte.replace('*', '')}" for fiche in fiches
             for number, step in enumerate(fiche.apprenant.etapes, start=1)]
    assert split_steps(logical_pages(printed().pdf(path)), steps) == []


def test_step_image_sits_under_its_step_at_its_print_size() -> None:
    pdf = printed().pdf(pdf_path("fiche-apprenant", "souris"))
    with pdfplumber.open(pdf) as document:
        page = next(p for p in document.pages if p.images)
        image = page.images[0]
        words = page.search("Posez la flèche sur une icône")
        number = next(c for c in page.chars if c["text"] == "5" and c["size"] > 20)
    assert words, "the step of the picture is on the picture's page"
    step = words[0]
    assert image["top"] > step["bottom"]  # under the words…
    assert number["x0"] - 8 * MM < image["x0"] < number["x0"]  # …from the number's circle
    box = STEP_IMAGE["a4"]  # ecran.png is 4:3: as wide as its box allows
    assert abs(image["width"] - box.printed_width_mm(4, 3) * MM) < 1


@pytest.mark.parametrize("path", _flat_pdfs())
def test_no_heading_is_left_alone_at_the_bottom_of_a_page(path: str) -> None:
    job = next(j for j in printed().jobs if j.path == path)
    html = printed().html(job)
    headings = heading_texts(html)
    headings |= {normalize(t) for t in re.findall(r'class="fiche-row"><th[^>]*>(.*?)</th>', html)}
    assert orphan_headings(printed().pdf(path), headings) == []


# The two detectors above must catch what they look for: feed them broken layouts.


def _broken_pdf(tmp_path: Path, body: str) -> Path:
    html = (f'<html lang="fr"><head><title>Essai</title><style>{stylesheet("a4")}</style>'
            f'</head><body class="learner">{body}</body></html>')
    target = tmp_path / "broken.pdf"
    render(RenderTask(html, str(tmp_path), str(target), False, "essai"))
    return target


def test_the_check_catches_a_heading_left_at_a_page_bottom(tmp_path: Path) -> None:
    pdf = _broken_pdf(tmp_path, '<h1>Essai</h1><div style="height: 200mm"></div>'
                                '<h2 style="break-after: auto">Titre seul</h2>'
                                '<div style="height: 60mm; break-inside: avoid">x</div>')
    assert orphan_headings(pdf, {"Essai", "Titre seul"}) == ["page 1: « Titre seul »"]


def test_the_check_catches_a_step_split_across_pages(tmp_path: Path) -> None:
    words = " ".join(["Cliquez encore sur le bouton."] * 12)
    pdf = _broken_pdf(tmp_path, '<h1>Essai</h1><div style="height: 205mm"></div><ol class="steps">'
                                f'<li class="step" style="break-inside: auto; display: block">'
                                f'<span class="step-number">1</span> {words}</li></ol>')
    assert split_steps(page_texts(pdf), [f"1 {words}"]) == [f"1 {words}"]


# --- contrast -------------------------------------------------------------------------------


def _luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour with components in 0..1."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("path", _flat_pdfs())
def test_text_is_black_or_white_on_dark_with_strong_contrast(path: str) -> None:
    white = (1.0, 1.0, 1.0)
    with pdfplumber.open(printed().pdf(path)) as document:
        for page in document.pages:
            fills = [r for r in page.rects if r["fill"] and len(r["non_stroking_color"] or ()) == 3]
            for char in page.chars:
                colour = tuple(char["non_stroking_color"] or (0,))
                if not char["text"].strip():
                    continue
                assert colour in {(0,), (0, 0, 0), white}, colour
                if colour == white:  # the step numbers: find the shape they are printed on
                    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
                    under = min((r for r in fills
                                 if r["x0"] < x < r["x1"] and r["top"] < y < r["bottom"]
                                 and tuple(r["non_stroking_color"]) != white),
                                key=lambda r: r["width"] * r["height"])
                    assert _contrast(white, tuple(under["non_stroking_color"])) >= 7
