"""A search that forgives, on the shipped site: accents, plurals, synonyms (Material's search,
its index enriched by Relais). The queries and figures of the issue, over http and file://."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

COURRIEL = "Envoyer et recevoir un courriel"
SMS = "Reconnaître un SMS arnaque"
COURRIEL_ARNAQUE = "Reconnaître un courriel arnaque"


def search(page: Any, query: str) -> tuple[int, list[str]]:
    """The number of pages found and the titles of the first results, as shown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta')?.textContent.match(/\\d|Aucun/)"
        " && document.querySelector('input.md-search__input').value === q", arg=query,
        timeout=15_000)
    page.wait_for_timeout(300)
    found = re.search(r"\d+", meta.inner_text())
    titles = page.locator(".md-search-result__item > a .md-search-result__title, "
                          ".md-search-result__item > a h1").all_inner_texts()
    return (int(found[0]) if found else 0), titles


@pytest.fixture(params=["http", "file"])
def home(request: pytest.FixtureRequest, shipped_url: str, shipped_site: Path) -> str:
    if request.param == "http":
        return f"{shipped_url}/"
    return (shipped_site / "index.html").as_uri()


def test_accents_do_not_matter(page: Any, home: str) -> None:
    page.goto(home, wait_until="networkidle")
    plain, _ = search(page, "securite")
    accented, _ = search(page, "sécurité")
    assert plain == accented >= 20
    count, titles = search(page, "hameconnage")
    assert count > 0 and SMS in titles[:5]
    assert page.console_errors == []


def test_plurals_and_synonyms_find_the_same_fiches(page: Any, home: str) -> None:
    page.goto(home, wait_until="networkidle")
    count, titles = search(page, "email")
    assert count >= 20 and COURRIEL in titles[:5]
    count, titles = search(page, "courriels")
    assert COURRIEL in titles[:5]
    count, titles = search(page, "arnaques")
    # The plural finds the fiches whose titles say « arnaque » (there are several now).
    assert SMS in titles[:10] and COURRIEL_ARNAQUE in titles[:10]
    assert sum("arnaque" in title.casefold() for title in titles[:3]) >= 2, titles
    count, titles = search(page, "mdp")
    assert count > 0
    assert page.console_errors == []
