"""Content is untrusted data: no script, handler, style or third-party request can come out of
a fiche, a glossary, an image or the names in mkdocs.yml, on the site or on paper."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.addresses import PublicSite
from generator.check import check_repository
from generator.cli import main
from generator.export.moodle import moodle_csv
from generator.pdf.render import markdown_block
from generator.site.render import render_site

from .conftest import FIXTURES, build_into, serve

MARK = "window.__relaisPwned=1"  # what every payload would run; the browser test looks for it

# Written in a fiche, each of these builds, and must come out as harmless text.
INERT_FICHE = f"""\
titre: "X](javascript:{MARK}) [Y <img src=x onerror={MARK}>"
resume: "Texte {{: onclick=\\"{MARK}\\" }} et <script>{MARK}</script>"
public: [seniors, hostile]
niveau: debutant
duree: 30 min
objectifs:
  - "[Un lien](https://exemple.fr){{: onclick=\\"{MARK}\\" style=\\"color:red\\" }}"
  - "Une *phrase* {{: #id .classe onmouseover=\\"{MARK}\\" }}"
materiel: ["<b onmouseover={MARK}>Souris</b>", "X](javascript:{MARK}) [Y"]
animateur:
  deroule:
    - etape: "<svg onload={MARK}>Accueil"
      duree: 10 min
      consignes: "<iframe src=https://ailleurs.example></iframe> <a href=javascript:{MARK}>x</a>"
apprenant:
  etapes:
    - texte: "Cliquez {{: onclick=\\"{MARK}\\" }}"
      image: medias/trombone.svg
      alt: "Trombone {{: onerror=\\"{MARK}\\" }} \\" onerror=\\"{MARK}"
glossaire:
  "<i onclick={MARK}>terme</i>": "Une définition {{: onclick=\\"{MARK}\\" }}"
ressources:
  - titre: "</a><script>{MARK}</script>"
    url: https://exemple.fr/ressource
"""

INERT_SETTINGS = f"""\
site_name: "<img src=x onerror={MARK}>"
theme:
  name: material
  language: fr
  font:
    text: Roboto
plugins:
  - search
  - relais:
      pdf: false
      publics:
        hostile: "<img src=x onerror={MARK}>"
"""


def hostile_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "fiches" / "hostile.yml").write_text(INERT_FICHE, "utf-8")
    (repo / "mkdocs.yml").write_text(INERT_SETTINGS, "utf-8")
    return repo


def errors_of(repo: Path) -> list[str]:
    from generator import check

    check._last = None
    return [d.format() for d in check_repository(repo).diagnostics if d.is_error]


class _Attributes(HTMLParser):
    """Every attribute of every element, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        # JSON-LD is data for search engines, never run
        self._in_script = tag == "script" and ("type", "application/ld+json") not in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def unsafe_parts(html: str) -> list[str]:
    parser = _Attributes()
    parser.feed(html)
    found = [f"{tag} {name}={value}" for tag, name, value in parser.attributes
             if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                          and value.strip().lower().startswith(
                                              ("javascript:", "data:", "vbscript:")))]
    found += [script for script in parser.scripts if "__relaisPwned" in script]
    return found


# --- the check refuses links and images, whatever the syntax --------------------------------

REFUSED_LINKS = [
    "[a [b] c](javascript:alert(1))",
    "[a](javascript:alert((1)))",
    "[a](javascript:alert(1) 'titre')",
    "[a](javascript:alert(1) (titre))",
    "[a](<javascript:alert(1)>)",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java&#115;cript:alert(1))",
    "[a](data:text/html,<script>alert(1)</script>)",
    "[a](//ailleurs.example/page)",
    "[a](vbscript:msgbox)",
    "- point\\n\\n  [ref]: javascript:alert(1)\\n\\n  [a][ref]",
    "> [ref]: data:text/html,x\\n>\\n> [a][ref]",
    "[a][ref]\\n\\n[ref]: <javascript:alert(1)> 'titre'",
]


