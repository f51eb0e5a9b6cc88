"""JSON Schemas of the content files, for editors (`relais schemas`): completion, French
descriptions on hover and mistakes underlined while typing.

They come from the model (generator/model.py), so they accept every form the loader accepts
(durations, texts written as numbers, steps written as a plain text…), with the descriptions
of data/champs.yml and the repository's own vocabularies as lists of values. JSON Schema
draft-07: the version the YAML extension of VS Code and VSCodium reads.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..check import SLUG
from ..datafiles import data_file
from ..files import write_atomically
from ..limits import LABEL, MAX_GLOSSARY, MAX_ID, TEXT
from ..model import Fiche, Parcours, Referentiel, Vocabularies

DRAFT = "http://json-schema.org/draft-07/schema#"
MODELS: dict[str, type[BaseModel]] = {"fiche": Fiche, "parcours": Parcours,
                                      "referentiel": Referentiel}
GLOSSARY = "glossaire"
NAMES = (*MODELS, GLOSSARY)
TITLES = {"fiche": "Fiche Relais", "parcours": "Parcours Relais",
          "referentiel": "Référentiel Relais", GLOSSARY: "Glossaire Relais"}
# Fields whose values come from a vocabulary: model -> field -> (vocabulary, mkdocs.yml option).
VOCABULARY_FIELDS = {
    "Fiche": {"public": ("public", "publics"), "thematiques": ("thematiques", "thematiques"),
              "niveau": ("niveau", ""), "modalite": ("modalite", "")},
    "Parcours": {"public": ("public", "publics"), "niveau": ("niveau", ""),
                 "modalite": ("modalite", "")},
}
IDENTIFIED = ("Fiche", "Parcours", "Referentiel", "Competence")  # their `id` is a slug


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def descriptions() -> dict[str, dict[str, str]]:
    """Model name -> key -> French description (`_`: the whole block)."""
    return data_file("champs.yml")  # type: ignore[no-any-return]


class _ContentSchema(GenerateJsonSchema):
    """The model's JSON Schema, where a text may also be written as a number (the model reads
    `titre: 2024` as the text "2024")."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if self._config.coerce_numbers_to_str and not schema.get("strict"):
            json_schema["type"] = ["string", "number"]
        return json_schema


def content_schemas(vocabularies: Vocabularies, unread: Collection[str] = ()
                    ) -> dict[str, dict[str, Any]]:
    """Name (fiche, parcours, referentiel, glossaire) -> its JSON Schema. The vocabularies of
    the mkdocs.yml options in `unread` are unknown: any value is let through, as the check
    does."""
    found = {name: _model_schema(name, model, vocabularies, unread)
             for name, model in MODELS.items()}
    found[GLOSSARY] = _glossary_schema()
    return found


def _model_schema(name: str, model: type[BaseModel], vocabularies: Vocabularies,
                  unread: Collection[str]) -> dict[str, Any]:
    generated = model.model_json_schema(ref_template="#/definitions/{model}",
                                        schema_generator=_ContentSchema)
    definitions = {
        definition: _restrict(_describe(schema, definition), definition, vocabularies, unread)
        for definition, schema in generated.pop("$defs", {}).items()}
    root = _restrict(_describe(generated, model.__name__), model.__name__, vocabularies, unread)
    return {"$schema": DRAFT, "title": TITLES[name], "description": root.pop("description"), **root,
            **({"definitions": definitions} if definitions else {})}


def _describe(schema: dict[str, Any], model: str) -> dict[str, Any]:
    """`schema` without pydantic's English titles, with the French descriptions."""
    texts = descriptions()[model]
    schema = _without_titles(schema)
    schema["description"] = texts["_"]
    properties = schema.get("properties", {})
    for key, value in properties.items():
        if "$ref" in value:  # draft-07 ignores the neighbours of a `$ref`
            value = {"allOf": [value]}
        properties[key] = {"description": texts[key], **value}
    return schema


def _without_titles(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_without_titles(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    cleaned = {key: _without_titles(value) for key, value in schema.items() if key != "title"}
    if isinstance(schema.get("properties"), dict):  # field names, not keywords
        cleaned["properties"] = {key: _without_titles(value)
                                 for key, value in schema["properties"].items()}
    return cleaned


def _restrict(schema: dict[str, Any], model: str, vocabularies: Vocabularies,
              unread: Collection[str]) -> dict[str, Any]:
    """Vocabulary values as lists of values (with their labels), identifiers as slugs."""
    properties = schema.get("properties", {})
    for key, (vocabulary, option) in VOCABULARY_FIELDS.get(model, {}).items():
        if option in unread:
            continue
        values: dict[str, str] = getattr(vocabularies, vocabulary)
        choices = {"type": "string", "enum": list(values),
                   "enumDescriptions": list(values.values())}
        prop = properties[key]
        if prop.get("type") == "array":
            prop["items"] = choices
        else:
            properties[key] = {key_: value for key_, value in prop.items()
                               if key_ not in ("type", "enum", "const")} | choices
    if model in IDENTIFIED and "id" in properties:
        properties["id"] = _identifier(properties["id"], nullable=model != "Competence")
    return schema


def _identifier(prop: dict[str, Any], nullable: bool) -> dict[str, Any]:
    """A slug (an integer reads as one); `id:` left empty means the file's name."""
    slug = {"type": "string", "pattern": f"^{SLUG.pattern}$", "maxLength": MAX_ID}
    forms: list[dict[str, Any]] = [slug, {"type": "integer", "minimum": 0}]
    if nullable:
        forms.append({"type": "null"})
    kept = {key: value for key, value in prop.items()
            if key in ("description", "default")}
    return {**kept, "anyOf": forms}


def _glossary_schema() -> dict[str, Any]:
    """glossaire.yml: terms and their definitions (load.py reads it without the model)."""
    return {
        "$schema": DRAFT,
        "title": TITLES[GLOSSARY],
        "description": descriptions()["Glossaire"]["_"],
        "type": "object",
        "maxProperties": MAX_GLOSSARY,
        "propertyNames": {"maxLength": LABEL.size},
        "additionalProperties": {
            "description": "La définition du mot, en une ou deux phrases courtes (Markdown).",
            "type": ["string", "number"],
            "maxLength": TEXT.size,
        },
    }


def schema_texts(vocabularies: Vocabularies, unread: Collection[str]) -> dict[str, str]:
    """File name -> JSON text of each schema."""
    return {file_name(name): json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
            for name, schema in content_schemas(vocabularies, unread).items()}


def write_schemas(folder: Path, vocabularies: Vocabularies, unread: Collection[str]) -> list[Path]:
    """Write each schema that is missing or different into `folder` (which must exist); the
    files written, each whole or not at all."""
    written = []
    for name, text in schema_texts(vocabularies, unread).items():
        target = folder / name
        if target.is_file() and target.read_text("utf-8", errors="replace") == text:
            continue
        write_atomically(target, text)
        written.append(target)
    return written
