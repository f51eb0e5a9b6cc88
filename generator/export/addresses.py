"""Where content lives on the published site, for exports that link back to it."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..load import read_mkdocs_config
from ..model import Library
from ..site import urls


@dataclass(frozen=True)
class PublicSite:
    """The site's public address (`site_url` in mkdocs.yml, if any) and its URL style."""

    url: str | None = None
    directory_urls: bool = True

    def page(self, md_uri: str) -> str:
        """Path of a generated page from the site root, as MkDocs publishes it."""
        stem, _ = posixpath.splitext(md_uri)
        if not self.directory_urls:
            return f"{stem}.html"
        if posixpath.basename(stem) == "index":
            folder = posixpath.dirname(stem)
            return f"{folder}/" if folder else ""
        return f"{stem}/"

    def absolute(self, md_uri: str) -> str | None:
        """Full address of a page, or None when the site declares no `site_url`."""
        return self.url + self.page(md_uri) if self.url else None


def public_site(library: Library) -> PublicSite:
    try:
        config = read_mkdocs_config(library.root) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        config = {}  # the content check reports an unreadable mkdocs.yml
    url = config.get("site_url")
    url = url if isinstance(url, str) and re.fullmatch(r"https?://\S+", url) else None
    if url and not url.endswith("/"):
        url += "/"
    return PublicSite(url, config.get("use_directory_urls", True) is not False)


def link_page(library: Library, scheme: str, reference: str) -> str | None:
    """The page a relais link (fiche:ID, parcours:ID, competence:REF/ID) points to."""
    if scheme == "fiche" and reference in library.fiches:
        return urls.fiche(reference)
    if scheme == "parcours" and reference in library.parcours:
        return urls.parcours(reference)
    if scheme == "competence" and (found := library.resolve_competence(reference)):
        return urls.competence(found[0].ident, found[1].id)
    return None


# [texte](fiche:ID), [texte](parcours:ID), [texte](competence:REF/ID), with an optional title.
_RELAIS_LINK = re.compile(
    r"(?<!!)\[(?P<text>[^\]]*)\]\(\s*<?(?P<scheme>fiche|parcours|competence):(?P<ref>[^)\s>]*)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)


def outside_links(text: str, library: Library, site: PublicSite) -> str:
    """Markdown for another tool: relais links become site addresses, or their bare text."""
    return _rewrite(text, lambda scheme, ref: _absolute(library, site, scheme, ref))


def plain_links(text: str) -> str:
    """Plain text: each relais link reduced to its text."""
    return _rewrite(text, lambda scheme, ref: None)


def _rewrite(text: str, address: Callable[[str, str], str | None]) -> str:
    def substitute(match: re.Match[str]) -> str:
        target = address(match["scheme"], match["ref"])
        return f"[{match['text']}]({target})" if target else match["text"]

    return _RELAIS_LINK.sub(substitute, text)


def _absolute(library: Library, site: PublicSite, scheme: str, reference: str) -> str | None:
    page = link_page(library, scheme, reference)
    return site.absolute(page) if page else None
