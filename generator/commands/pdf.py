"""`relais pdf [DOSSIER] [-o SORTIE] [--format a4|a5] [--taille normal|tres-gros]
[--parcours ID --debut DATE --heure HH:MM [--jour JOUR] [--sauf DATE …] [--lieu LIEU]]`.

Imported by the command line at start-up: the orchestrator (and WeasyPrint) load in `run` only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .arguments import add_dir

if TYPE_CHECKING:
    from ..model import Library
    from ..planning import Plan

DATE_OPTIONS = ("debut", "jour", "heure", "sauf", "lieu")  # those of `relais calendrier`


def register(commands: Any) -> None:
    """Add the `pdf` sub-command to the `relais` parser."""
    parser = commands.add_parser(
        "pdf", help="vérifier puis produire les PDF imprimables (fiches, livrets, guides)",
        describe=_description)
    add_dir(parser)
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
    dates = parser.add_argument_group(
        "dates des séances",
        "Avec --debut et --heure, les feuilles d'émargement, l'attestation et le carnet de "
        "progrès d'un parcours impriment la date de chaque séance, une par semaine, comme "
        "« relais calendrier ». Sans elles, des lignes restent à remplir à la main.")
    dates.add_argument("--parcours", metavar="ID",
                       help="le parcours à dater (facultatif si le dépôt n'en a qu'un)")
    dates.add_argument("--debut", metavar="DATE",
                       help="date de la première séance, par exemple 2027-01-12")
    dates.add_argument("--jour", metavar="JOUR",
                       help="jour de la semaine des séances (vérifié avec --debut)")
    dates.add_argument("--heure", metavar="HH:MM",
                       help="heure de début des séances, par exemple 14:00")
    dates.add_argument("--sauf", nargs="+", action="extend", default=[], metavar="DATE",
                       help="dates sans séance (vacances, jours fériés)")
    dates.add_argument("--lieu", help="adresse ou salle imprimée sur les feuilles (par défaut : "
                                      "l'adresse de la structure)")
    parser.set_defaults(run=run, usage=parser)


def _description() -> str:
    from ..pdf.documents import described_kinds  # with PIL: only when the help is shown

    return f"Produit, {described_kinds()}."


def run(args: argparse.Namespace) -> int:
    from ..orchestrator import print_documents

    dated = bool(args.parcours or any(getattr(args, name) for name in DATE_OPTIONS))
    return print_documents(args.dir, args.output or args.dir / "pdf", args.paper, args.taille,
                           (lambda library: plans(args, library)) if dated else None)


def plans(args: argparse.Namespace, library: Library) -> dict[str, Plan]:
    """The parcours to date and its plan; a wrong value is a usage error (exit 2), judged once
    the content is checked, as `relais calendrier` does."""
    from ..diagnostics import did_you_mean
    from ..planning import plan_from_options, session_dates

    known = sorted(library.parcours)
    ident = args.parcours
    if ident is None and len(known) != 1:
        given = next(f"--{name}" for name in DATE_OPTIONS if getattr(args, name))
        _usage(args, f"{given} date les séances d'un parcours : choisissez-le avec "
                     f"--parcours ID (parcours du dépôt : {', '.join(known) or 'aucun'})")
    ident = ident or known[0]
    if ident not in library.parcours:
        hint = did_you_mean(ident, known) or (
            "parcours du dépôt : " + ", ".join(known) if known else "ce dépôt n'a aucun parcours")
        _usage(args, f"parcours « {ident} » inconnu ({hint})")
    missing = [f"--{name}" for name in ("debut", "heure") if not getattr(args, name)]
    if missing:
        _usage(args, f"pour dater les séances de « {ident} », donnez aussi "
                     f"{' et '.join(missing)} (par exemple --debut 2027-01-12 --heure 14:00)")
    try:
        plan = plan_from_options(args.debut, args.jour, args.heure, args.sauf, args.lieu)
        session_dates(plan.debut, len(library.parcours[ident].seances), plan.sauf)
    except ValueError as exc:
        _usage(args, str(exc))
    return {ident: plan}


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """A usage error found after the check: French message, exit 2 (raises SystemExit)."""
    args.usage.error(message)  # FrenchParser.error escapes it for the terminal
    raise SystemExit(2)  # not reached: error() exits
