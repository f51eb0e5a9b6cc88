"""Finding and planning, as data: the catalogue index, the fiche de route, the coverage matrix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.check import check_repository
from generator.model import Library
from generator.relations import Relations, relate
from generator.site import catalogue
from generator.site.coverage import coverage, sessions_by_competence, timeline
from generator.site.render import render_site
from generator.site.roadmap import roadmap

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def library() -> Library:
    result = check_repository(FIXTURES / "catalogue")
    assert [d.format() for d in result.diagnostics if d.is_error] == []
    return result.library


@pytest.fixture(scope="module")
def relations(library: Library) -> Relations:
    return relate(library)


# --- catalogue index ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "values"),
    [(20, ["30", "60", "90", "120"]), (30, ["30", "60", "90", "120"]),
     (31, ["60", "90", "120"]), (60, ["60", "90", "120"]), (90, ["90", "120"]),
     (91, ["120"]), (120, ["120"]), (121, ["plus"]), (600, ["plus"])],
)
def test_duration_filters_are_cumulative_bounds(minutes: int, values: list[str]) -> None:
    assert catalogue.duration_values(minutes) == values


def test_index_has_every_fiche_and_its_facet_values(library: Library, relations: Relations) -> None:
    index = catalogue.catalogue_index(library, relations)
    cards = {card["id"]: card for card in index["fiches"]}
    assert set(cards) == set(library.fiches)
    arnaques = cards["arnaques"]
    assert arnaques["titre"] == "Déjouer les arnaques"
    assert arnaques["etoiles"] == 3 and arnaques["duree"] == "2 h 30"
    assert arnaques["f"] == {
        "public": ["seniors"], "niveau": ["avance"], "duree": ["plus"], "modalite": ["a-distance"],
        "thematique": ["securite", "e-mail"],
        "competence": ["competences/securite", "competences/communiquer"],
    }
    titles = [card["titre"] for card in index["fiches"]]
    assert titles == sorted(titles, key=catalogue.french_order)  # « Écrire » with the E's


def test_facets_list_only_used_values_in_vocabulary_order(
    library: Library, relations: Relations
) -> None:
    facets = {f["id"]: f for f in catalogue.catalogue_index(library, relations)["facets"]}
    assert [f for f in facets] == ["public", "niveau", "duree", "modalite", "thematique",
                                   "competence"]
    assert [v["id"] for v in facets["public"]["values"]] == [
        "tous-publics", "adultes", "seniors", "parents", "allophones"]
    assert [v["label"] for v in facets["niveau"]["values"]] == [
        "Débutant", "Intermédiaire", "Avancé"]
    assert facets["duree"]["kind"] == "single"
    assert [v["label"] for v in facets["duree"]["values"]] == [
        "≤ 30 min", "≤ 1 h", "≤ 1 h 30", "≤ 2 h", "Plus de 2 h"]
    # "veille" has no fiche: no filter value that could only give nothing.
    assert [v["id"] for v in facets["competence"]["values"]] == [
        "competences/bases", "competences/communiquer", "competences/securite",
        "competences/accompagner"]
    assert facets["competence"]["values"][0]["label"] == "Bases de l'ordinateur"


def test_index_json_and_script_carry_the_same_data(library: Library, relations: Relations) -> None:
    index = catalogue.catalogue_index(library, relations)
    script = catalogue.as_script(index)
    assert script.startswith("window.relaisCatalogue = ")
    assert "<script>" not in script  # author text cannot end the script when inlined
    payload = script.removeprefix("window.relaisCatalogue = ").rstrip().removesuffix(";")
    assert json.loads(payload) == json.loads(catalogue.as_json(index)) == index


def test_site_ships_the_index_beside_the_catalogue_page(library: Library) -> None:
    site = render_site(library)
    files = {f.uri: f.content for f in site.files}
    assert json.loads(files["fiches/catalogue.json"])["fiches"]
    assert "fiches/catalogue.js" in files
    page = next(p for p in site.pages if p.uri == "fiches/index.md")
    assert 'data-json="catalogue.json"' in page.content
    # The plain list (no-script fallback, and where the script takes each card's link): HTML
    # kept out of the engine's Markdown, so no attribute list can show as text.
    html = page.with_fragments()
    assert '<li data-fiche="arnaques"><a href="fiche:arnaques">Déjouer les arnaques</a>' in html
    assert "{ data-fiche" not in html and "Cochez" not in html  # no filters without the script


# --- fiche de route -----------------------------------------------------------------------


def _route(library: Library, relations: Relations, competence: str) -> list[str]:
    fiches = relations.fiches_by_competence[("competences", competence)]
    return [step.fiche.ident for step in roadmap(fiches, library).steps]


def test_route_puts_prerequisites_first_then_niveau(library: Library, relations: Relations) -> None:
    # Alphabetically "Allumer l'écran" comes first, but it needs the keyboard, which needs the
    # mouse; the intermediate fiche comes after the beginner ones.
    assert _route(library, relations, "bases") == ["souris", "clavier", "ecran", "mots-de-passe"]
    assert _route(library, relations, "communiquer") == ["courriel", "piece-jointe", "arnaques"]


def test_route_follows_prerequisites_through_other_fiches(library: Library) -> None:
    # "arnaques" needs "piece-jointe" (another competency), which needs "courriel" (in it).
    fiches = [library.fiches["arnaques"], library.fiches["courriel"]]
    route = roadmap(fiches, library)
    assert [s.fiche.ident for s in route.steps] == ["courriel", "arnaques"]
    assert [f.ident for f in route.steps[1].before] == ["piece-jointe"]


def test_route_times_add_up(library: Library, relations: Relations) -> None:
    fiches = relations.fiches_by_competence[("competences", "bases")]
    route = roadmap(fiches, library)
    assert route.total_minutes == 45 + 30 + 20 + 120
    assert [s.start for s in route.steps] == [0, 45, 75, 95]


def test_competence_page_shows_the_route(library: Library) -> None:
    site = render_site(library)
    page = next(p for p in site.pages if p.uri == "referentiels/competences/bases.md")
    text = page.content
    assert "## Fiche de route" in text and "3 h 35 en tout" in text
    assert text.index("Bouger la souris") < text.index("Apprivoiser le clavier") < text.index(
        "écran et s") < text.index("Choisir un mot de passe solide")


# --- timeline and coverage ----------------------------------------------------------------


def test_timeline_has_times_and_competencies_per_session(
    library: Library, relations: Relations
) -> None:
    entries = timeline(relations, library.parcours["premiers-pas"])
    assert [(e.number, e.start, e.end) for e in entries] == [(1, 0, 90), (2, 90, 180),
                                                              (3, 180, 300)]
    assert entries[0].competences == [("competences", "bases")]
    assert entries[2].competences == [("competences", "securite"), ("competences", "bases")]
    assert sessions_by_competence(entries) == {
        ("competences", "bases"): [1, 3], ("competences", "communiquer"): [2],
        ("competences", "securite"): [3]}


def test_coverage_marks_sessions_and_gaps(relations: Relations) -> None:
    (matrix,) = coverage(relations)
    rows = {row.parcours.ident: row.sessions for row in matrix.rows}
    assert rows["premiers-pas"] == {"bases": [1, 3], "communiquer": [2], "securite": [3],
                                    "accompagner": [], "veille": []}
    assert rows["aller-plus-loin"] == {"bases": [], "communiquer": [1, 2], "securite": [2],
                                       "accompagner": [], "veille": []}
    assert [c.id for c in matrix.gaps] == ["accompagner", "veille"]
    assert [row.covered for row in matrix.rows] == [2, 3]  # sorted by title: "Aller…" first


def test_coverage_page_is_a_table_with_gaps_marked(library: Library) -> None:
    site = render_site(library)
    page = next(p for p in site.pages if p.uri == "couverture.md")
    html = page.with_fragments()
    # 2 empty cells for "Premiers pas", 3 for "Aller plus loin", 2 columns nobody covers.
    assert html.count('<td class="relais-manque"><span aria-hidden="true">—</span>') == 5
    assert html.count('<td class="relais-manque">0</td>') == 2
    assert "Aucun parcours ne couvre 2 compétences" in page.content
    assert '<th scope="row"><a href="parcours:premiers-pas">Premiers pas</a></th>' in html
    # The caption is the table's first child (no paragraph around it: valid HTML).
    assert re.search(r'<table class="relais-matrice">\s*<caption id="couverture-competences">',
                     html)
    assert "<p><caption" not in html


def test_site_without_parcours_or_referentiels_still_renders(tmp_path: Path) -> None:
    (tmp_path / "fiches").mkdir()
    (tmp_path / "fiches/seule.yml").write_text(
        "titre: Seule\nresume: Une fiche.\npublic: [seniors]\nniveau: debutant\nduree: 30\n"
        "objectifs: [Rien.]\n", "utf-8")
    library = check_repository(tmp_path).library
    site = render_site(library)
    coverage_page = next(p for p in site.pages if p.uri == "couverture.md")
    assert "Aucun référentiel" in coverage_page.content
    index = json.loads(next(f.content for f in site.files if f.uri == "fiches/catalogue.json"))
    assert [f["id"] for f in index["fiches"]] == ["seule"]


def test_route_sees_prerequisites_behind_a_diamond_of_other_fiches(tmp_path: Path) -> None:
    """"fin" needs "pont", which needs "haut" and "bas"; "haut" needs "bas", which needs
    "base": "base" comes first although it is harder and its title sorts last."""
    fiche = ("titre: {titre}\nresume: R.\npublic: [seniors]\nniveau: {niveau}\nduree: 30\n"
             "objectifs: [O.]\nprerequis: {prerequis}\n{competences}")
    chosen = "competences: [x]\n"
    (tmp_path / "referentiels").mkdir()
    (tmp_path / "referentiels/r.yml").write_text(
        "titre: R\ncompetences:\n  - id: x\n    titre: X\n", "utf-8")
    (tmp_path / "fiches").mkdir()
    for ident, titre, niveau, prerequis, competences in [
        ("fin", "Aaa fin", "debutant", "[pont]", chosen),
        ("base", "Zzz base", "avance", "[]", chosen),
        ("pont", "Pont", "debutant", "[haut, bas]", ""),
        ("haut", "Haut", "debutant", "[bas]", ""),
        ("bas", "Bas", "debutant", "[base]", ""),
    ]:
        (tmp_path / f"fiches/{ident}.yml").write_text(fiche.format(
            titre=titre, niveau=niveau, prerequis=prerequis, competences=competences), "utf-8")
    result = check_repository(tmp_path)
    assert [d.format() for d in result.diagnostics if d.is_error] == []
    library = result.library
    route = roadmap(relate(library).fiches_by_competence[("r", "x")], library)
    assert [s.fiche.ident for s in route.steps] == ["base", "fin"]
    assert [f.ident for f in route.steps[1].before] == ["pont"]
