"""What the shipped library promises advisers: enough fiches, dated facts, the learner
framework on learner fiches, pictures in the steps, and a smartphone-first « Premiers pas »."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from generator.check import check_repository
from generator.icons import SHORTCODE
from generator.model import Fiche, Library

from .conftest import ROOT

LEARNER_FRAMEWORK = "crcn"
MEDIATOR_FRAMEWORK = "mediation-numerique"


@pytest.fixture(scope="module")
def library() -> Library:
    result = check_repository(ROOT)
    assert [d.format() for d in result.diagnostics] == []
    return result.library


def _for_mediators(fiche: Fiche) -> bool:
    return "mediateurs" in fiche.public


def _frameworks(fiche: Fiche) -> set[str]:
    return {reference.split("/")[0] for reference in fiche.competences}


def test_at_least_64_fiches_using_every_audience_and_theme(library: Library) -> None:
    assert len(library.fiches) >= 64
    publics = {public for fiche in library.fiches.values() for public in fiche.public}
    themes = {theme for fiche in library.fiches.values() for theme in fiche.thematiques}
    assert {"handicap", "illettrisme", "allophones", "enfants"} <= publics
    assert {"insertion-pro", "professionnel", "scolarite", "ia"} <= themes


def test_every_fiche_and_parcours_says_when_its_facts_were_checked(library: Library) -> None:
    undated = [d.ident for d in [*library.fiches.values(), *library.parcours.values()]
               if d.verifie_le is None]
    assert undated == []


def test_learner_fiches_on_the_crcn_and_mediator_fiches_on_mediation(library: Library) -> None:
    for fiche in library.fiches.values():
        expected = MEDIATOR_FRAMEWORK if _for_mediators(fiche) else LEARNER_FRAMEWORK
        assert _frameworks(fiche) == {expected}, fiche.ident


def test_the_crcn_has_16_competencies_in_5_domains(library: Library) -> None:
    crcn = library.referentiels[LEARNER_FRAMEWORK]
    assert len(crcn.competences) == 16
    assert len({competence.domaine for competence in crcn.competences}) == 5
    assert len(crcn.niveaux) == 8
    assert "2019-919" in (crcn.description or "")


def test_most_learner_steps_show_what_to_touch(library: Library) -> None:
    steps = [etape for fiche in library.fiches.values() for etape in fiche.apprenant.etapes]
    pictured = [etape for etape in steps if etape.image or SHORTCODE.search(etape.texte)]
    assert len(pictured) >= 0.6 * len(steps), f"{len(pictured)} sur {len(steps)}"


def _session_of(library: Library, pattern: str) -> int:
    """1-based number of the first « Premiers pas » session whose fiches match `pattern`."""
    seances = library.parcours["premiers-pas"].seances
    return next(number for number, seance in enumerate(seances, start=1)
                if any(re.search(pattern, fiche) for fiche in seance.fiches))


def test_premiers_pas_is_smartphone_first(library: Library) -> None:
    parcours = library.parcours["premiers-pas"]
    assert len(parcours.seances) == 15
    assert _session_of(library, "smartphone") <= 3
    email = _session_of(library, "envoyer-un-courriel")
    assert _session_of(library, "courriel-arnaque") == email + 1
    assert _session_of(library, "ameli|impots|caf") < _session_of(library, "bilan")
    revisions = [number for number, seance in enumerate(parcours.seances, start=1)
                 if "revision" in " ".join(seance.fiches)]
    # At most 5 sessions of new things before a revision; the bilan closes the path.
    marks = [0, *revisions, len(parcours.seances)]
    assert len(revisions) >= 2
    assert all(later - earlier - 1 <= 5 for earlier, later in pairwise(marks))


def test_every_premiers_pas_session_has_an_exercise_and_a_self_check(library: Library) -> None:
    for number, seance in enumerate(library.parcours["premiers-pas"].seances, start=1):
        fiches = [library.fiches[ident] for ident in seance.fiches]
        assert any(fiche.apprenant.exercices for fiche in fiches), number
        assert seance.objectifs and all(o.startswith("Je ") for o in seance.objectifs), number


def test_prerequisites_come_before_in_premiers_pas(library: Library) -> None:
    seances = library.parcours["premiers-pas"].seances
    in_path = {ident for seance in seances for ident in seance.fiches}
    seen: set[str] = set()
    for seance in seances:
        for ident in seance.fiches:
            assert set(library.fiches[ident].prerequis) & in_path <= seen, ident
        seen.update(seance.fiches)
