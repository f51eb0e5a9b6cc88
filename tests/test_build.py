"""End-to-end builds of the fixture repository and of the shipped content."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from generator.check import check_repository

from .conftest import ROOT, build_into
from .helpers import write


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("src"):
            self.srcs.append(values["src"] or "")


def links_of(html_file: Path) -> _Links:
    parser = _Links()
    parser.feed(html_file.read_text("utf-8"))
    return parser


def test_every_page_exists(mini_site: Path) -> None:
    expected = [
        "index.html",
        "fiches/index.html",
        "fiches/courriel/index.html",
        "parcours/debuter/index.html",
        "referentiels/index.html",
        "referentiels/competences-test/index.html",
        "referentiels/competences-test/pedagogie/index.html",
        "publics/seniors/index.html",
        "glossaire/index.html",
        "medias/trombone.svg",
    ]
    for page in expected:
        assert (mini_site / page).is_file(), page


def test_fiche_page_content_and_resolved_links(mini_site: Path) -> None:
    page = mini_site / "fiches/courriel/index.html"
    html = page.read_text("utf-8")
    for text in [
        "Objectifs",
        "Pour l&rsquo;animateur",
        "Déroulé",
        "10 min",
        "Pour l&rsquo;apprenant",
        "À retenir",
        "Exercices",
        "Glossaire",
        "Ressources",
        "Licence : CC-BY-SA-4.0",
        "Débutant",
        "1 h 30",
        "Collectif",
        'alt="Le bouton en forme de trombone"',
    ]:
        assert text.replace("&rsquo;", "'") in html.replace("&rsquo;", "'"), text
    links = links_of(page)
    assert "../mot-de-passe/" in links.hrefs  # fiche:mot-de-passe in a consignes field
    assert "../../referentiels/competences-test/pedagogie/" in links.hrefs
    assert "../../medias/trombone.svg" in links.srcs
    assert not any(h.startswith("fiche:") for h in links.hrefs)


def test_parcours_page_has_sessions_total_and_competences(mini_site: Path) -> None:
    html = (mini_site / "parcours/debuter/index.html").read_text("utf-8")
    assert "3 h 30" in html
    assert html.index("Premier contact") < html.index("Communiquer")
    assert "Compétences travaillées" in html and "Sécurité" in html
    assert "../../fiches/allumer/" in links_of(mini_site / "parcours/debuter/index.html").hrefs


def test_competence_page_lists_aligned_fiches_and_parcours(mini_site: Path) -> None:
    page = mini_site / "referentiels/competences-test/securite/index.html"
    hrefs = links_of(page).hrefs
    assert "../../../fiches/mot-de-passe/" in hrefs
    assert "../../../fiches/courriel/" in hrefs  # referenced by "securite" alone
    assert "../../../parcours/debuter/" in hrefs


def test_glossary_merges_shared_and_fiche_terms(mini_site: Path) -> None:
    html = (mini_site / "glossaire/index.html").read_text("utf-8")
    assert "pièce jointe" in html and "souris" in html and "courriel" in html


def test_navigation_stays_small(mini_site: Path, tmp_path: Path) -> None:
    """Adding fiches adds no navigation entry: the fiche page size does not grow with N."""
    size_small = len((mini_site / "fiches/courriel/index.html").read_bytes())
    repo = tmp_path / "grand"
    subprocess.run(["cp", "-r", str(ROOT / "tests/fixtures/mini"), str(repo)], check=True)
    for index in range(60):
        text = (repo / "fiches/allumer.yml").read_text("utf-8")
        write(
            repo,
            f"fiches/copie/copie-{index}.yml",
            text.replace("Allumer et", f"Copie {index} :".replace(":", "-")),
        )
    site = build_into(repo, tmp_path / "site")
    size_large = len((site / "fiches/courriel/index.html").read_bytes())
    assert abs(size_large - size_small) < 2_000


def test_edit_button_points_at_the_yaml(mini_repo: Path, tmp_path: Path) -> None:
    write(
        mini_repo,
        "mkdocs.yml",
        "site_name: Essai\nrepo_url: https://forge.example/relais\n"
        "edit_uri: edit/main/docs/\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "  features: [content.action.edit]\n"
        "plugins:\n  - search\n  - relais\n",
    )
    site = build_into(mini_repo, tmp_path / "site")
    html = (site / "fiches/courriel/index.html").read_text("utf-8")
    assert 'href="https://forge.example/relais/edit/main/fiches/web/courriel.yml"' in html


def test_plain_mkdocs_build_works(mini_repo: Path, tmp_path: Path) -> None:
    write(
        mini_repo,
        "mkdocs.yml",
        "site_name: Essai\ntheme:\n  name: material\n  language: fr\n"
        "  font: false\nplugins:\n  - search\n  - relais\n",
    )
    (mini_repo / "docs").mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "s")],
        cwd=mini_repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "s/fiches/courriel/index.html").is_file()


def test_plain_mkdocs_build_fails_cleanly_on_bad_content(mini_repo: Path, tmp_path: Path) -> None:
    write(mini_repo, "mkdocs.yml", "site_name: Essai\ntheme: material\nplugins: [relais]\n")
    (mini_repo / "docs").mkdir()
    write(mini_repo, "fiches/casse.yml", "titre: Attention : x\n")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "s")],
        cwd=mini_repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    assert "fiches/casse.yml:1:18: erreur: deux-points" in run.stderr
    assert "Traceback" not in run.stderr


def test_shipped_content_checks_clean() -> None:
    diagnostics = check_repository(ROOT).diagnostics
    assert [d.format() for d in diagnostics] == []


def test_shipped_site_builds(shipped_site: Path) -> None:
    assert (shipped_site / "index.html").is_file()
    html = (shipped_site / "index.html").read_text("utf-8")
    assert re.search(r'<html lang="fr"', html)
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_hand_written_pages_are_reached_from_the_about_page(mini_repo: Path,
                                                            tmp_path: Path) -> None:
    """Out of the main tabs (the small navigation keeps to the content), linked from « À propos
    de ce site », which every page's footer links to."""
    write(mini_repo, "mkdocs.yml", "site_name: Essai\ntheme:\n  name: material\n  language: fr\n"
          "  font: false\nplugins:\n  - search\n  - relais\n")
    write(mini_repo, "docs/guide.md", "# Guide de l'auteur\n\nComment écrire une fiche.\n")
    site = build_into(mini_repo, tmp_path / "site")
    home = (site / "index.html").read_text("utf-8")
    assert 'href="a-propos/"' in home and 'href="guide/"' not in home
    about = (site / "a-propos/index.html").read_text("utf-8")
    assert '<a href="../guide/">Guide de l&#39;auteur</a>' in about or (
        '<a href="../guide/">Guide de l\'auteur</a>' in about)
