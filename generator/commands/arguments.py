"""Arguments every sub-command shares."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_dir(parser: argparse.ArgumentParser) -> None:
    """DOSSIER, the content repository (a missing folder is a usage error: exit 2 at once)."""
    parser.add_argument(
        "dir",
        nargs="?",
        default=".",
        type=_content_dir,
        metavar="DOSSIER",
        help="dépôt de contenu (par défaut le dossier courant)",
    )


def _content_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"dossier introuvable : {value}")
    return path.resolve()
