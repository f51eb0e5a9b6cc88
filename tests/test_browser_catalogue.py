"""The catalogue an adviser uses on a phone: results first, filters folded, a text box, a sort.

In Debian's Chromium at 375 px (a phone) and 1280 px, over http and from disk (file://), and
without JavaScript. Expected results are computed from the model, not read from the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.check import check_repository
from generator.model import Fiche, Library

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def library(plus_repo: Path) -> Library:
    return check_repository(plus_repo).library


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.console_errors = []
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()


def open_catalogue(page: Any, address: str) -> None:
    page.goto(address, wait_until="load")
    page.locator(".relais-carte").first.wait_for(state="attached", timeout=15_000)


def visible_titles(page: Any) -> list[str]:
    return page.locator(".relais-carte:not([hidden]) .relais-carte__titre").all_inner_texts()


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height


def seniors(library: Library) -> list[Fiche]:
    return [f for f in library.fiches.values() if "seniors" in f.public]


# --- 1. a phone: results first ---------------------------------------------------------------


@pytest.mark.parametrize("over", ["http", "file"])
def test_on_a_phone_the_results_come_first_and_the_filters_fold(
    phone: Any, plus_url: str, plus_site: Path, library: Library, over: str
) -> None:
    address = f"{plus_url}/fiches/" if over == "http" else (
        plus_site / "fiches/index.html").as_uri()
    open_catalogue(phone, address)
    first = phone.locator(".relais-carte").first.bounding_box()
    assert first["y"] < PHONE["height"] - 100, first  # the first result shows on the first screen
    assert phone.locator("#relais-filtres").is_hidden()
    toggle = phone.get_by_role("button", name=re.compile("^Filtrer"))
    assert toggle.get_attribute("aria-expanded") == "false"

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.locator("#relais-filtres").is_visible()
    phone.get_by_role("checkbox", name=re.compile(r"^Seniors")).check()
    count = len(seniors(library))
    show = phone.locator(".relais-voir")
    assert show.inner_text() == f"Voir les {count} fiches"  # live
    assert toggle.inner_text() == "Filtrer (1 actif)"

    show.click()
    assert phone.locator("#relais-filtres").is_hidden()
    assert in_view(phone, ".relais-statut") and in_view(phone, ".relais-carte:not([hidden])")
    assert phone.evaluate("document.activeElement.id") == "relais-statut"
    assert sorted(visible_titles(phone)) == sorted(f.titre for f in seniors(library))
    assert phone.console_errors == []


def test_escape_closes_the_filter_panel(phone: Any, plus_url: str) -> None:
    open_catalogue(phone, f"{plus_url}/fiches/")
    toggle = phone.get_by_role("button", name=re.compile("^Filtrer"))
    toggle.click()
    phone.keyboard.press("Escape")
    assert phone.locator("#relais-filtres").is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"


# --- 1. a wide screen: the results stay in view ------------------------------------------------


def test_on_a_wide_screen_ticking_a_filter_keeps_the_results_in_view(
    page: Any, plus_url: str, library: Library
) -> None:
    page.set_viewport_size(DESKTOP)
    open_catalogue(page, f"{plus_url}/fiches/")
    assert page.locator(".relais-ouvrir-filtres").is_hidden()  # no panel: filters beside
    assert page.locator(".relais-effacer").is_hidden()  # nothing to clear yet
    # The last filter of the list, far below the first results.
    last = page.locator(".relais-filtre__valeurs input[type=checkbox]").last
    last.scroll_into_view_if_needed()
    last.check()
    assert in_view(page, ".relais-statut") and in_view(page, ".relais-carte:not([hidden])")
    assert in_view(page, ".relais-filtre__valeurs input[type=checkbox] >> nth=-1")
    chips = page.locator(".relais-puce")
    assert chips.count() == 1 and chips.first.inner_text().startswith("Compétence : ")
    assert page.locator(".relais-effacer").is_visible()
    # Scrolled down through the results, a filter still leaves them in view.
    page.mouse.wheel(0, 4000)
    page.get_by_role("checkbox", name=re.compile(r"^Seniors")).check()
    assert in_view(page, ".relais-statut")
    assert chips.count() == 2
    chips.filter(has_text="Compétence").click()  # a chip removes its filter
    assert chips.count() == 1 and not last.is_checked()
    assert page.console_errors == []


# --- 1. the text box and the sort ----------------------------------------------------------


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c))


@pytest.mark.parametrize(("typed", "found", "left_out"), [
    ("COURRIELS", "Envoyer un courriel", "Bouger la souris"),  # capitals and plural
    ("securite", "Déjouer les arnaques", "Envoyer un courriel"),  # accents (« Sécurité »)
    ("email", "Envoyer un courriel", "Choisir un mot de passe solide"),  # a synonym
    ("mdp", "Choisir un mot de passe solide", "Bouger la souris"),  # « mot de passe »
])
def test_the_text_box_forgives_accents_capitals_plurals_and_synonyms(
    page: Any, plus_url: str, typed: str, found: str, left_out: str
) -> None:
    open_catalogue(page, f"{plus_url}/fiches/")
    page.get_by_label("Chercher dans les fiches").fill(typed)
    shown = visible_titles(page)
    assert found in shown and left_out not in shown
    assert f"texte={typed}" in page.url  # the address keeps it
    assert page.locator(".relais-effacer").is_visible()


def test_a_title_match_comes_first_under_pertinence(page: Any, plus_url: str) -> None:
    open_catalogue(page, f"{plus_url}/fiches/?texte=courriel")
    assert visible_titles(page)[0] == "Envoyer un courriel"


@pytest.mark.parametrize("width", [PHONE["width"], DESKTOP["width"]])
def test_sorting_by_title_is_french_and_by_duration_is_shortest_first(
    page: Any, plus_url: str, library: Library, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_catalogue(page, f"{plus_url}/fiches/")
    # The default order (no text typed) is already French: « Écrire » with the E's.
    default = visible_titles(page)
    assert default.index("Déjouer les arnaques") < default.index("Écrire un premier message") < (
        default.index("Envoyer un courriel"))
    select = page.get_by_label("Trier par")
    select.select_option("titre")
    titles = visible_titles(page)
    assert titles == page.evaluate("t => t.slice().sort(new Intl.Collator('fr').compare)", titles)
    assert titles == default
    select.select_option("duree")
    minutes = {f.titre: f.duree for f in library.fiches.values()}
    shown = [minutes[t] for t in visible_titles(page)]
    assert shown == sorted(shown)
    assert "tri=duree" in page.url


def test_the_clear_button_shows_only_when_a_filter_is_set(page: Any, plus_url: str) -> None:
    open_catalogue(page, f"{plus_url}/fiches/?public=seniors")
    clear = page.get_by_role("button", name="Effacer les filtres")
    assert clear.is_visible()
    clear.click()
    assert page.locator(".relais-effacer").evaluate("b => getComputedStyle(b).display") == "none"


def test_duration_filters_include_an_hour_and_a_half(page: Any, plus_url: str) -> None:
    open_catalogue(page, f"{plus_url}/fiches/")
    labels = page.locator("#relais-filtres fieldset", has_text="Durée").locator(
        "label span:first-child").all_inner_texts()
    assert labels == ["Toutes les durées", "≤ 30 min", "≤ 1 h", "≤ 1 h 30", "≤ 2 h", "Plus de 2 h"]


# --- 1. without JavaScript ---------------------------------------------------------------------


def test_without_javascript_the_list_is_plain_and_mentions_no_filter(
    browser: Any, plus_url: str, library: Library
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{plus_url}/fiches/")
    text = page.locator("article").inner_text()
    assert "{" not in text and "data-fiche" not in text
    assert "filtre" not in text.casefold() and "cochez" not in text.casefold()
    links = page.locator(".relais-catalogue-liste a")
    assert links.count() == len(library.fiches)
    assert f"{len(library.fiches)} fiches, par ordre alphabétique." in text
    context.close()
