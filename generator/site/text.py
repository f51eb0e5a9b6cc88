"""Author Markdown reduced to one line of plain text, for attributes, cards and metadata."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?P<text>[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>")
_MARKERS = re.compile(r"\*+|`+|(?<!\w)_+|_+(?!\w)")
_BLOCK_MARKERS = re.compile(r"^\s*(?:[-+*]\s+|\d+[.)]\s+|#+\s+|>\s*)", re.MULTILINE)


def plain(text: str | None) -> str:
    """The words of `text` without Markdown syntax: links keep their text, emphasis goes."""
    if not text:
        return ""
    text = _LINK.sub(lambda m: m["text"], text)
    text = _AUTOLINK.sub(lambda m: m["text"], text)
    text = _BLOCK_MARKERS.sub("", text)
    text = _MARKERS.sub("", text)
    return " ".join(text.split())
