"""The content-hash cache: nothing changed renders nothing; one edit renders what contains it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.check import check_repository
from generator.pdf.documents import pdf_path, site_jobs
from generator.pdf.produce import Production, produce

from .test_pdf_support import PRINT_FIXTURE


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the print fixture whose cache is warm; tests edit copies of it."""
    root = tmp_path_factory.mktemp("cache") / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    _build(root)
    return root


@pytest.fixture
def repo(repository: Path, tmp_path: Path) -> Path:
    root = tmp_path / "print"
    shutil.copytree(repository, root)  # the warm cache comes along
    return root


def _build(root: Path) -> Production:
    library = check_repository(root).library
    return produce(library, site_jobs(library), show_progress=False)


def _rendered(production: Production) -> set[str]:
    return {d.job.path for d in production.documents if d.rendered}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_rebuild_with_nothing_changed_renders_nothing(repo: Path) -> None:
    production = _build(repo)
    assert _rendered(production) == set()
    assert production.reused == len(production.documents) > 0
    for document in production.documents:
        assert document.file.read_bytes().startswith(b"%PDF-")


def test_a_learner_step_edit_renders_the_sheet_and_the_booklets(repo: Path) -> None:
    _edit(repo / "fiches/bases/clavier.yml", "Elle s'affiche à l'écran.", "Elle apparaît.")
    assert _rendered(_build(repo)) == {
        pdf_path("fiche-apprenant", "clavier"), pdf_path("livret", "premiers-pas"),
        pdf_path("livret", "premiers-pas", "a5")}


def test_a_trainer_step_edit_renders_the_trainer_sheet_and_guide(repo: Path) -> None:
    _edit(repo / "fiches/bases/clavier.yml", "etape: Découvrir les touches",
          "etape: Explorer les touches")
    assert _rendered(_build(repo)) == {pdf_path("fiche-animateur", "clavier"),
                                       pdf_path("guide", "premiers-pas")}


def test_a_fiche_outside_every_parcours_renders_only_its_own_sheets(repo: Path) -> None:
    (repo / "fiches/seule.yml").write_text(
        "titre: Une fiche seule\nresume: Hors parcours.\npublic: [seniors]\n"
        "niveau: debutant\nduree: 30 min\nobjectifs: [Apprendre seul.]\n", "utf-8")
    assert _rendered(_build(repo)) == {pdf_path("fiche-apprenant", "seule"),
                                       pdf_path("fiche-animateur", "seule")}
    _edit(repo / "fiches/seule.yml", "Apprendre seul.", "Apprendre encore.")
    assert _rendered(_build(repo)) == {pdf_path("fiche-apprenant", "seule"),
                                       pdf_path("fiche-animateur", "seule")}


def test_a_shared_glossary_edit_renders_the_documents_using_that_word(repo: Path) -> None:
    _edit(repo / "glossaire.yml", "Les touches qui servent à écrire.",
          "Les touches qui servent à écrire des lettres.")
    # « clavier » appears in the souris and clavier learner texts, not in courriel or bilan.
    assert _rendered(_build(repo)) == {
        pdf_path("fiche-apprenant", "souris"), pdf_path("fiche-apprenant", "clavier"),
        pdf_path("livret", "premiers-pas"), pdf_path("livret", "premiers-pas", "a5")}


def test_an_image_edit_renders_the_documents_showing_it(repo: Path) -> None:
    svg = repo / "medias/clavier.svg"
    svg.write_text(svg.read_text("utf-8").replace("#1971c2", "#0b7285"), "utf-8")
    assert _rendered(_build(repo)) == {
        pdf_path("fiche-apprenant", "clavier"), pdf_path("livret", "premiers-pas"),
        pdf_path("livret", "premiers-pas", "a5")}


def test_a_damaged_cache_entry_is_rendered_again(repo: Path) -> None:
    entry = next(d for d in _build(repo).documents
                 if d.job.path == pdf_path("fiche-animateur", "bilan"))
    entry.file.with_suffix(".json").unlink()
    assert _rendered(_build(repo)) == {pdf_path("fiche-animateur", "bilan")}
