"""The paperwork of a workshop, per parcours: attendance sheets (feuilles d'émargement), the
certificate of participation (attestation) and the learner's progress card (« Mon carnet de
progrès »). Pure functions from the model, and the plan of `relais pdf --debut …` when one is
given, to the data of their templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ..learner_words import progress_levels
from ..model import Fiche, Library, Parcours, Seance
from ..planning import Plan, french_date, french_hour, session_dates
from ..relations import Relations, relate

Printed = Fiche | Parcours

# A session's objectives written by the learner: « Je sais… », « J'ouvre… ».
FIRST_PERSON = ("Je ", "J'", "J’")


@dataclass(frozen=True)
class DatedSession:
    """A session of the parcours, with its date and hours when the parcours is planned."""

    number: int
    seance: Seance
    day: date | None = None
    start: time | None = None

    @property
    def date_text(self) -> str | None:
        return french_date(self.day) if self.day else None

    @property
    def short_date(self) -> str | None:
        """« 12/01/2027 », where a line has little room."""
        return self.day.strftime("%d/%m/%Y") if self.day else None

    @property
    def hours_text(self) -> str | None:
        """« de 14 h à 16 h », when the start hour is known."""
        if self.start is None:
            return None
        end = (datetime.combine(date.min, self.start)
               + timedelta(minutes=self.seance.duree)).time()
        return f"de {french_hour(self.start)} à {french_hour(end)}"


@dataclass(frozen=True)
class ProgressSession:
    """One session of the progress card: what the learner ticks after it."""

    session: DatedSession
    items: list[str]
    first_person: bool  # the items are « Je sais… » sentences, else objectives as written


@dataclass(frozen=True)
class PlainCompetence:
    words: str  # the competency in plain words (`en_clair`), else its official title
    titre: str  # its official title
    referentiel: str  # the title of its référentiel


def dated_sessions(parcours: Parcours, plan: Plan | None) -> list[DatedSession]:
    """Every session, dated one a week from the plan's first date (none without a plan)."""
    if plan is None:
        return [DatedSession(n, s) for n, s in enumerate(parcours.seances, start=1)]
    days = session_dates(plan.debut, len(parcours.seances), plan.sauf)
    return [DatedSession(n, s, day, plan.heure)
            for n, (s, day) in enumerate(zip(parcours.seances, days, strict=True), start=1)]


def first_person(texts: list[str]) -> bool:
    """Objectives written by the learner (« Je sais… »), every one of them."""
    return bool(texts) and all(t.lstrip().startswith(FIRST_PERSON) for t in texts)


def progress_items(seance: Seance, fiches: list[Fiche]) -> list[str]:
    """What the learner ticks for a session: its objectives, which authors write « Je sais… »;
    a session without objectives uses its fiches' learner objectives (« Vous saurez… »), else
    their objectives. Nothing is rewritten into « Je sais… »: a machine-made sentence could be
    wrong French or say something else (the author guide asks for « Je sais… » objectives)."""
    if seance.objectifs:
        return list(seance.objectifs)
    found = [o for f in fiches for o in f.apprenant.objectifs] or \
        [o for f in fiches for o in f.objectifs]
    return list(dict.fromkeys(found))


def learner_competences(relations: Relations, parcours: Parcours) -> list[PlainCompetence]:
    """The competencies the parcours' fiches work, from the référentiels the parcours aims at
    (the learner one, CRCN, for a learners' parcours), in plain words when the référentiel
    gives them."""
    aimed = set(relations.parcours_referentiels(parcours))
    found = []
    for key in relations.parcours_competences(parcours):
        if key[0] not in aimed:
            continue
        referentiel, competence = relations.competence(key)
        found.append(PlainCompetence(competence.en_clair or competence.titre, competence.titre,
                                     referentiel.titre))
    return found


def _fiches(library: Library, seance: Seance) -> list[Fiche]:
    return [library.fiches[i] for i in seance.fiches if i in library.fiches]


def _place(library: Library, plan: Plan | None) -> str | None:
    """Where the workshop happens: `--lieu`, else the structure's address."""
    return (plan.lieu if plan else None) or library.settings.structure.adresse


# --- the context of each document (documents.KINDS) ---------------------------------------


def attendance_context(library: Library, document: Printed, plan: Plan | None) -> dict[str, Any]:
    """templates/emargement.html.j2: one sheet per session."""
    parcours = _parcours(document)
    return {"sessions": dated_sessions(parcours, plan),
            "lines": library.settings.emargement_lignes, "place": _place(library, plan)}


def certificate_context(library: Library, document: Printed, plan: Plan | None) -> dict[str, Any]:
    """templates/attestation.html.j2: the sessions to tick and the competencies worked."""
    parcours = _parcours(document)
    return {"sessions": dated_sessions(parcours, plan),
            "competences": learner_competences(relate(library), parcours),
            "place": _place(library, plan)}


def progress_context(library: Library, document: Printed, plan: Plan | None) -> dict[str, Any]:
    """templates/carnet.html.j2: what to tick after each session, and the competencies."""
    parcours = _parcours(document)
    sessions = []
    for session in dated_sessions(parcours, plan):
        items = progress_items(session.seance, _fiches(library, session.seance))
        sessions.append(ProgressSession(session, items, first_person(items)))
    return {"sessions": sessions, "levels": progress_levels(),
            "competences": learner_competences(relate(library), parcours)}


def _parcours(document: Printed) -> Parcours:
    assert isinstance(document, Parcours), "the paperwork is printed for a parcours"
    return document
