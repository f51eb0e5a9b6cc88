"""Dated facts (issue 13 §1): `verifie_le` on fiches and parcours is validated, ages into a
warning after `verification_max_mois` months, and shows on the pages, on every PDF made from
the document, in the catalogues (JSON, cards) and in the JSON-LD."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jsonschema
import pdfplumber
import pytest

from generator import verification
from generator.check import check_repository, check_verification_dates
from generator.diagnostics import Diagnostic
from generator.export.catalogue import catalogue, catalogue_schema
from generator.pdf.documents import job
from generator.pdf.produce import produce
from generator.relations import relate
from generator.site import jsonld
from generator.site.catalogue import catalogue_index
from generator.site.render import render_site

from . import schemaorg
from .helpers import VALID_FICHE, write
from .test_pdf_support import PRINT_FIXTURE, normalize

TODAY = date(2026, 11, 30)

PARCOURS = """\
titre: Premiers pas
resume: Deux séances pour commencer.
public: [seniors]
niveau: debutant
objectifs: [Allumer l'ordinateur.]
seances:
  - titre: Allumer
    duree: 1 h
    fiches: [allumer]
"""


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """« Today » is 30 November 2026 in every test (verification.today is the one clock)."""
    monkeypatch.setattr(verification, "today", lambda: TODAY)
    yield


def repo(tmp_path: Path, fiche: str | None = None, parcours: str | None = None,
         settings: str | None = None) -> Path:
    """A fiche `allumer` and a parcours `premiers-pas`, each with `verifie_le: VALUE` when
    given (the text is written as it is: quotes are the caller's)."""
    write(tmp_path, "fiches/allumer.yml",
          VALID_FICHE + (f"verifie_le: {fiche}\n" if fiche is not None else ""))
    write(tmp_path, "parcours/premiers-pas.yml",
          PARCOURS + (f"verifie_le: {parcours}\n" if parcours is not None else ""))
    if settings is not None:
        write(tmp_path, "mkdocs.yml",
              f"site_name: Essai\nplugins:\n  - relais:\n{settings}")
    return tmp_path


def found(root: Path) -> list[Diagnostic]:
    return check_repository(root).diagnostics


def codes(root: Path) -> list[str]:
    return [d.code for d in found(root)]


# --- French words ---------------------------------------------------------------------------


def test_a_month_and_a_day_in_french_words() -> None:
    assert verification.verified_line("2026-11") == "Informations vérifiées en novembre 2026"
    assert verification.verified_line("2026-12-03") == \
        "Informations vérifiées le 3 décembre 2026"
    assert verification.when("2026-12-01") == "le 1er décembre 2026"
    assert verification.when("2027-08") == "en août 2027"
    assert verification.when("2027-02-14") == "le 14 février 2027"


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-11", "2026-11-03", "'2026-11'", "\"2026-02-28\""])
def test_a_month_or_a_day_is_accepted(tmp_path: Path, value: str) -> None:
    assert found(repo(tmp_path, fiche=value, parcours=value)) == []


def test_a_leap_day_is_a_day(tmp_path: Path) -> None:
    assert codes(repo(tmp_path, fiche="2024-02-29")) == ["verification-ancienne"]


@pytest.mark.parametrize(("value", "message", "hint"), [
    ("2026-13", "« verifie_le » : le mois 13 n'existe pas dans « 2026-13 »", "de 01 à 12"),
    ("2026-00", "« verifie_le » : le mois 0 n'existe pas dans « 2026-00 »", "de 01 à 12"),
    ("2026-02-30", "« verifie_le » : le 30 février 2026 n'existe pas",
     "février 2026 a 28 jours ; corrigez le jour, ou écrivez seulement le mois : 2026-02"),
    ("2025-04-31", "« verifie_le » : le 31 avril 2025 n'existe pas", "avril 2025 a 30 jours"),
    ("novembre 2026", "« verifie_le » : date « novembre 2026 » mal écrite", "(2026-12)"),
    ("2026-1", "« verifie_le » : date « 2026-1 » mal écrite", "le jour (2026-12-03)"),
    ("11/2026", "« verifie_le » : date « 11/2026 » mal écrite", "avec des tirets"),
])
def test_an_invalid_date_says_why_where_it_is(tmp_path: Path, value: str, message: str,
                                              hint: str) -> None:
    (diagnostic,) = found(repo(tmp_path, fiche=value))
    assert diagnostic.is_error and diagnostic.code == "valeur-invalide"
    assert diagnostic.message == message
    assert hint in (diagnostic.hint or "")
    assert diagnostic.path == "fiches/allumer.yml"
    assert (diagnostic.position.line, diagnostic.position.column) == (7, 13)


