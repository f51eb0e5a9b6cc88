"""Images of the content repository: where they may be, which kinds, and SVGs that are safe.

An SVG is a document that browsers run: opened from the site, its `<script>` or `onload`
would run there. Relais copies media as they are, so an SVG is refused unless it is only a
picture: no script, event handler, external reference or embedded HTML.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from .files import stamp

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
MAX_SVG_BYTES = 2_000_000
MEDIA_HINT = "placez l'image dans medias/ et écrivez medias/nom.png"

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video",
                       "handler", "listener", "animate", "set", "animatemotion",
                       "animatetransform", "discard"}
_LINK_ATTRIBUTES = {"href", "src"}
# Embedded raster pictures are the only addresses allowed besides the document's own `#ids`.
_EMBEDDED_PICTURE = re.compile(r"data:image/(?:png|jpe?g|gif|webp);", re.IGNORECASE)
_STYLE_REFERENCE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def media_problem(root: Path, reference: str) -> tuple[str, str] | None:
    """Why an image path cannot be used, or None. Paths are relative to the repository root."""
    if "\x00" in reference:
        return (f"chemin d'image « {reference!r} » invalide", MEDIA_HINT)
    candidate = (root / reference).resolve()
    if reference.startswith(("/", "\\")) or "://" in reference \
            or not candidate.is_relative_to(root):
        return (f"image « {reference} » hors du dépôt", MEDIA_HINT)
    normal = posixpath.normpath(reference)
    if normal != reference:
        return (f"chemin d'image « {reference} » à simplifier", f"écrivez « {normal} »")
    if not reference.lower().endswith(IMAGE_SUFFIXES):
        return (f"« {reference} » n'est pas une image",
                "formats acceptés : " + ", ".join(s[1:] for s in IMAGE_SUFFIXES))
    if not candidate.is_file():
        return (f"image « {reference} » introuvable",
                "le chemin part de la racine du dépôt, par exemple medias/nom.png")
    if reference.lower().endswith(".svg"):
        problem = svg_problem(candidate, *stamp(candidate))
        if problem:
            return (f"image SVG « {reference} » refusée : {problem}",
                    "enregistrez l'image sans script ni lien externe (par exemple en PNG)")
    return None


@lru_cache(maxsize=4096)
def svg_problem(path: Path, mtime_ns: int, size: int) -> str | None:
    """What makes an SVG more than a picture, or None (cached while the file is unchanged)."""
    if size > MAX_SVG_BYTES:
        return "fichier de plus de 2 Mo"
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "déclaration DOCTYPE ou ENTITY"
    if re.search(rb"<\?xml-stylesheet", data):
        return "feuille de style externe"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return "fichier SVG illisible"
    for element in root.iter():
        problem = _element_problem(element)
        if problem:
            return problem
    return None


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _element_problem(element: ElementTree.Element) -> str | None:
    tag = _local_name(str(element.tag))
    if tag in _FORBIDDEN_ELEMENTS:
        return f"élément « {tag} »"
    if tag == "style" and _STYLE_REFERENCE.search(element.text or ""):
        return "référence externe dans un style"
    for name, value in element.attrib.items():
        attribute = _local_name(name)
        if attribute.startswith("on"):
            return f"attribut « {attribute} »"
        if attribute in _LINK_ATTRIBUTES and not _local_address(value):
            return f"référence externe « {value[:60]} »"
        if attribute == "style" and _STYLE_REFERENCE.search(value):
            return "référence externe dans un style"
    return None


def _local_address(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_EMBEDDED_PICTURE.match(value))
