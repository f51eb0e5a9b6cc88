"""Command line: `relais check | build | serve` (and the commands other stages add)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from .authoring.command import register as register_authoring
from .commands.arguments import add_dir
from .commands.export import register as register_exports
from .commands.pages import register as register_pages
from .commands.pdf import register as register_pdf
from .report import FORMATS, print_diagnostics, print_statistics, print_summary


class FrenchParser(argparse.ArgumentParser):
    """argparse with French usage errors, exit code 2. `describe` gives the description when
    the help is shown, for one that needs heavy imports (`relais pdf`)."""

    def __init__(self, *args: Any, describe: Callable[[], str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe = describe

    def format_help(self) -> str:
        if self.describe is not None:
            self.description = self.describe()
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        from rich.markup import escape

        from .report import console

        self.print_usage(sys.stderr)
        console.print(f"[red]relais : erreur : {escape(message)}[/]")
        raise SystemExit(2)


# argparse looks its messages up through its module-level gettext `_`: answer in French.
_ARGPARSE_FR = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
}
argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]


def cmd_check(args: argparse.Namespace) -> int:
    from .run import Run  # not the orchestrator: a check never loads the outputs

    run = Run.start(args.dir, lambda found: print_diagnostics(found, args.format))
    if args.statistiques:
        print_statistics(run.diagnostics)
    print_summary(run.diagnostics, run.counts)
    return 1 if run.failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .orchestrator import Engine, build

    engine: Engine
    if args.moteur == "zensical":
        from .engines.zensical_engine import ZensicalEngine

        engine = ZensicalEngine()
    else:
        from .engines.mkdocs_engine import MkDocsEngine

        engine = MkDocsEngine()
    return build(args.dir, args.output or args.dir / "site", engine)


def cmd_serve(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from .engines.mkdocs_engine import serve_site
    from .orchestrator import RunFailed
    from .report import console

    try:
        serve_site(args.dir, args.adresse)
    except RunFailed as exc:
        console.print(f"[red]erreur : {escape(str(exc))}[/]")
        return 1
    return 0


def make_parser() -> FrenchParser:
    parser = FrenchParser(
        prog="relais",
        description="Fiches et parcours de médiation numérique : "
        "vérifier le contenu et construire le site.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    commands.required = True

    check = commands.add_parser("check", help="vérifier le contenu (erreurs et avertissements)")
    add_dir(check)
    check.add_argument("--format", choices=FORMATS, default="texte",
                       help="texte (par défaut) ; json, github ou sarif pour les outils, sur la "
                       "sortie standard")
    check.add_argument("--statistiques", action="store_true",
                       help="nombre de problèmes par code de règle, du plus fréquent au moins")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="vérifier puis construire le site")
    add_dir(build)
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="SORTIE",
        help="dossier du site construit, remplacé à chaque construction s'il a été produit "
        "par Relais (par défaut DOSSIER/site)",
    )
    build.add_argument("--moteur", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="moteur du site : mkdocs (par défaut) ou zensical "
                       "(voir docs/moteurs.md)")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser(
        "serve", help="prévisualiser le site, rechargé à chaque modification"
    )
    add_dir(serve)
    serve.add_argument("-a", "--adresse", default="127.0.0.1:8000", help="adresse:port d'écoute")
    serve.set_defaults(run=cmd_serve)
    register_exports(commands)
    register_pdf(commands)
    register_pages(commands)
    register_authoring(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        from .report import console

        console.print("Interrompu.")
        return 130
    except Exception as exc:  # a bug in Relais, not in the content: say so, briefly
        if os.environ.get("RELAIS_DEBUG"):
            raise
        if _write_error(exc):
            return 1
        from .report import console

        console.print(f"[red]erreur interne de Relais : {type(exc).__name__}: {exc}[/]")
        console.print("Relancez avec RELAIS_DEBUG=1 pour le détail, et signalez-la.")
        return 1


def _write_error(exc: Exception) -> bool:
    """A full disk or a read-only folder is not a bug: say so on one line."""
    from rich.markup import escape

    from .output import WRITE_ERRNOS, describe
    from .report import console

    if not isinstance(exc, OSError) or exc.errno not in WRITE_ERRNOS:
        return False
    console.print(f"[red]erreur : {escape(describe(exc))}[/]")
    return True


if __name__ == "__main__":
    sys.exit(main())
