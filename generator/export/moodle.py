"""A référentiel as Moodle's competency-framework import CSV (admin tool tool_lpimportcsv).

One framework row, then one row per competency, all top-level (the importer builds the tree
from "Parent id number"). Columns and quoting follow what Moodle's own exporter writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..addresses import PublicSite
from ..diagnostics import Diagnostic, error
from ..model import Library, Referentiel
from .links import outside_links

HEADER = (
    "Parent id number", "Id number", "Shortname", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross referenced competency id numbers", "Exported id (optional)",
    "Is framework", "Taxonomy",
)
FORMAT_MARKDOWN = "4"  # Moodle's FORMAT_MARKDOWN: descriptions are the authors' Markdown
# The delimiters `--separateur` offers, as Moodle's import form names them (« Séparateur CSV »).
# A French Moodle preselects « ; » (its language pack's list separator).
DELIMITERS = {"point-virgule": ";", "virgule": ","}
DEFAULT_DELIMITER = "point-virgule"
DEFAULT_SCALE = ("Pas encore acquis", "Acquis")  # when the référentiel declares no `niveaux`
SHORTNAME_LIMIT = 100  # Moodle cuts idnumber and shortname at 100 characters


def scale_problems(referentiel: Referentiel) -> list[Diagnostic]:
    """Levels Moodle cannot hold: its scales are comma-separated lists."""
    return [
        error(referentiel.source.path, referentiel.source.at("niveaux", index),
              f"niveau « {label} » : une échelle Moodle ne peut pas contenir de virgule",
              "retirez la virgule du nom du niveau", code="valeur-invalide")
        for index, label in enumerate(_level_labels(referentiel)) if "," in label
    ]


def _level_labels(referentiel: Referentiel) -> list[str]:
    """The levels as people read them (their `titre` when the référentiel gives one)."""
    return [referentiel.niveau_titre(niveau) for niveau in referentiel.niveaux]


def moodle_scale(referentiel: Referentiel) -> tuple[list[str], list[dict[str, int | str]]]:
    """Scale values and configuration: the first level is the starting point, every level
    after it counts as proficient, and the first proficient one is the default rating."""
    if scale_problems(referentiel):
        raise ValueError("a level holds a comma: check scale_problems() first")
    values = _level_labels(referentiel) or list(DEFAULT_SCALE)
    threshold = 1 if len(values) > 1 else 0
    configuration: list[dict[str, int | str]] = [{"scaleid": "0"}]  # the importer sets the id
    configuration += [
        {"id": index, "scaledefault": int(index - 1 == threshold),
         "proficient": int(index - 1 >= threshold)}
        for index in range(1, len(values) + 1)
    ]
    return values, configuration


def moodle_csv(library: Library, referentiel: Referentiel, site: PublicSite,
               delimiter: str = DELIMITERS[DEFAULT_DELIMITER]) -> str:
    """The import file, its fields separated by `delimiter` (« ; » or « , »)."""
    values, configuration = moodle_scale(referentiel)

    def text(markdown: str | None) -> str:
        return outside_links(markdown.strip(), library, site) if markdown else ""

    rows: list[Sequence[str]] = [HEADER]
    rows.append(("", referentiel.ident, _short(referentiel.titre), text(referentiel.description),
                 FORMAT_MARKDOWN, ",".join(values),
                 json.dumps(configuration, separators=(",", ":")),
                 "", "", "", "", "", "1", "competency"))
    for number, competence in enumerate(referentiel.competences, start=1):
        parts = [text(competence.description)]
        if competence.domaine:
            parts.insert(0, f"*Domaine : {competence.domaine}*")
        parts += [f"**{referentiel.niveau_titre(niveau)}** : {text(competence.attendus[niveau])}"
                  for niveau in referentiel.niveaux if niveau in competence.attendus]
        description = "\n\n".join(part for part in parts if part)
        rows.append(("", competence.id, _short(competence.titre), description, FORMAT_MARKDOWN,
                     "", "", "", "", "", "", str(number), "", ""))
    return "".join(_csv_line(row, delimiter) for row in rows)


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= SHORTNAME_LIMIT else title[: SHORTNAME_LIMIT - 1] + "…"


def _csv_line(fields: Sequence[str], delimiter: str = ",") -> str:
    """One line as PHP's fputcsv writes it (Moodle's own exports): a field is quoted when it
    holds the delimiter, a quote, backslash, space, tab or line break; quotes are doubled."""
    return delimiter.join(_csv_field(spreadsheet_safe(field), delimiter) for field in fields) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`) starts with an
    apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _csv_field(value: str, delimiter: str = ",") -> str:
    if not any(char in value for char in delimiter + '"\\ \t\r\n'):
        return value
    quoted, escaped = ['"'], False
    for char in value:
        if char == "\\":
            escaped = True
        elif char == '"' and not escaped:
            quoted.append('"')  # doubled, unless a backslash escapes it (as fputcsv does)
        else:
            escaped = False
        quoted.append(char)
    return "".join(quoted) + '"'
