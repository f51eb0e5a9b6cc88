"""One diagnostic type shared by every stage, and the single place that formats it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


class Position(NamedTuple):
    """1-based line and column (a tuple: millions are created while loading)."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    path: str  # POSIX path relative to the content repository
    position: Position
    level: Level
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.position.line}:{self.position.column}: {self.level.value}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.position.line, self.position.column, self.message)


def error(path: str, position: Position, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, position, Level.ERROR, message, hint)


def warning(path: str, position: Position, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, position, Level.WARNING, message, hint)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


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
