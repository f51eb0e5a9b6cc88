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


# Plain-text values land inside Markdown pages that the engine parses with whatever extensions
# mkdocs.yml lists: every character that could start a construct there (links, attribute lists,
# emphasis, tables, HTML, shortcodes) is written as a character reference, which Markdown
# leaves alone and browsers show as the character.
_SIGNIFICANT = re.compile(r"""[\\`*_{}\[\]<>&"'|~^=]|:(?=[\w+-]+:)""")
_LINE_START = re.compile(r"^(?:[#+\-.]|\d(?=\d*[.)]))")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
FRAGMENT_MARK = "RELAISFRAG"  # placeholder of a rendered fragment in a page (see render.py)


def one_line(text: str) -> str:
    """Control characters and line breaks become spaces, runs of spaces a single one."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text))


def inert(text: str) -> str:
    """Plain text, on one line, that neither HTML nor any Markdown extension will interpret."""
    line = _SIGNIFICANT.sub(lambda m: f"&#{ord(m.group(0))};", one_line(text))
    line = _LINE_START.sub(lambda m: f"&#{ord(m.group(0))};", line)
    return line.replace(FRAGMENT_MARK, "&#82;" + FRAGMENT_MARK[1:])
