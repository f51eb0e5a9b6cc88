"""Plain-language (FALC) warnings on learner-facing text: résumés and the `apprenant` part.

Heuristics, kept deliberately simple and predictable so authors understand each warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .diagnostics import Diagnostic, Position, warning
from .model import Fiche, Library, Parcours, SourceMap

MAX_WORDS = 20
LONG_CAPS_WORD = 7  # a single word in capitals this long is shouting, not an acronym

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_CAPS_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+$")
_IMPERATIVE = re.compile(r"\b(\w+ez)\b", re.IGNORECASE | re.UNICODE)
_NOT_VERBS = {"chez", "assez", "nez", "rez"}


@cache
def default_jargon() -> tuple[str, ...]:
    text = resources.files("generator").joinpath("data/jargon.yml").read_text("utf-8")
    return tuple(yaml.safe_load(text))


def check_plain_language(library: Library) -> Iterator[Diagnostic]:
    jargon = (*default_jargon(), *library.settings.jargon)
    shared = {entry.terme.casefold() for entry in library.glossaire}
    # Without the shared glossary, every term it defines would be reported in every file.
    glossary_known = "glossaire" not in library.unloaded
    documents: list[Fiche | Parcours] = library.with_drafts("fiches", "parcours")
    for document in documents:
        defined = shared | {term.casefold() for term in getattr(document, "glossaire", {})}
        missing_terms: set[str] = set()
        for path, text in _learner_texts(document):
            plain = _LINK.sub(r"\1", text)
            yield from _long_sentences(document.source, path, plain)
            yield from _capitals(document.source, path, plain)
            if path[:2] == ("apprenant", "etapes") and path[3:] in ((), ("texte",)):
                yield from _several_actions(document.source, path, plain)
            for term in _jargon_used(plain, jargon) if glossary_known else ():
                if not _is_defined(term, defined) and term.casefold() not in missing_terms:
                    missing_terms.add(term.casefold())
                    yield warning(
                        document.source.path,
                        _locate(document.source, path, term, plain),
                        f"mot difficile « {term} » sans définition dans le glossaire",
                        f"ajoutez « {term}: … » sous « glossaire: » ou dans glossaire.yml",
                    )


def _learner_texts(document: Fiche | Parcours) -> Iterator[tuple[tuple[Any, ...], str]]:
    """The résumé and every text of the `apprenant` part (image paths and alt aside)."""
    for path, text in document.source.strings:
        if path == ("resume",) or (path[0] == "apprenant" and path[-1] not in ("image", "alt")):
            yield path, text


def _long_sentences(source: SourceMap, path: tuple[Any, ...], text: str) -> Iterator[Diagnostic]:
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            yield warning(
                source.path,
                _locate(source, path, " ".join(words[:3]), text),
                f"phrase de {len(words)} mots (« {' '.join(words[:5])} … »)",
                f"coupez-la en phrases de {MAX_WORDS} mots au plus",
            )


def _capitals(source: SourceMap, path: tuple[Any, ...], text: str) -> Iterator[Diagnostic]:
    words = text.split()
    for index, word in enumerate(words):
        bare = word.strip('.,;:!?«»"()')
        if not _CAPS_WORD.match(bare):
            continue
        following = words[index + 1].strip('.,;:!?«»"()') if index + 1 < len(words) else ""
        if len(bare) >= LONG_CAPS_WORD or _CAPS_WORD.match(following):
            yield warning(
                source.path,
                _locate(source, path, bare, text),
                f"texte en capitales (« {bare} »)",
                "écrivez en minuscules ; mettez en gras (**…**) ce qui est important",
            )
            return


def _several_actions(source: SourceMap, path: tuple[Any, ...], text: str) -> Iterator[Diagnostic]:
    verbs = [
        match.group(1)
        for match in _IMPERATIVE.finditer(text)
        if match.group(1).casefold() not in _NOT_VERBS
        and not text[: match.start()].rstrip().casefold().endswith("vous")
    ]
    if len(verbs) > 1:
        yield warning(
            source.path,
            source.at(*path),
            f"plusieurs actions dans une étape ({', '.join(verbs)})",
            "une étape = une action : faites une étape par verbe",
        )


def _jargon_used(text: str, jargon: tuple[str, ...]) -> Iterator[str]:
    """Jargon terms found in `text`, as spelled in the list (one regex pass for all terms)."""
    pattern, by_spelling = _jargon_pattern(jargon)
    seen: set[str] = set()
    for match in pattern.finditer(text):
        term = by_spelling[match["term"].casefold()]
        if term not in seen:
            seen.add(term)
            yield term


@cache
def _jargon_pattern(jargon: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for the whole list, and each lower-cased spelling back to its listed form."""
    longest_first = sorted(jargon, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in longest_first)
    pattern = re.compile(rf"(?<![\w-])(?P<term>{alternatives})[sx]?(?![\w-])", re.IGNORECASE)
    return pattern, {term.casefold(): term for term in jargon}


def _is_defined(term: str, defined: set[str]) -> bool:
    folded = term.casefold()
    return any(
        folded == entry or folded == entry.rstrip("sx") or entry == folded + "s"
        for entry in defined
    )


def _locate(source: SourceMap, path: tuple[Any, ...], needle: str, text: str) -> Position:
    """Line and column of `needle` (as written in `text`) in the YAML file."""
    index = text.casefold().find(needle.casefold())
    if index < 0:
        return source.at(*path)
    written = text[index : index + len(needle)]
    return source.find(written, source.at(*path), text.count("\n", 0, index))
