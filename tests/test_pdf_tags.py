"""The structure tree of the PDFs (PDF/UA-1), read with pikepdf: what a screen reader gets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader

from generator.pdf import tagging
from generator.pdf.documents import pdf_path
from generator.pdf.impose import sheet_sides

from .test_pdf_support import printed
from .test_pdf_support import structure_elements as _elements
from .test_pdf_support import structure_kids as _kids


def _flat_pdfs() -> list[str]:
    return [job.path for job in printed().jobs if not job.imposed]




def _document(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    root = pdf.Root.StructTreeRoot
    [document] = _kids(root)
    return document


def _text(pdf: pikepdf.Pdf, element: pikepdf.Dictionary) -> str:
    """The words of a structure element, from the marked content its MCIDs point to."""
    wanted: dict[tuple[int, int], int] = {}  # (page object, MCID) -> order
    pages = {page.objgen: page for page in pdf.pages}

    def collect(node: pikepdf.Dictionary) -> None:
        for kid in _kids(node):
            if isinstance(kid, int):
                wanted[(node.Pg.objgen, int(kid))] = len(wanted)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                wanted[(kid.Pg.objgen, int(kid.MCID))] = len(wanted)
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                collect(kid)

    collect(element)
    found: dict[int, str] = {}
    for objgen in {page for page, _ in wanted}:
        current: int | None = None
        for operands, operator in pikepdf.parse_content_stream(pages[objgen]):
            name = str(operator)
            if name == "BDC" and "/MCID" in operands[1]:
                current = int(operands[1].MCID)
            elif name == "EMC":
                current = None
            elif name in ("TJ", "Tj") and current is not None and (objgen, current) in wanted:
                # Glyph ids only: count the marked contents rather than decoding them.
                found[wanted[(objgen, current)]] = "x"
    return "".join(found[i] for i in sorted(found))


@pytest.mark.parametrize("path", _flat_pdfs())
def test_every_marked_content_is_reachable_or_an_artifact(path: str) -> None:
    """Running header and « Page X sur Y » are pagination artifacts; everything else that is
    marked belongs to an element under the structure root."""
    pdf = pikepdf.open(printed().pdf(path))
    reachable = {element.objgen for element in _elements(pdf.Root.StructTreeRoot)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    artifacts = marked = 0
    for number, page in enumerate(pdf.pages, start=1):
        parents = parent_tree[int(page.StructParents)]
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) not in ("BDC", "BMC"):
                continue
            if str(operands[0]) == "/Artifact":
                artifacts += 1
                continue
            mcid = int(operands[1].MCID)
            assert parents[mcid].objgen in reachable, (number, mcid, parents[mcid].S)
            marked += 1
    pages = len(pdf.pages)
    # A footer on every page, a header on every page but the first (and the booklet cover).
    assert artifacts >= 2 * pages - 2 and marked > 5


@pytest.mark.parametrize("path", _flat_pdfs())
def test_pagination_artifacts_carry_no_structure(path: str) -> None:
    pdf = pikepdf.open(printed().pdf(path))
    page = pdf.pages[-1]
    kinds = [operands[1].get("/Subtype") for operands, operator
             in pikepdf.parse_content_stream(page)
             if str(operator) == "BDC" and str(operands[0]) == "/Artifact"
             and operands[1].get("/Type") == "/Pagination"]
    assert "/Footer" in kinds


@pytest.mark.parametrize("path", _flat_pdfs())
def test_one_h1_then_nested_headings(path: str) -> None:
    pdf = pikepdf.open(printed().pdf(path))
    levels = [int(str(e.S)[2]) for e in _elements(_document(pdf))
              if str(e.S) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels.count(1) == 1 and levels[0] == 1
    for previous, level in itertools.pairwise(levels):
        assert level <= previous + 1, levels  # no level skipped going down


def test_booklet_sessions_are_h2_and_their_fiches_h3() -> None:
    pdf = pikepdf.open(printed().pdf(pdf_path("livret", "premiers-pas")))
    headings = [str(e.S) for e in _elements(_document(pdf)) if str(e.S).startswith("/H")]
    assert headings.count("/H1") == 1
    assert headings.count("/H2") >= 3 + 3  # sessions, glossary, notes, help
    assert "/H3" in headings and "/H4" in headings


def _step_lists(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The lists whose items hold a label and a body with a step's words."""
    return [e for e in _elements(_document(pdf)) if str(e.S) == "/L"
            and any(str(k.S) == "/LI" and [str(x.S) for x in _kids(k)][:1] == ["/Lbl"]
                    for k in _kids(e) if isinstance(k, pikepdf.Dictionary))
            and len(_kids(e)) >= 10]


