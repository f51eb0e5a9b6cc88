"""A référentiel as a 1EdTech CASE 1.0 package (CFPackage JSON).

Domains become CFItems of type « Domaine » under the document; each competency is a CFItem of
type « Compétence » under its domain, or under the document when it has none. The per-level
expectations (`attendus`) become a CFRubric. Every identifier is a UUIDv5 of stable slugs, so
exporting again gives the same ids. When mkdocs.yml declares `site_url`, every `uri` is the
address of a page of the site: the référentiel's page for the document, each competency's
page, the référentiel's page at the domain's heading, and for objects without a page of their
own (types, associations, rubric) the page that shows them, with a fragment naming the object.
Without `site_url`, `uri`s are `urn:uuid:` URNs of the ids.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import addresses
from ..addresses import PublicSite
from ..model import Competence, Library, Referentiel
from .changes import iso_utc
from .links import outside_links

# Fixed forever: changing it would change every exported identifier.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:relais:case")
COMPETENCE_TYPE = "Compétence"
DOMAINE_TYPE = "Domaine"
LANGUAGE = "fr"

Json = dict[str, Any]
Text = Callable[[str | None], str | None]  # author Markdown -> text for other tools


def case_identifier(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def slugify(text: str) -> str:
    """« Accueillir et orienter » -> accueillir-et-orienter (for domain identifiers)."""
    bare = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c if c.isascii() and c.isalnum() else " " for c in bare
                      if not unicodedata.combining(c))
    return "-".join(letters.split()) or "domaine"


def one_line(text: str) -> str:
    """CASE titles and codes are normalized strings: no line breaks, single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class _Node:
    """What a LinkURI / LinkGenURI needs to point at a document, item or definition."""

    identifier: str
    title: str
    address: str | None = None  # its page on the public site (with a fragment), if known

    @property
    def uri(self) -> str:
        return self.address or f"urn:uuid:{self.identifier}"

    def link(self) -> Json:
        return {"title": one_line(self.title), "identifier": self.identifier, "uri": self.uri}


def _at(site: PublicSite, page: str, fragment: str | None = None) -> str | None:
    """The address of a page of the public site (None without `site_url`)."""
    address = site.absolute(page)
    return f"{address}#{fragment}" if address and fragment else address


def heading_anchor(title: str) -> str:
    """The anchor MkDocs gives a heading (its `toc` extension's default slugify)."""
    from markdown.extensions.toc import slugify as toc_slugify

    return toc_slugify(title, "-")


def case_package(library: Library, referentiel: Referentiel, changed: datetime,
                 site: PublicSite) -> Json:
    """The CFPackage of one référentiel; `changed` is its file's last change."""
    stamp = iso_utc(changed)
    ref = referentiel.ident
    home = addresses.referentiel(ref)
    document = _Node(case_identifier(f"referentiel:{ref}"), referentiel.titre, _at(site, home))
    types = {label: _Node(case_identifier(f"type:{slugify(label)}"), label,
                          _at(site, home, f"type-{slugify(label)}"))
             for label in (DOMAINE_TYPE, COMPETENCE_TYPE)}
    licence_id = case_identifier(f"licence:{library.settings.licence}")
    licence = _Node(licence_id, library.settings.licence,
                    licence_url(library.settings.licence) if site.url else None)

    def text(markdown: str | None) -> str | None:
        return outside_links(markdown.strip(), library, site) if markdown else None

    cf_document: Json = {
        "identifier": document.identifier,
        "uri": document.uri,
        "creator": one_line(library.settings.site_name),
        "title": one_line(referentiel.titre),
        "lastChangeDateTime": stamp,
        "language": LANGUAGE,
        "licenseURI": licence.link(),
    }
    if referentiel.description:
        cf_document["description"] = text(referentiel.description)
    if page := site.absolute(addresses.referentiel(ref)):
        cf_document["officialSourceURL"] = page

    items: list[Json] = []
    associations: list[Json] = []

    def add_item(node: _Node, kind: str, code: str, parent: _Node, position: int,
                 notes: str | None) -> None:
        item: Json = {
            "identifier": node.identifier,
            "uri": node.uri,
            "fullStatement": node.title,
            "humanCodingScheme": code,
            "listEnumeration": str(position),
            "CFItemType": kind,
            "CFItemTypeURI": types[kind].link(),
            "language": LANGUAGE,
            "lastChangeDateTime": stamp,
        }
        if notes:
            item["notes"] = notes
        items.append(item)
        associations.append(_child_of(node, parent, position, stamp, site, home))

    domains: dict[str, _Node] = {}
    counts: dict[str, int] = {}
    for competence in referentiel.competences:
        parent = document
        if competence.domaine:
            slug = slugify(competence.domaine)
            if slug not in domains:
                domains[slug] = _Node(case_identifier(f"domaine:{ref}/{slug}"), competence.domaine,
                                      _at(site, home, heading_anchor(competence.domaine)))
                counts[document.identifier] = counts.get(document.identifier, 0) + 1
                add_item(domains[slug], DOMAINE_TYPE, slug, document,
                         counts[document.identifier], None)
            parent = domains[slug]
        counts[parent.identifier] = counts.get(parent.identifier, 0) + 1
        add_item(_competence_node(ref, competence, site), COMPETENCE_TYPE, competence.id, parent,
                 counts[parent.identifier], text(competence.description))

    package: Json = {
        "CFDocument": cf_document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [_item_type(node, stamp) for node in types.values()],
            "CFLicenses": [_licence(licence, stamp)],
        },
    }
    rubric = _rubric(referentiel, stamp, text, site)
    if rubric:
        package["CFRubrics"] = [rubric]
    return package


