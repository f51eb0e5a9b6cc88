"""French typography for everything people read, on the site and on paper.

French sets a space before `:` `;` `!` `?` `»` and after `«`. Typed as an ordinary space, it
lets a line start with « : » or « » » and end with « « ». Here each such space becomes a
no-break space (U+00A0), so the sign stays on the line of its word. Only spaces that are
there are changed: `10:30`, `https://` and `«mot»` stay as they are.

Pure functions: `french_spacing` for plain text, `french_spacing_html` for the text nodes of an
HTML document or fragment (tags, attributes, styles and code are left alone).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# Spaces a text may hold between a word and its sign: ordinary, tab, line break, thin ones.
_SPACE = r"[ \t\r\n\u2009\u202f]+"
_BEFORE_SIGN = re.compile(rf"{_SPACE}(?=[:;!?»])")
_AFTER_QUOTE = re.compile(rf"(?<=«){_SPACE}")

_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_OPENING = re.compile(r"<(style|script|code|pre|textarea)\b", re.IGNORECASE)
_CLOSING = re.compile(r"</(style|script|code|pre|textarea)\s*>", re.IGNORECASE)


def french_spacing(text: str) -> str:
    """`text` with a no-break space before `: ; ! ? »` and after `«` wherever it had a space."""
    if not any(sign in text for sign in ":;!?«»"):
        return text
    return _AFTER_QUOTE.sub(NBSP, _BEFORE_SIGN.sub(NBSP, text))


def french_spacing_html(html: str) -> str:
    """`french_spacing` applied to the text between tags, outside style, script and code."""
    if not any(sign in html for sign in ":;!?«»"):
        return html
    parts = _TAG.split(html)
    verbatim = 0  # depth inside elements whose text is not prose
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment
            if _OPENING.match(part) and not part.endswith("/>"):
                verbatim += 1
            elif _CLOSING.match(part):
                verbatim = max(verbatim - 1, 0)
        elif not verbatim and part:
            parts[index] = french_spacing(part)
    return "".join(parts)
