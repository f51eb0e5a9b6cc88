"""Plain-language rules that read a whole learner sheet: one word for one thing, a glossary
that defines the sheet's own words once, key combinations kept in one step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model import Fiche, Library, YamlPath
from .sentences import Finding

Located = tuple[YamlPath, Finding]


_VERB_FORMS = ("er", "ez", "e", "es", "ent", "é", "ée", "és", "ées", "ons", "ant", "era", "erez")
_VERB_ENDINGS = f"(?:{'|'.join(_VERB_FORMS)})"


@cache
def _word(term: str) -> re.Pattern[str]:
    """`term` as a whole word, singular or plural, any case; a verb (`redémarrer`) in any of
    its usual forms (`redémarrez`, `redémarré`)."""
    if " " not in term and term.casefold().endswith("er") and len(term) > 4:
        body = rf"{re.escape(term[:-2])}{_VERB_ENDINGS}"
    else:  # every word may take the plural: « fausses nouvelles »
        body = r"\s+".join(rf"{re.escape(word)}[sx]?" for word in term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def synonym_findings(texts: list[tuple[YamlPath, str]],
                     groups: list[list[str]]) -> Iterator[Located]:
    """The second name a sheet gives to something it already named otherwise."""
    whole = "\n".join(text for _, text in texts)
    folded = whole.casefold()
    for group in groups:
        # Most sheets use one name or none: only then are the texts read one by one.
        if sum(1 for name in group if name.casefold() in folded) < 2:
            continue
        first: str | None = None
        for path, text in texts:
            for name in sorted(group, key=len, reverse=True):
                if not _word(name).search(text) or _inside_longer(name, group, text):
                    continue
                if first is None:
                    first = name
                elif name != first:
                    yield path, Finding("falc-synonymes", name,
                                        f"« {name} » et « {first} » désignent la même chose "
                                        "sur cette fiche", f"gardez un seul mot : « {first} »")
                    return


def _inside_longer(name: str, group: list[str], text: str) -> bool:
    """`mail` inside `adresse mail` is not a second name."""
    return any(name != other and name in other and _word(other).search(text)
               for other in group)


@cache
def _key_patterns(keys: tuple[str, ...],
                  follow: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    held = "|".join(re.escape(k) for k in keys)
    then = "|".join(re.escape(w) for w in follow)
    return (re.compile(rf"(?<![\w-])(?:{held})(?![\w-])"),
            re.compile(rf"^\W*(?:{then})\b", re.IGNORECASE))


def key_hold_findings(fiche: Fiche, lists: dict[str, Any]) -> Iterator[Located]:
    """A key held down in one step, and the rest of the gesture in the next one."""
    keys, follow = _key_patterns(tuple(lists["touches_maintenues"]),
                                 tuple(lists["suite_de_geste"]))
    steps = fiche.apprenant.etapes
    for index in range(1, len(steps)):
        previous, current = steps[index - 1].texte, steps[index].texte
        if follow.search(current) and keys.search(previous):
            path: YamlPath = ("apprenant", "etapes", index)
            if fiche.source.has(*path, "texte"):
                path = (*path, "texte")
            yield path, Finding("falc-combinaison-coupee", current.split()[0],
                                "combinaison de touches coupée sur deux étapes",
                                "écrivez les deux touches dans la même étape : « Appuyez sur Maj "
                                "et sur la lettre en même temps. »")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _sequence_at(words: list[str], text: str, start: int, plural: bool) -> bool:
    """`words` (each maybe in s or x when `plural`) one space apart, as whole words, from
    `start` of a casefolded, space-normalised `text`."""
    if start and _is_word_char(text[start - 1]):
        return False
    position = start
    for index, word in enumerate(words):
        if index:
            if not text.startswith(" ", position):
                return False
            position += 1
        if not text.startswith(word, position):
            return False
        position += len(word)
        if plural and text[position:position + 1] in ("s", "x") \
                and not _is_word_char(text[position + 1:position + 2] or " "):
            position += 1
    return not _is_word_char(text[position:position + 1] or " ")


def _term_in(term: str, text: str) -> bool:
    """Whether `text` (casefolded, spaces normalised) uses the glossary `term` as `_word`
    would find it, without compiling a pattern per term (a library has thousands)."""
    words = term.casefold().split()
    if len(words) == 1 and words[0].endswith("er") and len(term) > 4:
        forms = [[words[0][:-2] + ending] for ending in _VERB_FORMS]
        plural = False
    else:
        forms, plural = [words], True
    for form in forms:
        start = text.find(form[0])
        while start >= 0:
            if _sequence_at(form, text, start, plural):
                return True
            start = text.find(form[0], start + 1)
    return False


def glossary_findings(fiche: Fiche, library: Library) -> Iterator[Located]:
    """Terms of the fiche's glossary that the fiche never uses, or that glossaire.yml defines
    differently."""
    shared = {entry.terme.casefold(): entry.definition for entry in library.glossaire}
    text = "\n".join(text for path, text in fiche.source.strings
                     if path[0] not in ("glossaire", "id", "ressources", "auteurs", "licence"))
    folded = " ".join(text.casefold().split())
    for term, definition in fiche.glossaire.items():
        path: YamlPath = ("glossaire", term)
        if not _term_in(term, folded):
            yield path, Finding("glossaire-inutilise", term, f"terme « {term} » défini mais "
                                "absent de la fiche", "retirez-le du glossaire de la fiche")
        other = shared.get(term.casefold())
        if other is not None and _normal(other) != _normal(definition):
            yield path, Finding("glossaire-contradictoire", term, f"« {term} » est défini "
                                "autrement dans glossaire.yml", "gardez une seule définition : "
                                "retirez celle de la fiche ou accordez les deux")


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
