"""The catalogue's data: every fiche as a card, and the filters (facets) with their values.

The browser script is generic: each fiche lists, per facet, the values it matches, so cumulative
filters such as "≤ 1 h" are decided here, once, and the script only intersects sets.
"""

from __future__ import annotations

import json
from typing import Any

from .. import verification
from ..durations import format_duration
from ..model import Fiche, Library
from ..relations import Relations
from .search import fold, synonym_groups
from .text import plain

# (value, label, longest duration in minutes or None for "more"); each bound includes the shorter.
DUREES: list[tuple[str, str, int | None]] = [
    ("30", "≤ 30 min", 30),
    ("60", "≤ 1 h", 60),
    ("90", "≤ 1 h 30", 90),
    ("120", "≤ 2 h", 120),
    ("plus", "Plus de 2 h", None),
]
ETOILES = {"debutant": 1, "intermediaire": 2, "avance": 3}  # niveau as in activity reports


def duration_values(minutes: int) -> list[str]:
    """Every duration filter value a fiche of `minutes` matches."""
    longest = max(limit for _, _, limit in DUREES if limit is not None)
    return [value for value, _, limit in DUREES
            if (limit is None and minutes > longest) or (limit is not None and minutes <= limit)]


def french_order(title: str) -> tuple[str, str]:
    """Titles as a French reader sorts them: « Évaluer » with the E's (accents and capitals
    count only between otherwise equal titles), as the browser's Intl.Collator('fr') does."""
    return (fold(title), title.casefold())


def catalogue_index(library: Library, relations: Relations) -> dict[str, Any]:
    """The JSON-ready index: facets (in display order), fiches (in French title order) and the
    synonym groups of the text box."""
    vocab = library.vocabularies
    fiches = sorted(library.fiches.values(), key=lambda f: (*french_order(f.titre), f.ident))
    memberships = {f.ident: _memberships(f, relations) for f in fiches}

    def values(facet: str, labels: dict[str, str]) -> list[dict[str, str]]:
        used = {v for m in memberships.values() for v in m[facet]}
        known = [{"id": v, "label": label} for v, label in labels.items() if v in used]
        unknown = [{"id": v, "label": v} for v in sorted(used - set(labels))]
        return known + unknown

    competences = {f"{ref}/{comp}": _competence_label(relations, (ref, comp))
                   for ref, referentiel in library.referentiels.items()
                   for comp in (c.id for c in referentiel.competences)}
    facets = [
        _facet("public", "Public", "multi", values("public", vocab.public)),
        _facet("niveau", "Niveau", "multi", values("niveau", vocab.niveau)),
        _facet("duree", "Durée", "single", [{"id": v, "label": label} for v, label, _ in DUREES]),
        _facet("modalite", "Modalité", "multi", values("modalite", vocab.modalite)),
        _facet("thematique", "Thématique", "multi", values("thematique", vocab.thematiques)),
        _facet("competence", "Compétence", "multi", values("competence", competences)),
    ]
    settings = library.settings
    today = verification.today()
    cards = [_card(f, memberships[f.ident],
                   verification.to_recheck(f.verifie_le, settings.verification_max_mois, today))
             for f in fiches]
    groups = synonym_groups(settings.synonymes, settings.synonymes_relais)
    return {"facets": facets, "fiches": cards,
            "synonymes": [[fold(word) for word in group] for group in groups]}


def as_json(index: dict[str, Any]) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def as_script(index: dict[str, Any]) -> str:
    """The same data for pages opened from disk, where a script cannot fetch a JSON file."""
    data = as_json(index).replace("<", "\\u003c")
    return f"window.relaisCatalogue = {data};\n"


def _facet(ident: str, label: str, kind: str, values: list[dict[str, str]]) -> dict[str, Any]:
    return {"id": ident, "label": label, "kind": kind, "values": values}


def _memberships(fiche: Fiche, relations: Relations) -> dict[str, list[str]]:
    return {
        "public": list(fiche.public),
        "niveau": [fiche.niveau],
        "duree": duration_values(fiche.duree),
        "modalite": [fiche.modalite],
        "thematique": list(fiche.thematiques),
        "competence": [f"{ref}/{comp}" for ref, comp in relations.fiche_competences(fiche)],
    }


def _card(fiche: Fiche, memberships: dict[str, list[str]], to_recheck: bool = False
          ) -> dict[str, Any]:
    """What a card shows; labels of public, niveau... come from the facets. `a_reverifier`
    (only when true: the index stays small) shows the « à revérifier » badge."""
    card = {
        "id": fiche.ident,
        "titre": fiche.titre,
        "resume": plain(fiche.resume),
        "etoiles": ETOILES[fiche.niveau],
        "duree": format_duration(fiche.duree),
        "minutes": fiche.duree,
        "f": memberships,
    }
    if to_recheck:
        card["a_reverifier"] = True
    return card


def _competence_label(relations: Relations, key: tuple[str, str]) -> str:
    referentiel, competence = relations.competence(key)
    if len(relations.library.referentiels) > 1:
        return f"{competence.titre} ({referentiel.titre})"
    return competence.titre