def _competence_node(ref: str, competence: Competence, site: PublicSite) -> _Node:
    return _Node(case_identifier(f"competence:{ref}/{competence.id}"), competence.titre,
                 _at(site, addresses.competence(ref, competence.id)))


def _child_of(child: _Node, parent: _Node, position: int, stamp: str, site: PublicSite,
              home: str) -> Json:
    identifier = case_identifier(f"isChildOf:{child.identifier}:{parent.identifier}")
    link = _Node(identifier, "", _at(site, home, f"association-{identifier}"))
    return {
        "identifier": link.identifier,
        "uri": link.uri,
        "associationType": "isChildOf",
        "sequenceNumber": position,
        "originNodeURI": child.link(),
        "destinationNodeURI": parent.link(),
        "lastChangeDateTime": stamp,
    }


def _item_type(node: _Node, stamp: str) -> Json:
    descriptions = {
        DOMAINE_TYPE: "Regroupement de compétences d'un référentiel.",
        COMPETENCE_TYPE: "Compétence d'un référentiel, évaluée selon ses niveaux.",
    }
    return {
        "identifier": node.identifier,
        "uri": node.uri,
        "title": node.title,
        "description": descriptions[node.title],
        "hierarchyCode": "1" if node.title == DOMAINE_TYPE else "2",
        "lastChangeDateTime": stamp,
    }


def licence_url(licence: str) -> str:
    return f"https://spdx.org/licenses/{licence}.html"


def _licence(node: _Node, stamp: str) -> Json:
    address = licence_url(node.title)
    return {
        "identifier": node.identifier,
        "uri": node.uri,
        "title": node.title,
        "description": f"Licence SPDX {node.title}",
        "licenseText": address,
        "lastChangeDateTime": stamp,
    }


def _rubric(referentiel: Referentiel, stamp: str, text: Text, site: PublicSite) -> Json | None:
    """The expected behaviour at each level (`attendus`), one criterion per competency; their
    `uri`s are the competency's page at its « Niveaux attendus »."""
    ref = referentiel.ident
    criteria = []
    for position, competence in enumerate(referentiel.competences, start=1):
        if not competence.attendus:
            continue
        item = _competence_node(ref, competence, site)
        page = addresses.competence(ref, competence.id)
        levels = []
        for rank, niveau in enumerate(referentiel.niveaux, start=1):
            if niveau not in competence.attendus:
                continue
            level_id = case_identifier(f"niveau:{ref}/{competence.id}/{niveau}")
            level: Json = {
                "identifier": level_id,
                "uri": _at(site, page, f"niveau-{niveau}") or f"urn:uuid:{level_id}",
                "quality": one_line(referentiel.niveau_titre(niveau)),
                "score": rank,
                "position": rank,
                "lastChangeDateTime": stamp,
            }
            if description := text(competence.attendus[niveau]):
                level["description"] = description
            levels.append(level)
        criterion_id = case_identifier(f"critere:{ref}/{competence.id}")
        criteria.append({
            "identifier": criterion_id,
            "uri": _at(site, page, "niveaux-attendus") or f"urn:uuid:{criterion_id}",
            "category": one_line(competence.titre),
            "CFItemURI": item.link(),
            "position": position,
            "lastChangeDateTime": stamp,
            "CFRubricCriterionLevels": levels,
        })
    if not criteria:
        return None
    rubric_id = case_identifier(f"grille:{ref}")
    return {
        "identifier": rubric_id,
        "uri": _at(site, addresses.referentiel(ref), "niveaux-attendus") or f"urn:uuid:{rubric_id}",
        "title": one_line(f"Niveaux attendus : {referentiel.titre}"),
        "description": "Niveaux : " + ", ".join(referentiel.niveau_titre(n)
                                                 for n in referentiel.niveaux),
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": criteria,
    }
