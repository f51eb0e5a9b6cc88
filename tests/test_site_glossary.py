"""Glossary on the site: tooltips on the first occurrence per page, and who uses each term."""

from __future__ import annotations

import re

from generator.check import check_repository
from generator.relations import relate
from generator.site.glossary import Tooltips, fiches_by_term, term_pattern
from generator.site.render import render_site

from .conftest import FIXTURES

ABBR = re.compile(r'<abbr title="([^"]*)" tabindex="0">([^<]*)</abbr>')


def test_only_the_first_occurrence_on_a_page_is_marked() -> None:
    tooltips = Tooltips({"courriel": "Un message envoyé par internet."})
    first = tooltips.mark("Un courriel, puis un autre Courriel.")
    second = tooltips.mark("Encore un courriel.")
    assert ABBR.findall(first) == [("Un message envoyé par internet.", "courriel")]
    assert first.endswith("un autre Courriel.")
    assert second == "Encore un courriel."


def test_case_plural_spacing_and_longest_term() -> None:
    tooltips = Tooltips({"mot de passe": "Un code secret.", "mot": "Un mot.",
                         "pièce jointe": "Un fichier joint."})
    text = tooltips.mark("Des Mots de\npasse et des pièces jointes.")
    assert ABBR.findall(text) == [("Un code secret.", "Mots de\npasse"),
                                  ("Un fichier joint.", "pièces jointes")]
    # Whole words only.
    assert term_pattern(["mot"]).search("motif") is None  # type: ignore[union-attr]


def test_terms_sharing_their_first_letters_each_match_whole() -> None:
    pattern = term_pattern(["carte", "carte vitale", "cartable", "mail", "mails x", "e-mail"])
    assert pattern is not None
    text = "Ma Carte  Vitale, mes cartes, un cartable, des mails x, un mail, un e-mails, cart."
    assert [m["term"] for m in pattern.finditer(text)] == [
        "Carte  Vitale", "cartes", "cartable", "mails x", "mail", "e-mails"]


def test_a_very_long_term_is_still_found() -> None:
    long_term = "très " * 2000 + "long"
    pattern = term_pattern([long_term, "très"])
    assert pattern is not None
    assert pattern.search(f"avant {long_term} après")["term"] == long_term  # type: ignore[index]


def test_links_code_urls_and_escaped_html_are_left_alone() -> None:
    tooltips = Tooltips({"courriel": "Un message.", "lt": "Piège.", "amp": "Piège."})
    text = ("[un courriel](https://exemple.fr/courriel) `courriel` https://x.fr/courriel "
            "&lt;b&gt; &amp; <https://courriel.fr> puis courriel.")
    marked = tooltips.mark(text)
    assert ABBR.findall(marked) == [("Un message.", "courriel")]
    assert marked.startswith("[un courriel](https://exemple.fr/courriel) `courriel` "
                             "https://x.fr/courriel &lt;b&gt; &amp; <https://courriel.fr> puis ")


def test_definitions_become_safe_plain_attributes() -> None:
    tooltips = Tooltips({"lien": 'Un [texte](https://x.fr) "cliquable" & *souligné* {: .x }'})
    (title, _), = ABBR.findall(tooltips.mark("Un lien."))
    assert title == "Un texte &quot;cliquable&quot; &amp; souligné &#123;: .x }"


def test_fiche_page_marks_each_term_once_and_keeps_author_html_escaped() -> None:
    library = check_repository(FIXTURES / "catalogue").library
    site = render_site(library)
    pages = {p.uri: p.with_fragments() for p in site.pages}
    courriel = pages["fiches/courriel.md"]
    terms = [term for _, term in ABBR.findall(courriel)]
    assert "brouillon" in terms  # the fiche's own glossary
    # Once per part: before the tabs, in the trainer's tab, in the learner's tab (each tab can
    # be read alone: a link to the learner's part opens it directly).
    parts = re.split(r'^=== "', courriel, flags=re.MULTILINE)
    assert len(parts) == 3
    assert [[t for _, t in ABBR.findall(part)].count("courriel") for part in parts] == [1, 1, 1]
    assert courriel.count("courriel") > 3  # many occurrences, one tooltip
    assert "prenom@exemple.fr" in courriel  # the shared definition, as an attribute
    demarches = pages["fiches/demarches.md"]
    assert "&lt;script&gt;alert" in demarches and "<script>" not in demarches
    assert "<abbr" not in pages["glossaire.md"]  # the glossary page itself has no tooltips


def test_glossary_page_links_terms_to_fiches_that_use_them() -> None:
    library = check_repository(FIXTURES / "catalogue").library
    relations = relate(library)
    users = fiches_by_term(relations.glossary, library.fiches.values())
    assert sorted(f.ident for f in users["mot de passe"]) == ["arnaques", "mots-de-passe"]
    assert sorted(f.ident for f in users["pièce jointe"]) == ["piece-jointe"]
    assert [f.ident for f in users["brouillon"]] == ["courriel"]  # defined there
    assert sorted(f.ident for f in users["clavier"]) == ["clavier"]
    page = next(p for p in render_site(library).pages if p.uri == "glossaire.md")
    entry = page.content[page.content.index("**mot de passe**"):]
    entry = entry[:entry.index("**", 20)]
    assert "[Déjouer les arnaques](fiches/arnaques.md)" in entry
    assert "[Choisir un mot de passe solide](fiches/mots-de-passe.md)" in entry
