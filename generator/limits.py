"""Bounds on what one content file may hold, so that no file can stall a check or a build.

Each bound is many times what real content needs (the shipped fiches use a fraction of each),
and low enough that the slowest value still checks and renders in a fraction of a second:
Python-Markdown reads the rest of a paragraph again for every `[` (or link `(`) left open,
with each escape and entity there grown eightfold, and nests a list in a list for every marker
chained on one line, until Python's recursion limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import StringConstraints

MAX_FILE_BYTES = 200_000  # the largest shipped file is 12 kB
MAX_TEXT = 5_000  # the longest value any field accepts (a Markdown text)
MAX_LINES = 300  # lines of one Markdown text
MAX_REACH = 10_000  # characters read again to match link brackets (see `bracket_reach`)
MAX_MARKERS = 10  # list or quote markers chained at the start of one line
MAX_DEPTH = 50  # nesting of lists and blocks in a YAML file (a fiche needs 5)
MAX_MINUTES = 8 * 60  # a fiche, a session, a step
MAX_ITEMS = 50  # items of an ordinary list
MAX_SESSIONS = 60
MAX_STEPS = 40
MAX_LEVELS = 10
MAX_COMPETENCES = 200
MAX_ANNEXES = 12  # annexes of a fiche (cards, examples, scripts to print)
MAX_CARDS = 48  # cards of one annex: six A4 pages of eight
MAX_GLOSSARY = 1_000  # terms of glossaire.yml
MAX_ID = 80  # an id names files and page addresses
SHORT = MAX_MARKERS  # a text this short cannot break a Markdown bound

_CHAINED_MARKERS = re.compile(
    rf"^[ \t]*(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]+|>[ \t]*){{{MAX_MARKERS + 1},}}", re.MULTILINE
)

DURATION_WHY = "8 h au plus : une journée de formation ; découpez-la"
ITEMS_WHY = "une liste plus longue ne se lit plus ; gardez l'essentiel"
SESSIONS_WHY = ("au-delà d'une année de séances hebdomadaires, découpez-le en plusieurs "
                "parcours")
STEPS_WHY = "une fiche plus longue ne tient plus dans un atelier ; découpez-la en plusieurs fiches"
LEVELS_WHY = "une échelle plus longue ne se lit plus ; regroupez des niveaux"
COMPETENCES_WHY = "découpez le référentiel en plusieurs fichiers"
ANNEXES_WHY = "au-delà, le dossier à imprimer ne se prépare plus ; gardez l'essentiel"
CARDS_WHY = "un jeu plus grand ne se prépare plus ; découpez-le en plusieurs annexes"
GLOSSARY_WHY = "découpez-le : gardez les termes que les fiches emploient"
COUNT_WHY = {MAX_ITEMS: ITEMS_WHY, MAX_SESSIONS: SESSIONS_WHY, MAX_STEPS: STEPS_WHY,
             MAX_LEVELS: LEVELS_WHY, MAX_COMPETENCES: COMPETENCES_WHY,
             MAX_ANNEXES: ANNEXES_WHY, MAX_CARDS: CARDS_WHY}


def too_many(count: int, limit: int) -> tuple[str, str]:
    """(message, hint) for a list or mapping of `count` items where `limit` are allowed (the
    model checks `max_length` natively, stopping at the first item beyond)."""
    return (f"{number(count)} éléments pour {number(limit)} au plus",
            COUNT_WHY.get(limit, ITEMS_WHY))


def number(value: int) -> str:
    """French digit grouping: 1 048 576."""
    return f"{value:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class TextLimit:
    """The longest text a kind of field accepts, and why (said to the author)."""

    size: int
    why: str

    @property
    def constraint(self) -> StringConstraints:
        """For the model: checked by pydantic-core itself, without a Python call per text."""
        return StringConstraints(max_length=self.size)


TITLE = TextLimit(150, "un titre tient sur une ligne du catalogue et des PDF ; "
                       "mettez le détail dans le résumé ou le texte")
LABEL = TextLimit(200, "un libellé court se lit d'un coup d'œil ; mettez le détail dans un texte")
SUMMARY = TextLimit(500, "1 à 3 phrases ; le détail va dans le texte")
ADDRESS = TextLimit(2_000, "une adresse aussi longue est sans doute une erreur de copie")
TEXT = TextLimit(MAX_TEXT, "un texte plus long ne tient plus sur une page imprimée ; "
                           "découpez-le en étapes ou en plusieurs fiches")
# A card to cut out: what fits, in 16 pt, in a third of an A4 page (print_sizes.CARD_GRID).
CARD = TextLimit(300, "une carte à découper se lit d'un coup d'œil et tient dans sa case ; "
                      "coupez le texte en deux cartes ou mettez-le dans « texte »")
LIMITS = {limit.size: limit for limit in (TITLE, LABEL, SUMMARY, ADDRESS, TEXT, CARD)}


def too_long(length: int, limit: TextLimit) -> tuple[str, str]:
    return (f"texte trop long : {number(length)} caractères pour {number(limit.size)} au plus",
            limit.why)


def text_problem(value: str, limit: TextLimit = TEXT) -> tuple[str, str] | None:
    """(message, hint) when `value` is longer than `limit` or beyond a Markdown bound."""
    return too_long(len(value), limit) if len(value) > limit.size else markdown_problem(value)


def markdown_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) when `value` is beyond a Markdown bound; linear in its length. Every
    text may end up in Markdown (a title in a heading), so the bounds apply to all."""
    if len(value) <= SHORT:
        return None
    lines = value.count("\n") + 1
    if lines > MAX_LINES:
        return (f"texte de {number(lines)} lignes pour {MAX_LINES} au plus",
                "découpez-le en étapes ou en plusieurs fiches")
    if bracket_reach(value) > MAX_REACH:
        return ("crochets « [ » ou parenthèses de lien non refermés",
                "refermez chaque « [ » par « ] » et chaque « ( » d'adresse par « ) » dans le "
                "même paragraphe, ou écrivez \\[ : un crochet ouvert fait relire tout le "
                "paragraphe à la mise en page, ce qui la ralentit beaucoup")
    if _CHAINED_MARKERS.search(value):
        return (f"plus de {MAX_MARKERS} puces ou citations enchaînées en début de ligne",
                "écrivez une puce par ligne : « - » suivi du texte")
    return None


_BRACKET_TOKEN = re.compile(r"\\.|[\[\]()]|\n[ \t]*\n", re.DOTALL)


def bracket_reach(text: str) -> int:
    """How many characters Python-Markdown reads again to match link brackets: for each `[`,
    those up to its `]`, for each `(` after `]`, those up to its `)`; up to the end of the
    paragraph for those left open. Linear: one pass, escaped characters skipped."""
    if "[" not in text:  # the common case: no link, nothing read again
        return 0
    openings = text.count("[") + text.count("(")
    if openings * len(text) <= MAX_REACH:  # short texts with a few links: no pass either
        return 0
    reach = 0
    brackets: list[int] = []
    parens: list[int] = []
    for token in _BRACKET_TOKEN.finditer(text):
        char, at = token[0], token.start()
        if char == "[":
            brackets.append(at)
        elif char == "]" and brackets:
            reach += at - brackets.pop()
        elif char == "(" and (parens or text[at - 1 : at] == "]"):
            parens.append(at)
        elif char == ")" and parens:
            reach += at - parens.pop()
        elif char[0] == "\n":  # a blank line: the paragraph ends, open ones read up to here
            reach += sum(at - start for start in (*brackets, *parens))
            brackets.clear()
            parens.clear()
    return reach + sum(len(text) - start for start in (*brackets, *parens))
