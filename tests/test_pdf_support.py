"""Shared helpers of the PDF tests (this module holds no test).

The print fixture (`tests/fixtures/print`) is rendered once per test session, every document
in A4 and in imposed A5, and the PDFs are read back with pdfplumber, pypdf and pdftoppm.
"""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

import pdfplumber
import pikepdf
from PIL import Image

from generator.check import check_repository
from generator.model import Library
from generator.pdf.documents import PrintJob, format_jobs, site_jobs
from generator.pdf.documents import job as print_job
from generator.pdf.impose import saddle_stitch_order
from generator.pdf.produce import Production, produce
from generator.pdf.render import PrintRenderer

PRINT_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "print"
MM = 72 / 25.4  # points per millimetre
PAGE_NUMBER = re.compile(r"Page (\d+) sur (\d+)")


@dataclass
class Printed:
    root: Path
    library: Library
    production: Production

    def pdf(self, path: str) -> Path:
        """The PDF whose site path is `path` (names.py)."""
        return next(d.file for d in self.production.documents if d.job.path == path)

    @property
    def jobs(self) -> list[PrintJob]:
        return [d.job for d in self.production.documents]

    def html(self, job: PrintJob) -> str:
        return PrintRenderer(self.library).html(job)


@cache
def printed() -> Printed:
    """Every document of the print fixture, A4 and A5 imposed, rendered with the pool."""
    scratch = Path(tempfile.mkdtemp(prefix="relais-pdf-tests-"))
    atexit.register(shutil.rmtree, scratch, True)
    root = scratch / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    result = check_repository(root)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    library = result.library
    extra_a5 = [job for job in format_jobs(library, "a5") if job not in site_jobs(library)]
    very_large = [print_job("fiche-apprenant", "souris", "a4", "tres-gros"),
                  print_job("livret", "premiers-pas", "a5", "tres-gros")]
    production = produce(library, [*site_jobs(library), *extra_a5, *very_large],
                         show_progress=False)
    return Printed(root, library, production)


def normalize(text: str) -> str:
    return " ".join(text.split())


@cache
def page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [normalize(page.extract_text() or "") for page in document.pages]


def full_text(pdf: Path) -> str:
    return " ".join(page_texts(pdf))


def assert_in_order(text: str, needles: list[str]) -> None:
    """Each needle appears in `text` after the previous one."""
    position = 0
    for needle in needles:
        found = text.find(normalize(needle), position)
        context = text[position:position + 300]
        assert found >= 0, f"« {needle} » missing after position {position}: …{context}"
        position = found + len(normalize(needle))


@cache
def png_pages(pdf: Path, resolution: int = 50) -> list[Image.Image]:
    """Pages rasterised by poppler's pdftoppm, as greyscale images."""
    folder = Path(tempfile.mkdtemp(prefix="relais-png-"))
    atexit.register(shutil.rmtree, folder, True)
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(folder / "page")],
                   check=True)
    files = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(file).convert("L") for file in files]


def blank(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> bool:
    """True when the region holds (almost) nothing but white."""
    region = image.crop(box) if box else image
    dark = sum(region.histogram()[:200])
    return dark < 20


def edge_ink(image: Image.Image, band_mm: float, resolution: int = 50) -> dict[str, bool]:
    """Which outer bands of `band_mm` around the page carry ink (content overflowing there)."""
    band = round(band_mm / 25.4 * resolution)
    width, height = image.size
    boxes = {"gauche": (0, 0, band, height), "droite": (width - band, 0, width, height),
             "haut": (0, 0, width, band), "bas": (0, height - band, width, height)}
    return {side: not blank(image, box) for side, box in boxes.items()}


def heading_texts(html: str) -> set[str]:
    """Visible text of every h1-h4 of a print HTML document."""
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, re.DOTALL)
    return {normalize(unescape(re.sub(r"<[^>]+>", " ", text))) for text in found}


@cache
def halves(pdf: Path) -> list[tuple[str, str]]:
    """(left, right) text of each side of an imposed PDF."""
    with pdfplumber.open(pdf) as document:
        sides = []
        for page in document.pages:
            middle = float(page.width) / 2
            left = page.crop((0, 0, middle, float(page.height))).extract_text() or ""
            right = page.crop((middle, 0, float(page.width), float(page.height))).extract_text()
            sides.append((normalize(left), normalize(right or "")))
        return sides


