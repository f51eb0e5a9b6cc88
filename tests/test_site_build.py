"""The built site of the catalogue fixture: metadata, learner/trainer tabs, offline files."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator.site.jsonld import iso_duration

from .conftest import FIXTURES, build_into
from .helpers import write

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("repo") / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", repo)
    return build_into(repo, tmp_path_factory.mktemp("site") / "site")


def jsonld_of(page: Path) -> dict[str, Any]:
    html = page.read_text("utf-8")
    head = html[:html.index("</head>")]
    (text,) = LD.findall(head)
    return json.loads(text)


@pytest.mark.parametrize(("minutes", "iso"), [(90, "PT1H30M"), (45, "PT45M"), (120, "PT2H"),
                                              (0, "PT0M")])
def test_iso_durations(minutes: int, iso: str) -> None:
    assert iso_duration(minutes) == iso


def test_fiche_is_a_learning_resource(site: Path) -> None:
    data = jsonld_of(site / "fiches/mots-de-passe/index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Choisir un mot de passe solide"
    assert data["inLanguage"] == "fr"
    assert data["educationalLevel"] == "Intermédiaire"
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Tous publics"}]
    assert data["timeRequired"] == "PT2H"
    assert data["license"] == "https://spdx.org/licenses/CC-BY-SA-4.0.html"
    assert {a["targetName"] for a in data["educationalAlignment"]} == {
        "Sécurité en ligne", "Bases de l'ordinateur"}
    assert all(a["educationalFramework"] == "Compétences de test"
               for a in data["educationalAlignment"])
    assert {"@type": "DefinedTerm", "name": "Sécurité en ligne",
            "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Compétences de test"}
            } in data["teaches"]
    assert data["competencyRequired"] == ["Apprivoiser le clavier"]


def test_author_text_cannot_break_out_of_the_metadata(site: Path) -> None:
    html = (site / "fiches/demarches/index.html").read_text("utf-8")
    assert "<script>alert" not in html
    assert ('<meta name="description" content="Rassembler ses papiers &lt;script&gt;alert('
            "'x')&lt;/script&gt; avant une &lt;b&gt;démarche&lt;/b&gt;.\">") in html
    data = jsonld_of(site / "fiches/demarches/index.html")
    assert "<script>alert('x')</script>" in data["description"]


def test_parcours_is_a_free_course_with_one_instance_and_its_schedule(site: Path) -> None:
    data = jsonld_of(site / "parcours/premiers-pas/index.html")
    assert data["@type"] == "Course"
    assert data["timeRequired"] == "PT5H"
    assert data["provider"] == {"@type": "Organization", "name": "catalogue"}
    assert data["offers"] == {"@type": "Offer", "category": "Free", "price": 0,
                              "priceCurrency": "EUR"}
    instance = data["hasCourseInstance"]  # one course, taught in three weekly sessions
    assert instance == {
        "@type": "CourseInstance", "courseMode": "onsite", "courseWorkload": "PT5H",
        "courseSchedule": {"@type": "Schedule", "repeatFrequency": "P1W", "repeatCount": 3,
                           "duration": "PT1H40M"}}
    assert [s["timeRequired"] for s in data["syllabusSections"]] == ["PT1H30M", "PT1H30M", "PT2H"]
    remote = jsonld_of(site / "parcours/aller-plus-loin/index.html")
    assert remote["hasCourseInstance"]["courseMode"] == "online"


def test_every_page_s_metadata_follows_the_schema_org_vocabulary(site: Path) -> None:
    from . import schemaorg

    checked = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        for text in LD.findall(html[:html.index("</head>")]):
            assert schemaorg.problems(json.loads(text)) == [], page
            checked += 1
    assert checked > 20


def test_the_vocabulary_check_catches_mistakes() -> None:
    from . import schemaorg

    assert schemaorg.problems({"@type": "DefinedTerm", "inDefinedTermSet": "Un titre"})
    assert schemaorg.problems({"@type": "Course", "hasCourseInstance": [{"@type": "Offer"}]})
    assert schemaorg.problems({"@type": "Course", "nombreDeSeances": 3})
    assert schemaorg.problems({"@type": "Cours"})
    assert not schemaorg.problems({"@type": "DefinedTerm", "inDefinedTermSet": "https://a.fr/r/"})


@pytest.mark.parametrize("page", ["index.html", "fiches/index.html", "couverture/index.html",
                                  "glossaire/index.html",
                                  "referentiels/competences/bases/index.html"])
def test_every_page_type_has_metadata(site: Path, page: str) -> None:
    data = jsonld_of(site / page)
    assert data["@context"] == "https://schema.org"
    assert data.get("inLanguage", "fr") == "fr"  # a competency (a term) has no language


def test_fiche_has_trainer_and_learner_tabs_and_a_learner_link(site: Path) -> None:
    html = (site / "fiches/courriel/index.html").read_text("utf-8")
    assert 'id="pour-lanimateur"' in html and 'id="pour-lapprenant"' in html
    assert re.search(r'<label for="pour-lanimateur">Pour l.animateur</label>', html)
    assert 'href="#pour-lapprenant"' in html
    trainer = html.index('class="tabbed-block"')
    learner = html.index('class="tabbed-block"', trainer + 1)
    assert trainer < html.index('<h3 id="preparation"') < learner < html.index("Vous allez écrire")


def test_site_makes_no_third_party_request(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)


def test_search_works_from_disk_and_the_site_is_zipped(site: Path) -> None:
    script = (site / "search/search_index.js").read_text("utf-8")
    assert script.startswith("var __index = ")
    index = json.loads(script.removeprefix("var __index = ").rstrip().removesuffix(";"))
    assert index == json.loads((site / "search/search_index.json").read_text("utf-8"))
    home = (site / "index.html").read_text("utf-8")
    assert 'href="site-hors-ligne.zip"' in home
    with zipfile.ZipFile(site / "site-hors-ligne.zip") as archive:
        names = set(archive.namelist())
    assert {"site/index.html", "site/search/search_index.js", "site/fiches/courriel/index.html",
            "site/assets/relais/iframe-worker.js", "site/fiches/catalogue.js"} <= names
    assert not any(n.endswith(".zip") or "/." in n for n in names)


def test_offline_extras_can_be_turned_off(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "catalogue", repo)
    write(repo, "mkdocs.yml", "site_name: Essai\ntheme:\n  name: material\n  language: fr\n"
          "  font: false\nplugins:\n  - search\n  - relais:\n      hors_ligne: false\n"
          "      pdf: false\n")
    site = build_into(repo, tmp_path / "site")
    assert not (site / "site-hors-ligne.zip").exists()
    assert not (site / "search/search_index.js").exists()
    assert "site-hors-ligne.zip" not in (site / "index.html").read_text("utf-8")
    assert "iframe-worker" not in (site / "index.html").read_text("utf-8")
    # Relais' theme is still there without a custom_dir: metadata and catalogue script.
    assert jsonld_of(site / "fiches/courriel/index.html")["@type"] == "LearningResource"
    assert "assets/relais/catalogue.js" in (site / "fiches/index.html").read_text("utf-8")


def test_coverage_page_is_one_valid_table_per_referentiel(site: Path) -> None:
    html = (site / "couverture/index.html").read_text("utf-8")
    assert "<style>" not in html  # the landscape page is in relais.css (a named page)
    assert html.count('class="relais-couverture"') == 1
    assert re.search(r'<table class="relais-matrice">\s*<caption id="couverture-competences">',
                     html)
    assert 'href="../parcours/premiers-pas/"' in html  # links resolved like content's
