"""`relais nouveau fiche|parcours ID` and `relais schemas`: start a file, and help the editor.

Order of a run: the command line's shape (argparse: exit 2), then the values (identifier,
sub-folder, vocabulary values), then the repository (an identifier or a file already there),
each refusal a French usage error (exit 2); then the writing. Heavy imports happen inside the
commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import SCHEMA_DIR

if TYPE_CHECKING:
    from ..model import Library
    from .skeleton import Skeleton

DEFAULT_PUBLIC = "tous-publics"
DEFAULT_LEVEL = "debutant"
CREATED = {"fiches": "Fiche créée", "parcours": "Parcours créé"}


def register(commands: Any) -> None:
    """Add `nouveau` (fiche, parcours) and `schemas` to the `relais` sub-commands."""
    from ..commands.arguments import add_dir as _add_dir  # the DOSSIER of every command

    new = commands.add_parser(
        "nouveau", help="créer une fiche ou un parcours à compléter",
        description="Écrit un fichier complet et commenté, que « relais check » accepte tel "
                    "quel : il ne reste qu'à remplacer chaque « À compléter : … ».")
    kinds = new.add_subparsers(dest="genre", metavar="GENRE", parser_class=type(new))
    kinds.required = True

    fiche = kinds.add_parser(
        "fiche", help="une fiche : fiches/[SOUS-DOSSIER/]ID.yml",
        description="Écrit fiches/ID.yml (ou fiches/SOUS-DOSSIER/ID.yml avec --dans).")
    fiche.add_argument("ident", metavar="ID", help="identifiant de la fiche, qui sera le nom du "
                       "fichier : minuscules sans accents, avec des tirets (envoyer-une-photo)")
    _add_dir(fiche)
    fiche.add_argument("--dans", metavar="SOUS-DOSSIER",
                       help="sous-dossier de fiches/ où l'écrire, par exemple securite")
    _choices(fiche)
    fiche.set_defaults(run=cmd_new, kind="fiches", usage=fiche)

    parcours = kinds.add_parser(
        "parcours", help="un parcours : parcours/ID.yml",
        description="Écrit parcours/ID.yml, avec deux séances à compléter.")
    parcours.add_argument("ident", metavar="ID", help="identifiant du parcours, qui sera le nom "
                          "du fichier : minuscules sans accents, avec des tirets")
    _add_dir(parcours)
    _choices(parcours)
    parcours.set_defaults(run=cmd_new, kind="parcours", usage=parcours, dans=None)

    schemas = commands.add_parser(
        "schemas", help="schémas JSON des fichiers, pour l'éditeur (VS Code, VSCodium)",
        description="Écrit les schémas JSON des fiches, parcours, référentiels et du glossaire, "
                    "avec les listes de valeurs du dépôt : l'éditeur complète les clés, les "
                    "explique et souligne les erreurs pendant la frappe.")
    _add_dir(schemas)
    schemas.add_argument("-o", "--output", type=Path, metavar="SORTIE",
                         help=f"dossier des schémas (par défaut DOSSIER/{SCHEMA_DIR}, celui que "
                              "les fichiers créés par « relais nouveau » désignent)")
    schemas.set_defaults(run=cmd_schemas, usage=schemas)


def _choices(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public", nargs="+", action="extend", metavar="PUBLIC",
                        help=f"publics, séparés par des espaces ou des virgules (par défaut "
                             f"{DEFAULT_PUBLIC}), parmi ceux du dépôt")
    parser.add_argument("--niveau", default=DEFAULT_LEVEL,
                        help="debutant (par défaut), intermediaire ou avance")


# --- relais nouveau -------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from ..check import id_problem
    from ..load import load_library
    from ..report import console
    from .schemas import write_schemas
    from .skeleton import Skeleton, render

    root: Path = args.dir
    problem = id_problem(args.ident, "identifiant", reserved=True)
    if problem:
        _usage(args, f"{problem[0]} : {problem[1]}")
    folder = _folder(args, args.dans) if args.dans is not None else ()
    library = load_library(root).library
    skeleton = Skeleton(args.kind, args.ident, _public(args, library), _level(args, library),
                        folder)
    target = skeleton.path(root)
    if refusal := _taken(library, skeleton, target):
        _usage(args, refusal)
    text = render(skeleton, library)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as stream:  # never over an existing file
            stream.write(text)
    except FileExistsError:
        _usage(args, f"le fichier {skeleton.shown_path} existe déjà")
    schema_folder = root / SCHEMA_DIR
    written = []
    if not schema_folder.exists() or schema_folder.is_dir():  # never over a file of that name
        schema_folder.mkdir(exist_ok=True)
        written = write_schemas(schema_folder, library.vocabularies,
                                library.unloaded.get("reglages", set()))
    from rich.markup import escape  # rich loads only for the commands that print with it

    console.print(f"[green]{CREATED[args.kind]}[/] : {escape(skeleton.shown_path)}",
                  highlight=False)
    console.print("Remplacez chaque « À compléter : … » par votre texte, puis lancez "
                  "« relais check » : il dit ce qui reste à écrire.")
    if written:
        console.print(f"Schémas pour l'éditeur mis à jour dans {SCHEMA_DIR}/ (guide de "
                      "l'auteur : « Écrire avec VS Code ou VSCodium »).")
    return 0


def _folder(args: argparse.Namespace, value: str) -> tuple[str, ...]:
    """The sub-folder of fiches/ given to --dans, checked part by part."""
    from ..check import SLUG

    if Path(value).is_absolute():
        _usage(args, f"--dans : « {value} » est un chemin absolu ; donnez un sous-dossier de "
                     "fiches/, par exemple securite")
    parts = [part for part in value.replace("\\", "/").split("/") if part not in ("", ".")]
    if parts[:1] == ["fiches"]:  # `--dans fiches/securite` means the same folder
        parts = parts[1:]
    for part in parts:
        if not SLUG.fullmatch(part):
            _usage(args, f"--dans : sous-dossier « {value} » refusé, « {part} » n'est pas un "
                         "nom de dossier simple (minuscules sans accents, avec des tirets : "
                         "premiers-pas)")
    return tuple(parts)


def _public(args: argparse.Namespace, library: Library) -> tuple[str, ...]:
    written = [value.strip() for item in (args.public or [DEFAULT_PUBLIC])
               for value in item.split(",") if value.strip()]
    if not written:
        _usage(args, "--public : au moins un public attendu")
    if "publics" not in library.unloaded.get("reglages", set()):
        for value in written:
            _known(args, "public", value, library.vocabularies.public)
    return tuple(dict.fromkeys(written))


def _level(args: argparse.Namespace, library: Library) -> str:
    _known(args, "niveau", args.niveau, library.vocabularies.niveau)
    return str(args.niveau)


def _known(args: argparse.Namespace, option: str, value: str, vocabulary: dict[str, str]) -> None:
    from ..diagnostics import choices_hint

    if value not in vocabulary:
        _usage(args, f"--{option} : valeur « {value} » inconnue "
                     f"({choices_hint(value, vocabulary)})")


def _taken(library: Library, skeleton: Skeleton, target: Path) -> str | None:
    """Why the new file cannot be written there, or None."""
    from ..load import content_files, relative

    if target.exists() or target.is_symlink():
        return f"le fichier {skeleton.shown_path} existe déjà : choisissez un autre identifiant"
    kind, ident = skeleton.kind, skeleton.ident
    if not library.knows(kind, ident):
        return None
    loaded = getattr(library, kind).get(ident)
    if loaded is not None:
        where = loaded.source.path
    else:  # a file that failed to load: the one with that name, if any
        same_name = [path for path in content_files(library.root, kind) if path.stem == ident]
        where = relative(library.root, same_name[0]) if same_name else f"un fichier de {kind}/"
    return f"l'identifiant « {ident} » est déjà celui de {where} : choisissez-en un autre"


# --- relais schemas -------------------------------------------------------------------------


def cmd_schemas(args: argparse.Namespace) -> int:
    from ..load import load_settings, vocabularies_for
    from ..report import console
    from .schemas import NAMES, file_name, write_schemas

    root: Path = args.dir
    out: Path = args.output or root / SCHEMA_DIR
    if out.exists() and not out.is_dir():
        _usage(args, f"{out} n'est pas un dossier : donnez un dossier à -o")
    if not out.parent.is_dir():
        _usage(args, f"dossier de sortie introuvable : {out.parent}")
    out.mkdir(exist_ok=True)
    settings, unread = load_settings(root, [])
    written = write_schemas(out, vocabularies_for(settings), unread)
    names = ", ".join(file_name(name) for name in NAMES)
    done = "Schémas écrits" if written else "Schémas déjà à jour"
    from rich.markup import escape

    console.print(f"[green]{done}[/] dans {escape(str(out))} : {names}", highlight=False)
    if unread:
        console.print("[yellow]Les listes de valeurs de mkdocs.yml sont illisibles : les schémas "
                      "acceptent tout public et toute thématique. Lancez « relais check ».[/]")
    return 0


# --- shared ---------------------------------------------------------------------------------


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """A usage error found after parsing: French message, exit 2 (raises SystemExit)."""
    args.usage.error(message)  # FrenchParser.error escapes it for the terminal
    raise SystemExit(2)  # not reached: error() exits
