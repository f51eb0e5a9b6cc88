"""One diagnostic type shared by every stage, and the single place that formats it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple


class Level(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


class Position(NamedTuple):
    """1-based line and column (a tuple: millions are created while loading)."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True, init=False)
class Diagnostic:
    path: str  # POSIX path relative to the content repository
    position: Position
    level: Level
    message: str
    hint: str | None = None
    code: str = ""  # the rule's stable name (data/regles.yml), e.g. falc-phrase-longue

    def __init__(self, path: str, position: Position, level: Level, message: str,
                 hint: str | None = None, code: str = "") -> None:
        # What the frozen dataclass's own __init__ does, without its `object.__setattr__` call
        # per field (more than half its cost): a check makes one per warning, thousands.
        values = self.__dict__
        values["path"], values["position"], values["level"] = path, position, level
        values["message"], values["hint"], values["code"] = message, hint, code

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def format(self) -> str:
        """One line, whatever the values the message quotes (see `one_line`)."""
        code = f" [{self.code}]" if self.code else ""
        hint = f" ({one_line(self.hint)})" if self.hint else ""
        return (f"{_visible(self.path)}:{self.position.line}:{self.position.column}: "
                f"{self.level.value}: {one_line(self.message)}{code}{hint}")

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.position.line, self.position.column, self.message)


MAX_SHOWN = 60  # characters of a quoted value shown in a message

_QUOTED = re.compile(r"« (.*?) »", re.DOTALL)
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@lru_cache(maxsize=4096)  # most messages and hints of a run are the same few texts
def one_line(text: str) -> str:
    """`text` on one line: values quoted in « » are shortened to MAX_SHOWN characters, and
    line breaks and other invisible characters are shown as escapes (\\n, \\u2028)."""
    if len(text) > MAX_SHOWN and "«" in text:  # else no quoted value can be too long
        text = _QUOTED.sub(_shorten, text)
    return _visible(text)


def _shorten(match: re.Match[str]) -> str:
    value = match[1]
    return match[0] if len(value) <= MAX_SHOWN else f"« {value[: MAX_SHOWN - 1]}… »"


def _visible(text: str) -> str:
    if text.isprintable():  # every character of _INVISIBLE is unprintable
        return text
    return _INVISIBLE.sub(lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04x}"), text)


def error(path: str, position: Position, message: str, hint: str | None = None, *,
          code: str = "") -> Diagnostic:
    return Diagnostic(path, position, Level.ERROR, message, hint, code)


def warning(path: str, position: Position, message: str, hint: str | None = None, *,
            code: str = "") -> Diagnostic:
    return Diagnostic(path, position, Level.WARNING, message, hint, code)


# `sort_key` without a Python call per diagnostic: a position sorts as (line, column).
_SORT_KEY = attrgetter("path", "position", "message")


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=_SORT_KEY)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """French "did you mean" hint for the closest choice, if any is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"vouliez-vous dire « {matches[0]} » ?" if matches else None


def choices_hint(word: str, choices: Iterable[str]) -> str:
    """A did-you-mean hint, or the list of accepted values when nothing is close."""
    ordered = list(choices)
    return did_you_mean(word, ordered) or "valeurs acceptées : " + ", ".join(ordered)