def test_a_list_of_steps_stays_one_list_across_page_breaks() -> None:
    fiche = printed().library.fiches["souris"]
    pdf = pikepdf.open(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    [steps] = _step_lists(pdf)
    items = _kids(steps)
    assert len(items) == len(fiche.apprenant.etapes)
    pages = {page.objgen for item in items for e in _elements(item) if "/Pg" in e
             for page in [e.Pg]}
    assert len(pages) >= 2  # the steps do run over a page break
    for item in items:
        assert [str(k.S) for k in _kids(item)] == ["/Lbl", "/LBody"]
        label, body = _kids(item)
        assert _text(pdf, label) and _text(pdf, body)


def test_bulleted_lists_have_labels_and_bodies() -> None:
    pdf = pikepdf.open(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    remember = [e for e in _elements(_document(pdf)) if str(e.S) == "/LI"
                and [str(k.S) for k in _kids(e)] == ["/Lbl", "/LBody"]]
    assert len(remember) >= len(printed().library.fiches["souris"].apprenant.a_retenir)


@pytest.mark.parametrize("path", _flat_pdfs())
def test_table_header_cells_have_a_scope(path: str) -> None:
    pdf = pikepdf.open(printed().pdf(path))
    cells = [e for e in _elements(_document(pdf)) if str(e.S) == "/TH"]
    for cell in cells:
        assert str(cell.A.Scope) in ("/Row", "/Column", "/Both")
    if "guide" in path:
        scopes = {str(cell.A.Scope) for cell in cells}
        assert scopes == {"/Row", "/Column"}


def test_step_pictures_keep_their_alt_text() -> None:
    fiche = printed().library.fiches["souris"]
    pdf = pikepdf.open(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    alts = [str(e.Alt) for e in _elements(_document(pdf)) if str(e.S) == "/Figure"]
    assert alts == [step.alt for step in fiche.apprenant.etapes if step.image]


def test_imposed_booklet_keeps_title_language_bookmarks_and_metadata() -> None:
    path = pdf_path("livret", "premiers-pas", "a5")
    pdf = pikepdf.open(printed().pdf(path))
    assert str(pdf.Root.Lang) == "fr"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.docinfo.Title).endswith("livret de l'apprenant")
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"].endswith("livret de l'apprenant")
        assert "pdfuaid:part" not in str(xmp)  # it no longer claims PDF/UA…
    titles = [item.title for item in pdf.open_outline().root]
    assert titles[1:4] == ["Séance 1 : La souris et le clavier", "Séance 2 : Les courriels",
                           "Séance 3 : Révisions et bilan"]
    # …and its cover says so, naming the tagged A4 file.
    cover = pikepdf.open(printed().pdf(pdf_path("livret", "premiers-pas")))
    assert "/StructTreeRoot" in cover.Root
    assert "/StructTreeRoot" not in pdf.Root


def test_bookmarks_of_the_imposed_booklet_open_the_sheet_of_their_page() -> None:
    flat = PdfReader(printed().pdf(pdf_path("livret", "premiers-pas")))
    imposed = PdfReader(printed().pdf(pdf_path("livret", "premiers-pas", "a5")))
    a5_pages = len(imposed.pages) * 2  # a multiple of 4: no blank page
    assert sheet_sides(4) == {0: 0, 3: 0, 1: 1, 2: 1}
    sides = sheet_sides(a5_pages)
    sessions = [item for item in imposed.outline
                if not isinstance(item, list) and item.title.startswith("Séance")]
    assert len(sessions) == 3
    texts = [" ".join((page.extract_text() or "").split()) for page in imposed.pages]
    for item in sessions:
        side = imposed.get_destination_page_number(item)
        title = item.title.split(" : ")[1]
        assert title in texts[side], (item.title, side)
        assert side in sides.values()
    assert len(flat.outline) >= len(sessions)


def test_the_tagging_replaces_weasyprints_only_for_the_versions_it_knows(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert weasyprint.__version__.startswith(tagging.SUPPORTED_VERSIONS)
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    monkeypatch.setattr(tagging, "_installed", False)
    original = weasyprint.pdf.add_tags
    monkeypatch.setattr(weasyprint.pdf, "add_tags", original)
    assert tagging.install() is False
    assert weasyprint.pdf.add_tags is original