@pytest.mark.parametrize("markdown", REFUSED_LINKS)
def test_the_check_refuses_every_link_syntax_to_a_dangerous_address(
        tmp_path: Path, markdown: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    block = "\n".join(f"    {line}" for line in markdown.split("\\n"))
    fiche.write_text(fiche.read_text("utf-8") + f"glossaire:\n  bouton: |\n{block}\n", "utf-8")
    errors = errors_of(repo)
    assert len(errors) == 1, errors
    first = len(fiche.read_text("utf-8").splitlines()) - markdown.count("\\n")
    lines = range(first, first + markdown.count("\\n") + 1)  # those of the text
    assert any(errors[0].startswith(f"fiches/allumer.yml:{n}:") for n in lines), errors
    assert "refusé" in errors[0] and "liens acceptés" in errors[0]


@pytest.mark.parametrize(("markdown", "expected"), [
    ("![logo](https://ailleurs.example/logo.png)", "image « https://ailleurs.example/logo.png » "
                                                   "refusée"),
    ("![logo](//ailleurs.example/logo.png)", "refusée"),
    ("![logo](data:image/svg+xml,<svg onload=alert(1)>)", "refusée"),
    ("![logo](medias/../medias/trombone.svg)", "refusée"),
    ("![logo](medias/absente.png)", "introuvable"),
    ("![logo](fiches/allumer.yml)", "n'est pas une image"),
])
def test_images_in_text_must_be_images_of_the_repository(
        tmp_path: Path, markdown: str, expected: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "resume: Les gestes", f'resume: "{markdown} Les gestes'), "utf-8")
    fiche.write_text(fiche.read_text("utf-8").replace("sans crainte.", 'sans crainte."'), "utf-8")
    errors = errors_of(repo)
    assert len(errors) == 1 and expected in errors[0], errors
    assert errors[0].startswith("fiches/allumer.yml:2:")


def test_links_of_the_shared_glossary_are_checked(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    glossary = repo / "glossaire.yml"
    glossary.write_text(glossary.read_text("utf-8")
                        + 'piège: "Voir [ici](javascript:alert(1))."\n', "utf-8")
    errors = errors_of(repo)
    line = len(glossary.read_text("utf-8").splitlines())
    assert errors == [f"glossaire.yml:{line}:20: erreur: lien « javascript:alert(1) » refusé "
                      "[lien-refuse] (liens acceptés : https://…, mailto:…, fiche:ID, parcours:ID, "
                      "competence:REF/ID)"]


def test_control_characters_in_a_text_are_an_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "titre: Allumer et éteindre l'ordinateur", 'titre: "Allumer\\0 et \\e[31méteindre"'),
        "utf-8")
    errors = errors_of(repo)
    assert errors == ["fiches/allumer.yml:1:8: erreur: caractère de contrôle invisible U+0000 "
                      "dans le texte [caractere-controle] (retirez-le ; retapez le passage au "
                      "besoin)"]


# --- SVG media ------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(("inside", "problem"), [
    ("<script>alert(1)</script>", "élément « script »"),
    ('<rect width="5" height="5" onload="alert(1)"/>', "attribut « onload »"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
     "élément « foreignobject »"),
    ('<image href="https://ailleurs.example/x.png" width="5" height="5"/>',
     "référence externe « https://ailleurs.example/x.png »"),
    ('<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>',
     "référence externe « javascript:alert(1) »"),
    ('<style>@import url(https://ailleurs.example/x.css);</style>', "référence externe dans un "
                                                                     "style"),
    ('<rect style="fill:url(https://ailleurs.example/x)" width="5" height="5"/>',
     "référence externe dans un style"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "élément « set »"),
])
def test_an_svg_that_is_more_than_a_picture_is_refused(
        tmp_path: Path, inside: str, problem: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "medias" / "trombone.svg").write_text(SVG.format(inside), "utf-8")
    errors = errors_of(repo)
    assert errors and all("image SVG « medias/trombone.svg » refusée : " + problem in e
                          for e in errors), errors


