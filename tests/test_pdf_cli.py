"""`relais pdf` and the PDFs of `relais build` / `mkdocs build`, run as a user runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from pypdf import PdfReader

from generator import addresses
from generator.check import check_repository
from generator.pdf.documents import format_jobs, pdf_path

from .helpers import relais
from .test_pdf_support import PRINT_FIXTURE

LINE = re.compile(r"^[^:\s]+:\d+:\d+: (erreur|avertissement): .+$")
BIN = Path(sys.executable).parent



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    return root


def test_relais_pdf_writes_every_document_into_dossier_pdf(repo: Path) -> None:
    run = relais("pdf", repo)
    assert run.returncode == 0, run.stderr
    out = repo / "pdf"
    expected = {addresses.outside_site(pdf_path(kind, fiche))
                for fiche in ("souris", "clavier", "courriel", "bilan")
                for kind in ("fiche-apprenant", "fiche-animateur")}
    expected |= {addresses.outside_site(pdf_path(kind, "premiers-pas"))
                 for kind in ("livret", "guide", "emargement", "attestation", "carnet")}
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")} == expected
    assert "13 PDF dans" in run.stderr and "13 produit(s)" in run.stderr
    for pdf in out.rglob("*.pdf"):
        width, height = PdfReader(pdf).pages[0].mediabox[2:]
        assert (round(float(width)), round(float(height))) == (595, 842)  # A4
    again = relais("pdf", repo)
    assert again.returncode == 0 and "0 produit(s), 13 inchangé(s)" in again.stderr


def test_relais_pdf_format_a5_imposes_on_a4_sheets(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "imprimer"
    run = relais("pdf", repo, "-o", out, "--format", "a5")
    assert run.returncode == 0, run.stderr
    booklet = out / addresses.outside_site(pdf_path("livret", "premiers-pas", "a5"))
    assert booklet.is_file()
    # Every kind that may be printed on A5 is, imposed; the others keep their own paper.
    jobs = format_jobs(check_repository(repo).library, "a5")
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")} == {
        addresses.outside_site(job.path) for job in jobs}
    assert all(job.path.endswith(addresses.A5_SUFFIX) == ("a5" in job.print_kind.papers)
               for job in jobs)
    assert any(job.paper == "a5" for job in jobs)
    pages = PdfReader(booklet).pages
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (
        842, 595)
    assert "recto verso" in run.stderr
    # The first sheet's front holds the back cover and the cover: the name box fits on it.
    assert "Ce livret appartient à" in pages[0].extract_text()


def test_relais_pdf_refuses_content_with_errors(repo: Path) -> None:
    (repo / "fiches" / "casse.yml").write_text("titre: Une fiche\nduree: bientôt\n", "utf-8")
    run = relais("pdf", repo)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert any(LINE.match(line) and line.startswith("fiches/casse.yml:")
               for line in run.stderr.splitlines())
    assert not (repo / "pdf").exists()


def test_relais_pdf_refuses_a_file_as_output_in_french(repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("un fichier, pas un dossier", "utf-8")
    run = relais("pdf", repo, "-o", blocker)
    assert run.returncode == 2
    assert "est un fichier, pas un dossier" in run.stderr and "Traceback" not in run.stderr
    assert blocker.read_text("utf-8") == "un fichier, pas un dossier"


def test_relais_pdf_usage_errors_exit_2_in_french(repo: Path) -> None:
    run = relais("pdf", repo, "--format", "a3")
    assert run.returncode == 2
    assert "choix invalide" in run.stderr
    help_text = relais("pdf", "--help").stdout
    assert "--format {a4,a5}" in help_text and "dossier des PDF" in help_text


def _pdf_links(html: Path) -> list[str]:
    return re.findall(r'href="([^"]+\.pdf)"', html.read_text("utf-8"))


def test_relais_build_puts_the_linked_pdfs_inside_the_site(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = relais("build", repo, "-o", site)
    assert run.returncode == 0, run.stderr
    fiche_page = site / "fiches" / "souris" / "index.html"
    parcours_page = site / "parcours" / "premiers-pas" / "index.html"
    fiche_links, parcours_links = _pdf_links(fiche_page), _pdf_links(parcours_page)
    assert len(fiche_links) == 2 and len(parcours_links) == 6
    for page, links in ((fiche_page, fiche_links), (parcours_page, parcours_links)):
        for link in links:
            target = Path(unquote(urljoin(page.as_uri(), link).removeprefix("file://")))
            assert target.is_file() and target.read_bytes().startswith(b"%PDF-"), link
    assert (site / pdf_path("livret", "premiers-pas", "a5")).is_file()
    assert "Télécharger la fiche apprenant (PDF)" in fiche_page.read_text("utf-8")


def test_plain_mkdocs_build_makes_the_pdfs_too(repo: Path, tmp_path: Path) -> None:
    (repo / "mkdocs.yml").write_text(
        "site_name: Essai\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "plugins:\n  - relais\n", "utf-8")
    (repo / "docs").mkdir()  # plain MkDocs wants its docs folder, even empty
    site = tmp_path / "mkdocs-site"
    run = subprocess.run([str(BIN / "mkdocs"), "build", "-f", str(repo / "mkdocs.yml"),
                          "-d", str(site)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert (site / pdf_path("fiche-apprenant", "souris")).read_bytes().startswith(b"%PDF-")
    assert (site / pdf_path("guide", "premiers-pas")).is_file()


def test_pdf_option_false_builds_a_site_without_pdfs(repo: Path, tmp_path: Path) -> None:
    (repo / "mkdocs.yml").write_text(
        "site_name: Essai\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "plugins:\n  - relais:\n      pdf: false\n", "utf-8")
    site = tmp_path / "site"
    assert relais("build", repo, "-o", site).returncode == 0
    assert not (site / "pdf").exists()
    assert _pdf_links(site / "fiches" / "souris" / "index.html") == []
