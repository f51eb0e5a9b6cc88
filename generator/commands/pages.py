"""`relais pages [DOSSIER] -o DOSSIER_PAGES`: the site as a plain folder of pages
(generator/engines/pages_folder.py), for any engine.

Imported by the command line at start-up: the orchestrator loads in `run` only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from .arguments import add_dir


def register(commands: Any) -> None:
    """Add the `pages` sub-command to the `relais` parser."""
    parser = commands.add_parser(
        "pages", help="vérifier puis écrire les pages du site dans un dossier, pour un moteur",
        description="Écrit les pages Markdown, les pages écrites à la main, les images, le "
                    "catalogue, les PDF, le thème et la navigation : tout ce qu'un moteur de "
                    "site (MkDocs, Zensical) lit. Seuls les fichiers changés sont réécrits.")
    add_dir(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="DOSSIER_PAGES",
                        help="dossier des pages, mis à jour à chaque fois s'il a été produit "
                             "par Relais (par défaut DOSSIER/pages)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from ..engines.pages_folder import pages_folder, write_folder
    from ..orchestrator import Run, RunFailed, site_files
    from ..output import OutputRefused, WriteFailed, checked_output, describe, mark
    from ..report import console, print_diagnostics, print_summary

    started = time.perf_counter()
    out: Path = args.output or args.dir / "pages"
    try:
        out = checked_output(args.dir, out, "pages")
    except OutputRefused as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 2
    run_ = Run.start(args.dir, print_diagnostics)
    unchanged = f"« {escape(str(out))} » n'a pas été modifié."
    if run_.failed:
        print_summary(run_.diagnostics, run_.counts)
        console.print(f"[red]Pages non écrites : {unchanged}[/]")
        return 1
    try:
        folder = pages_folder(site_files(run_))
        out.mkdir(parents=True, exist_ok=True)
        mark(out)
        written, removed = write_folder(folder.files, out)
    except RunFailed as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        console.print(f"[red]{unchanged}[/]")
        return 1
    except (OSError, WriteFailed) as exc:
        message = describe(exc) if isinstance(exc, OSError) else str(exc)
        console.print(f"[red]erreur : {escape(message)}[/]")
        return 1
    print_summary(run_.diagnostics, run_.counts)
    console.print(f"Pages écrites dans {escape(str(out))} : {written} fichier(s) écrit(s), "
                  f"{removed} supprimé(s), {len(folder.files) - written} inchangé(s), en "
                  f"{time.perf_counter() - started:.1f} s.")
    return 0
