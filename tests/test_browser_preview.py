"""`relais serve` in Chromium: a mistake shows at the top of the open page, with its file, line
and hint, without touching the browser; once fixed, the page recovers by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import serving, write

FICHE = "fiches/allumer.yml"
WAIT_MS = 120_000  # a deadline for the rebuild, not a measure of its speed


@pytest.fixture
def preview(mini_repo: Path) -> Iterator[str]:
    """The address of `relais serve` running on a copy of the mini repository."""
    with serving(mini_repo, "fiches/allumer/", "Allumer et éteindre",
                 seconds=WAIT_MS / 1000) as served:
        yield served.base + "fiches/allumer/"


def test_a_broken_fiche_shows_its_error_then_the_page_recovers_by_itself(
        preview: str, mini_repo: Path, page: Page) -> None:
    page.goto(preview)
    banner = page.locator("#relais-erreurs")
    expect(page.locator("h1")).to_contain_text("Allumer et éteindre")
    expect(banner).to_have_count(0)

    good = (mini_repo / FICHE).read_text("utf-8")
    write(mini_repo, FICHE, good.replace("duree: 45 min", "duree: 1h75"))
    # No reload from the test: the preview reloads the page when the rebuild is done.
    expect(banner).to_be_visible(timeout=WAIT_MS)
    expect(banner).to_have_attribute("role", "alert")
    shown = banner.inner_text()
    assert f"{FICHE}:5:8: erreur:" in shown  # path, line and column
    assert "durée invalide « 1h75 »" in shown and "[duree-invalide]" in shown
    assert "(formes acceptées : 90, 45 min" in shown  # the hint
    assert "dernière version sans erreur" in shown  # the last good fiche stays below
    expect(page.locator("h1")).to_contain_text("Allumer et éteindre")

    write(mini_repo, FICHE, good.replace("Allumer et éteindre", "Démarrer et arrêter"))
    expect(banner).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator("h1")).to_contain_text("Démarrer et arrêter", timeout=WAIT_MS)
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]
