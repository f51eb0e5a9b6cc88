"""`relais build`: check, then produce the whole output in a temporary folder and swap it in
(see `output.py` for which folders may be replaced, and how)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.markup import escape

from .check import check_repository
from .diagnostics import has_errors
from .model import Library
from .output import OutputRefused, WriteFailed, checked_output, recover, replacing
from .report import console, print_diagnostics, print_summary

# Extra outputs (e.g. PDFs) written into the temporary site folder before the swap.
OutputStep = Callable[[Library, Path], None]


class BuildFailed(Exception):
    """A build step failed; the message is French and the previous output is untouched."""


def build(root: Path, out: Path, steps: list[tuple[str, OutputStep]] | None = None) -> int:
    """Exit code: 0 built, 1 content errors or build failure (OUT left exactly as it was),
    2 an output folder Relais may not replace (see `output.checked_output`)."""
    from .site.engine import EngineError, build_site

    started = time.perf_counter()
    try:
        out = checked_output(root, out, "site")
    except OutputRefused as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 2
    recover(out)  # a killed build's output comes back even if this one stops at the check
    result = check_repository(root, parallel=True)
    print_diagnostics(result.diagnostics)
    counts = _counts(result.library)
    if has_errors(result.diagnostics):
        print_summary(result.diagnostics, counts)
        console.print(f"[red]Construction annulée : {escape(str(out))} n'a pas été modifié.[/]")
        return 1
    try:
        with replacing(out) as staging:
            with console.status("Construction du site…"):
                build_site(root, staging)
            for label, step in steps or []:
                console.print(f"{label}…")
                step(result.library, staging)
    except (EngineError, BuildFailed) as exc:
        console.print(f"[red]erreur : la construction a échoué : {escape(str(exc))}[/]")
        console.print(f"[red]{escape(str(out))} n'a pas été modifié.[/]")
        return 1
    except WriteFailed as exc:
        console.print(f"[red]erreur : {escape(str(exc))} ; « {escape(str(out))} » "
                      "n'a pas été modifié[/]")
        return 1
    elapsed = time.perf_counter() - started
    print_summary(result.diagnostics, counts)
    console.print(f"Site construit dans {escape(str(out))} en {elapsed:.1f} s.")
    return 0


def _counts(library: Library) -> str:
    return (
        f"{len(library.fiches)} fiche(s), {len(library.parcours)} parcours, "
        f"{len(library.referentiels)} référentiel(s)"
    )
