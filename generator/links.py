"""Links inside Markdown fields: finding them, and what their targets mean."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

RELAIS_SCHEMES = ("fiche", "parcours", "competence")
ALLOWED_SCHEMES = ("http", "https", "mailto", *RELAIS_SCHEMES)

# [text](target "title"), ![alt](target), <scheme:target>, and [ref]: target definitions.
_INLINE = re.compile(
    r"(!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>(?:[^()\s<>]|\([^()\s]*\))*)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_AUTOLINK = re.compile(r"<(?P<target>[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.MULTILINE)
_SCHEME = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class Link:
    target: str
    offset: int  # index of the target in the text
    start: int  # index of the whole link in the text
    end: int

    @property
    def scheme(self) -> str | None:
        match = _SCHEME.match(self.target)
        return match["scheme"].lower() if match else None

    @property
    def reference(self) -> str:
        """What follows `scheme:`."""
        return self.target.split(":", 1)[1] if self.scheme else self.target


def find_links(text: str) -> Iterator[Link]:
    for pattern in (_INLINE, _AUTOLINK, _DEFINITION):
        for match in pattern.finditer(text):
            yield Link(match["target"], match.start("target"), match.start(), match.end())


def replace_links(text: str, resolve: Callable[[Link], str | None]) -> str:
    """Rewrite inline link targets with `resolve(link) -> str | None` (None keeps it)."""

    def substitute(match: re.Match[str]) -> str:
        link = Link(match["target"], match.start("target"), match.start(), match.end())
        new_target = resolve(link)
        if new_target is None:
            return match.group(0)
        return f"{match.group(1)}[{match['text']}]({new_target})"

    return _INLINE.sub(substitute, text)
