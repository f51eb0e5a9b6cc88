"""What authors write for learners (issue 11), without rendering PDFs: answer kinds, learner
objectives, the help box settings, French spacing, drawings whose words would print too small."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import addresses
from generator.check import check_repository
from generator.helplines import help_numbers, shipped_numbers
from generator.model import Apprenant, Settings
from generator.pdf.documents import format_jobs, job, pdf_path
from generator.pdf.glossary import fiche_terms
from generator.print_sizes import MM, STEP_IMAGE
from generator.site.render import render_site
from generator.svg_text import read_svg_text
from generator.typography import NBSP, french_spacing, french_spacing_html

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


# --- French spacing -----------------------------------------------------------------------


def test_spaces_before_signs_and_inside_guillemets_become_no_break_spaces() -> None:
    assert french_spacing("Attention : arnaque ! Vraiment ? Oui ; « bien » .") == (
        f"Attention{NBSP}: arnaque{NBSP}! Vraiment{NBSP}? Oui{NBSP}; «{NBSP}bien{NBSP}» .")
    # Only spaces that are there: times, addresses and tight guillemets stay as written.
    for text in ("10:30", "https://exemple.fr/?q=1", "«mot»", "Durée: 1 h"):
        assert french_spacing(text) == text


def test_html_text_is_spaced_but_not_tags_styles_or_code() -> None:
    html = ('<style>a::after { content: " : "; }</style><p title="a : b">Note :'
            ' <code>x : y</code> <strong>Oui</strong> !</p>')
    assert french_spacing_html(html) == (
        '<style>a::after { content: " : "; }</style><p title="a : b">Note\u00a0:'
        ' <code>x : y</code> <strong>Oui</strong>\u00a0!</p>')


def test_the_site_uses_french_spacing_in_text_and_fragments() -> None:
    library = check_repository(ROOT).library
    site = render_site(library)
    page = next(p for p in site.pages if p.uri.endswith("reconnaitre-un-sms-arnaque.md"))
    text = page.with_fragments()
    assert f"connaissez{NBSP}?" in text  # a step, rendered from Markdown
    assert "connaissez ?" not in text
    assert "**À dire à voix haute** — " in text and "Pour chaque arnaque" in text
    assert "Vous saurez signaler un faux SMS au " in text
    assert f"**Vous saurez{NBSP}:**" in text  # the template's own words too


# --- the model ------------------------------------------------------------------------------


def test_an_exercise_is_a_string_meaning_faire_or_a_mapping_with_its_answer() -> None:
    apprenant = Apprenant.model_validate({"exercices": [
        "Ouvrez la corbeille.", {"texte": "Dites ce que vous voyez.", "reponse": "dire"},
        {"texte": "Écrivez votre prénom.", "reponse": "ecrire"}]})
    assert [e.reponse for e in apprenant.exercices] == ["faire", "dire", "ecrire"]
    assert apprenant.objectifs == []


def test_a_wrong_answer_kind_is_an_error_with_a_position(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    text = fiche.read_text("utf-8")
    assert "apprenant:\n" in text
    fiche.write_text(text.replace("apprenant:\n", "apprenant:\n  exercices:\n"
                                  "    - texte: Écrivez.\n      reponse: ecriture\n", 1), "utf-8")
    errors = [d for d in check_repository(repo).diagnostics if d.is_error]
    assert len(errors) == 1 and "reponse" in errors[0].message
    assert errors[0].path == "fiches/allumer.yml"


def test_shipped_exercises_never_ask_to_write_a_password_on_paper() -> None:
    library = check_repository(ROOT).library
    written = [e.texte for f in library.fiches.values() for e in f.apprenant.exercices
               if e.reponse == "ecrire"]
    assert written and not any("passe" in text.lower() for text in written)


def test_learner_glossary_follows_the_order_of_the_sheet() -> None:
    library = check_repository(ROOT).library
    fiche = library.fiches["reconnaitre-un-sms-arnaque"]
    terms = [t.terme for t in fiche_terms(library, fiche)]
    assert terms[0] == "SMS"  # in the title
    assert terms.index("expéditeur") < terms.index("hameçonnage")


# --- settings: the help box -----------------------------------------------------------------


def test_structure_and_help_numbers_are_relais_options(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "mkdocs.yml").write_text(
        "site_name: Essai\nplugins:\n  - relais:\n      structure:\n"
        "        nom: Espace numérique\n        telephone: 05 55 00 00 00\n"
        "      numeros_utiles:\n        - usage: Pour parler à quelqu'un\n"
        "          numero: 3919\n          source: https://www.exemple.gouv.fr/\n"
        "          verifie_le: 2026-11-30\n", "utf-8")
    result = check_repository(repo)
    assert not [d for d in result.diagnostics if d.path == "mkdocs.yml"]
    settings = result.library.settings
    assert settings.structure.nom == "Espace numérique" and settings.structure.adresse is None
    [numero] = help_numbers(settings)
    assert numero.numero == "3919" and numero.verifie_le == "2026-11-30"


def test_without_the_option_the_shipped_numbers_apply() -> None:
    assert help_numbers(Settings(site_name="x")) == shipped_numbers()
    assert help_numbers(Settings(site_name="x", numeros_utiles=[])) == ()


def test_the_mkdocs_plugin_accepts_the_new_options() -> None:
    from generator.engines.mkdocs_plugin import RelaisConfig

    config = RelaisConfig()
    config.load_dict({"structure": {"nom": "Espace"}, "numeros_utiles": []})
    errors, _ = config.validate()
    assert errors == []


# --- very large print -----------------------------------------------------------------------


def test_very_large_print_names_its_files_apart() -> None:
    library = check_repository(FIXTURES / "mini").library
    paths = {j.path for j in format_jobs(library, "a4", "tres-gros")}
    assert addresses.very_large(pdf_path("fiche-apprenant", "allumer")) in paths
    assert pdf_path("fiche-animateur", "allumer") in paths  # the trainer's are not enlarged
    assert job("livret", "p", "a5", "tres-gros").path == \
        "pdf/parcours/p-livret-tres-gros-a5-impose.pdf"
    assert job("guide", "p", "a4", "tres-gros").taille == "normal"


# --- drawings whose words print too small ---------------------------------------------------


def _drawing(size: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 300">'
            f'<title>Un bouton</title><g font-size="{size}"><text x="10" y="50">OK</text>'
            f'<text x="10" y="150" style="font-size: 2em">Grand</text></g></svg>')


def test_the_size_of_a_drawings_words_on_paper(tmp_path: Path) -> None:
    drawing = tmp_path / "dessin.svg"
    drawing.write_text(_drawing(30), "utf-8")
    text = read_svg_text(drawing)
    assert text is not None and text.smallest == 30
    # 600 units across 105 mm on A5: 30 units print at 30 × 105 mm / 600.
    assert text.printed_points(STEP_IMAGE["a5"]) == pytest.approx(30 * 105 * MM / 600)


def test_the_check_warns_when_a_step_drawing_prints_under_14_points(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "medias").mkdir(exist_ok=True)
    (repo / "medias" / "petit.svg").write_text(_drawing(12), "utf-8")
    (repo / "medias" / "grand.svg").write_text(_drawing(40), "utf-8")
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "    - Appuyez sur le bouton rond.\n",
        "    - texte: Appuyez sur le bouton rond.\n      image: medias/petit.svg\n"
        "      alt: Le bouton\n"
        "    - texte: Regardez l'écran.\n      image: medias/grand.svg\n      alt: L'écran\n"),
        "utf-8")
    warnings = [d for d in check_repository(repo).diagnostics if d.code == "svg-texte-petit"]
    assert len(warnings) == 1
    assert "petit.svg" in warnings[0].message and "pt sur A5" in warnings[0].message
    assert "au moins 29" in (warnings[0].hint or "")


def test_shipped_drawings_print_their_words_at_14_points() -> None:
    for drawing in sorted((ROOT / "medias").glob("*.svg")):
        text = read_svg_text(drawing)
        assert text is not None
        for paper, box in STEP_IMAGE.items():
            assert text.printed_points(box) >= 14, (drawing.name, paper)
