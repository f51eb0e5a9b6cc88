"""Find and plan in Debian's Chromium: catalogue filters, tooltips, tabs, the file:// site, axe."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.check import check_repository
from generator.model import Fiche, Library
from generator.relations import relate

from .conftest import FIXTURES, build_into, serve

# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library() -> Library:
    return check_repository(FIXTURES / "catalogue").library


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("repo") / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", repo)
    return build_into(repo, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    yield from serve(site)


def visit(page: Any, address: str) -> None:
    response = page.goto(address, wait_until="networkidle")
    assert response is None or response.ok, address  # file:// pages give no response


def assert_clean(page: Any) -> None:
    assert page.console_errors == []
    assert page.external_requests == []


# --- the data, computed from the model (not from the generated index) ---------------------

DURATION_LIMITS = {"30": 30, "60": 60, "90": 90, "120": 120}


def matches(fiche: Fiche, library: Library, filters: dict[str, set[str]]) -> bool:
    relations = relate(library)
    values = {
        "public": set(fiche.public), "niveau": {fiche.niveau}, "modalite": {fiche.modalite},
        "thematique": set(fiche.thematiques),
        "competence": {f"{r}/{c}" for r, c in relations.fiche_competences(fiche)},
    }
    for facet, wanted in filters.items():
        if not wanted:
            continue
        if facet == "duree":
            (limit,) = wanted
            fits = fiche.duree > 120 if limit == "plus" else fiche.duree <= DURATION_LIMITS[limit]
            if not fits:
                return False
        elif not values[facet] & wanted:
            return False
    return True


def expected_titles(library: Library, filters: dict[str, set[str]]) -> list[str]:
    return sorted((f.titre for f in library.fiches.values() if matches(f, library, filters)),
                  key=str.casefold)


def visible_titles(page: Any) -> list[str]:
    return page.locator(".relais-carte:not([hidden]) .relais-carte__titre").all_inner_texts()


def shown_count(page: Any, facet: str, value: str) -> int:
    text = page.locator(f"#filtre-{facet}-{value} + label .relais-compte").inner_text()
    return int(text.strip("()"))


def wait_for_catalogue(page: Any) -> None:
    page.locator(".relais-carte").first.wait_for(state="attached", timeout=15_000)


# --- catalogue ----------------------------------------------------------------------------


def test_clicking_filters_changes_cards_and_counts_match_the_data(
    page: Any, url: str, library: Library
) -> None:
    visit(page, f"{url}/fiches/")
    wait_for_catalogue(page)
    assert visible_titles(page) == expected_titles(library, {})
    assert page.locator(".relais-catalogue-liste").is_hidden()  # the plain list is replaced

    page.get_by_role("checkbox", name=re.compile(r"^Seniors")).check()
    filters: dict[str, set[str]] = {"public": {"seniors"}}
    assert visible_titles(page) == expected_titles(library, filters)
    # Each value's count: fiches matching the other filters and this value.
    for niveau in ("debutant", "intermediaire", "avance"):
        assert shown_count(page, "niveau", niveau) == len(
            expected_titles(library, {**filters, "niveau": {niveau}}))
    for public in ("adultes", "parents", "tous-publics"):
        expected = expected_titles(library, {"public": {public}})
        assert shown_count(page, "public", public) == len(expected)

    page.get_by_role("radio", name=re.compile(r"^≤ 1 h \(")).check()
    filters["duree"] = {"60"}
    assert visible_titles(page) == expected_titles(library, filters)
    assert page.locator(".relais-statut").inner_text().startswith(
        f"{len(expected_titles(library, filters))} fiche")

    page.get_by_role("checkbox", name=re.compile(r"^Adultes")).check()
    filters["public"].add("adultes")
    assert visible_titles(page) == expected_titles(library, filters)
    assert set(visible_titles(page)) > {"Bouger la souris"}
    assert re.search(r"\?public=seniors,adultes&duree=60$", page.url)
    # The card shows the facts advisers filter on.
    card = page.locator(".relais-carte", has_text="Bouger la souris")
    assert "Seniors, Adultes" in card.inner_text() and "45 min" in card.inner_text()
    assert card.locator(".relais-etoiles").inner_text() == "★☆☆"
    card.get_by_role("link").click()
    page.wait_for_url("**/fiches/souris/")
    assert_clean(page)


def test_a_link_with_filters_restores_them(page: Any, url: str, library: Library) -> None:
    visit(page, f"{url}/fiches/?public=seniors,adultes&niveau=debutant&thematique=materiel"
                "&competence=competences/bases&inconnu=x")
    wait_for_catalogue(page)
    filters = {"public": {"seniors", "adultes"}, "niveau": {"debutant"},
               "thematique": {"materiel"}, "competence": {"competences/bases"}}
    assert visible_titles(page) == expected_titles(library, filters)
    assert page.get_by_role("checkbox", name=re.compile(r"^Seniors")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Adultes")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Matériel")).is_checked()
    assert not page.get_by_role("checkbox", name=re.compile(r"^Individuel")).is_checked()
    assert page.get_by_role("radio", name=re.compile(r"^Toutes les durées")).is_checked()
    page.get_by_role("button", name="Effacer les filtres").click()
    assert visible_titles(page) == expected_titles(library, {})
    assert page.url.endswith("/fiches/?inconnu=x")  # only the filters leave the address
    assert_clean(page)


def test_no_results_are_explained_with_a_way_out(page: Any, url: str, library: Library) -> None:
    visit(page, f"{url}/fiches/?public=parents&duree=30")
    wait_for_catalogue(page)
    assert visible_titles(page) == []
    empty = page.locator(".relais-vide")
    assert empty.is_visible()
    text = empty.inner_text()
    assert "Aucune fiche ne réunit tous ces filtres" in text
    assert "Public : Parents" in text and "Durée : ≤ 30 min" in text
    assert page.locator(".relais-statut").inner_text() == "Aucune fiche trouvée sur 9."
    # Removing the duration gives the parents' fiche back; the button says so beforehand.
    parents = len(expected_titles(library, {"public": {"parents"}}))
    assert f"Retirer « Durée : ≤ 30 min » : {parents} fiche" in text
    page.get_by_role("button", name="Retirer « Durée : ≤ 30 min »").click()
    assert visible_titles(page) == expected_titles(library, {"public": {"parents"}})
    assert empty.is_hidden()
    assert_clean(page)


def test_catalogue_works_with_the_keyboard_alone(page: Any, url: str, library: Library) -> None:
    visit(page, f"{url}/fiches/")
    wait_for_catalogue(page)
    # Tab from the top of the page to the first filter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filtre-public-tous-publics":
            break
    else:
        pytest.fail("the filters cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Tab")  # Adultes
    page.keyboard.press("Space")
    assert visible_titles(page) == expected_titles(library, {"public": {"adultes"}})
    page.locator("#filtre-duree-tout").focus()
    page.keyboard.press("ArrowDown")  # radio group: "≤ 30 min"
    page.keyboard.press("ArrowDown")  # "≤ 1 h"
    filters = {"public": {"adultes"}, "duree": {"60"}}
    assert visible_titles(page) == expected_titles(library, filters)
    # Then on to the results: a card's link is reachable and opens with Enter.
    first = expected_titles(library, filters)[0]
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == first:
            break
    else:
        pytest.fail("the cards cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == first
    assert_clean(page)


# --- fiche page ---------------------------------------------------------------------------


def test_glossary_tooltip_shows_on_hover_and_on_focus(page: Any, url: str) -> None:
    visit(page, f"{url}/fiches/courriel/")
    # The first occurrence only, in each part: before the tabs, and in each tab.
    parts = page.evaluate("""() => {
        const blocks = [...document.querySelectorAll('article .tabbed-block')];
        const outside = [...document.querySelectorAll('article abbr')]
            .filter(a => !a.closest('.tabbed-block'));
        return [outside, ...blocks.map(b => [...b.querySelectorAll('abbr')])]
            .map(list => list.map(a => a.textContent.toLowerCase()));
    }""")
    assert len(parts) == 3 and all(len(p) == len(set(p)) for p in parts)
    assert all("courriel" in p for p in parts)
    term = page.locator("article abbr", has_text="courriel").first
    tooltip = page.locator(".md-tooltip2", has_text="Un message envoyé par internet")
    term.hover()
    tooltip.wait_for(state="visible", timeout=5_000)
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden", timeout=5_000)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("no glossary term can be reached with Tab")
    assert page.evaluate("document.activeElement.textContent") == "courriel"
    tooltip.wait_for(state="visible", timeout=5_000)
    assert_clean(page)


def test_learner_link_opens_the_learner_part(page: Any, url: str) -> None:
    visit(page, f"{url}/fiches/courriel/")
    assert page.get_by_text("Créez une adresse de test").is_visible()
    assert page.get_by_text("Vous allez écrire un courriel").is_hidden()
    visit(page, f"{url}/fiches/courriel/#pour-lapprenant")
    page.get_by_text("Vous allez écrire un courriel").wait_for(state="visible", timeout=5_000)
    assert page.get_by_text("Créez une adresse de test").is_hidden()
    assert_clean(page)


# --- offline ------------------------------------------------------------------------------


def test_file_site_loads_and_its_search_finds_fiches(page: Any, site: Path) -> None:
    visit(page, (site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() == "catalogue"
    page.locator("input.md-search__input").click()
    page.keyboard.type("arnaques", delay=50)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert "Déjouer les arnaques" in result.inner_text()
    result.locator("a").first.click()
    page.wait_for_url(re.compile(r"^file://.*/fiches/arnaques/index\.html"))
    assert page.locator("h1").inner_text() == "Déjouer les arnaques"
    # Links between pages open the page, not a folder listing.
    page.locator(".md-tabs").get_by_role("link", name="Fiches", exact=True).click()
    page.wait_for_url(re.compile(r"/fiches/index\.html"))
    wait_for_catalogue(page)
    assert page.locator(".relais-carte:not([hidden])").count() == 9
    assert_clean(page)


def test_file_catalogue_restores_filters(page: Any, site: Path, library: Library) -> None:
    visit(page, (site / "fiches/index.html").as_uri() + "?thematique=e-mail")
    wait_for_catalogue(page)
    assert visible_titles(page) == expected_titles(library, {"thematique": {"e-mail"}})
    page.get_by_role("checkbox", name=re.compile(r"^Seniors")).check()
    assert visible_titles(page) == expected_titles(
        library, {"thematique": {"e-mail"}, "public": {"seniors"}})
    assert_clean(page)


# --- printing and accessibility -----------------------------------------------------------


def test_coverage_page_prints_landscape_with_gaps(page: Any, url: str, tmp_path: Path) -> None:
    import pdfplumber

    visit(page, f"{url}/couverture/")
    pdf = tmp_path / "couverture.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        text = "\n".join(p.extract_text() or "" for p in document.pages)
        assert first.width > first.height  # landscape, for the wide matrix
    for expected in ("Premiers pas", "Aller plus loin", "Faire sa veille", "Couvertes"):
        assert expected in text
    assert "Filtrer" not in text


PAGE_TYPES = {
    "accueil": "",
    "catalogue": "fiches/",
    "catalogue-sans-resultat": "fiches/?public=parents&duree=30",
    "fiche": "fiches/courriel/",
    "parcours": "parcours/premiers-pas/",
    "competence": "referentiels/competences/bases/",
    "couverture": "couverture/",
    "glossaire": "glossaire/",
}


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_serious_violation(page: Any, url: str, kind: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    visit(page, f"{url}/{PAGE_TYPES[kind]}")
    if kind.startswith("catalogue"):
        wait_for_catalogue(page)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("a.md-skip").count() == 1  # skip link to the content
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert_clean(page)
