"""The whole catalogue as one JSON document, for hubs that aggregate catalogues.

Every content field is written, with its default when the author left it out, so a hub (or a
test) can rebuild each fiche, parcours and référentiel from it. A few derived fields help hubs:
`source` (the YAML file), `page` (its page, from the site root), for a fiche `score_falc` (the
share of its learner sentences that draw no plain-language warning), for a fiche and a parcours
`a_reverifier` (its `verifie_le` is older than the `verification_max_mois` setting, on the day
of the export; false without `verifie_le`), for a référentiel
`niveaux_titres` (the titles of levels written `{id, titre}`) and, for a parcours,
`duree_totale`. Durations are minutes. Documented in docs/catalogue-json.md; the JSON Schema is
schemas/catalogue.schema.json.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .. import addresses, verification
from ..addresses import PublicSite, public_site
from ..model import Document, Fiche, Library, Parcours, Referentiel
from ..plain_language import plain_language_score

FORMAT = "relais-catalogue"
VERSION = 1
SCHEMA_FILE = "schemas/catalogue.schema.json"

Json = dict[str, Any]


def catalogue(library: Library, site: PublicSite | None = None) -> Json:
    site = site or public_site(library)
    settings = library.settings
    vocabularies = library.vocabularies
    today = verification.today()

    def to_recheck(document: Fiche | Parcours) -> bool:
        return verification.to_recheck(document.verifie_le, settings.verification_max_mois,
                                       today)

    return {
        "format": FORMAT,
        "version": VERSION,
        "site": {"nom": settings.site_name, "url": site.url, "licence": settings.licence},
        "vocabulaires": {
            "public": vocabularies.public,
            "thematiques": vocabularies.thematiques,
            "niveau": vocabularies.niveau,
            "modalite": vocabularies.modalite,
        },
        "referentiels": [_referentiel(r, site) for r in _by_id(library.referentiels)],
        "fiches": [_entry(f, site.page(addresses.fiche(f.ident)), score_falc=_score(f, library),
                          a_reverifier=to_recheck(f))
                   for f in _by_id(library.fiches)],
        "parcours": [_entry(p, site.page(addresses.parcours(p.ident)), duree_totale=p.total_minutes,
                            a_reverifier=to_recheck(p))
                     for p in _by_id(library.parcours)],
        "glossaire": [{"terme": e.terme, "definition": e.definition} for e in library.glossaire],
    }


def catalogue_json(library: Library, site: PublicSite | None = None, *, compact: bool = False
                   ) -> str:
    """Stable text: documents sorted by id, so unchanged content gives an unchanged file.

    `compact` (the site's copy) skips indentation: the indenting encoder is pure Python and
    costs a noticeable share of a large build."""
    data = catalogue(library, site)
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def catalogue_schema() -> Json:
    text = resources.files("generator.export").joinpath(SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


def _score(fiche: Fiche, library: Library) -> float | None:
    score = plain_language_score(fiche, library)
    return None if score is None else round(score, 2)


def _by_id(documents: dict[str, Any]) -> list[Any]:
    return [documents[key] for key in sorted(documents)]


def _entry(document: Document, page: str, **derived: Any) -> Json:
    content = document.model_dump(mode="json")
    return {"id": document.ident, "source": document.source.path, "page": page,
            **{k: v for k, v in content.items() if k != "id"}, **derived}


def _referentiel(referentiel: Referentiel, site: PublicSite) -> Json:
    entry = _entry(referentiel, site.page(addresses.referentiel(referentiel.ident)))
    entry["niveaux_titres"] = {niveau: referentiel.niveau_titre(niveau)
                               for niveau in referentiel.niveaux
                               if referentiel.niveau_titre(niveau) != niveau}
    for competence in entry["competences"]:
        competence["page"] = site.page(addresses.competence(referentiel.ident, competence["id"]))
    return entry