def page_count_of(texts: list[str]) -> int:
    """N of the « Page n sur N » footers."""
    return next(int(m[2]) for text in texts if (m := PAGE_NUMBER.search(text)))


@cache
def logical_pages(pdf: Path) -> list[str]:
    """A document's own pages in reading order; an imposed PDF is cut back into its A5 pages."""
    with pdfplumber.open(pdf) as document:
        imposed = document.pages[0].width > document.pages[0].height
    if not imposed:
        return page_texts(pdf)
    sides = halves(pdf)
    count = page_count_of([text for side in sides for text in side])
    pages: dict[int, str] = {}
    for (left, right), numbers in zip(sides, saddle_stitch_order(count), strict=True):
        for text, number in zip((left, right), numbers, strict=True):
            if number is not None:
                pages[number] = text
    return [pages[n] for n in range(1, count + 1)]


SAFE_BAND_MM = 8  # no ink may reach this close to a paper edge (or to the fold of an A5 sheet)
# Header and footer sit in the page margins, above and below these; the body lies between.
MARGIN_MM = {"a4": 21, "a5": 17}


def page_problems(pdf: Path) -> list[str]:
    """Blank pages and ink overflowing into the outer bands, seen on pdftoppm PNGs.

    An imposed PDF is checked per A5 half: padding halves must be blank, the others must not,
    and no half may carry ink near the paper edges or the fold.
    """
    problems = []
    images = png_pages(pdf)
    imposed = images[0].width > images[0].height
    slots = (saddle_stitch_order(page_count_of([t for side in halves(pdf) for t in side]))
             if imposed else [(None, n) for n in range(1, len(images) + 1)])
    for image, (left, right) in zip(images, slots, strict=True):
        width, height = image.size
        parts = ([(image.crop((0, 0, width // 2, height)), left),
                  (image.crop((width // 2, 0, width, height)), right)] if imposed
                 else [(image, right)])
        for part, number in parts:
            if number is None:
                if not blank(part):
                    problems.append("a padding page is not blank")
                continue
            margin = round(MARGIN_MM["a5" if imposed else "a4"] / 25.4 * 50)
            if blank(part, (0, margin, part.width, part.height - margin)):
                problems.append(f"page {number}: blank (nothing between header and footer)")
                continue
            problems += [f"page {number}: ink in the {side} band"
                         for side, inked in edge_ink(part, SAFE_BAND_MM).items() if inked]
    return problems


def text_lines(pdf: Path) -> list[list[dict]]:
    """Text lines of every page, as pdfplumber gives them (`text`, `chars`, positions)."""
    with pdfplumber.open(pdf) as document:
        return [page.extract_text_lines(return_chars=True) for page in document.pages]


def orphan_headings(pdf: Path, headings: set[str]) -> list[str]:
    """Headings (bold lines ending one of `headings`) with nothing under them on their page."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = page.extract_text_lines(return_chars=True)
            body = [line for line in lines if not PAGE_NUMBER.search(line["text"])]
            footer = min((line["top"] for line in lines if PAGE_NUMBER.search(line["text"])),
                         default=float(page.height))
            if len(body) < 2:
                continue
            last = body[-1]
            text = normalize(last["text"])
            bold = all("Bold" in c["fontname"] for c in last["chars"] if c["text"].strip())
            drawn_below = [o for o in page.rects + page.curves + page.images
                           if o["top"] > last["bottom"] and o["bottom"] < footer]
            if bold and any(h.endswith(text) for h in headings) and not drawn_below:
                found.append(f"page {number}: « {text} »")
    return found


def split_steps(pages: list[str], steps: list[str]) -> list[str]:
    """Steps (« number text ») that no single page shows whole (spaces aside: a line may end
    on the hyphen of « double-clic »)."""
    joined = ["".join(page.split()) for page in pages]
    return [step for step in steps if not any("".join(step.split()) in page for page in joined)]


# --- the structure tree (tags), read with pikepdf ----------------------------------------------


def structure_kids(node: object) -> list[object]:
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def structure_elements(node: object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first, in reading order."""
    for kid in structure_kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)
