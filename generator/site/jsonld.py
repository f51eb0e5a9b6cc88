"""schema.org metadata (JSON-LD) for the head of each page, built as data and dumped once.

The text is safe to print as it is inside `<script type="application/ld+json">`: `<`, `>` and
`&` are written as JSON escapes, so author text can never close the script element.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Fiche, Library, Parcours, Referentiel
from ..relations import Relations
from .coverage import timeline
from .text import plain

CONTEXT = "https://schema.org"
COURSE_MODE = {"collectif": "onsite", "individuel": "onsite", "a-distance": "online"}


def dumps(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration: 90 -> PT1H30M."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def licence_url(licence: str) -> str:
    """An SPDX identifier as the URL of its licence text (a name, never fetched)."""
    return f"https://spdx.org/licenses/{licence}.html"


def fiche(fiche: Fiche, relations: Relations) -> dict[str, Any]:
    library = relations.library
    vocab = library.vocabularies
    competences = [relations.competence(key) for key in relations.fiche_competences(fiche)]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "LearningResource",
        "name": fiche.titre,
        "description": plain(fiche.resume),
        "inLanguage": "fr",
        "learningResourceType": "fiche d'atelier",
        "educationalLevel": vocab.niveau.get(fiche.niveau, fiche.niveau),
        "audience": _audiences(library, fiche.public),
        "timeRequired": iso_duration(fiche.duree),
        # The competencies as defined terms, then the objectives in the authors' words.
        "teaches": [*(_term(r, c.titre) for r, c in competences),
                    *(plain(o) for o in fiche.objectifs)],
        "educationalAlignment": [_alignment(r, c.titre) for r, c in competences],
        "license": licence_url(fiche.licence or library.settings.licence),
        "isAccessibleForFree": True,
    }
    if fiche.thematiques:
        data["keywords"] = [vocab.thematiques.get(t, t) for t in fiche.thematiques]
    if fiche.prerequis:
        data["competencyRequired"] = [library.fiches[p].titre for p in fiche.prerequis
                                      if p in library.fiches]
    return data


def parcours(parcours: Parcours, relations: Relations) -> dict[str, Any]:
    library = relations.library
    entries = timeline(relations, parcours)
    mode = COURSE_MODE.get(parcours.modalite, "onsite")
    return {
        "@context": CONTEXT,
        "@type": "Course",
        "name": parcours.titre,
        "description": plain(parcours.resume),
        "inLanguage": "fr",
        "educationalLevel": library.vocabularies.niveau.get(parcours.niveau, parcours.niveau),
        "audience": _audiences(library, parcours.public),
        "timeRequired": iso_duration(parcours.total_minutes),
        "teaches": [_term(r, c.titre) for r, c in
                    (relations.competence(k) for k in relations.parcours_competences(parcours))],
        "isAccessibleForFree": True,
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "name": f"Séance {e.number} : {e.seance.titre}",
                "courseMode": mode,
                "courseWorkload": iso_duration(e.seance.duree),
                "courseSchedule": {"@type": "Schedule", "duration": iso_duration(e.seance.duree),
                                   "repeatCount": 1},
            }
            for e in entries
        ],
        "syllabusSections": [
            {
                "@type": "Syllabus",
                "name": f"Séance {e.number} : {e.seance.titre}",
                "position": e.number,
                "timeRequired": iso_duration(e.seance.duree),
            }
            for e in entries
        ],
    }


def page(name: str, kind: str = "WebPage", description: str | None = None) -> dict[str, Any]:
    """Listing and other pages: what they are, in French."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": kind, "name": name, "inLanguage": "fr"}
    if description:
        data["description"] = plain(description)
    return data


def _audiences(library: Library, publics: list[str]) -> list[dict[str, str]]:
    return [{"@type": "Audience", "audienceType": library.vocabularies.public.get(p, p)}
            for p in publics]


def _term(referentiel: Referentiel, competence: str) -> dict[str, str]:
    return {"@type": "DefinedTerm", "name": competence, "inDefinedTermSet": referentiel.titre}


def _alignment(referentiel: Referentiel, competence: str) -> dict[str, str]:
    return {
        "@type": "AlignmentObject",
        "alignmentType": "teaches",
        "educationalFramework": referentiel.titre,
        "targetName": competence,
    }
