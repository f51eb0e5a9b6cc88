"""Printing diagnostics and progress on the terminal (rich)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from .diagnostics import Diagnostic, Level, sorted_diagnostics

console = Console(stderr=True, highlight=False, soft_wrap=True)


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """One line per problem, `path:line:column: niveau: message (indice)`."""
    for diagnostic in sorted_diagnostics(diagnostics):
        style = "red" if diagnostic.level is Level.ERROR else "yellow"
        console.print(f"[{style}]{escape(diagnostic.format())}[/]", soft_wrap=True)


def print_summary(diagnostics: list[Diagnostic], counts: str) -> None:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if errors:
        console.print(f"[bold red]{errors} erreur(s)[/], {warnings} avertissement(s) — {counts}")
    else:
        console.print(f"[bold green]Aucune erreur[/], {warnings} avertissement(s) — {counts}")
