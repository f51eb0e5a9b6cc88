"""Relais links (`fiche:ID`, `parcours:ID`, `competence:REF/ID`) in text for another tool."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..addresses import PublicSite, relais_link
from ..model import Library

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
    page = relais_link(library, scheme, reference)
    return site.absolute(page) if page else None
