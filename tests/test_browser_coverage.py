"""Coverage a trainer can trust: « non visé » is not a gap, one readable matrix per référentiel
(375 px, 200 % zoom, one A4 landscape page), parcours that open with their sessions, routes
that say who each fiche is for, levels with their accents. Debian's Chromium, http and file://.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.check import check_repository
from generator.relations import relate
from generator.site.coverage import coverage

from .helpers import write

# Is any word of a header cut across two lines? One client rect per word means it is whole.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll('.relais-matrice th')) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_a_parcours_aims_at_the_referentiels_it_names_or_those_of_its_fiches(
    plus_repo: Path
) -> None:
    library = check_repository(plus_repo).library
    relations = relate(library)
    assert relations.parcours_referentiels(library.parcours["former-les-mediateurs"]) == [
        "mediation"]  # named, although its fiche also works a competency of « competences »
    assert relations.parcours_referentiels(library.parcours["premiers-pas"]) == ["competences"]
    matrices = {m.referentiel.ident: m for m in coverage(relations)}
    rows = {r.parcours.ident: r for r in matrices["competences"].rows}
    assert not rows["former-les-mediateurs"].aims and rows["premiers-pas"].aims
    # Gaps only count the parcours that aim at the référentiel.
    assert [c.id for c in matrices["mediation"].gaps] == ["evaluer"]
    assert [c.id for c in matrices["competences"].gaps] == ["accompagner", "veille"]


def test_an_unknown_referentiel_is_a_positioned_error(plus_repo: Path, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(plus_repo, repo)
    write(repo, "parcours/former-les-mediateurs.yml",
          (repo / "parcours/former-les-mediateurs.yml").read_text("utf-8").replace(
              "referentiels: [mediation]", "referentiels: [mediaton]"))
    errors = [d for d in check_repository(repo).diagnostics if d.is_error]
    assert [(d.path, d.position.line, d.position.column, d.message, d.hint) for d in errors] == [
        ("parcours/former-les-mediateurs.yml", 5, 16, "référentiel « mediaton » inconnu",
         "vouliez-vous dire « mediation » ?")]


@pytest.mark.parametrize(("width", "scale"), [(375, 1), (1280, 1), (640, 2)])  # 640 × 2: 200 %
def test_each_matrix_reads_without_cut_words_and_scrolls_in_its_frame(
    browser: Any, plus_url: str, width: int, scale: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  device_scale_factor=scale, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{plus_url}/couverture/", wait_until="load")
    assert page.locator(".relais-matrice").count() == 2  # one per référentiel
    assert page.evaluate(BROKEN_WORDS) == []
    for frame in page.locator(".relais-couverture").all():
        assert frame.get_attribute("tabindex") == "0"  # the keyboard can scroll it
        fits = frame.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        page_fits = page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert page_fits  # only the matrix scrolls sideways, never the page
        assert fits or width < 1280
    context.close()


@pytest.mark.parametrize("over", ["http", "file"])
def test_a_referentiel_a_parcours_does_not_aim_at_is_not_a_gap(
    page: Any, plus_url: str, plus_site: Path, over: str
) -> None:
    address = f"{plus_url}/couverture/" if over == "http" else (
        plus_site / "couverture/index.html").as_uri()
    page.goto(address, wait_until="load")
    test_matrix = page.locator(".relais-matrice").nth(0)
    row = test_matrix.locator("tr", has_text="Former les médiateurs")
    assert row.locator(".relais-manque").count() == 0
    cell = row.locator("td.relais-non-vise")
    assert cell.inner_text().startswith("Non visé")
    colour = cell.evaluate("e => getComputedStyle(e).backgroundImage")
    assert colour == "none"  # neutral, not hatched
    mediation = page.locator(".relais-matrice").nth(1)
    assert mediation.locator("tr", has_text="Premiers pas").locator(
        "td.relais-non-vise").count() == 1
    assert mediation.locator("tbody .relais-manque").count() == 1  # « Évaluer » unworked
    assert page.locator("p > caption, table > p").count() == 0


def test_each_matrix_prints_on_one_a4_landscape_page(page: Any, plus_url: str,
                                                       tmp_path: Path) -> None:
    import pdfplumber

    page.goto(f"{plus_url}/couverture/", wait_until="networkidle")
    pdf = tmp_path / "couverture.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) <= 2  # two référentiels
        words: set[str] = set()
        for sheet in document.pages:
            assert (round(sheet.width), round(sheet.height)) == (842, 595)  # A4 landscape
            text = sheet.extract_text()
            # Each matrix starts and ends on the same page: its caption, then its last row.
            assert text.count("qui travaillent chaque compétence") == text.count(
                "Parcours qui la couvrent")
            words |= {w["text"] for w in sheet.extract_words()}
    assert {"Accompagner", "Communiquer", "Non", "visé"} <= words  # whole words


@pytest.mark.parametrize("width", [375, 1280])
def test_a_parcours_opens_with_its_sessions_at_a_glance(page: Any, plus_url: str,
                                                        width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{plus_url}/parcours/premiers-pas/", wait_until="load")
    table = page.locator("article table").first
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Séance", "Durée", "Fiches", "Compétences"]
    first_row = table.locator("tbody tr").first.inner_text()
    assert "Prise en main" in first_row and "1 h 30" in first_row and "Bouger la souris" in (
        first_row) and "Bases de l'ordinateur" in first_row
    text = page.locator("article").inner_text()
    assert "Séance 3 · 2 h : Se protéger" in text
    assert "depuis le début" not in text and "De 3:00" not in text
    table.locator("a", has_text="Se protéger").click()
    page.wait_for_url("**#seance-3")
    assert page.locator("#seance-3").is_visible()


def test_a_route_says_who_each_fiche_is_for_and_levels_keep_their_accents(
    page: Any, plus_url: str
) -> None:
    page.goto(f"{plus_url}/referentiels/competences/communiquer/", wait_until="load")
    route = page.locator(".relais-route").inner_text()
    assert "Animer un atelier — pour les médiateurs" in route
    assert "Envoyer un courriel — pour les apprenants" in route
    page.goto(f"{plus_url}/referentiels/mediation/animer/", wait_until="load")
    text = page.locator("article").inner_text()
    assert "Découvrir : Anime avec un collègue." in text
    assert "Maîtriser : Forme d'autres médiateurs." in text


@pytest.mark.parametrize("path", ["couverture/", "parcours/premiers-pas/",
                                  "referentiels/mediation/animer/", "fiches/courriel/",
                                  "fiches/?public=seniors", "a-propos/"])
def test_axe_finds_no_serious_violation_on_a_phone(browser: Any, plus_url: str,
                                                   path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 375, "height": 667}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{plus_url}/{path}", wait_until="load")
    if path.startswith("fiches/?"):
        page.locator(".relais-carte").first.wait_for(state="attached", timeout=15_000)
    results = Axe().run(page)
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
