"""`relais export case|moodle|json` and `relais calendrier`: arguments, checks, output files.

Order of a run: the command line's shape (argparse: unknown or missing options, missing
folder; exit 2), then the content check of `relais check` (exit 1 on errors: it applies first),
then the argument values (dates, hour, weekday, parcours or référentiel, output path; exit 2),
then the export. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..diagnostics import did_you_mean
from .arguments import add_dir

if TYPE_CHECKING:
    from ..model import Library, Referentiel

STDOUT = "-"


def register(commands: Any) -> None:
    """Add `export` (with its formats) and `calendrier` to the `relais` sub-commands."""
    export = commands.add_parser(
        "export", help="exporter vers d'autres outils : CASE, Moodle, catalogue JSON",
        description="Exporter le contenu dans les formats que lisent d'autres outils.")
    formats = export.add_subparsers(dest="format", metavar="FORMAT", parser_class=type(export))
    formats.required = True

    case = formats.add_parser(
        "case", help="référentiels au format 1EdTech CASE 1.0 (JSON)",
        description="Chaque référentiel devient un paquet CASE (CFPackage). Avec plusieurs "
                    "référentiels, donnez un dossier à -o : un fichier ID.json par référentiel.")
    _common(case, "FICHIER.json ou DOSSIER")
    case.add_argument("--referentiel", metavar="ID", help="n'exporter que ce référentiel")
    case.set_defaults(run=cmd_case, usage=case)

    moodle = formats.add_parser(
        "moodle", help="un référentiel au format d'import CSV de Moodle",
        description="Le CSV d'import des référentiels de compétences de Moodle "
                    "(outil tool_lpimportcsv).")
    _common(moodle, "FICHIER.csv")
    moodle.add_argument("--referentiel", metavar="ID",
                        help="le référentiel à exporter (facultatif s'il n'y en a qu'un)")
    moodle.add_argument("--separateur", choices=("point-virgule", "virgule"),
                        default="point-virgule",
                        help="séparateur des colonnes, à choisir aussi dans Moodle (par défaut : "
                             "point-virgule, celui qu'un Moodle en français propose)")
    moodle.set_defaults(run=cmd_moodle, usage=moodle)

    catalogue = formats.add_parser(
        "json", help="tout le catalogue en JSON documenté",
        description="Fiches, parcours, référentiels et glossaire en un document JSON "
                    "(schéma : generator/export/schemas/catalogue.schema.json).")
    _common(catalogue, "FICHIER.json")
    catalogue.set_defaults(run=cmd_json, usage=catalogue)

    calendar = commands.add_parser(
        "calendrier", help="les séances d'un parcours dans un agenda (.ics)",
        description="Une séance par semaine, le même jour à la même heure (heure de Paris). "
                    "Une date passée avec --sauf décale les séances suivantes d'une semaine.")
    calendar.add_argument("parcours", metavar="PARCOURS", help="identifiant du parcours")
    _common(calendar, "FICHIER.ics")
    calendar.add_argument("--debut", required=True, metavar="DATE",
                          help="date de la première séance, par exemple 2027-01-12")
    calendar.add_argument("--jour", metavar="JOUR",
                          help="jour de la semaine des séances (vérifié avec --debut)")
    calendar.add_argument("--heure", required=True, metavar="HH:MM",
                          help="heure de début des séances, par exemple 14:00")
    calendar.add_argument("--sauf", nargs="+", action="extend", default=[], metavar="DATE",
                          help="dates sans séance (vacances, jours fériés)")
    calendar.add_argument("--lieu", help="adresse ou salle, affichée dans l'agenda")
    calendar.set_defaults(run=cmd_calendar, usage=calendar)


def _common(parser: argparse.ArgumentParser, output: str) -> None:
    add_dir(parser)
    parser.add_argument("-o", "--output", required=True, metavar="SORTIE",
                        help=f"{output} à écrire (« - » : la sortie standard)")


# --- argument values ------------------------------------------------------------------------
# The folder is an argparse type (arguments.add_dir: no folder, exit 2 at once). The other
# values are judged after the content check (planning.plan_from_options: ValueError in French).


# --- commands -----------------------------------------------------------------------------


def cmd_case(args: argparse.Namespace) -> int:
    import json

    from ..addresses import public_site
    from ..export.case import case_package
    from ..export.changes import last_change

    out = Path(args.output)
    to_folder = args.output != STDOUT and (out.is_dir() or args.output.endswith(("/", os.sep)))
    library = _checked_library(args, to_folder)
    if library is None:
        return 1
    chosen = _referentiels(args, library)
    if not chosen:
        return _nothing("aucun référentiel à exporter dans ce dépôt")
    site = public_site(library)
    if len(chosen) > 1 and not to_folder:
        names = ", ".join(r.ident for r in chosen)
        _usage(args, f"plusieurs référentiels ({names}) : donnez un dossier à -o, "
                     "ou choisissez-en un avec --referentiel ID")
    for referentiel in chosen:
        changed = last_change(library.root, referentiel.source.path)
        package = case_package(library, referentiel, changed, site)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        target = out / f"{referentiel.ident}.json" if to_folder else out
        _write(args, target, text.encode("utf-8"), folder_ok=to_folder)
        _done(f"référentiel « {referentiel.ident} » exporté au format CASE", target)
    return 0


def cmd_moodle(args: argparse.Namespace) -> int:
    from ..addresses import public_site
    from ..export.moodle import DELIMITERS, moodle_csv, scale_problems
    from ..report import print_diagnostics

    library = _checked_library(args)
    if library is None:
        return 1
    chosen = _referentiels(args, library)
    if not chosen:
        return _nothing("aucun référentiel à exporter dans ce dépôt")
    if len(chosen) > 1:
        _usage(args, "plusieurs référentiels : choisissez-en un avec --referentiel ID "
                     f"({', '.join(r.ident for r in chosen)})")
    referentiel = chosen[0]
    if problems := scale_problems(referentiel):
        print_diagnostics(problems)
        return 1
    delimiter = DELIMITERS[args.separateur]
    text = moodle_csv(library, referentiel, public_site(library), delimiter)
    _write(args, Path(args.output), text.encode("utf-8"))
    _done(f"référentiel « {referentiel.ident} » exporté pour Moodle", Path(args.output))
    _moodle_hint(args.separateur, delimiter)
    return 0


def _moodle_hint(name: str, delimiter: str) -> None:
    """Which delimiter to choose in Moodle's import form (on standard error: the CSV may go to
    standard output)."""
    from rich.markup import escape

    from ..report import console

    console.print(f"Dans Moodle (Administration du site > Compétences > Importer un référentiel "
                  f"de compétences), choisissez « Séparateur CSV » : « {escape(delimiter)} » "
                  f"({name}) et l'encodage UTF-8.")


def cmd_json(args: argparse.Namespace) -> int:
    from ..export.catalogue import catalogue_json

    library = _checked_library(args)
    if library is None:
        return 1
    _write(args, Path(args.output), catalogue_json(library).encode("utf-8"))
    _done("catalogue exporté en JSON", Path(args.output))
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from ..addresses import public_site
    from ..export.calendar import parcours_calendar
    from ..planning import plan_from_options

    library = _checked_library(args)
    if library is None:
        return 1
    try:
        plan = plan_from_options(args.debut, args.jour, args.heure, args.sauf, args.lieu)
    except ValueError as exc:
        _usage(args, str(exc))
    parcours = library.parcours.get(args.parcours)
    if parcours is None:
        known = sorted(library.parcours)
        hint = did_you_mean(args.parcours, known) or (
            "parcours du dépôt : " + ", ".join(known) if known else "ce dépôt n'a aucun parcours")
        _usage(args, f"parcours « {args.parcours} » inconnu ({hint})")
    try:
        data = parcours_calendar(library, parcours, plan, public_site(library))
    except ValueError as exc:  # dates beyond what a calendar can hold
        _usage(args, str(exc))
    _write(args, Path(args.output), data)
    _done(f"{len(parcours.seances)} séance(s) de « {parcours.ident} » dans l'agenda",
          Path(args.output))
    return 0


# --- shared steps -------------------------------------------------------------------------


def _checked_library(args: argparse.Namespace, to_folder: bool = False) -> Library | None:
    """The library when `relais check` finds no error; otherwise print them and give None.
    Then the output path is checked, before any export work."""
    from ..orchestrator import checked

    run = checked(args.dir, "rien n'a été exporté")
    if run is None:
        return None
    if args.output != STDOUT and not to_folder:
        _check_target(args, Path(args.output))
    return run.library


def _referentiels(args: argparse.Namespace, library: Library) -> list[Referentiel]:
    if args.referentiel is None:
        return [library.referentiels[key] for key in sorted(library.referentiels)]
    if args.referentiel not in library.referentiels:
        known = sorted(library.referentiels)
        hint = did_you_mean(args.referentiel, known) or (
            "référentiels du dépôt : " + ", ".join(known) if known else "ce dépôt n'en a aucun")
        _usage(args, f"référentiel « {args.referentiel} » inconnu ({hint})")
    return [library.referentiels[args.referentiel]]


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """A usage error found after parsing: French message, exit 2 (raises SystemExit)."""
    args.usage.error(message)  # FrenchParser.error escapes it for the terminal
    raise SystemExit(2)  # not reached: error() exits


def _nothing(message: str) -> int:
    from rich.markup import escape

    from ..report import console

    console.print(f"[red]erreur : {escape(message)}[/]")
    return 1


def _write(args: argparse.Namespace, target: Path, data: bytes, folder_ok: bool = False) -> None:
    """Write the whole file or nothing (temporary file, then rename); `-` is standard output."""
    if str(target) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if folder_ok:
        target.parent.mkdir(parents=True, exist_ok=True)
    _check_target(args, target)
    from ..files import write_atomically
    from ..output import describe

    try:
        write_atomically(target, data)
    except OSError as exc:
        _usage(args, describe(OSError(exc.errno, exc.strerror, str(target))))


def _check_target(args: argparse.Namespace, target: Path) -> None:
    if not target.parent.is_dir():
        _usage(args, f"dossier de sortie introuvable : {target.parent}")
    if target.is_dir():
        _usage(args, f"{target} est un dossier : donnez un nom de fichier à -o")


def _done(what: str, target: Path) -> None:
    from rich.markup import escape

    from ..report import console

    where = "la sortie standard" if str(target) == STDOUT else str(target)
    console.print(f"[green]{escape(what)}[/] : {escape(where)}")
