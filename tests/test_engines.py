"""One repository, several engines: the pages folder (`relais pages`) every engine reads,
Zensical (`relais build --moteur zensical`) against MkDocs on the same fixture in Debian's
Chromium, and ProperDocs (MkDocs' maintained fork) running the relais plugin as MkDocs does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.site import markdown_fragments

from .conftest import serve
from .helpers import free_port, wait_for, write

ENGINES = ("mkdocs", "zensical")


# --- the pages folder -------------------------------------------------------------------------


def test_the_pages_folder_holds_what_an_engine_reads_and_writes_only_changes(
    mini_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(mini_repo, "mkdocs.yml", "site_name: Essai\nrepo_url: https://forge.example/relais\n"
          "edit_uri: edit/main/docs/\ntheme:\n  name: material\n  custom_dir: overrides\n"
          "plugins:\n  - search\n  - relais\n")
    write(mini_repo, "docs/guide.md", "# Guide de l'équipe\n\nBonjour.\n")
    write(mini_repo, "overrides/main.html", '{% extends "relais.html" %}\n')
    out = tmp_path / "pages"
    assert main(["pages", str(mini_repo), "-o", str(out)]) == 0
    manifest = json.loads((out / "relais-pages.json").read_text("utf-8"))
    assert manifest["nav"][1] == {"Fiches": "fiches/index.md"}
    assert manifest["edit_base"] == "https://forge.example/relais/edit/main/"
    courriel = (out / "docs/fiches/courriel.md").read_text("utf-8")
    assert courriel.startswith('---\nrelais_source: "fiches/web/courriel.yml"\n')
    assert courriel.rstrip().splitlines()[-1].startswith(markdown_fragments.OPENING)
    assert "guide.md" in (out / "docs/a-propos.md").read_text("utf-8")  # the hand-written page
    for path in ("docs/guide.md", "docs/medias/trombone.svg", "docs/fiches/catalogue.json",
                 "docs/pdf/fiches/courriel-apprenant.pdf", "theme/relais.html",
                 "theme/assets/relais/iframe-worker.js", "theme/main.html"):
        assert (out / path).is_file(), path
    assert (out / "theme/main.html").read_text("utf-8") == '{% extends "relais.html" %}\n'
    capsys.readouterr()
    # Again, nothing changed: nothing written. A page gone from the repository goes.
    assert main(["pages", str(mini_repo), "-o", str(out)]) == 0
    assert " 0 fichier(s) écrit(s), 0 supprimé(s)" in capsys.readouterr().err
    (mini_repo / "docs/guide.md").unlink()
    assert main(["pages", str(mini_repo), "-o", str(out)]) == 0
    assert not (out / "docs/guide.md").exists()
    assert "1 supprimé(s)" in capsys.readouterr().err


def test_the_pages_folder_is_left_alone_on_errors_and_never_mixed_with_other_files(
    mini_repo: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "mes-documents"
    write(foreign, "notes.txt", "à garder")
    assert main(["pages", str(mini_repo), "-o", str(foreign)]) == 2
    assert main(["pages", str(mini_repo), "-o", str(mini_repo / "fiches")]) == 2
    out = tmp_path / "pages"
    assert main(["pages", str(mini_repo), "-o", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(mini_repo, "fiches/casse.yml", "titre: [\n")
    assert main(["pages", str(mini_repo), "-o", str(out)]) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_fragments_travel_in_a_comment_nothing_can_close() -> None:
    from markdown import Markdown

    fragments = ('<p>Un lien <a href="b.md">--&gt; ici</a> -->,</p>', "<em>en ligne</em>")
    text = markdown_fragments.embed("# Titre\n\nRELAISFRAG0Z\n\nAvant RELAISFRAG1Z après.\n",
                                    fragments)
    assert "-->" not in text.splitlines()[-1][:-3]
    html = Markdown(extensions=["generator.site.markdown_fragments"]).convert(text)
    assert fragments[0] in html and "Avant <em>en ligne</em> après." in html
    assert "relais-fragments" not in html and "RELAISFRAG" not in html


# --- Zensical and MkDocs on the same fixture ----------------------------------------------------


@pytest.fixture(scope="module")
def zensical_site(plus_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zensical") / "site"
    assert main(["build", str(plus_repo), "-o", str(out), "--moteur", "zensical"]) == 0
    return out


@pytest.fixture(scope="module")
def sites(plus_site: Path, zensical_site: Path) -> dict[str, Path]:
    return {"mkdocs": plus_site, "zensical": zensical_site}


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


def address(engine: str, page: str) -> str:
    """The file of a page (`fiches/courriel.md`) in a built site: MkDocs gives each page a
    folder, Zensical (offline) a file."""
    stem = page.removesuffix(".md")
    if engine == "zensical" or stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def pages_of(zensical: Path) -> list[str]:
    """The pages of a site, as docs paths: Zensical (offline) writes one file per page."""
    return sorted(p.relative_to(zensical).with_suffix(".md").as_posix()
                  for p in zensical.rglob("*.html") if p.name != "404.html")


def article(page: Any) -> str:
    return " ".join(page.locator("article.md-content__inner").inner_text().split())


def test_both_engines_show_every_page_with_the_same_article_text(
    page: Any, sites: dict[str, Path]
) -> None:
    pages = pages_of(sites["zensical"])
    assert len(pages) > 20 and len(list(sites["mkdocs"].rglob("index.html"))) == len(pages)
    for docs in pages:
        texts = []
        for engine in ENGINES:
            file = sites[engine] / address(engine, docs)
            assert file.is_file(), f"{engine} : {docs}"
            page.goto(file.as_uri(), wait_until="load")
            texts.append(article(page))
        assert texts[0] == texts[1], docs
    assert page.external_requests == [] and page.console_errors == []


def test_both_engines_link_the_same_pdfs_and_the_zensical_site_is_zipped(
    sites: dict[str, Path]
) -> None:
    pdfs = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))
            for engine, site in sites.items()}
    assert pdfs["mkdocs"] == pdfs["zensical"] and len(pdfs["zensical"]) >= 6
    fiche = (sites["zensical"] / "fiches/courriel.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+\.pdf)"', fiche)
    assert links and all((sites["zensical"] / "fiches" / link).resolve().is_file()
                         for link in links)
    with zipfile.ZipFile(sites["zensical"] / "site-hors-ligne.zip") as archive:
        names = set(archive.namelist())
    assert {"site/index.html", "site/search.js", "site/fiches/courriel.html"} <= names
    assert "Site construit avec Relais et" in fiche and "Zensical" in fiche


def search(page: Any, engine: str, query: str) -> tuple[str, list[str]]:
    """What the search box says (« 3 résultats ») and the titles it lists, once settled."""
    if engine == "mkdocs":
        box = page.locator("input.md-search__input")
        box.click()
        status, titles = ".md-search-result__meta", (
            ".md-search-result__item > a .md-search-result__title, "
            ".md-search-result__item > a h1")
    else:
        if not page.locator("input[role=combobox]").is_visible():
            page.locator(".md-search__button").click()
        box = page.locator("input[role=combobox]")
        status, titles = "[role=status]", "[role=listbox] [role=option] h2"
    box.fill("")
    if engine == "mkdocs":
        box.press_sequentially(query, delay=10)
    else:
        box.fill(query)  # one query: its results are the last ones shown
    shown: list[Any] = []
    for _ in range(100):  # until the box has said something and stayed the same for a while
        page.wait_for_timeout(150)
        said = " ".join(page.locator(status).all_inner_texts()).strip()
        shown = [*shown[-3:], (said, page.locator(titles).all_inner_texts())]
        if re.search(r"\d|Aucun", said) and len(shown) == 4 and len(set(map(str, shown))) == 1:
            break
    return shown[-1]


def count(said: str) -> int:
    """The number of results the search box says, in French (« 3 résultats »)."""
    found = re.search(r"(\d+) (résultats?|documents? trouvés?)", said)
    assert found or "Aucun" in said, said
    return int(found[1]) if found else 0


@pytest.mark.parametrize("over", ["http", "file"])
@pytest.mark.parametrize("engine", ENGINES)
def test_search_forgives_and_speaks_french_on_both_engines(
    page: Any, sites: dict[str, Path], plus_url: str, zensical_url: str, engine: str, over: str
) -> None:
    home = {"mkdocs": plus_url, "zensical": zensical_url}[engine] + "/"
    if over == "file":
        home = (sites[engine] / "index.html").as_uri()
    page.goto(home, wait_until="networkidle")
    counts = [count(search(page, engine, query)[0]) for query in ("securite", "sécurité")]
    assert counts[0] == counts[1] > 0  # accents do not matter
    for query, expected in [("courriels", "Envoyer un courriel"),  # a plural
                            ("email", "Envoyer un courriel"),  # a synonym
                            ("mdp", "Choisir un mot de passe solide")]:  # « mot de passe »
        said, titles = search(page, engine, query)
        assert expected in titles[:5], (query, titles[:5])
    said, titles = search(page, engine, "xyzzyq")
    assert titles == [] and "Aucun" in said
    if engine == "zensical":
        assert page.locator("input[role=combobox]").get_attribute("placeholder") == "Rechercher"
    assert page.external_requests == [] and page.console_errors == []


def visible_titles(page: Any) -> list[str]:
    return page.locator(".relais-carte:not([hidden]) .relais-carte__titre").all_inner_texts()


@pytest.mark.parametrize("over", ["http", "file"])
def test_catalogue_filters_tabs_and_tooltips_work_alike_on_both_engines(
    page: Any, sites: dict[str, Path], plus_url: str, zensical_url: str, over: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    seen: dict[str, list[list[str]]] = {}
    for engine in ENGINES:
        base = {"mkdocs": plus_url, "zensical": zensical_url}[engine]
        catalogue = (sites[engine] / "fiches/index.html").as_uri() if over == "file" \
            else f"{base}/fiches/"
        page.goto(catalogue, wait_until="load")
        page.locator(".relais-carte").first.wait_for(state="attached", timeout=15_000)
        everything = visible_titles(page)
        page.get_by_label("Chercher dans les fiches").fill("email")
        by_text = visible_titles(page)
        page.get_by_label("Chercher dans les fiches").fill("")
        page.get_by_role("checkbox", name=re.compile(r"^Seniors")).check()
        seen[engine] = [everything, by_text, visible_titles(page)]
        assert "Envoyer un courriel" in by_text and len(by_text) < len(everything)
        # A link to the learner's part opens its tab; a glossary term shows its definition.
        fiche = address(engine, "fiches/courriel.md")
        where = (sites[engine] / fiche).as_uri() if over == "file" else f"{base}/{fiche}"
        page.goto(f"{where}#etapes", wait_until="load")
        page.locator("#etapes").wait_for(state="visible", timeout=5_000)
        assert page.locator("#pour-lapprenant").is_checked()
        page.locator(".tabbed-block abbr:visible").first.hover()
        page.locator(".md-tooltip2--active .md-tooltip2__inner").wait_for(state="visible",
                                                                           timeout=5_000)
    assert seen["mkdocs"] == seen["zensical"]
    assert page.external_requests == [] and page.console_errors == []


def test_the_edit_button_opens_the_yaml_file_on_zensical_too(
    mini_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(mini_repo, "mkdocs.yml", "site_name: Essai <b>gras</b>\n"
          "repo_url: https://forge.example/relais\n"
          "edit_uri: edit/main/docs/\ntheme:\n  name: material\n  language: fr\n"
          "  features: [content.action.edit]\nplugins:\n  - search\n  - relais\n"
          "  - material/tags\n"
          "hooks: [crochets.py]\n")
    write(mini_repo, "docs/guide.md", "# Guide\n\nBonjour :material-cog: ici.\n")
    out = tmp_path / "site"
    assert main(["build", str(mini_repo), "-o", str(out), "--moteur", "zensical"]) == 0
    said = capsys.readouterr().err  # what Zensical goes without is said, not silently dropped
    assert "Zensical : l'extension « material/tags » de mkdocs.yml n'est pas reprise" in said
    assert "Zensical : « hooks » de mkdocs.yml n'est pas repris" in said
    edit = re.compile(r'href="([^"]+)"[^>]*rel="edit"')
    fiche = (out / "fiches/courriel.html").read_text("utf-8")
    assert edit.findall(fiche) == ["https://forge.example/relais/edit/main/fiches/web/courriel.yml"]
    assert edit.findall((out / "index.html").read_text("utf-8")) == []  # made of many files
    guide = (out / "guide.html").read_text("utf-8")
    assert edit.findall(guide) == ["https://forge.example/relais/edit/main/docs/guide.md"]
    assert "<svg" in guide.split("Bonjour", 1)[1][:400]  # icon shortcodes of hand-written pages
    assert "<b>gras" not in fiche and "Essai &lt;b&gt;gras" in fiche  # the site name is text


def test_zensical_refuses_a_search_box_it_cannot_translate(tmp_path: Path) -> None:
    from generator.engines.zensical_engine import _french_search_box
    from generator.orchestrator import RunFailed

    write(tmp_path, "assets/javascripts/bundle.0.min.js", 'placeholder:"Find"')
    with pytest.raises(RunFailed, match="texte de la recherche introuvable"):
        _french_search_box(tmp_path)


# --- ProperDocs -------------------------------------------------------------------------------


def test_properdocs_builds_the_site_with_the_relais_plugin(mini_repo: Path, tmp_path: Path) -> None:
    write(mini_repo, "mkdocs.yml", "site_name: Essai\ntheme:\n  name: material\n  language: fr\n"
          "  font: false\nplugins:\n  - search\n  - relais\n")
    (mini_repo / "docs").mkdir()
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "-f", "mkdocs.yml",
                          "-d", str(out)], cwd=mini_repo, capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    fiche = (out / "fiches/courriel/index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+\.pdf)"', fiche)
    assert len(links) == 2
    for link in links:
        assert (out / "fiches/courriel" / link).resolve().is_file(), link
    for page in ("index.html", "fiches/index.html", "parcours/debuter/index.html",
                 "glossaire/index.html", "a-propos/index.html"):
        assert (out / page).is_file(), page
    assert (out / "site-hors-ligne.zip").is_file()


def test_properdocs_serve_shows_a_saved_fiche_page_by_page(mini_repo: Path, tmp_path: Path) -> None:
    write(mini_repo, "mkdocs.yml", "site_name: Essai\ntheme:\n  name: material\n  language: fr\n"
          "  font: false\nplugins:\n  - search\n  - relais:\n      pdf: false\n")
    (mini_repo / "docs").mkdir()
    port = free_port()
    with (tmp_path / "terminal.txt").open("w+", encoding="utf-8") as terminal:
        server = subprocess.Popen(
            [sys.executable, "-m", "properdocs", "serve", "-f", "mkdocs.yml",
             "-a", f"127.0.0.1:{port}"], cwd=mini_repo, stdout=terminal, stderr=terminal)
        base = f"http://127.0.0.1:{port}/"
        try:
            assert wait_for(base + "fiches/allumer/", "Allumer et éteindre"), "no preview"
            fiche = mini_repo / "fiches/allumer.yml"
            write(mini_repo, "fiches/allumer.yml", fiche.read_text("utf-8").replace(
                "Allumer et éteindre", "Démarrer et arrêter"))
            assert wait_for(base + "fiches/allumer/", "Démarrer et arrêter")
            assert wait_for(base + "fiches/", "Démarrer et arrêter")
        finally:
            server.terminate()
            server.wait(timeout=60)
        terminal.seek(0)
        said = terminal.read()
    assert "fiches/allumer.yml : page mise à jour en" in said, said
    assert "Traceback" not in said, said
