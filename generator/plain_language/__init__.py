"""Plain-language (FALC) warnings.

Learner text (everything printed for the learner: `apprenant.*`, glossary definitions, the
objectives of parcours sessions) follows every FALC rule, with sentences of 15 words at most;
the résumé keeps the looser rules of other text (20 words, capitals, jargon).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..datafiles import data_file
from ..diagnostics import Diagnostic, Position, warning
from ..model import Fiche, Library, Parcours, SourceMap, YamlPath
from . import sentences as rules
from .sentences import Finding
from .sheet import glossary_findings, key_hold_findings, synonym_findings

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ICON = re.compile(r":[a-z]+(?:-[a-z0-9]+)+:")


@cache
def default_jargon() -> tuple[str, ...]:
    return tuple(data_file("jargon.yml"))


@dataclass
class Context:
    """What the rules of one document need to know."""

    jargon: tuple[str, ...]
    lists: dict[str, Any]
    defined: set[str]
    glossary_known: bool

    def is_defined(self, term: str) -> bool:
        folded = term.casefold()
        return any(folded == entry or folded == entry.rstrip("sx") or entry == folded + "s"
                   for entry in self.defined)

    def explains(self, abbreviation: str) -> bool:
        """A sigle is explained by a term of its own or by one it is part of (« clé USB »)."""
        written = abbreviation.replace("\u00a0", " ")
        folded = written.casefold()
        return self.is_defined(written) or any(folded in entry.split() for entry in self.defined)


def word_lists(library: Library) -> dict[str, Any]:
    """The FALC word lists, extended by the repository's `falc` option."""
    lists = {key: list(value) for key, value in rules.word_lists().items()}
    for key, extra in library.settings.falc.items():
        lists.setdefault(key, []).extend(extra)
    return lists


class PlainLanguage:
    """The plain-language rules of one library, ready to judge its documents one by one (so
    that two processes can share them)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.lists = word_lists(library)
        self.jargon = (*default_jargon(), *library.settings.jargon)
        self.shared = {entry.terme.casefold() for entry in library.glossaire}
        # Without the shared glossary, every term it defines would be reported in every file.
        self.known = "glossaire" not in library.unloaded

    def document(self, document: Fiche | Parcours) -> list[Diagnostic]:
        own = {term.casefold() for term in getattr(document, "glossaire", {})}
        context = Context(self.jargon, self.lists, self.shared | own, self.known)
        return list(_document(document, context, self.library))

    def shared_glossary(self) -> list[Diagnostic]:
        source = self.library.shared_glossary
        if source is None:
            return []
        context = Context(self.jargon, self.lists, self.shared, self.known)
        found: list[Diagnostic] = []
        for path, text in source.strings:
            plain = _plain(text)
            found += _located(source, path, text, _learner_sentence_findings(
                plain, context, _addresses_reader(("glossaire", *path), plain)))
        return found


def plain_language_documents(library: Library) -> list[Fiche | Parcours]:
    return library.with_drafts("fiches", "parcours")


def check_plain_language(library: Library) -> Iterator[Diagnostic]:
    rules_of = PlainLanguage(library)
    for document in plain_language_documents(library):
        yield from rules_of.document(document)
    yield from rules_of.shared_glossary()


def _document(document: Fiche | Parcours, context: Context,
              library: Library) -> Iterator[Diagnostic]:
    source = document.source
    missing: set[str] = set()
    texts = [(path, text, learner, _plain(text)) for path, text, learner in _texts(document)]
    for path, text, learner, plain in texts:
        findings = _learner_sentence_findings(plain, context, _addresses_reader(path, plain)) \
            if learner else _other_sentence_findings(plain)
        if _is_step(path):
            findings += rules.several_actions(plain)
        findings += _jargon(plain, context, missing)
        if findings:
            yield from _located(source, path, text, findings)
    if isinstance(document, Fiche):
        learner_texts = [(path, plain) for path, _, learner, plain in texts if learner]
        strings = dict(source.strings)
        for path, finding in [*synonym_findings(learner_texts, context.lists["synonymes"]),
                              *key_hold_findings(document, context.lists),
                              *glossary_findings(document, library)]:
            yield from _located(source, path, strings.get(path, ""), [finding])


def _texts(document: Fiche | Parcours) -> Iterator[tuple[YamlPath, str, bool]]:
    """(path, text, is learner text) of every text the rules read."""
    for path, text in document.source.strings:
        first = path[0]
        if first == "resume" and len(path) == 1:
            yield path, text, False
        elif (first == "apprenant" and path[-1] not in ("image", "alt", "reponse")) \
                or (first == "glossaire" and len(path) == 2) \
                or (first == "seances" and len(path) > 2 and path[2] == "objectifs") \
                or (first == "annexes" and _learner_annex_text(document, path)):
            yield path, text, True


def _learner_annex_text(document: Fiche | Parcours, path: YamlPath) -> bool:
    """A text of an annex given to the learners (`pour: apprenant`). The other annexes are the
    trainer's material (examples of scams, answers, scripts): the rules leave them alone."""
    if path[0] != "annexes" or len(path) < 3 or path[2] not in ("titre", "texte", "cartes"):
        return False
    annexes = getattr(document, "annexes", [])
    index = path[1]
    return isinstance(index, int) and index < len(annexes) \
        and annexes[index].pour == "apprenant"


