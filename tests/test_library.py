"""The shipped starter library: complete, coherent and covering the ten competencies."""

from __future__ import annotations

import pytest

from generator.check import check_repository
from generator.model import Library
from generator.relations import relate

from .conftest import ROOT

TOPICS = [
    "souris-et-ecran-tactile",
    "le-clavier",
    "envoyer-un-courriel",
    "joindre-une-piece-jointe",
    "ranger-ses-photos",
    "appel-video-en-famille",
    "reconnaitre-un-sms-arnaque",
    "mots-de-passe",
    "faire-les-mises-a-jour",
    "prendre-en-main-son-smartphone",
    "comprendre-franceconnect",
    "decouvrir-ameli",
    "decouvrir-impots-gouv",
    "decouvrir-la-caf",
    "controle-parental",
    "temps-d-ecran",
    "parler-des-reseaux-sociaux",
    "journal-des-fake-news",
    "escape-game-securite",
    "choisir-messagerie-navigateur-cloud",
    "decouvrir-les-logiciels-libres",
    "materiel-reconditionne",
    "accompagner-personnes-sourdes",
    "accompagner-personnes-autistes",
    "approche-duplex-illettrisme",
    "accompagner-majeurs-proteges",
    "diagnostiquer-les-besoins",
    "concevoir-un-parcours-de-15-seances",
    "se-faire-connaitre-localement",
    "animer-en-groupe-ou-en-individuel",
    "evaluer-un-atelier",
    "orienter-vers-france-services",
]


@pytest.fixture(scope="module")
def library() -> Library:
    result = check_repository(ROOT)
    assert [d.format() for d in result.diagnostics] == []  # 0 errors and 0 warnings
    return result.library


def test_ten_competencies_fully_described(library: Library) -> None:
    referentiel = library.referentiels["mediation-numerique"]
    assert len(referentiel.competences) == 10
    assert referentiel.niveaux == ["decouvrir", "pratiquer", "maitriser"]
    # Sources a reader can check: the professional title, each source with its address.
    assert "Médiateur numérique" in (referentiel.description or "")
    assert (referentiel.description or "").count("https://") >= 2
    for competence in referentiel.competences:
        assert competence.description and competence.domaine, competence.id
        assert set(competence.attendus) == set(referentiel.niveaux), competence.id


def test_every_competency_covered_by_a_fiche_and_the_mediators_path(library: Library) -> None:
    relations = relate(library)
    parcours = library.parcours["formation-continue-mediateurs"]
    covered_by_path = set(relations.parcours_competences(parcours))
    for competence in library.referentiels["mediation-numerique"].competences:
        key = ("mediation-numerique", competence.id)
        assert relations.fiches_by_competence[key], competence.id
        assert key in covered_by_path, competence.id


def test_at_least_thirty_complete_fiches_with_timed_steps(library: Library) -> None:
    assert len(library.fiches) >= 30
    for fiche in library.fiches.values():
        assert fiche.apprenant.etapes and fiche.apprenant.a_retenir, fiche.ident
        assert fiche.apprenant.exercices and fiche.animateur.deroule, fiche.ident
        assert sum(step.duree for step in fiche.animateur.deroule) == fiche.duree, fiche.ident


def test_required_topics_are_present(library: Library) -> None:
    assert [topic for topic in TOPICS if topic not in library.fiches] == []


def test_five_paths_including_fifteen_two_hour_sessions(library: Library) -> None:
    assert {
        "premiers-pas",
        "demarches-en-ligne",
        "parentalite-numerique",
        "esprit-critique",
        "formation-continue-mediateurs",
    } <= set(library.parcours)
    premiers_pas = library.parcours["premiers-pas"]
    assert [seance.duree for seance in premiers_pas.seances] == [120] * 15
    assert "seniors" in premiers_pas.public
