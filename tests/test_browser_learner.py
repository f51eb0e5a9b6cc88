"""The learner's part of a fiche stands alone: tooltips in each tab, headings reachable by
address and table of contents, body-size text, readable tooltips that Escape closes, and the
site's focus ring on the tabs. In Debian's Chromium at 375 and 1280 px, and from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

WIDTHS = [375, 1280]


def size(page: Any, selector: str) -> float:
    return float(page.locator(selector).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("heading", ["etapes", "exercices"])
def test_an_address_to_a_learner_heading_opens_the_learner_tab(
    page: Any, plus_url: str, plus_site: Path, width: int, heading: str
) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    for address in (f"{plus_url}/fiches/courriel/#{heading}",
                    (plus_site / "fiches/courriel/index.html").as_uri() + f"#{heading}"):
        page.goto(address, wait_until="load")
        target = page.locator(f"#{heading}")
        target.wait_for(state="visible", timeout=5_000)
        assert page.locator("#pour-lapprenant").is_checked()
        page.wait_for_function(
            f"() => {{ const r = document.getElementById('{heading}').getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight; }", timeout=5_000)
        assert page.get_by_text("Créez une adresse de test").is_hidden()  # trainer's tab shut
    assert page.console_errors == []


def test_the_table_of_contents_opens_the_learner_tab(page: Any, plus_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{plus_url}/fiches/courriel/", wait_until="load")
    assert page.locator("#exercices").is_hidden()
    page.locator(".md-nav--secondary a[href='#exercices']").click()
    page.locator("#exercices").wait_for(state="visible", timeout=5_000)
    page.wait_for_function(
        "() => { const r = document.getElementById('exercices').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }", timeout=5_000)
    # Back to the trainer's tab, then the same link again: it opens the learner's tab again.
    page.locator("label[for=pour-lanimateur]").click()
    page.locator(".md-nav--secondary a[href='#exercices']").click()
    page.locator("#exercices").wait_for(state="visible", timeout=5_000)


@pytest.mark.parametrize("width", WIDTHS)
def test_tabs_notes_and_tooltips_read_at_body_size(page: Any, plus_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{plus_url}/fiches/courriel/#pour-lapprenant", wait_until="load")
    body = size(page, "article > p")
    assert body >= 16
    assert size(page, ".tabbed-labels > label") == body
    assert size(page, ".admonition") == body  # « À retenir »
    colour = page.locator("label[for=pour-lanimateur]").evaluate("e => getComputedStyle(e).color")
    assert colour == page.locator("article > p").first.evaluate("e => getComputedStyle(e).color")
    term = page.locator(".tabbed-block abbr:visible").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert size(page, ".md-tooltip2--active .md-tooltip2__inner") >= 14
    # Parcours: the trainer's notes at body size too.
    page.goto(f"{plus_url}/parcours/premiers-pas/", wait_until="load")
    for admonition in page.locator(".admonition").all():
        assert float(admonition.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 16


def test_escape_closes_a_tooltip_opened_by_focus(page: Any, plus_url: str) -> None:
    page.goto(f"{plus_url}/fiches/courriel/", wait_until="load")
    term = page.locator("article abbr").first
    term.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=5_000)
    assert page.evaluate("document.activeElement.tagName") == "ABBR"  # the focus stays
    # The next term focused shows its tooltip again.
    page.keyboard.press("Tab")
    page.locator("article abbr").nth(1).focus()
    page.locator(".md-tooltip2--active:not(.relais-ferme)").wait_for(state="visible",
                                                                     timeout=5_000)


def test_each_tab_marks_its_first_glossary_term(page: Any, plus_url: str) -> None:
    page.goto(f"{plus_url}/fiches/courriel/#pour-lapprenant", wait_until="load")
    learner = page.locator(".tabbed-block").nth(1)
    terms = [t.lower() for t in learner.locator("abbr").all_inner_texts()]
    assert "courriel" in terms and "brouillon" in terms
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_focused_tab_shows_the_site_focus_ring(page: Any, plus_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{plus_url}/fiches/courriel/", wait_until="load")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pour-lanimateur":
            break
    else:
        pytest.fail("the tabs cannot be reached with Tab")
    ring = page.locator("label[for=pour-lanimateur]").evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
    assert ring == ["solid", "3px"]
    page.keyboard.press("ArrowRight")  # the next tab, with the ring
    assert page.locator("#pour-lapprenant").is_checked()
    ring = page.locator("label[for=pour-lapprenant]").evaluate(
        "e => getComputedStyle(e).outlineWidth")
    assert ring == "3px"
