"""Details a reader notices: a French footer, real plurals, no raw media path, facts without a
meaningless table header, spaced buttons, hand-written pages out of the main tabs."""

from __future__ import annotations

import html as html_module
import re
import shutil
from pathlib import Path

import pytest

from generator.site.wording import count

from .conftest import FIXTURES, build_into
from .helpers import write

TAG = re.compile(r"<[^>]+>")
INLINE = re.compile(r"</?(?:a|abbr|span|strong|em|code)\b[^>]*>")


def text_of(page: Path) -> str:
    html = page.read_text("utf-8")
    body = html[html.index("<body"):]
    body = re.sub(r"<script\b.*?</script>", " ", body, flags=re.DOTALL)
    body = INLINE.sub("", body)  # inline tags add no space
    return " ".join(html_module.unescape(TAG.sub(" ", body)).split())


@pytest.fixture(scope="module")
def site_with_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture with a hand-written page and a fiche whose material names a drawing."""
    repo = tmp_path_factory.mktemp("docs-repo") / "mini"
    shutil.copytree(FIXTURES / "mini", repo)
    write(repo, "docs/guide.md", "# Le guide de la structure\n\nÀ lire avant d'animer.\n")
    courriel = repo / "fiches/web/courriel.yml"
    courriel.write_text(courriel.read_text("utf-8").replace(
        "materiel: [Un ordinateur par personne, Vidéoprojecteur]",
        "materiel: [Un ordinateur par personne, Le dessin du trombone en grand "
        "(medias/trombone.svg), Une affiche (medias/absente.png)]"), "utf-8")
    write(repo, "mkdocs.yml", "site_name: mini\ndocs_dir: docs\ntheme:\n  name: material\n"
          "  language: fr\n  features: [navigation.tabs]\nplugins:\n  - search\n"
          "  - relais:\n      pdf: false\n")
    return build_into(repo, tmp_path_factory.mktemp("docs-site") / "site")


def test_counts_are_written_as_french_readers_expect() -> None:
    assert [count(n, "fiche") for n in (0, 1, 2)] == ["aucune fiche", "1 fiche", "2 fiches"]
    assert count(0, "parcours", capital=True) == "Aucun parcours"
    assert count(3, "séance") == "3 séances"


def test_no_page_writes_a_plural_in_brackets_or_zero_things(plus_site: Path) -> None:
    for page in plus_site.rglob("*.html"):
        text = text_of(page)
        assert not re.search(r"\w\(s\)", text), page
        assert not re.search(r"(?<![\d,])\b0 (fiche|parcours|séance|compétence)", text), page
    home = text_of(plus_site / "index.html")
    assert "Parents — 1 fiche, aucun parcours" in home
    assert "11 fiches" in home and "3 parcours" in home and "2 référentiels de compétences" in home


def test_the_footer_is_french_and_leads_to_the_about_page(site_with_docs: Path) -> None:
    html = (site_with_docs / "fiches/courriel/index.html").read_text("utf-8")
    footer = text_of(site_with_docs / "fiches/courriel/index.html")
    assert "Made with" not in html
    assert "Site construit avec Relais, MkDocs et Material for MkDocs." in footer
    assert re.search(r'<a href="\.\./\.\./a-propos/">À propos de ce site</a>', html)


def test_hand_written_pages_are_out_of_the_tabs_and_on_the_about_page(
    site_with_docs: Path
) -> None:
    home = (site_with_docs / "index.html").read_text("utf-8")
    tabs = home[home.index('class="md-tabs"'):home.index("</nav>", home.index('class="md-tabs"'))]
    assert "guide" not in tabs and "catalogue" not in tabs.casefold().replace("fiches", "")
    about = (site_with_docs / "a-propos/index.html").read_text("utf-8")
    assert '<a href="../guide/">Le guide de la structure</a>' in about
    assert 'href="../catalogue.json"' in about
    assert (site_with_docs / "guide/index.html").is_file()  # still published


def test_a_media_path_in_the_material_list_is_a_link_not_text(site_with_docs: Path) -> None:
    page = site_with_docs / "fiches/courriel/index.html"
    text = text_of(page)
    assert "medias/" not in text
    assert "Le dessin du trombone en grand (l'image à imprimer)" in text
    assert "Une affiche" in text  # a file the site does not carry: no link, no path
    assert '(<a href="../../medias/trombone.svg">l&#39;image à imprimer</a>)' in page.read_text(
        "utf-8")


def test_facts_are_a_definition_list_and_buttons_are_spaced(plus_site: Path) -> None:
    html = (plus_site / "fiches/courriel/index.html").read_text("utf-8")
    assert "En bref" not in html and "Détail" not in html
    facts = html[html.index('class="relais-enbref"'):]
    facts = facts[:facts.index("</dl>")]
    assert re.findall(r"<dt>([^<]+)</dt>", facts)[:4] == ["Public", "Niveau", "Durée", "Modalité"]
    css = (plus_site / "assets/relais/relais.css").read_text("utf-8")
    assert re.search(r"\.relais-boutons p \{[^}]*gap: 0\.6rem", css)
    buttons = html[html.index('class="relais-boutons"'):]
    assert buttons.count("md-button") == 2