def test_an_invalid_date_of_a_parcours_too(tmp_path: Path) -> None:
    (diagnostic,) = found(repo(tmp_path, parcours="2026-02-29"))
    assert diagnostic.path == "parcours/premiers-pas.yml"
    assert diagnostic.message == "« verifie_le » : le 29 février 2026 n'existe pas"
    assert (diagnostic.position.line, diagnostic.position.column) == (10, 13)


@pytest.mark.parametrize("value", ["2026-12", "2026-12-01", "2027-01-15", "2030-01"])
def test_a_date_in_the_future_is_an_error(tmp_path: Path, value: str) -> None:
    (diagnostic,) = found(repo(tmp_path, fiche=value))
    assert diagnostic.is_error and diagnostic.code == "verification-future"
    assert diagnostic.message == (f"« verifie_le » : date « {value} » dans le futur "
                                  "(nous sommes le 30 novembre 2026)")
    assert "2026-11" in (diagnostic.hint or "")
    assert (diagnostic.position.line, diagnostic.position.column) == (7, 13)


@pytest.mark.parametrize("value", ["2026-11", "2026-11-30"])
def test_this_month_and_today_are_not_the_future(tmp_path: Path, value: str) -> None:
    assert found(repo(tmp_path, fiche=value, parcours=value)) == []


# --- the age of the facts -----------------------------------------------------------------


def test_facts_checked_too_long_ago_draw_a_warning_at_the_date(tmp_path: Path) -> None:
    (diagnostic,) = found(repo(tmp_path, fiche="2024-09"))
    assert not diagnostic.is_error and diagnostic.code == "verification-ancienne"
    assert diagnostic.format() == (
        "fiches/allumer.yml:7:13: avertissement: informations vérifiées en septembre 2024, "
        "il y a 26 mois : plus de 12 mois [verification-ancienne] (revérifiez les adresses, "
        "numéros et démarches, puis mettez à jour verifie_le)")


def test_a_parcours_ages_too(tmp_path: Path) -> None:
    (diagnostic,) = found(repo(tmp_path, parcours="2025-06-15"))
    assert diagnostic.code == "verification-ancienne"
    assert diagnostic.path == "parcours/premiers-pas.yml"
    assert diagnostic.message.startswith("informations vérifiées le 15 juin 2025, il y a 17 mois")


def test_no_date_no_warning(tmp_path: Path) -> None:
    """Repositories written before `verifie_le` stay valid, without a warning."""
    assert found(repo(tmp_path)) == []


@pytest.mark.parametrize(("checked", "on", "warned"), [
    # A month counts until its end: 12 months after November 2025 is the end of November 2026.
    ("2025-11", date(2026, 11, 30), False),
    ("2025-11", date(2026, 12, 1), True),
    ("2025-10", date(2026, 11, 1), True),
    # A day counts from that day.
    ("2025-11-03", date(2026, 11, 3), False),
    ("2025-11-03", date(2026, 11, 4), True),
    ("2025-02-28", date(2026, 2, 28), False),
    ("2026-11", date(2026, 11, 30), False),
])
def test_the_limit_with_an_injected_today(tmp_path: Path, checked: str, on: date,
                                          warned: bool) -> None:
    library = check_repository(repo(tmp_path, fiche=checked)).library
    got = list(check_verification_dates(library, today=on))
    assert [d.code for d in got] == (["verification-ancienne"] if warned else [])


def test_the_repository_sets_its_own_limit(tmp_path: Path) -> None:
    root = repo(tmp_path, fiche="2026-04", parcours="2026-06-01",
                settings="      verification_max_mois: 6\n")
    (diagnostic,) = found(root)
    assert diagnostic.path == "fiches/allumer.yml"
    assert diagnostic.message == ("informations vérifiées en avril 2026, il y a 7 mois : "
                                  "plus de 6 mois")
    write(root, "mkdocs.yml", "site_name: Essai\nplugins:\n  - relais:\n"
                              "      verification_max_mois: 24\n")
    assert found(repo(root, fiche="2025-01")) == []


