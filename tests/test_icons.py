"""Pictograms in author text (`:material-cog:`): checked, drawn inline on the site and on paper
with their French name, from the icon sets installed with Material for MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from generator import check, icons
from generator.check import check_repository
from generator.pdf.documents import PrintJob, pdf_path
from generator.pdf.produce import produce
from generator.pdf.render import markdown_inline

from .conftest import FIXTURES, build_into

# Line of the first learner step of the mini fixture, which the tests replace.
FIRST_STEP = next(number for number, line in enumerate(
    (FIXTURES / "mini/fiches/allumer.yml").read_text("utf-8").splitlines(), start=1)
    if "Appuyez sur le bouton rond." in line)

STEPS = ('    - "Appuyez sur le bouton :material-power: en bas."\n'
         '    - "Touchez :material-cog: puis le menu :octicons-kebab-horizontal-16:."\n')


def icon_repo(tmp_path: Path, steps: str = STEPS) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "    - Appuyez sur le bouton rond.\n", steps), "utf-8")
    check._last = None
    return repo


def test_every_french_name_is_an_installed_icon() -> None:
    names = yaml.safe_load(Path(icons.__file__).parent.joinpath("data/icones.yml")
                           .read_text("utf-8"))
    assert len(names) > 80
    assert [name for name in names if icons.icon_file(name) is None] == []


def test_an_unknown_icon_is_a_positioned_error_with_a_suggestion(tmp_path: Path) -> None:
    repo = icon_repo(tmp_path, '    - "Touchez la roue :material-cogg: en haut."\n')
    errors = [d.format() for d in check_repository(repo).diagnostics if d.is_error]
    assert errors == [f"fiches/allumer.yml:{FIRST_STEP}:24: "
                      "erreur: icône « material-cogg » inconnue [icone-inconnue] "
                      "(vouliez-vous dire « material-cog » ?)"]


def test_an_icon_without_a_french_name_is_a_warning(tmp_path: Path) -> None:
    repo = icon_repo(tmp_path, '    - "Touchez :material-rocket-launch: pour partir."\n')
    (warning,) = check_repository(repo).diagnostics
    assert warning.format() == (
        f"fiches/allumer.yml:{FIRST_STEP}:16: "
        "avertissement: icône « material-rocket-launch » sans nom "
        "français [icone-sans-nom] (ajoutez son nom à generator/data/icones.yml (texte lu aux "
        "personnes aveugles))")


def test_the_site_draws_icons_inline_with_their_french_name(tmp_path: Path) -> None:
    site = build_into(icon_repo(tmp_path), tmp_path / "site")
    page = (site / "fiches/allumer/index.html").read_text("utf-8")
    assert '<svg class="relais-icone" role="img" aria-label="bouton marche arrêt"' in page
    assert '<title>roue dentée</title>' in page
    assert 'aria-label="trois points en ligne"' in page
    assert ":material-" not in page


def test_print_draws_icons_as_vector_images_with_alternative_text() -> None:
    html = markdown_inline("Touchez :material-cog: en haut.")
    assert html.startswith('Touchez <img class="relais-icone" alt="roue dentée" '
                           'src="data:image/svg+xml;base64,')


@pytest.fixture(scope="module")
def learner_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = icon_repo(tmp_path_factory.mktemp("icons"))
    library = check_repository(repo).library
    job = PrintJob("fiche-apprenant", "allumer", "a4", pdf_path("fiche-apprenant", "allumer"))
    production = produce(library, [job], workers=1, show_progress=False)
    return production.documents[0].file


def _line_of(page: Any, word: str) -> tuple[float, float, float]:
    """(top, bottom, capital height) of the line that holds `word`."""
    found = next(w for w in page.extract_words() if w["text"] == word)
    size = max(c["size"] for c in page.chars if abs(c["top"] - found["top"]) < 3
               and found["x0"] <= c["x0"] < found["x1"])
    return found["top"], found["bottom"], size * 0.68  # Andika's capitals are 0.68 em


def _drawings_on(page: Any, top: float, bottom: float) -> list[tuple[float, float, float]]:
    """Icons drawn on a line (vector curves, grouped by position): (x0, top, bottom) each."""
    curves = sorted((c for c in page.curves if c["bottom"] > top and c["top"] < bottom),
                    key=lambda c: c["x0"])
    groups: list[list[Any]] = []
    for curve in curves:
        if groups and curve["x0"] - max(c["x1"] for c in groups[-1]) < 9:
            groups[-1].append(curve)
        else:
            groups.append([curve])
    return [(g[0]["x0"], min(c["top"] for c in g), max(c["bottom"] for c in g)) for g in groups]


def test_the_printed_icon_sits_on_its_step_line_at_least_as_tall_as_capitals(
        learner_pdf: Path) -> None:
    with pdfplumber.open(learner_pdf) as pdf:
        page = pdf.pages[0]
        top, bottom, cap_height = _line_of(page, "Appuyez")
        (power,) = _drawings_on(page, top, bottom)  # the power button, on its step's line
        assert power[2] - power[1] >= cap_height
        assert all(c["non_stroking_color"] in ((0.0, 0.0, 0.0), (0,), 0)
                   for c in page.curves if c["top"] < bottom and c["bottom"] > top)
        second_top, second_bottom, _ = _line_of(page, "Touchez")
        gear, kebab = _drawings_on(page, second_top, second_bottom)
        assert gear[2] - gear[1] >= cap_height
        words = page.extract_words()
        puis = next(w for w in words if w["text"] == "puis")
        assert gear[0] < puis["x0"] < kebab[0]  # in reading order, inside the sentence


def test_hand_written_pages_get_icon_shortcodes_without_python_tags(tmp_path: Path) -> None:
    repo = icon_repo(tmp_path)
    (repo / "docs").mkdir()
    (repo / "docs" / "aide.md").write_text("# Aide\n\nLa roue :material-cog: règle tout.\n")
    (repo / "mkdocs.yml").write_text("site_name: Essai\ntheme:\n  name: material\n"
                                     "plugins:\n  - relais:\n      pdf: false\n", "utf-8")
    site = build_into(repo, tmp_path / "site")
    assert '<span class="twemoji"><svg' in (site / "aide/index.html").read_text("utf-8")


def test_an_unquoted_step_cut_by_an_icon_says_to_quote_it(tmp_path: Path) -> None:
    repo = icon_repo(tmp_path, "    - Appuyez sur :material-power: en bas.\n")
    messages = [d.format() for d in check_repository(repo).diagnostics]
    assert (f"fiches/allumer.yml:{FIRST_STEP}:7: erreur: texte lu comme une clé : « Appuyez sur "
            ":material-power » [yaml-illisible] (mettez le texte entre guillemets, par exemple : "
            'titre: "Attention : texte")') in messages


def test_a_pictogram_stays_on_the_line_of_the_word_it_shows() -> None:
    from generator import markup

    html = markup.to_html(
        "Touchez :material-cog: Paramètres, puis Entrée :material-keyboard-return:.")
    assert 'material-cog">\u00a0Paramètres' in html
    assert 'Entrée\u00a0<img alt="touche Entrée"' in html
