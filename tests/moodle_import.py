"""Moodle's competency-framework import (admin/tool/lpimportcsv), simulated for the tests.

It follows Moodle's own code, step by step:

- `csv_import_reader::load_csv_content` (lib/csvlib.class.php): convert to UTF-8, drop the
  byte-order mark, turn \\r\\n and \\r into \\n, trim the whole text, then read rows with PHP's
  `fgetcsv($fp, 0, $delimiter, '"')` (escape character `\\`), skip empty lines, and refuse the
  file (« csvweirdcolumns ») when a row has another number of columns than the header;
- `framework_importer::__construct` (admin/tool/lpimportcsv/classes/framework_importer.php):
  columns by position (no mapping form), the row whose « Is framework » is set is the
  framework, every other row a competency, shortnames and id numbers cut at 100 characters;
  no framework row: « invalidimportfile »;
- `framework_importer::import`: the scale's items are its comma-separated values (grade_scale),
  the scale configuration is JSON whose first entry receives the scale id.

The delimiter is the one chosen in the import form (`delimiter_name`: comma, semicolon…); a
French Moodle preselects « semicolon » (its language pack's `listsep` is « ; »).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

DELIMITERS = {"comma": ",", "semicolon": ";", "colon": ":", "tab": "\t"}
COLUMNS = 14


class ImportRefused(Exception):
    """Moodle shows an error instead of importing (the message names Moodle's string)."""


@dataclass
class Competency:
    idnumber: str
    shortname: str
    description: str
    descriptionformat: int
    parentidnumber: str
    exportid: str


@dataclass
class Framework:
    idnumber: str
    shortname: str
    description: str
    scale: list[str]
    scale_configuration: list[dict[str, object]]
    taxonomies: str
    competencies: list[Competency] = field(default_factory=list)


def php_fgetcsv(text: str, delimiter: str, enclosure: str = '"',
                escape: str = "\\") -> list[list[str | None]]:
    """Every row of `text` as PHP's fgetcsv reads them one after the other."""
    rows: list[list[str | None]] = []
    position = 0
    while position < len(text):
        row, position = _row(text, position, delimiter, enclosure, escape)
        rows.append(row)
    return rows


def _row(text: str, start: int, delimiter: str, enclosure: str,
         escape: str) -> tuple[list[str | None], int]:
    end_of_line = text.find("\n", start)
    if end_of_line == start:
        return [None], start + 1  # an empty line: fgetcsv gives array(null)
    fields: list[str | None] = []
    position = start
    while True:
        probe = position
        while probe < len(text) and text[probe] in " \t" and text[probe] != delimiter:
            probe += 1
        if probe < len(text) and text[probe] == enclosure:
            value, position = _quoted(text, probe + 1, delimiter, enclosure, escape)
        else:
            stop = _next(text, position, (delimiter, "\n"))
            value, position = text[position:stop], stop
        fields.append(value)
        if position >= len(text) or text[position] == "\n":
            return fields, position + 1
        position += 1  # the delimiter


def _quoted(text: str, position: int, delimiter: str, enclosure: str,
            escape: str) -> tuple[str, int]:
    value: list[str] = []
    while position < len(text):
        char = text[position]
        if char == escape and escape != enclosure and position + 1 < len(text):
            value += [char, text[position + 1]]  # kept as written, the next char is literal
            position += 2
        elif char == enclosure and text[position + 1:position + 2] == enclosure:
            value.append(enclosure)
            position += 2
        elif char == enclosure:
            stop = _next(text, position + 1, (delimiter, "\n"))
            value.append(text[position + 1:stop])  # what follows the closing quote, as is
            return "".join(value), stop
        else:
            value.append(char)
            position += 1
    return "".join(value), position


def _next(text: str, start: int, stops: tuple[str, ...]) -> int:
    found = [i for i in (text.find(s, start) for s in stops) if i >= 0]
    return min(found) if found else len(text)


def load_csv_content(data: bytes, delimiter_name: str) -> list[list[str | None]]:
    content = data.decode("utf-8").removeprefix("\ufeff")
    content = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    rows = [row for row in php_fgetcsv(content, DELIMITERS[delimiter_name])
            if not (len(row) == 1 and row[0] is None)]
    if not rows:
        raise ImportRefused("csvemptyfile")
    if any(len(row) != len(rows[0]) for row in rows):
        raise ImportRefused("csvweirdcolumns")
    return rows


def import_framework(data: bytes, delimiter_name: str) -> Framework:
    """What Moodle creates from the file, or ImportRefused."""
    header, *rows = load_csv_content(data, delimiter_name)
    if len(header) < COLUMNS:
        raise ImportRefused("invalidimportfile")
    framework: Framework | None = None
    competencies: list[Competency] = []
    for row in rows:
        cell = [value or "" for value in row]
        if cell[12]:
            scale = cell[5]
            configuration = json.loads(cell[6])
            configuration[0]["scaleid"] = 1  # get_scale_configuration
            framework = Framework(cell[1][:100], cell[2][:100], cell[3], scale.split(","),
                                  configuration, cell[13])
        else:
            competencies.append(Competency(cell[1][:100], cell[2][:100], cell[3], int(cell[4] or 0),
                                           cell[0], cell[11]))
    if framework is None:
        raise ImportRefused("invalidimportfile")
    framework.competencies = [c for c in competencies if c.idnumber and c.shortname]
    return framework
