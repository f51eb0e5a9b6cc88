"""`relais pdf [DOSSIER] [-o SORTIE] [--format a4|a5]`: check, then print every document.

Imported by the command line at start-up: WeasyPrint and the model load inside `run` only.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from rich.markup import escape

from ..report import console, print_diagnostics, print_summary
from . import names

IMPOSITION_HINT = ("Livrets A5 : imprimez recto verso en retournant sur le bord court, "
                   "gardez l'ordre des feuilles et pliez la pile au milieu.")


def register(commands: Any) -> None:
    """Add the `pdf` sub-command to the `relais` parser."""
    from ..cli import _add_dir  # the shared DOSSIER argument of every command

    parser = commands.add_parser(
        "pdf", help="vérifier puis produire les PDF imprimables (fiches, livrets, guides)",
        description="Produit, pour chaque fiche, la fiche apprenant et la fiche animateur, et "
                    "pour chaque parcours, le livret apprenant et le guide animateur.")
    _add_dir(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="SORTIE",
                        help="dossier des PDF, remplacé à chaque production s'il a été "
                             "produit par Relais (par défaut DOSSIER/pdf)")
    parser.add_argument("--format", choices=("a4", "a5"), default="a4", dest="paper",
                        help="a4 (par défaut) ; a5 : pages A5 imposées deux par deux sur des "
                             "feuilles A4, à imprimer recto verso et à plier en livret")
    parser.add_argument("--taille", choices=("normal", "tres-gros"), default="normal",
                        help="normal (par défaut) : gros caractères ; tres-gros : fiches et "
                             "livrets de l'apprenant en très gros caractères, pour les personnes "
                             "qui voient mal (fichiers « …-tres-gros.pdf »)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..check import check_repository
    from ..diagnostics import has_errors
    from ..output import OutputRefused, WriteFailed, checked_output, recover, replacing
    from .documents import format_jobs
    from .produce import ProductionError, produce

    root: Path = args.dir
    try:
        out = checked_output(root, args.output or root / "pdf", "pdf")
    except OutputRefused as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 2
    recover(out)
    result = check_repository(root, parallel=True)
    library = result.library
    counts = (f"{len(library.fiches)} fiche(s), {len(library.parcours)} parcours, "
              f"{len(library.referentiels)} référentiel(s)")
    if has_errors(result.diagnostics):
        print_diagnostics(result.diagnostics)
        print_summary(result.diagnostics, counts)
        console.print("[red]PDF non produits : corrigez d'abord les erreurs.[/]")
        return 1
    try:
        with replacing(out) as staging:
            production = produce(library, format_jobs(library, args.paper, args.taille))
            for document in production.documents:
                _copy(document.file, staging / names.outside_site(document.job.path))
    except ProductionError as exc:
        print_diagnostics(result.diagnostics)
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 1
    except WriteFailed as exc:
        print_diagnostics(result.diagnostics)
        console.print(f"[red]erreur : {escape(str(exc))} ; « {escape(str(out))} » "
                      "n'a pas été modifié[/]")
        return 1
    diagnostics = [*result.diagnostics, *production.warnings]
    print_diagnostics(diagnostics)
    print_summary(diagnostics, counts)
    console.print(f"{len(production.documents)} PDF dans {escape(str(out))} "
                  f"({production.rendered} produit(s), {production.reused} inchangé(s)) "
                  f"en {production.seconds:.1f} s.")
    if args.paper == "a5":
        console.print(IMPOSITION_HINT)
    return 0


def _copy(source: Path, target: Path) -> None:
    """Into the new folder, which nothing else reads until it replaces the output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
