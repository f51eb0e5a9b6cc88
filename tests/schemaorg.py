"""The schema.org vocabulary, read from the `schema-dts` npm package, to check JSON-LD.

schema-dts is generated from the whole current schema.org vocabulary: one TypeScript interface
per type with its properties and their ranges, and one union per type listing its subtypes. It
is installed by the README's test command (`npm install … schema-dts`), beside vnu-jar.

`problems(data)` checks a JSON-LD object against it: every `@type` is a schema.org type, every
property belongs to the type (or one of its parents), and every value fits the property's
range (a nested object's type is the range or one of its subtypes; text, numbers and booleans
only where the range takes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TYPINGS = ROOT / "node_modules" / "schema-dts" / "dist" / "schema.d.ts"

_BASE = re.compile(r"^interface (\w+)Base extends ([^{]+)\{(.*?)^\}", re.MULTILINE | re.DOTALL)
_LEAF = re.compile(r"^export interface (\w+)Leaf extends (\w+)Base \{", re.MULTILINE)
_UNION = re.compile(r"^export type (\w+) = ([^;]+);", re.MULTILINE)
_PROPERTY = re.compile(r'^    "(\w+)"\?: SchemaValue<([^>]*), "\w+">;', re.MULTILINE)
# Ranges whose values are written as JSON strings, numbers or booleans. A string where only a
# URL is accepted must be an absolute address (a title is no URL).
STRINGS = {"Text", "Date", "DateTime", "Time", "Duration", "CssSelectorType", "XPathType",
           "PronounceableText", "string"}
NUMBERS = {"Number", "Integer", "Float", "number"}
BOOLEANS = {"Boolean", "boolean"}
DATA_TYPES = STRINGS | NUMBERS | BOOLEANS | {"URL"}
ADDRESS = re.compile(r"https?://\S+")


@dataclass
class Vocabulary:
    parents: dict[str, list[str]] = field(default_factory=dict)  # base -> its parent bases
    own: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # base -> property ranges
    leaf_base: dict[str, str] = field(default_factory=dict)  # type -> the base holding its props
    members: dict[str, set[str]] = field(default_factory=dict)  # type -> its union's members

    def properties(self, base: str) -> dict[str, set[str]]:
        found = dict(self.own.get(base, {}))
        for parent in self.parents.get(base, []):
            for name, ranges in self.properties(parent).items():
                found.setdefault(name, ranges)
        return found

    def is_a(self, kind: str, wanted: str) -> bool:
        """`kind` is `wanted` or one of its subtypes."""
        if kind == wanted:
            return True
        return any(self.is_a(kind, member) for member in self.members.get(wanted, ())
                   if member != f"{wanted}Leaf")

    def takes(self, ranges: set[str], accepted: set[str]) -> bool:
        """A range (or a type union, not a data type's) accepts plain values of these kinds."""
        return any(r in accepted or (r not in DATA_TYPES and
                                     self.takes(self.members.get(r, set()) - {r}, accepted))
                   for r in ranges)


@cache
def vocabulary() -> Vocabulary:
    if not TYPINGS.is_file():  # the README's test command installs it
        pytest.fail(f"{TYPINGS} is missing: run the README's test command (npm install)")
    text = TYPINGS.read_text("utf-8")
    found = Vocabulary()
    for name, extends, body in _BASE.findall(text):
        found.parents[name] = [b.strip()[:-4] for b in extends.split(",")
                               if b.strip().endswith("Base")]
        found.own[name] = {prop: {r.strip() for r in ranges.split("|")} - {"IdReference"}
                           for prop, ranges in _PROPERTY.findall(body)}
    for name, base in _LEAF.findall(text):
        found.leaf_base[name] = base
    for name, union in _UNION.findall(text):
        found.members[name] = {m.strip() for m in union.split("|")}
    return found


def problems(data: Any, where: str = "") -> list[str]:
    """What does not follow the vocabulary in one JSON-LD object (empty when all does)."""
    words = vocabulary()
    kind = data.get("@type")
    if kind not in words.leaf_base:
        return [f"{where}@type {kind!r} is not a schema.org type"]
    properties = words.properties(words.leaf_base[kind])
    found = []
    for name, value in data.items():
        if name.startswith("@"):
            continue
        if name not in properties:
            found.append(f"{where}{kind}.{name}: no such property")
            continue
        for item in value if isinstance(value, list) else [value]:
            found += _value_problems(words, properties[name], item, f"{where}{kind}.{name}")
    return found


def _value_problems(words: Vocabulary, ranges: set[str], value: Any, where: str) -> list[str]:
    if isinstance(value, dict):
        kind = value.get("@type", "")
        if not any(words.is_a(kind, r) for r in ranges):
            return [f"{where}: a {kind} where {sorted(ranges)} is expected"]
        return problems(value, f"{where} > ")
    accepted = (BOOLEANS if isinstance(value, bool) else NUMBERS if isinstance(value, int | float)
                else STRINGS)
    if words.takes(ranges, accepted):
        return []
    if isinstance(value, str) and ADDRESS.fullmatch(value) and words.takes(ranges, {"URL"}):
        return []
    return [f"{where}: {value!r} where {sorted(ranges)} is expected"]