def test_a_plain_svg_with_local_references_is_accepted(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    picture = ('<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
               '<rect width="5" height="5" fill="url(#g)"/><use href="#g"/>'
               '<style>rect { fill: url(#g); }</style>')
    (repo / "medias" / "trombone.svg").write_text(SVG.format(picture), "utf-8")
    assert errors_of(repo) == []


def test_an_svg_with_entities_is_refused_before_parsing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' \
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg>&b;</svg>'
    (repo / "medias" / "trombone.svg").write_text(bomb, "utf-8")
    assert any("déclaration DOCTYPE ou ENTITY" in e for e in errors_of(repo))


# --- what comes out: pages, print, CSV ------------------------------------------------------


def test_hostile_content_checks_clean_and_renders_inert(tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path)
    assert errors_of(repo) == []
    site = build_into(repo, tmp_path / "site")
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text("utf-8")
        assert unsafe_parts(html) == [], page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
    fiche = (site / "fiches/hostile/index.html").read_text("utf-8")
    # The payloads are there, as text a reader can see.
    assert "&lt;script&gt;window.__relaisPwned=1&lt;/script&gt;" in fiche
    assert "Texte {: onclick=" in fiche.replace("&#123;", "{").replace("&#34;", '"')
    assert '<a href="https://exemple.fr">Un lien</a>' in fiche
    parser = _Attributes()
    parser.feed(fiche)
    assert not [v for _, name, v in parser.attributes if name == "style" and "red" in v]
    title = fiche[fiche.index("<title>"):fiche.index("</title>")]
    assert "<img" not in title and "&lt;img src=x onerror=" in title


def test_print_html_of_hostile_markdown_is_clean() -> None:
    for markdown in [*REFUSED_LINKS, "![x](https://ailleurs.example/x.png)",
                     "<script>alert(1)</script>", "Texte {: onclick=alert(1) }",
                     "[a](https://exemple.fr){: onclick=alert(1) }"]:
        html = str(markdown_block(markdown.replace("\\n", "\n")))
        assert unsafe_parts(html) == [] and "<script" not in html, markdown
        assert "onclick=" not in html.replace("{: onclick=", ""), markdown
        assert 'src="https:' not in html, markdown


def test_site_pages_put_content_only_through_fragments(tmp_path: Path) -> None:
    """The engine never parses content Markdown: pages hold placeholders for it."""
    repo = hostile_repo(tmp_path)
    library = check_repository(repo).library
    page = next(p for p in render_site(library).pages
                if p.uri == "fiches/hostile.md")
    body = page.content.split("---\n", 2)[2]
    assert "{:" not in body  # attribute lists of the engine never see content
    for raw in ("<b onmouseover", "<i onclick", "<img src=x", "<svg onload", "](javascript"):
        assert raw not in body
    assert len(page.fragments) >= 5


def test_moodle_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    referentiel = repo / "referentiels" / "competences-test.yml"
    text = referentiel.read_text("utf-8")
    first_title = next(line for line in text.splitlines() if line.strip().startswith("titre:")
                       and line.startswith("    "))
    referentiel.write_text(text.replace(
        first_title, first_title.split("titre:")[0] + 'titre: "=HYPERLINK(\\"https://x\\")"', 1),
        "utf-8")
    library = check_repository(repo).library
    csv_text = moodle_csv(library, library.referentiels["competences-test"], PublicSite())
    assert "'=HYPERLINK" in csv_text
    assert not any(cell.startswith(("=", "+", "-", "@"))
                   for line in csv_text.splitlines() for cell in line.split(","))


# --- mkdocs.yml -----------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "expected"), [
    ("site_name:\nplugins: [relais]\n",
     "mkdocs.yml:1:11: erreur: « site_name » : titre du site absent ou vide"),
    ("site_name: X\ntheme:\n  name: materiall\nplugins: [relais]\n",
     "mkdocs.yml:3:9: erreur: thème « materiall » inconnu [reglages-invalides] "
     "(vouliez-vous dire « material » ?)"),
    ("site_name: X\nplugins:\n  - relais\n  - nexistepas\n",
     "mkdocs.yml:4:5: erreur: extension « nexistepas » inconnue"),
    ("site_name: X\ndocs_dir: ../..\nplugins: [relais]\n",
     "mkdocs.yml:2:11: erreur: « docs_dir » : le dossier « ../.. » est hors du dépôt"),
    ("site_name: X\ndocs_dir: .\nplugins: [relais]\n",
     "mkdocs.yml:2:11: erreur: « docs_dir » : le dossier des pages ne peut pas être le dépôt"),
    ("site_name: X\nplugins:\n  - relais:\n      publics: " + "[" * 2000 + "]" * 2000 + "\n",
     "mkdocs.yml:4:"),
    # Found by the fuzzer (benchmarks/fuzz.py): each once ended in « erreur interne ».
    ("site_name: X\nplugins: 2026-12-01\n",
     "mkdocs.yml:2:10: erreur: « plugins » : liste attendue"),
    ("site_name: X\ntheme: {name: material, language: xx}\nplugins: [relais]\n",
     "mkdocs.yml:2:35: erreur: langue « xx » inconnue du thème material"),
    ("site_name: X\nplugins:\n  - relais:\n      hors_ligne: 1\n",
     "mkdocs.yml:4:19: erreur: option « hors_ligne » de l'extension relais invalide "
     "[reglages-invalides] (true ou false)"),
    ("site_name: X\nplugins:\n  - relais: [1]\n",
     "mkdocs.yml:3:5: erreur: options de « relais » : bloc de clés attendu"),
])
def test_mkdocs_yml_problems_are_positioned_french_errors(
        tmp_path: Path, settings: str, expected: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "mkdocs.yml").write_text(settings, "utf-8")
    errors = errors_of(repo)
    assert any(e.startswith(expected) for e in errors), errors