def _is_step(path: YamlPath) -> bool:
    return path[:2] == ("apprenant", "etapes") and path[3:] in ((), ("texte",))


def _plain(text: str) -> str:
    # Most texts hold neither a link nor an icon: skip the substitutions that would find none.
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    return _ICON.sub("", text) if ":" in text else text


_YOU = re.compile(r"\b(?:vous|votre|vos)\b", re.IGNORECASE)


def _addresses_reader(path: YamlPath, text: str) -> bool:
    """Learner parts speak to the learner (« vous »); a glossary definition only when it
    says « vous » itself, so that « on » there is a choice, not a slip."""
    return path[0] != "glossaire" or bool(_YOU.search(text))


def _learner_sentence_findings(text: str, context: Context,
                               addresses_reader: bool = True) -> list[Finding]:
    lists = context.lists
    numbers, negations = tuple(lists["nombres"]), tuple(lists["negations"])
    text = rules.protect_abbreviations(text, lists["abreviations"])
    found: list[Finding] = []
    for sentence in rules.SENTENCE_END.split(text):
        found += rules.long_sentence(sentence, rules.MAX_WORDS_LEARNER)
        found += rules.capitals(sentence, context.is_defined)
        found += rules.numbers_in_letters(sentence, numbers)
        found += rules.negation(sentence, negations)
        if addresses_reader:
            found += rules.impersonal_on(sentence)
        found += rules.abbreviations(sentence, context.explains, lists)
        found += rules.punctuation(sentence)
        found += rules.passive(sentence)
    return found


def sentence_codes(sentence: str, defined: Iterable[str] = (),
                   lists: dict[str, Any] | None = None) -> set[str]:
    """The codes of the learner-text rules one sentence breaks (for measuring accuracy)."""
    context = Context((), lists or rules.word_lists(), {t.casefold() for t in defined}, True)
    return {finding.code for finding in _learner_sentence_findings(_plain(sentence), context)}


def _other_sentence_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    for sentence in rules.SENTENCE_END.split(text):
        found += rules.long_sentence(sentence, rules.MAX_WORDS)
        found += rules.capitals(sentence)
    return found


def _jargon(text: str, context: Context, missing: set[str]) -> list[Finding]:
    if not context.glossary_known:
        return []
    found = []
    for term in _jargon_used(text, context.jargon):
        if not context.is_defined(term) and term.casefold() not in missing:
            missing.add(term.casefold())
            found.append(Finding("falc-jargon", term,
                                 f"mot difficile « {term} » sans définition dans le glossaire",
                                 f"ajoutez « {term}: … » sous « glossaire: » ou dans "
                                 "glossaire.yml"))
    return found


def _jargon_used(text: str, jargon: tuple[str, ...]) -> list[str]:
    """Jargon terms found in `text`, as spelled in the list (one regex pass for all terms)."""
    pattern, by_spelling = _jargon_pattern(jargon)
    return list(dict.fromkeys(by_spelling[match.casefold()] for match in pattern.findall(text)))


@cache
def _jargon_pattern(jargon: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for the whole list, and each lower-cased spelling back to its listed form."""
    longest_first = sorted(jargon, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in longest_first)
    pattern = re.compile(rf"(?<![\w-])(?P<term>{alternatives})[sx]?(?![\w-])", re.IGNORECASE)
    return pattern, {term.casefold(): term for term in jargon}


def _located(source: SourceMap, path: YamlPath, text: str,
             findings: Iterable[Finding]) -> Iterator[Diagnostic]:
    for finding in findings:
        yield warning(source.path, locate(source, path, finding.needle, text), finding.message,
                      finding.hint, code=finding.code)


def locate(source: SourceMap, path: YamlPath, needle: str, text: str) -> Position:
    """Line and column of `needle` (as written in `text`) in the YAML file."""
    index = text.casefold().find(needle.casefold()) if needle else -1
    if index < 0:
        return source.at(*path)
    written = text[index: index + len(needle)]
    return source.find(written, source.at(*path), text.count("\n", 0, index))


def plain_language_score(fiche: Fiche, library: Library) -> float | None:
    """Share of the fiche's learner sentences that draw no sentence-level warning (None: the
    fiche has no learner text)."""
    defined = {e.terme.casefold() for e in library.glossaire} | {t.casefold()
                                                                 for t in fiche.glossaire}
    context = Context((), word_lists(library), defined, True)
    total = clean = 0
    for _, text, learner in _texts(fiche):
        if not learner:
            continue
        for sentence in rules.SENTENCE_END.split(_plain(text)):
            if not rules.WORD.search(sentence):
                continue
            total += 1
            clean += not any(True for _ in _learner_sentence_findings(sentence, context))
    return clean / total if total else None
