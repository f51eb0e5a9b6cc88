"""`relais build`: check, then produce the whole output in a temporary folder and swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .check import check_repository
from .diagnostics import has_errors
from .model import Library
from .report import console, print_diagnostics, print_summary

# Extra outputs (e.g. PDFs) written into the temporary site folder before the swap.
OutputStep = Callable[[Library, Path], None]


class BuildFailed(Exception):
    """A build step failed; the message is French and the previous output is untouched."""


def build(root: Path, out: Path, steps: list[tuple[str, OutputStep]] | None = None) -> int:
    """Exit code: 0 built, 1 content errors or build failure (OUT left exactly as it was)."""
    from .site.engine import EngineError, build_site

    started = time.perf_counter()
    result = check_repository(root, parallel=True)
    print_diagnostics(result.diagnostics)
    counts = _counts(result.library)
    if has_errors(result.diagnostics):
        print_summary(result.diagnostics, counts)
        console.print(f"[red]Construction annulée : {out} n'a pas été modifié.[/]")
        return 1
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        with console.status("Construction du site…"):
            build_site(root, staging)
        for label, step in steps or []:
            console.print(f"{label}…")
            step(result.library, staging)
        _swap(staging, out)
    except (EngineError, BuildFailed) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        console.print(f"[red]erreur : la construction a échoué : {exc}[/]")
        console.print(f"[red]{out} n'a pas été modifié.[/]")
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    elapsed = time.perf_counter() - started
    print_summary(result.diagnostics, counts)
    console.print(f"Site construit dans {out} en {elapsed:.1f} s.")
    return 0


def _counts(library: Library) -> str:
    return (
        f"{len(library.fiches)} fiche(s), {len(library.parcours)} parcours, "
        f"{len(library.referentiels)} référentiel(s)"
    )


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old copy is removed afterwards."""
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a site folder is meant to be served
    if not out.exists():
        staging.rename(out)
        return
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