def test_the_injected_today_is_seen_by_a_second_check_of_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo(tmp_path, fiche="2025-11")
    assert found(root) == []
    monkeypatch.setattr(verification, "today", lambda: date(2026, 12, 1))
    assert codes(root) == ["verification-ancienne"]


def test_the_warning_can_be_set_like_other_rules(tmp_path: Path) -> None:
    root = repo(tmp_path, fiche="2024-09",
                settings="      regles:\n        verification-ancienne: ignorer\n")
    assert found(root) == []
    write(root, "fiches/allumer.yml",
          VALID_FICHE + "verifie_le: 2024-09  # relais: ignorer verification-ancienne\n")
    write(root, "mkdocs.yml", "site_name: Essai\nplugins:\n  - relais\n")
    assert found(root) == []


@pytest.mark.parametrize("value", ["0", "121", "douze", "true", "12.5", "[12]", "'12'"])
def test_the_limit_option_is_checked(tmp_path: Path, value: str) -> None:
    root = repo(tmp_path, fiche="2024-09",
                settings=f"      verification_max_mois: {value}\n")
    problems = [d for d in found(root) if d.is_error]
    assert [(d.path, d.message, d.code) for d in problems] == [
        ("mkdocs.yml", "option « verification_max_mois » de l'extension relais invalide",
         "reglages-invalides")]
    assert problems[0].hint == "un nombre entier de mois, de 1 à 120 (par défaut : 12)"
    assert (problems[0].position.line, problems[0].position.column) == (4, 30)


def test_the_engine_accepts_the_option() -> None:
    from generator.engines.mkdocs_plugin import RelaisPlugin

    plugin = RelaisPlugin()
    errors, warnings = plugin.load_config({"verification_max_mois": 6})
    assert (errors, warnings) == ([], [])
    assert plugin.config.verification_max_mois == 6


# --- the site -----------------------------------------------------------------------------


def _pages(root: Path) -> dict[str, str]:
    library = check_repository(root).library
    return {page.uri: page.with_fragments()
            for page in render_site(library).pages}


def test_the_pages_say_when_the_facts_were_checked(tmp_path: Path) -> None:
    pages = _pages(repo(tmp_path, fiche="2026-11", parcours="2026-10-01"))
    assert "Informations vérifiées en novembre 2026." in pages["fiches/allumer.md"]
    assert "Informations vérifiées le 1er octobre 2026." in pages["parcours/premiers-pas.md"]


def test_pages_without_a_date_say_nothing_of_it(tmp_path: Path) -> None:
    pages = _pages(repo(tmp_path))
    assert not any("Informations vérifiées" in text for text in pages.values())
    assert not any("à revérifier" in text for text in pages.values())


def test_the_catalogue_marks_fiches_to_check_again(tmp_path: Path) -> None:
    root = repo(tmp_path, fiche="2024-09")
    write(root, "fiches/ecrire.yml", VALID_FICHE.replace("Allumer", "Écrire")
          + "verifie_le: 2026-11\n")
    write(root, "fiches/lire.yml", VALID_FICHE.replace("Allumer", "Lire"))
    library = check_repository(root).library
    cards = {c["id"]: c for c in catalogue_index(library, relate(library))["fiches"]}
    assert cards["allumer"]["a_reverifier"] is True
    assert "a_reverifier" not in cards["ecrire"] and "a_reverifier" not in cards["lire"]
    listing = _pages(root)["fiches/index.md"]
    assert listing.count("à revérifier") == 1
    allumer = next(line for line in listing.splitlines() if 'data-fiche="allumer"' in line)
    assert '<span class="relais-a-reverifier">à revérifier</span>' in allumer
    script = (Path(__file__).resolve().parent.parent
              / "generator/site/theme/assets/relais/catalogue.js").read_text("utf-8")
    assert "fiche.a_reverifier" in script and '"à revérifier"' in script


# --- the exports --------------------------------------------------------------------------


def test_the_catalogue_json_carries_the_date_and_whether_it_is_due(tmp_path: Path) -> None:
    root = repo(tmp_path, fiche="2024-09", parcours="2026-11-03")
    write(root, "fiches/lire.yml", VALID_FICHE.replace("Allumer", "Lire"))
    data = catalogue(check_repository(root).library)
    fiches = {f["id"]: f for f in data["fiches"]}
    assert (fiches["allumer"]["verifie_le"], fiches["allumer"]["a_reverifier"]) == \
        ("2024-09", True)
    assert (fiches["lire"]["verifie_le"], fiches["lire"]["a_reverifier"]) == (None, False)
    (parcours,) = data["parcours"]
    assert (parcours["verifie_le"], parcours["a_reverifier"]) == ("2026-11-03", False)
    validator = jsonschema.Draft202012Validator(catalogue_schema())
    assert [e.message for e in validator.iter_errors(data)] == []
    data["fiches"][0]["verifie_le"] = "novembre"
    assert not validator.is_valid(data)


