"""`relais serve` while the content has errors: the terminal and every page list them, and the
last good site stays in place, so a half-written file never stops or blanks the preview.
"""

from __future__ import annotations

import html
import re

from ..diagnostics import Diagnostic
from .render import Page, Site

BANNER_ID = "relais-erreurs"
# Where a page's content starts: Material's <article>, else the <body>.
_CONTENT_START = re.compile(r"<article\b[^>]*>|<body\b[^>]*>")


def error_banner(diagnostics: list[Diagnostic], *, has_last_good: bool) -> str:
    """HTML that lists the errors, for the top of every page (each diagnostic is one line)."""
    shown = "l'aperçu montre la dernière version sans erreur" if has_last_good \
        else "l'aperçu s'affichera dès qu'elles seront corrigées"
    items = "".join(f"<li><code>{html.escape(d.format())}</code></li>"
                    for d in diagnostics if d.is_error)
    return (f'<div id="{BANNER_ID}" class="admonition failure" role="alert">'
            f'<p class="admonition-title">Le contenu contient des erreurs : {shown}.</p>'
            f"<ul>{items}</ul></div>")


def with_banner(page_html: str, banner: str) -> str:
    """A whole HTML page with `banner` at the top of its content."""
    found = _CONTENT_START.search(page_html)
    at = found.end() if found else 0
    return page_html[:at] + banner + page_html[at:]


def waiting_site() -> Site:
    """The site shown when the content had errors from the start: a home page (the banner
    lists the errors)."""
    home = Page("index.md", "# Aperçu en attente\n\nCorrigez les erreurs ci-dessus : "
                            "la page se recharge d'elle-même.\n")
    return Site(pages=[home], media=[], nav=[{"Accueil": "index.md"}])


def pdf_waiting_page(path: str, failure: str = "") -> str:
    """What a PDF link of the preview shows while the PDF is being made (it reloads itself), or
    why it could not be made."""
    name = html.escape(path.rsplit("/", 1)[-1])
    if failure:
        said = (f"<p>Le document <code>{name}</code> n'a pas pu être préparé : "
                f"{html.escape(failure)}.</p><p>Le terminal de <code>relais serve</code> en dit "
                "plus.</p>")
        refresh, title = "", "Document non disponible"
    else:
        said = (f"<p>Ce document (<code>{name}</code>) est en cours de préparation… "
                "rechargez la page dans un instant.</p>")
        refresh, title = '<meta http-equiv="refresh" content="3">', "Document en préparation"
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8">{refresh}'
            f"<title>{title}</title></head><body>{said}</body></html>")
