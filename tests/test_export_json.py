"""`relais export json` and the site's /catalogue.json: schema, round trip, every field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from generator.check import check_repository
from generator.export.catalogue import catalogue_json, catalogue_schema
from generator.model import Fiche, Parcours, Referentiel, submodel

from .helpers import relais

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exports"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
VALIDATOR = jsonschema.Draft202012Validator(catalogue_schema())
DERIVED = {"source", "page", "duree_totale", "score_falc", "niveaux_titres",
           "a_reverifier"}  # computed
MODELS = {"fiches": Fiche, "parcours": Parcours, "referentiels": Referentiel}



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    shutil.copytree(FIXTURE, target)
    return target


def exported(repo: Path, out: Path) -> dict[str, Any]:
    run = relais("export", "json", repo, "-o", out)
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text("utf-8"))


def content(entry: dict[str, Any]) -> dict[str, Any]:
    """An exported document without its computed fields (also inside competencies)."""
    kept = {key: value for key, value in entry.items() if key not in DERIVED}
    if "competences" in kept and kept["competences"] and isinstance(kept["competences"][0], dict):
        kept["competences"] = [content(c) for c in kept["competences"]]
    return kept


def test_the_schema_itself_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(catalogue_schema())


@pytest.mark.parametrize("source", [FIXTURE, MINI], ids=["exports", "mini"])
def test_the_export_validates_against_its_schema(source: Path, tmp_path: Path) -> None:
    data = exported(source, tmp_path / "catalogue.json")
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == [], errors


def test_the_schema_rejects_what_the_format_does_not_allow(repo: Path, tmp_path: Path) -> None:
    data = exported(repo, tmp_path / "catalogue.json")
    data["fiches"][0]["niveau"] = "expert"
    assert not VALIDATOR.is_valid(data)
    data = exported(repo, tmp_path / "catalogue.json")
    data["fiches"][0]["nouveau_champ"] = 1
    assert not VALIDATOR.is_valid(data)
    data = exported(repo, tmp_path / "catalogue.json")
    del data["parcours"][0]["seances"][0]["notes"]
    assert not VALIDATOR.is_valid(data)


def test_round_trip_rebuilds_every_document_and_the_glossary(repo: Path, tmp_path: Path) -> None:
    data = exported(repo, tmp_path / "catalogue.json")
    library = check_repository(repo).library
    for kind, model in MODELS.items():
        originals = getattr(library, kind)
        assert [entry["id"] for entry in data[kind]] == sorted(originals)
        for entry in data[kind]:
            rebuilt = model.model_validate(content(entry))
            assert rebuilt.model_dump() == originals[entry["id"]].model_dump(), entry["id"]
            assert entry["source"] == originals[entry["id"]].source.path
    assert [(g["terme"], g["definition"]) for g in data["glossaire"]] == [
        (entry.terme, entry.definition) for entry in library.glossaire]
    assert data["vocabulaires"]["public"]["aidants"] == "Aidants familiaux"
    assert data["site"] == {"nom": "Relais exports",
                            "url": "https://formations.example.org/relais/",
                            "licence": "CC-BY-4.0"}


def test_the_fixture_fills_every_field_so_the_round_trip_proves_something(repo: Path) -> None:
    """Each optional field of the model has a non-default value somewhere in the fixture."""
    library = check_repository(repo).library
    documents = [*library.fiches.values(), *library.parcours.values(),
                 *library.referentiels.values()]
    unfilled = set(_all_fields(Fiche) | _all_fields(Parcours) | _all_fields(Referentiel))
    for document in documents:
        unfilled -= _filled(document.model_dump(exclude_defaults=True), type(document).__name__)
    assert unfilled == set()


def test_every_model_field_is_in_the_schema() -> None:
    """The schema keeps up with the model: adding a content key without documenting it fails."""
    schema = catalogue_schema()
    missing = []
    for name, model in (("fiche", Fiche), ("parcours", Parcours), ("referentiel", Referentiel)):
        missing += _missing(model, schema["$defs"][name], schema, name)
    assert missing == []


def test_derived_fields_point_at_the_site(repo: Path, tmp_path: Path) -> None:
    data = exported(repo, tmp_path / "catalogue.json")
    naviguer = next(f for f in data["fiches"] if f["id"] == "naviguer")
    assert naviguer["page"] == "fiches/naviguer/"
    assert naviguer["source"] == "fiches/web/naviguer.yml"
    assert naviguer["duree"] == 90
    assert naviguer["animateur"]["deroule"][0]["duree"] == 10
    parcours = data["parcours"][0]
    assert parcours["duree_totale"] == 120 + 90 + 45 + 180
    referentiel = next(r for r in data["referentiels"] if r["id"] == "numerique-solidaire")
    assert referentiel["page"] == "referentiels/numerique-solidaire/"
    assert referentiel["competences"][0]["page"] == "referentiels/numerique-solidaire/accueil/"
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "use_directory_urls: false\n", "utf-8")
    data = exported(repo, tmp_path / "catalogue.json")
    naviguer = next(f for f in data["fiches"] if f["id"] == "naviguer")
    assert naviguer["page"] == "fiches/naviguer.html"
    referentiel = next(r for r in data["referentiels"] if r["id"] == "numerique-solidaire")
    assert referentiel["page"] == "referentiels/numerique-solidaire/index.html"


def test_output_is_stable_text(repo: Path, tmp_path: Path) -> None:
    exported(repo, tmp_path / "a.json")
    exported(repo, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_the_site_publishes_the_catalogue_at_its_root(mini_site: Path) -> None:
    published = mini_site / "catalogue.json"
    assert published.is_file()
    data = json.loads(published.read_text("utf-8"))
    assert VALIDATOR.is_valid(data)
    # the same document as `relais export json` on the same content (compact, not indented)
    assert data == json.loads(catalogue_json(check_repository(MINI).library))
    assert published.read_text("utf-8") == catalogue_json(check_repository(MINI).library,
                                                          compact=True)
    pages = [d["page"] for kind in ("fiches", "parcours", "referentiels") for d in data[kind]]
    pages += [c["page"] for r in data["referentiels"] for c in r["competences"]]
    assert pages and all((mini_site / page / "index.html").is_file() for page in pages), pages


def test_content_errors_stop_the_export(repo: Path, tmp_path: Path) -> None:
    (repo / "fiches" / "base.yml").write_text("titre: [\n", "utf-8")
    run = relais("export", "json", repo, "-o", tmp_path / "c.json")
    assert run.returncode == 1
    assert "fiches/base.yml:" in run.stderr
    assert not (tmp_path / "c.json").exists()


def test_export_to_standard_output(repo: Path) -> None:
    run = relais("export", "json", repo, "-o", "-")
    assert run.returncode == 0
    assert json.loads(run.stdout)["format"] == "relais-catalogue"


# --- helpers over the pydantic model ---------------------------------------------------------


def _all_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    prefix = prefix or model.__name__
    names = set()
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        names.add(f"{prefix}.{name}")
        if sub := submodel(info.annotation):
            names |= _all_fields(sub, f"{prefix}.{name}")
    return names


def _filled(data: Any, prefix: str) -> set[str]:
    names = set()
    if isinstance(data, dict):
        for key, value in data.items():
            names.add(f"{prefix}.{key}")
            names |= _filled(value, f"{prefix}.{key}") if not isinstance(value, str) else set()
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, dict):
                names |= _filled(value, prefix)
    return names


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _missing(model: type[BaseModel], node: dict[str, Any], schema: dict[str, Any],
             where: str) -> list[str]:
    node = _resolve(node, schema)
    if node.get("type") == "array":
        node = _resolve(node["items"], schema)
    properties = node.get("properties", {})
    required = set(node.get("required", []))
    missing = []
    for name, info in model.model_fields.items():
        if name not in properties or name not in required:
            missing.append(f"{where}.{name}")
        elif sub := submodel(info.annotation):
            missing += _missing(sub, properties[name], schema, f"{where}.{name}")
    return missing
