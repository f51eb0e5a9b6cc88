"""Glossary terms found in fiches: which fiches use a term, and the tooltip pass of a page.

The search runs on author Markdown, the tooltips on its clean HTML (see `markup`): only the
plain words are searched, never links, code, entities or tags, so the `<abbr>` we add cannot
break author text.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping

from ..model import Fiche
from ..relations import GlossaryTerm
from .text import plain

# Parts of Markdown where a term must not be marked: code spans, links and images (their text
# too: a tooltip inside a link is confusing), tags and autolinks, entities, bare URLs and
# reference definitions.
_PROTECTED = re.compile(
    r"""`+[^`]*`+
      | !?\[[^\]]*\]\([^)]*\)
      | <(?P<element>a|code|pre)\b[^>]*>.*?</(?P=element)>
      | <[^>]*>
      | &[#\w]+;
      | https?://\S+
      | ^[ ]{0,3}\[[^\]]+\]:[^\n]*$""",
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)


def term_key(text: str) -> str:
    """How a term is compared: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all terms, whole words only, the longest term first.

    The terms are merged into a letter tree, so that matching looks at each letter of the text
    once instead of trying every term in turn: one long alternation of terms made each page's
    glossary pass grow with the size of the library."""
    keys = {term_key(t) for t in terms if t.strip()}
    if not keys:
        return None
    tree: _Tree = {}
    for key in keys:
        node = tree
        for char in key:
            node = node.setdefault(char, {})
        node[_END] = {}
    return re.compile(rf"(?<![\w&])(?P<term>{_tree_regex(tree)})(?!\w)", re.IGNORECASE)


_Tree = dict[str, "_Tree"]
_END = ""  # marks a node where a term ends
_PLURAL = "[sx]?"  # each word of a term may take a plural s or x
_GAP = _PLURAL + r"\s+"  # the end of a word, then any spacing


def _tree_regex(node: _Tree) -> str:
    """The regex for what may follow `node`. Each word of a term may take a plural s or x, and
    any spacing separates words. Longer continuations come before the end of a shorter term."""
    prefix = ""
    while len(node) == 1 and _END not in node:  # a run of single letters needs no group
        char, node = next(iter(node.items()))
        prefix += _GAP if char == " " else re.escape(char)
    branches = [re.escape(char) + _tree_regex(child)
                for char, child in node.items() if char not in (" ", _END)]
    if " " in node:
        branches.append(_GAP + _tree_regex(node[" "]))
    if _END in node:
        branches.append(_PLURAL)
    if len(branches) == 1:
        return prefix + branches[0]
    return prefix + "(?:" + "|".join(branches) + ")"


class TermMatcher:
    """Finds the terms in text and tells which term a match (maybe plural) stands for."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.keys = {term_key(t) for t in terms if t.strip()}
        self.pattern = term_pattern(self.keys)

    def key_of(self, matched: str) -> str | None:
        """The term a match stands for: its words as written, or without a plural s/x."""
        words = term_key(matched).split()
        choices = [(w, w[:-1]) if w[-1:] in "sx" and len(w) > 1 else (w,) for w in words]
        if len(choices) > 8:  # no glossary term is that long; avoid 2**n candidates
            return None
        return next((key for key in map(" ".join, itertools.product(*choices))
                     if key in self.keys), None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.pattern else iter(())


def free_segments(text: str) -> Iterator[tuple[bool, str]]:
    """`text` cut into (searchable, piece) pairs; joining the pieces gives `text` back."""
    last = 0
    for match in _PROTECTED.finditer(text):
        yield True, text[last:match.start()]
        yield False, match.group(0)
        last = match.end()
    yield True, text[last:]


def fiche_texts(fiche: Fiche) -> list[str]:
    """The Markdown fields of a fiche that the site renders as running text."""
    texts = [fiche.resume, *fiche.objectifs, fiche.animateur.preparation, fiche.animateur.conseils,
             fiche.apprenant.introduction, *fiche.apprenant.objectifs, *fiche.apprenant.a_retenir,
             *(exercice.texte for exercice in fiche.apprenant.exercices)]
    texts += [step.consignes for step in fiche.animateur.deroule]
    texts += [etape.texte for etape in fiche.apprenant.etapes]
    return [t for t in texts if t]


def terms_used(fiche: Fiche, matcher: TermMatcher) -> set[str]:
    """Keys of the terms that appear in the fiche's text."""
    found: set[str] = set()
    for text in fiche_texts(fiche):
        for searchable, piece in free_segments(text):
            if searchable:
                found.update(filter(None, (matcher.key_of(m["term"])
                                           for m in matcher.finditer(piece))))
    return found


def fiches_by_term(
    glossary: list[GlossaryTerm], fiches: Iterable[Fiche], matcher: TermMatcher | None = None
) -> dict[str, list[Fiche]]:
    """For each term key, the fiches that define or use it, in the order given."""
    matcher = matcher or TermMatcher(t.terme for t in glossary)
    users: dict[str, list[Fiche]] = {term_key(t.terme): [] for t in glossary}
    for fiche in fiches:
        keys = terms_used(fiche, matcher) | {term_key(t) for t in fiche.glossaire}
        for key in keys:
            if key in users:
                users[key].append(fiche)
    return users


class Definitions(dict[str, str]):
    """Term key -> Markdown definition, keyed once so that every page can share it."""

    @classmethod
    def of(cls, definitions: Mapping[str, str]) -> Definitions:
        if isinstance(definitions, Definitions):
            return definitions
        return cls((term_key(t), d) for t, d in definitions.items())


class Tooltips:
    """Marks the first occurrence of each glossary term on one page with an `<abbr>`.

    Feed it the page's Markdown fields in reading order; Material turns `abbr[title]` into a
    tooltip (feature `content.tooltips`), and `tabindex` lets keyboard users reach it.
    """

    def __init__(self, definitions: Mapping[str, str], own: Mapping[str, str] | None = None,
                 matcher: TermMatcher | None = None) -> None:
        """`definitions` (term -> Markdown) may be shared by every page, with the `matcher` built
        once for them; `own` definitions (the fiche's glossary) come first."""
        self.definitions = Definitions.of(definitions)
        self.own = Definitions.of(own or {})
        self.matcher = matcher or TermMatcher([*self.definitions, *self.own])
        self.marked: set[str] = set()

    def new_part(self) -> None:
        """Mark the first occurrence of each term again from here (a new tab of a page)."""
        self.marked = set()

    def mark(self, text: str) -> str:
        if self.matcher.pattern is None:
            return text
        return "".join(self._mark_words(piece) if searchable else piece
                       for searchable, piece in free_segments(text))

    def _mark_words(self, piece: str) -> str:
        assert self.matcher.pattern is not None

        def first_only(match: re.Match[str]) -> str:
            key = self.matcher.key_of(match["term"])
            definition = self.own.get(key) or self.definitions.get(key) if key else None
            if key is None or key in self.marked or not definition:
                return match.group(0)
            self.marked.add(key)
            title = html.escape(plain(definition), quote=True).replace("{", "&#123;")
            return f'<abbr title="{title}" tabindex="0">{match.group(0)}</abbr>'

        return self.matcher.pattern.sub(first_only, piece)