def test_an_alias_bomb_in_mkdocs_yml_is_refused_quickly(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    lines = ["site_name: X", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    lines += ["plugins:", "  - relais:", "      publics: [*a8]"]
    (repo / "mkdocs.yml").write_text("\n".join(lines) + "\n", "utf-8")
    errors = errors_of(repo)
    assert len(errors) == 1 and "trop volumineux une fois les alias YAML développés" in errors[0]


def test_build_of_an_unreadable_mkdocs_yml_is_a_positioned_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "mkdocs.yml").write_text("site_name: x\nplugins: [relais]\ntheme: [\n")
    from generator import check

    check._last = None
    assert main(["build", str(repo), "-o", str(tmp_path / "site")]) == 1
    text = " ".join((capsys.readouterr().err).split())
    assert "mkdocs.yml:4:1: erreur: mkdocs.yml illisible" in text and "interne" not in text


def test_build_exits_1_with_the_positioned_mkdocs_error(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    (repo / "mkdocs.yml").write_text("site_name: X\ntheme: nexistepas\nplugins: [relais]\n")
    from generator import check

    check._last = None
    assert main(["build", str(repo), "-o", str(tmp_path / "site")]) == 1
    output = capsys.readouterr()
    text = output.out + output.err
    assert "mkdocs.yml:2:8: erreur: thème « nexistepas » inconnu" in " ".join(text.split())
    assert "erreur interne" not in text and not (tmp_path / "site").exists()


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = hostile_repo(tmp_path_factory.mktemp("hostile"))
    (repo / "mkdocs.yml").write_text(INERT_SETTINGS.replace("pdf: false", "pdf: true"), "utf-8")
    return build_into(repo, tmp_path_factory.mktemp("hostile-site") / "site")


def _visit_all(page: Any, base: str, site: Path) -> None:
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        page.goto(f"{base}/{relative}", wait_until="load")
        # Hover and focus everything a payload could have hooked, then look for the flag.
        for element in page.query_selector_all("a, abbr, img, b, i, td, li, p")[:200]:
            element.dispatch_event("mouseover")
            element.dispatch_event("focus")
        assert page.evaluate("typeof window.__relaisPwned") == "undefined", relative


def test_no_script_runs_and_nothing_leaves_localhost(page: Any, hostile_site: Path) -> None:
    for base in serve(hostile_site):
        _visit_all(page, base, hostile_site)
    assert page.external_requests == []


def test_no_script_runs_over_file_urls(page: Any, hostile_site: Path) -> None:
    _visit_all(page, hostile_site.as_uri(), hostile_site)
    assert page.external_requests == []
