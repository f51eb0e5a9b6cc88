"""Plain-language rules that judge one sentence at a time.

Each rule returns its findings (one at most, a list: thousands of sentences are read per
check): the words to point at, the message and a hint that shows the fix.
Heuristics, kept simple and predictable so that authors understand each warning; their
accuracy is measured on a labelled corpus (tests/fixtures/falc/corpus.yml).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..datafiles import data_file

MAX_WORDS_LEARNER = 15
MAX_WORDS = 20
LONG_CAPS_WORD = 5  # a word in capitals this long is shouting, unless the glossary defines it
MAX_SIGLE = 4  # CAF, CPAM, RIB: shorter words in capitals are taken for acronyms

SENTENCE_END = re.compile(r"(?<=[.!?…])[ \t\r\f\v]+|\n+")  # a no-break space joins
WORD = re.compile(r"[\w’'-]+", re.UNICODE)
CAPS_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+")  # a whole word: `fullmatch`
_MAY_SHOUT = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]")  # where a CAPS_WORD would begin
_IMPERATIVE = re.compile(r"\b(\w+ez)\b", re.IGNORECASE | re.UNICODE)
_NOT_VERBS = {"chez", "assez", "nez", "rez"}
_ON = re.compile(r"(?<![\w-])(?:l['’])?on(?![\w-])", re.IGNORECASE)
# `(?<![\w-])` asked after the first letter (of the two characters before it): read this way,
# a pattern that starts with a letter lets `re` skip to the places where that letter is.
_WORD_START = r"(?<![\w-][\s\S])"
_SIGLE = re.compile(rf"[A-Z]{_WORD_START}[A-Z0-9]{{1,{MAX_SIGLE - 1}}}s?(?![\w-])")
_ROMAN = re.compile(r"(?<![\w-])(?=[IVXLC]{2,})C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
                    r"(?:e|er|ème)?(?![\w-])")
_PARENTHESES = re.compile(r"\([^)]*\)")
_PASSIVE = re.compile(
    r"\b(?:(?:a|ont|avait|avaient|aura|auront)\s+été"
    r"|(?:est|sont|était|étaient|sera|seront)(?=\s+\w+(?:é|ée|és|ées|is|ise|ises|it|ite|its"
    r"|ites|u|ue|us|ues|ert|erte)\s+par\b))\s+(?P<participle>\w+)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    code: str
    needle: str  # the words to point at, as written
    message: str
    hint: str


@cache
def word_lists() -> dict[str, Any]:
    return dict(data_file("falc.yml"))


def long_sentence(sentence: str, limit: int) -> list[Finding]:
    words = WORD.findall(sentence)
    if len(words) <= limit:
        return []
    return [Finding("falc-phrase-longue", " ".join(words[:3]),
                    f"phrase de {len(words)} mots (« {' '.join(words[:5])} … »)",
                    f"coupez-la en phrases de {limit} mots au plus")]


def capitals(sentence: str, defined: Callable[[str], bool] = lambda word: False,
             ) -> list[Finding]:
    if not _MAY_SHOUT.search(sentence):
        return []
    words = sentence.split()
    for index, word in enumerate(words):
        bare = word.strip('.,;:!?«»"()')
        if not CAPS_WORD.fullmatch(bare) or defined(bare):
            continue
        following = words[index + 1].strip('.,;:!?«»"()') if index + 1 < len(words) else ""
        if len(bare) >= LONG_CAPS_WORD or CAPS_WORD.fullmatch(following):
            return [Finding("falc-capitales", bare, f"texte en capitales (« {bare} »)",
                            "écrivez en minuscules et mettez en gras (**…**) ce qui est "
                            "important ; un sigle s'explique dans le glossaire")]
    return []


def protect_abbreviations(text: str, abbreviations: list[str]) -> str:
    """`Verr. Maj` keeps its words together: its point does not end a sentence."""
    for abbreviation in abbreviations:
        if ". " in abbreviation:
            text = text.replace(abbreviation, abbreviation.replace(". ", ".\u00a0"))
    return text


def several_actions(step: str) -> list[Finding]:
    verbs = [match.group(1) for match in _IMPERATIVE.finditer(step)
             if match.group(1).casefold() not in _NOT_VERBS
             and not step[: match.start()].rstrip().casefold().endswith("vous")
             and not _is_noun_rendez_vous(step, match)]
    if len(verbs) <= 1:
        return []
    return [Finding("falc-actions-multiples", verbs[1],
                    f"plusieurs actions dans une étape ({', '.join(verbs)})",
                    "une étape = une action : faites une étape par verbe")]


def _is_noun_rendez_vous(step: str, match: re.Match[str]) -> bool:
    """« Prenez rendez-vous », « votre rendez-vous »: a noun. Only at the start of a sentence
    is « Rendez-vous sur le site » an action."""
    if match.group(1).casefold() != "rendez" or not step.startswith("-vous", match.end()):
        return False
    before = _SHOWN_ICON.sub("", step[: match.start()]).rstrip()
    return bool(before) and before[-1] not in ".!?:"


_SHOWN_ICON = re.compile(r":[a-z0-9]+(?:-[a-z0-9]+)+:")


@cache
def _numbers_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def numbers_in_letters(sentence: str, words: tuple[str, ...]) -> list[Finding]:
    match = _numbers_pattern(words).search(sentence)
    if not match:
        return []
    return [Finding("falc-nombre-en-lettres", match[0], f"nombre écrit en lettres (« {match[0]} »)",
                    "écrivez-le en chiffres, par exemple « 12 » ou « 2e »")]


@cache
def _negation_pattern(closers: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in closers)
    return re.compile(rf"\b(?:ne\s+|n['’])(?:[\w’'-]+\s+){{0,4}}?(?:{words})\b"
                      r"|\bni\b[^.]*\bni\b", re.IGNORECASE)


_MAY_DENY = re.compile(r"\b(?:ne|n['’]|ni)", re.IGNORECASE)


def negation(sentence: str, closers: tuple[str, ...]) -> list[Finding]:
    if not _MAY_DENY.search(sentence):
        return []
    match = _negation_pattern(closers).search(sentence)
    if not match:
        return []
    return [Finding("falc-negation", match[0].split()[0], f"phrase négative (« {match[0]} »)",
                    "dites ce qu'il faut faire : « Gardez votre code secret. » plutôt que "
                    "« Ne donnez pas votre code. »")]


def impersonal_on(sentence: str) -> list[Finding]:
    match = _ON.search(sentence)
    if not match:
        return []
    return [Finding("falc-on", match[0], f"« {match[0]} » au lieu de « vous »",
                    "adressez-vous au lecteur : « Vous cliquez » plutôt que « On clique »")]


@cache
def _abbreviations_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(_abbreviation_pattern, abbreviations))
    return re.compile(rf"(?:{alternatives})(?![\w-])")


def _abbreviation_pattern(abbreviation: str) -> str:
    """The start of a word, then the words of `abbreviation` with any space between them."""
    words = r"\s".join(map(re.escape, abbreviation.split(" ")))
    if not abbreviation or abbreviation[0].isspace():
        return rf"(?<![\w-]){words}"
    first = re.escape(abbreviation[0])
    return f"{first}{_WORD_START}{words[len(first):]}"


def _romans(sentence: str) -> Iterator[re.Match[str]]:
    """Roman numerals as French text uses them (XXe siècle, Louis XIV, chapitre II). Two
    letters with C or L and no ordinal ending (CV, CL, XL) are taken for acronyms or sizes."""
    for match in _ROMAN.finditer(sentence):
        numeral = match[0]
        if numeral and (len(numeral) > 2 or not set(numeral) & {"C", "L"}):
            yield match


def abbreviations(sentence: str, defined: Callable[[str], bool],
                  lists: dict[str, Any]) -> list[Finding]:
    candidates = [m[0] for m in _SIGLE.finditer(sentence)]
    candidates += [m[0] for m in _abbreviations_pattern(tuple(lists["abreviations"]))
                   .finditer(sentence)]
    if not candidates:
        return []
    known = set(lists["sigles_connus"])
    romans = {m[0] for m in _romans(sentence)}
    for candidate in candidates:
        singular = candidate[:-1] if candidate.endswith("s") and candidate[:-1].isupper() \
            else candidate
        if singular in known or candidate in romans or defined(singular) or defined(candidate):
            continue
        return [Finding("falc-sigle", candidate, f"sigle ou abréviation « {candidate} » sans "
                        "définition", f"écrivez les mots en entier, ou ajoutez « {singular}: … » "
                        "au glossaire")]
    return []


_PUNCTUATION = [
    (_PARENTHESES, "parenthèses", "faites une deuxième phrase"),
    (re.compile(r";"), "point-virgule", "coupez en deux phrases"),
    (re.compile(r"\betc\b\.?"), "« etc. »", "donnez tous les exemples, ou le plus utile"),
    (re.compile(r"\d+(?:[,.]\d+)?\s?%"), "pourcentage",
     "dites « la moitié », « 1 sur 4 » ou « beaucoup »"),
]
_MAY_PUNCTUATE = re.compile(r"[(;%]|etc|[IVXLC]{2}")


def punctuation(sentence: str) -> list[Finding]:
    if not _MAY_PUNCTUATE.search(sentence):
        return []
    for pattern, what, hint in _PUNCTUATION:
        match = pattern.search(sentence)
        if match and match[0]:
            return [Finding("falc-ponctuation", match[0], f"{what} (« {match[0]} »)", hint)]
    for roman in _romans(sentence):
        return [Finding("falc-ponctuation", roman[0], f"chiffres romains (« {roman[0]} »)",
                        "écrivez le nombre en chiffres : « 20e siècle »")]
    return []


def passive(sentence: str) -> list[Finding]:
    if "été" not in sentence and " par " not in sentence:
        return []
    match = _PASSIVE.search(sentence)
    if not match:
        return []
    agent = re.search(r"\bpar\s+((?:l['’]|la |le |les |un |une |votre |vos |son |sa )?\w+)",
                      sentence[match.end():])
    hint = (f"dites qui fait l'action : commencez par « {agent[1]} … »" if agent
            else "dites qui fait l'action, avec un verbe actif")
    return [Finding("falc-passif", match[0].split()[0], f"phrase passive (« {match[0]} »)", hint)]
