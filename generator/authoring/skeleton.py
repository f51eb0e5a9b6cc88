"""`relais nouveau`: the skeleton of a fiche or a parcours, every key present and explained in
French comments, that `relais check` accepts as written (only « À compléter » warnings)."""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..model import Library
from . import SCHEMA_DIR
from .schemas import descriptions, file_name

WIDTH = 96  # of a comment line, indentation included
SCHEMA_NAMES = {"fiches": "fiche", "parcours": "parcours"}  # kind -> schema and template name
PLACEHOLDER_START = "À compléter : "  # what check.PLACEHOLDER recognises


@dataclass(frozen=True)
class Skeleton:
    """What `relais nouveau` was asked to write."""

    kind: str  # "fiches" or "parcours", as load.KINDS names them
    ident: str
    public: tuple[str, ...]
    niveau: str
    folder: tuple[str, ...] = ()  # sub-folders of fiches/

    def path(self, root: Path) -> Path:
        return root.joinpath(self.kind, *self.folder, f"{self.ident}.yml")

    @property
    def shown_path(self) -> str:
        return "/".join((self.kind, *self.folder, f"{self.ident}.yml"))


def render(skeleton: Skeleton, library: Library) -> str:
    """The YAML text of the new file (the template of its kind, filled in)."""
    target = skeleton.path(library.root)
    schema = library.root / SCHEMA_DIR / file_name(SCHEMA_NAMES[skeleton.kind])
    vocabularies = library.vocabularies
    template = _environment().get_template(f"{SCHEMA_NAMES[skeleton.kind]}.yml.j2")
    return template.render(
        ident=skeleton.ident,
        public=list(skeleton.public),
        niveau=skeleton.niveau,
        schema=Path(os.path.relpath(schema, target.parent)).as_posix(),
        publics=list(vocabularies.public),
        thematiques=list(vocabularies.thematiques),
        referentiels=sorted(library.referentiels),
    )


def _champ(model: str, key: str = "_") -> str:
    return descriptions()[model][key]


def _comment(text: str, indent: int = 0) -> str:
    """`text` as YAML comment lines, wrapped, `indent` spaces in."""
    margin = " " * indent + "# "
    return "\n".join(textwrap.wrap(text, WIDTH, initial_indent=margin,
                                   subsequent_indent=margin, break_on_hyphens=False))


def _placeholder(what: str) -> str:
    """A YAML text that `relais check` reports as to be written, saying what to write."""
    return '"' + (PLACEHOLDER_START + what).replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator.authoring", "templates"),
                      autoescape=False,  # YAML, not HTML: every value is written by Relais
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(commentaire=_comment)
    env.globals.update(champ=_champ, a_completer=_placeholder)
    return env
