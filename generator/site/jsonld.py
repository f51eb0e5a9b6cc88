"""schema.org metadata (JSON-LD) for the head of each page, built as data and dumped once.

The text is safe to print as it is inside `<script type="application/ld+json">`: `<`, `>` and
`&` are written as JSON escapes, so author text can never close the script element.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .. import addresses
from ..model import Fiche, Library, Parcours, Referentiel
from ..relations import Relations
from .coverage import timeline
from .text import plain

CONTEXT = "https://schema.org"
COURSE_MODE = {"collectif": "onsite", "individuel": "onsite", "a-distance": "online"}
WEEKLY = "P1W"  # sessions are planned once a week (see `relais calendrier`)
# A docs path -> its public address, when the site declares `site_url` (else None).
Address = Callable[[str], str | None]


def _nowhere(_: str) -> str | None:
    return None


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


def fiche(fiche: Fiche, relations: Relations, address: Address = _nowhere) -> dict[str, Any]:
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
        "teaches": [*(_term(r, c.titre, address) for r, c in competences),
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
    if fiche.verifie_le:
        data["mainEntityOfPage"] = _reviewed_page(fiche.verifie_le,
                                                  address(addresses.fiche(fiche.ident)))
    return data


def _reviewed_page(verifie_le: str, url: str | None) -> dict[str, str]:
    """When the facts were last checked: schema.org's `lastReviewed` (« Date on which the
    content on this web page was last reviewed for accuracy and/or completeness ») belongs to
    the page, so the resource is the main entity of a reviewed page. `verifie_le` is an ISO
    8601 date, or a month (reduced precision, also ISO 8601). Not `dateModified`: checking the
    facts is not changing them."""
    reviewed = {"@type": "WebPage", "lastReviewed": verifie_le}
    if url:
        reviewed["url"] = url
    return reviewed


def parcours(parcours: Parcours, relations: Relations,
             address: Address = _nowhere) -> dict[str, Any]:
    library = relations.library
    entries = timeline(relations, parcours)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Course",
        "name": parcours.titre,
        "description": plain(parcours.resume),
        "inLanguage": "fr",
        "educationalLevel": library.vocabularies.niveau.get(parcours.niveau, parcours.niveau),
        "audience": _audiences(library, parcours.public),
        "timeRequired": iso_duration(parcours.total_minutes),
        "teaches": [_term(r, c.titre, address) for r, c in
                    (relations.competence(k) for k in relations.parcours_competences(parcours))],
        "isAccessibleForFree": True,
        "provider": _provider(library, address),
        "offers": {"@type": "Offer", "category": "Free", "price": 0, "priceCurrency": "EUR"},
        "hasCourseInstance": _course_instance(parcours),
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
    if parcours.verifie_le:
        data["mainEntityOfPage"] = _reviewed_page(parcours.verifie_le,
                                                  address(addresses.parcours(parcours.ident)))
    return data


def _course_instance(parcours: Parcours) -> dict[str, Any]:
    """The course as it is taught: one instance, its sessions once a week (their mean length;
    the whole workload is exact)."""
    count = len(parcours.seances)
    mean = round(parcours.total_minutes / count / 5) * 5 if count else 0
    return {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODE.get(parcours.modalite, "onsite"),
        "courseWorkload": iso_duration(parcours.total_minutes),
        "courseSchedule": {"@type": "Schedule", "repeatFrequency": WEEKLY,
                           "repeatCount": count, "duration": iso_duration(max(mean, 5))},
    }


def _provider(library: Library, address: Address) -> dict[str, str]:
    """Who offers the courses: the structure when the settings name it, else the site."""
    structure = getattr(library.settings, "structure", None)
    name = getattr(structure, "nom", None) or library.settings.site_name
    provider = {"@type": "Organization", "name": str(name)}
    if home := address(addresses.HOME):
        provider["url"] = home
    return provider


def page(name: str, kind: str = "WebPage", description: str | None = None) -> dict[str, Any]:
    """Listing and other pages: what they are, in French (pages and sets of terms are creative
    works, which have a language; a term is not)."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": kind, "name": name}
    if kind != "DefinedTerm":
        data["inLanguage"] = "fr"
    if description:
        data["description"] = plain(description)
    return data


def competence(referentiel: Referentiel, titre: str, description: str | None,
               address: Address = _nowhere) -> dict[str, Any]:
    """A competency's page: a term of its référentiel."""
    data = page(titre, "DefinedTerm", description)
    data["inDefinedTermSet"] = _term(referentiel, titre, address)["inDefinedTermSet"]
    return data


def _audiences(library: Library, publics: list[str]) -> list[dict[str, str]]:
    return [{"@type": "Audience", "audienceType": library.vocabularies.public.get(p, p)}
            for p in publics]


def _term(referentiel: Referentiel, competence: str, address: Address) -> dict[str, Any]:
    """A competency as a term of its référentiel (a DefinedTermSet, with its page's address
    when the site has one)."""
    term_set: dict[str, str] = {"@type": "DefinedTermSet", "name": referentiel.titre}
    if page := address(addresses.referentiel(referentiel.ident)):
        term_set["url"] = page
    return {"@type": "DefinedTerm", "name": competence, "inDefinedTermSet": term_set}


def _alignment(referentiel: Referentiel, competence: str) -> dict[str, str]:
    return {
        "@type": "AlignmentObject",
        "alignmentType": "teaches",
        "educationalFramework": referentiel.titre,
        "targetName": competence,
    }
