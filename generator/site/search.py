"""A search that forgives: accents, plurals and synonyms, added to the engine's index.

Material's search (lunr) matches each query word as the start of an indexed word, as typed:
« securite » does not find « sécurité », « courriels » does not find « courriel », « email »
does not find « e-mail ». Rather than replace it, Relais adds two fields to every entry of
the index it writes, which the search reads like the others (`config.fields`):
`relais_titre` (weighted as the title) and `relais_texte` (as the text). They hold, for each
word of the entry, its spelling without accents, its singular and plural, the word after an
elision (« l'ordinateur » -> « ordinateur ») and the words of its synonym groups. Results and
their highlighting are Material's own; the fields are never shown.

Synonym groups are data: generator/data/synonymes.yml, plus the repository's own.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..datafiles import data_file

TITLE_FIELD = "relais_titre"
TEXT_FIELD = "relais_texte"
TITLE_BOOST = 1000.0  # as Material weighs titles
TEXT_BOOST = 1.0

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[\w'’-]+")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "ß": "ss"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents: « Hameçonnage » -> « hameconnage »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def number_forms(word: str) -> set[str]:
    """The word and its plural as French writes them, and the singular of a plural in -aux.
    A search matches the start of words: « arnaque » already finds « arnaques », so only the
    longer forms are needed (over-generating is harmless, a form nobody types is never
    searched)."""
    forms = {word}
    if len(word) < 3 or not word.isalpha():
        return forms
    if word.endswith("aux"):
        forms.add(word[:-3] + "al")
    elif not word.endswith(("s", "x", "z")):
        forms.add(word + "s")
        if word.endswith(("au", "eu")):
            forms.add(word + "x")
        if word.endswith("al"):
            forms.add(word[:-2] + "aux")
    return forms


@cache
def default_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(word) for word in group) for group in data_file("synonymes.yml") or [])


def synonym_groups(own: Iterable[Iterable[str]] = (), with_defaults: bool = True,
                   ) -> list[list[str]]:
    """Relais' groups (unless left out) and the repository's, merged when they share a word."""
    groups: list[list[str]] = []
    for group in [*(default_groups() if with_defaults else ()), *own]:
        words = [w.strip() for w in group if w and w.strip()]
        keys = {fold(w) for w in words}
        merged = [g for g in groups if keys & {fold(w) for w in g}]
        for other in merged:
            groups.remove(other)
            words = [*other, *(w for w in words if fold(w) not in {fold(o) for o in other})]
        if len(words) > 1:
            groups.append(words)
    return groups


def plain_words(html_text: str) -> list[str]:
    """The lower-case words of an index entry (its text is HTML)."""
    text = html.unescape(_TAG.sub(" ", html_text))
    return [w.casefold() for w in (w.strip("-'’") for w in _WORD.findall(text)) if w]


@lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> frozenset[str]:
    """Spellings a search may use for one word of a page."""
    base = {word, fold(word)}
    base |= {_ELISION.sub("", w) for w in base}
    base |= {part for w in base for part in re.split(r"[-']", w) if part}
    return frozenset(form for w in base for form in number_forms(w) if len(form) > 1)


@dataclass(frozen=True)
class _Group:
    """A synonym group ready to be looked for: its one-word members (folded, singular and
    plural), a pattern for its members of several words, and the words it adds."""

    words: frozenset[str]
    phrases: re.Pattern[str] | None
    added: frozenset[str]


@lru_cache(maxsize=256)
def _prepared(groups: tuple[tuple[str, ...], ...]) -> list[_Group]:
    prepared = []
    for group in groups:
        words: set[str] = set()
        phrases = []
        added: set[str] = set()
        for member in group:
            parts = fold(member).split()
            if len(parts) == 1 and "-" not in parts[0]:
                words |= {parts[0], parts[0] + "s", parts[0] + "x"}
            else:
                phrases.append(r"[\s'-]+".join(re.escape(w) + "[sx]?" for w in parts))
            for word in member.split():
                added |= _word_forms(word.casefold())
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)") if phrases else None
        prepared.append(_Group(frozenset(words), pattern, frozenset(added)))
    return prepared


def variants(html_text: str, groups: list[list[str]]) -> str:
    """The added words for one title or text: other spellings and synonyms, each once."""
    listed = plain_words(html_text)
    words = set(listed)
    found: set[str] = set()
    tokens: set[str] = set()  # folded, and without an elision: « l'email »
    for word in words:
        forms, folded, without_elision = _known_word(word)
        found |= forms
        tokens.add(folded)
        tokens.add(without_elision)
    folded_text = ""  # made only for the groups with members of several words
    for group in _prepared(tuple(tuple(g) for g in groups)):
        if group.words.isdisjoint(tokens):
            if group.phrases is None:
                continue
            folded_text = folded_text or " ".join(_known_word(w)[1] for w in listed)
            if not group.phrases.search(folded_text):
                continue
        found |= group.added
    found -= words
    return " ".join(sorted(found))


@lru_cache(maxsize=1 << 17)
def _known_word(word: str) -> tuple[frozenset[str], str, str]:
    """A word's spellings (`_word_forms`), folded, and folded without an elision: the index of
    a thousand fiches has ten thousand entries, made of far fewer words."""
    folded = fold(word)
    return _word_forms(word), folded, _ELISION.sub("", folded)


def enrich_index(index: dict[str, Any], groups: list[list[str]]) -> dict[str, Any]:
    """Material's search index with Relais' two extra fields on every entry."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields.setdefault(TITLE_FIELD, {"boost": TITLE_BOOST})
    fields.setdefault(TEXT_FIELD, {"boost": TEXT_BOOST})
    for entry in index.get("docs", []):
        entry[TITLE_FIELD] = variants(str(entry.get("title", "")), groups)
        entry[TEXT_FIELD] = variants(str(entry.get("text", "")), groups)
    return index


def enrich_index_file(path: Path, groups: list[list[str]]) -> bool:
    """Rewrite the engine's search index in place; False when the site has none."""
    if not path.is_file():
        return False
    index = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(enrich_index(index, groups), separators=(",", ":")), "utf-8")
    return True
