"""The built site in Debian's Chromium: home, French search, cross-links, no errors, no leaks."""

from __future__ import annotations

from typing import Any


def visit(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def assert_clean(page: Any) -> None:
    assert page.console_errors == []
    assert page.external_requests == []


def test_home_page_renders(page: Any, mini_url: str) -> None:
    visit(page, f"{mini_url}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.inner_text() == "mini"
    assert page.get_by_role("link", name="Seniors").first.is_visible()
    assert page.get_by_role("link", name="Pédagogie numérique").first.is_visible()
    assert_clean(page)


def test_french_search_finds_the_fiche(page: Any, mini_url: str) -> None:
    visit(page, f"{mini_url}/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("trombone", delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert "Envoyer un courriel avec une pièce jointe" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_url("**/fiches/courriel/**")
    assert_clean(page)


def test_fiche_parcours_and_competence_pages_link_to_each_other(page: Any, mini_url: str) -> None:
    visit(page, f"{mini_url}/parcours/debuter/")
    page.get_by_role("link", name="Envoyer un courriel avec une pièce jointe").first.click()
    page.wait_for_url("**/fiches/courriel/")
    page.get_by_role("link", name="Sécurité").first.click()
    page.wait_for_url("**/referentiels/competences-test/securite/")
    assert page.get_by_role("link", name="Choisir un mot de passe solide").count() >= 1
    page.get_by_role("link", name="Débuter avec l'ordinateur").first.click()
    page.wait_for_url("**/parcours/debuter/")
    assert "3 h 30" in page.content()
    assert_clean(page)


def test_shipped_site_home_has_no_errors_or_leaks(page: Any, shipped_url: str) -> None:
    visit(page, f"{shipped_url}/")
    assert page.locator("h1").first.is_visible()
    visit(page, f"{shipped_url}/fiches/")
    assert_clean(page)