def test_the_json_ld_says_when_the_page_was_last_reviewed(tmp_path: Path) -> None:
    library = check_repository(repo(tmp_path, fiche="2026-11", parcours="2026-10-01")).library
    relations = relate(library)

    def address(path: str) -> str:
        return "https://exemple.fr/" + path.removesuffix(".md") + "/"

    fiche = jsonld.fiche(library.fiches["allumer"], relations, address)
    parcours = jsonld.parcours(library.parcours["premiers-pas"], relations, address)
    assert fiche["mainEntityOfPage"] == {"@type": "WebPage", "lastReviewed": "2026-11",
                                         "url": "https://exemple.fr/fiches/allumer/"}
    assert parcours["mainEntityOfPage"]["lastReviewed"] == "2026-10-01"
    assert schemaorg.problems(fiche) == [] and schemaorg.problems(parcours) == []
    assert "mainEntityOfPage" not in jsonld.fiche(library.fiches["allumer"].model_copy(
        update={"verifie_le": None}), relations)


# --- the PDFs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of document of a fiche and of a parcours that say when they were checked,
    learner ones also in very large print and folded A5."""
    root = tmp_path_factory.mktemp("verifie") / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    for path, value in (("fiches/bases/souris.yml", "2026-11"),
                        ("parcours/premiers-pas.yml", "2026-11-03")):
        file = root / path
        file.write_text(file.read_text("utf-8") + f"verifie_le: {value}\n", "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(verification, "today", lambda: TODAY)
        result = check_repository(root)
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]
    jobs = [job("fiche-apprenant", "souris", "a4"),
            job("fiche-apprenant", "souris", "a4", "tres-gros"),
            job("fiche-animateur", "souris", "a4"),
            job("livret", "premiers-pas", "a4"),
            job("livret", "premiers-pas", "a5"),
            job("guide", "premiers-pas", "a4")]
    production = produce(result.library, jobs, cache_folder=root / ".cache",
                         show_progress=False)
    return {d.job.path: d.file for d in production.documents}


def _line_chars(pdf: Path, line: str) -> tuple[int, list[float]]:
    """(page number, sizes of its characters) of `line` in the PDF, first found."""
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for hit in page.search(line, regex=False, return_chars=True):
                return number, [c["size"] for c in hit["chars"] if c["text"].strip()]
    raise AssertionError(f"« {line} » missing from {pdf.name}")


def test_every_pdf_of_a_fiche_or_parcours_prints_the_date(printed: dict[str, Path]) -> None:
    assert len(printed) == 6
    for path, pdf in printed.items():
        line = ("Informations vérifiées en novembre 2026" if "souris" in path
                else "Informations vérifiées le 3 novembre 2026")
        number, sizes = _line_chars(pdf, line)
        assert sizes, path
        assert min(sizes) >= 14 - 0.05, path  # large print: no character under 14 pt
        if "tres-gros" in path:
            assert min(sizes) >= 16 - 0.05, path
        assert number == 1, path  # under the title, or on the booklet's cover


def test_the_folded_booklet_keeps_its_cover_on_one_page(printed: dict[str, Path]) -> None:
    """The A5 cover still holds the name box with the date added (imposed: the cover is the
    right half of the first sheet)."""
    pdf = next(file for path, file in printed.items() if "a5" in path)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        right = page.crop((float(page.width) / 2, 0, float(page.width), float(page.height)))
        cover = normalize(right.extract_text() or "")
    assert "Informations vérifiées le 3 novembre 2026" in cover
    assert "Ce livret appartient à" in cover


def test_the_trainer_sheet_prints_the_date_under_the_title(printed: dict[str, Path]) -> None:
    pdf = next(file for path, file in printed.items() if "animateur" in path)
    with pdfplumber.open(pdf) as document:
        first = normalize(document.pages[0].extract_text() or "")
    assert first.index("Tenir et utiliser la souris") < \
        first.index("Informations vérifiées en novembre 2026") < first.index("Public")

