"""`relais schemas`: the JSON Schemas that editors read accept what the checker accepts (every
shipped file, every accepted fixture, every form the loader reads) and reject the structural
mistakes it rejects."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.authoring.schemas import MODELS, NAMES, content_schemas, descriptions, file_name
from generator.check import check_repository
from generator.durations import JSON_PATTERN, parse_duration
from generator.limits import MAX_MINUTES
from generator.load import GLOSSARY_FILE, content_files, load_settings, vocabularies_for
from generator.model import submodel
from generator.yamlsource import ParsedYaml, parse_yaml

from .conftest import FIXTURES, ROOT
from .helpers import relais, write

SCHEMA_OF_KIND = {"fiches": "fiche", "parcours": "parcours", "referentiels": "referentiel"}
FIXTURE_REPOS = sorted(path for path in FIXTURES.iterdir()
                       if (path / "fiches").is_dir() or (path / "parcours").is_dir())


def validators(root: Path) -> dict[str, jsonschema.Draft7Validator]:
    """Each schema of the repository at `root`, as `relais schemas` writes it, checked against
    the draft-07 meta-schema."""
    settings, unread = load_settings(root, [])
    found = {}
    for name, schema in content_schemas(vocabularies_for(settings), unread).items():
        jsonschema.Draft7Validator.check_schema(schema)
        found[name] = jsonschema.Draft7Validator(schema)
    return found


def content_of(root: Path) -> Iterator[tuple[str, str]]:
    """(schema name, repository path) of every content file."""
    for kind, name in SCHEMA_OF_KIND.items():
        for path in content_files(root, kind):
            yield name, path.relative_to(root).as_posix()
    if (root / GLOSSARY_FILE).is_file():
        yield "glossaire", GLOSSARY_FILE


def data_of(root: Path, relative: str) -> Any:
    """The file's data as the loader reads it (dates stay text, as in an editor)."""
    parsed = parse_yaml((root / relative).read_bytes(), relative)
    assert isinstance(parsed, ParsedYaml), parsed
    return parsed.data


def problems(validator: jsonschema.Draft7Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(data)]


# --- what is accepted ---------------------------------------------------------------------


def test_every_shipped_file_is_valid() -> None:
    checked = validators(ROOT)
    files = list(content_of(ROOT))
    assert sum(name == "fiche" for name, _ in files) >= 60
    refused = {relative: found for name, relative in files
               if (found := problems(checked[name], data_of(ROOT, relative)))}
    assert refused == {}


@pytest.mark.parametrize("repo", FIXTURE_REPOS, ids=lambda path: path.name)
def test_every_fixture_file_the_checker_accepts_is_valid(repo: Path) -> None:
    with_errors = {d.path for d in check_repository(repo).diagnostics if d.is_error}
    checked = validators(repo)
    accepted = [(name, relative) for name, relative in content_of(repo)
                if relative not in with_errors]
    assert accepted
    refused = {relative: found for name, relative in accepted
               if (found := problems(checked[name], data_of(repo, relative)))}
    assert refused == {}


def test_every_duration_the_loader_reads_matches_the_pattern_and_no_other() -> None:
    pattern = re.compile(JSON_PATTERN)
    forms = ["", " ", "h", "min", "1,5 h", "1.5", "une heure", "1 heure", "90 minutes", "1h30mn",
             "1 h 005", "-5", "+5", "1h-30", "½ h"]
    for number in range(0, 600):
        forms += [str(number), f"{number} min", f"{number}MN", f" 0{number} Min "]
    for hours in range(0, 11):
        forms += [f"{hours}h", f"{hours} H", f"0{hours}h"]
        for minutes in range(0, 100):
            forms += [f"{hours}h{minutes}", f"{hours} h {minutes:02d}", f"{hours}h{minutes} min"]
    differ = []
    for form in forms:
        minutes = parse_duration(form)
        read = minutes is not None and minutes <= MAX_MINUTES
        if read != bool(pattern.search(form)) and len(form) <= 60:
            differ.append(form)
    assert differ == []


def test_every_key_of_the_model_is_described() -> None:
    texts = descriptions()
    pending: list[type[Any]] = list(MODELS.values())
    seen: set[str] = set()
    missing = []
    while pending:
        model = pending.pop()
        if model.__name__ in seen:
            continue
        seen.add(model.__name__)
        described = texts.get(model.__name__, {})
        missing += [f"{model.__name__}.{key}" for key in ("_", *model.model_fields)
                    if key not in described]
        for info in model.model_fields.values():
            inner = submodel(info.annotation)
            if inner is not None:
                pending.append(inner)
    assert missing == []


def _valid_fiche() -> dict[str, Any]:
    return {"titre": "Allumer l'ordinateur", "resume": "Les gestes pour démarrer.",
            "public": ["seniors"], "niveau": "debutant", "duree": "30 min",
            "objectifs": ["Allumer l'ordinateur."]}


def _valid_parcours() -> dict[str, Any]:
    return {"titre": "Premiers pas", "resume": "Deux séances.", "public": ["seniors"],
            "niveau": "debutant", "objectifs": ["Allumer l'ordinateur."],
            "seances": [{"titre": "Découvrir", "duree": "2 h"}]}


def _valid_referentiel() -> dict[str, Any]:
    return {"titre": "Compétences", "competences": [{"id": "pedagogie", "titre": "Pédagogie"}]}


BASES = {"fiche": _valid_fiche, "parcours": _valid_parcours, "referentiel": _valid_referentiel,
         "glossaire": lambda: {"courriel": "Un message envoyé par internet."}}
FOLDERS = {"fiche": "fiches/essai.yml", "parcours": "parcours/essai.yml",
           "referentiel": "referentiels/essai.yml", "glossaire": GLOSSARY_FILE}
DROP = object()


def _changed(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The valid file of `kind` with `changes` (dotted paths; DROP removes the key)."""
    data = BASES[kind]()
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        where: Any = data
        for part in parents:
            where = where[int(part)] if isinstance(where, list) else where.setdefault(part, {})
        if value is DROP:
            del where[last]
        elif isinstance(where, list):
            where[int(last)] = value
        else:
            where[last] = value
    return data


def _repo_with(tmp_path: Path, kind: str, data: dict[str, Any]) -> Path:
    repo = tmp_path / "depot"
    write(repo, FOLDERS[kind], yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return repo


# Other forms the loader reads (the schema must not flag them).
ACCEPTED = [
    ("duree en minutes", "fiche", {"duree": 90}),
    ("duree 1h30", "fiche", {"duree": "1h30"}),
    ("duree 1 h 30 min", "fiche", {"duree": "1 h 30 min"}),
    ("duree 45 MIN", "fiche", {"duree": "45 MIN"}),
    ("duree 8 h", "fiche", {"duree": "8 h"}),
    ("titre écrit en nombre", "fiche", {"titre": 2024}),
    ("id vide", "fiche", {"id": None}),
    ("id", "fiche", {"id": "autre-nom"}),
    ("etape en texte", "fiche", {"apprenant": {"etapes": ["Ouvrez la boîte.", 3]}}),
    ("etape avec image", "fiche", {"apprenant": {"etapes": [
        {"texte": "Touchez le bouton.", "alt": "Le bouton rond."}]}}),
    ("exercice à écrire", "fiche", {"apprenant": {"exercices": [
        "Ouvrez la boîte.", {"texte": "Écrivez votre nom.", "reponse": "ecrire"}]}}),
    ("verifie_le au jour", "fiche", {"verifie_le": "2026-11-03"}),
    ("modalite", "parcours", {"modalite": "a-distance"}),
    ("seance en minutes", "parcours", {"seances.0.duree": 120}),
    ("niveaux avec titre", "referentiel", {"niveaux": ["decouvrir",
                                                      {"id": "maitriser", "titre": "Maîtriser"}],
                                           "competences.0.attendus": {"decouvrir": "Anime."}}),
    ("définition en nombre", "glossaire", {"33700": 33700}),
]


@pytest.mark.parametrize(("case", "kind", "changes"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_forms_the_loader_reads_are_valid(tmp_path: Path, case: str, kind: str,
                                          changes: dict[str, Any]) -> None:
    data = _changed(kind, changes)
    repo = _repo_with(tmp_path, kind, data)
    errors = [d.format() for d in check_repository(repo).diagnostics if d.is_error]
    assert errors == []
    assert problems(validators(repo)[kind], data) == []


# Structural mistakes: the checker reports an error, the schema refuses the file.
REJECTED = [
    ("clé inconnue", "fiche", {"titr": "Allumer"}),
    ("clé inconnue d'une étape", "fiche", {"apprenant": {"etapes": [{"texte": "Ouvrez.",
                                                                    "img": "a.png"}]}}),
    ("clé inconnue d'une séance", "parcours", {"seances.0.fichess": ["allumer"]}),
    ("clé obligatoire absente", "fiche", {"titre": DROP}),
    ("séances absentes", "parcours", {"seances": DROP}),
    ("compétences absentes", "referentiel", {"competences": DROP}),
    ("titre d'une compétence absent", "referentiel", {"competences.0.titre": DROP}),
    ("public en texte", "fiche", {"public": "seniors"}),
    ("titre en liste", "fiche", {"titre": ["Allumer", "Éteindre"]}),
    ("titre booléen", "fiche", {"titre": True}),
    ("apprenant en liste", "fiche", {"apprenant": ["Ouvrez."]}),
    ("objectifs vides", "fiche", {"objectifs": []}),
    ("définition en liste", "glossaire", {"courriel": ["Un message."]}),
    ("niveau mal écrit", "referentiel", {"niveaux": [{"id": "decouvrir", "nom": "Découvrir"}]}),
    ("public inconnu", "fiche", {"public": ["senior"]}),
    ("thématique inconnue", "fiche", {"thematiques": ["securit"]}),
    ("niveau inconnu", "parcours", {"niveau": "expert"}),
    ("modalité inconnue", "fiche", {"modalite": "distance"}),
    ("réponse inconnue", "fiche", {"apprenant": {"exercices": [{"texte": "Dites.",
                                                               "reponse": "parler"}]}}),
    ("durée mal écrite", "fiche", {"duree": "une heure"}),
    ("durée 1h75", "fiche", {"duree": "1h75"}),
    ("durée à virgule", "fiche", {"duree": "1,5 h"}),
    ("durée nulle", "fiche", {"duree": 0}),
    ("durée trop longue", "parcours", {"seances.0.duree": "9 h"}),
    ("durée booléenne", "fiche", {"duree": True}),
    ("étape de déroulé sans durée", "fiche", {"animateur": {"deroule": [{"etape": "Accueil"}]}}),
    ("verifie_le mal écrit", "fiche", {"verifie_le": "novembre 2026"}),
    ("verifie_le au mois 13", "parcours", {"verifie_le": "2026-13"}),
    ("identifiant invalide", "fiche", {"id": "Mon Atelier"}),
    ("titre trop long", "fiche", {"titre": "Allumer " * 20}),
]


@pytest.mark.parametrize(("case", "kind", "changes"), REJECTED, ids=[c[0] for c in REJECTED])
def test_mistakes_the_checker_rejects_are_invalid(tmp_path: Path, case: str, kind: str,
                                                  changes: dict[str, Any]) -> None:
    data = _changed(kind, changes)
    repo = _repo_with(tmp_path, kind, data)
    errors = [d for d in check_repository(repo).diagnostics if d.is_error]
    assert [d.path for d in errors] and {d.path for d in errors} == {FOLDERS[kind]}
    assert problems(validators(repo)[kind], data), f"the schema accepts: {data}"


# --- the command and the repository's own vocabularies ----------------------------------------


def test_relais_schemas_writes_the_repository_vocabularies(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    write(repo, "mkdocs.yml", """\
        site_name: Essai
        plugins:
          - relais:
              publics:
                jeunes: Jeunes de 16 à 25 ans
              thematiques: [jeux-video]
        """)
    write(repo, "fiches/jouer.yml", yaml.safe_dump(
        {**_valid_fiche(), "public": ["jeunes"], "thematiques": ["jeux-video"]},
        allow_unicode=True))
    run = relais("schemas", repo)
    assert run.returncode == 0, run.stderr
    folder = repo / "schemas"
    assert sorted(path.name for path in folder.iterdir()) == sorted(map(file_name, NAMES))
    fiche = json.loads((folder / "fiche.schema.json").read_text("utf-8"))
    assert fiche["$schema"] == "http://json-schema.org/draft-07/schema#"
    publics = fiche["properties"]["public"]["items"]
    assert "jeunes" in publics["enum"] and "seniors" in publics["enum"]
    assert "Jeunes de 16 à 25 ans" in publics["enumDescriptions"]
    assert fiche["properties"]["titre"]["description"].startswith("L'intitulé de l'atelier")
    validator = jsonschema.Draft7Validator(fiche)
    assert problems(validator, data_of(repo, "fiches/jouer.yml")) == []
    assert problems(validator, {**_valid_fiche(), "public": ["jeune"]})
    again = relais("schemas", repo)
    assert "déjà à jour" in again.stderr + again.stdout


def test_relais_schemas_output_folder(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    write(repo, "fiches/allumer.yml", yaml.safe_dump(_valid_fiche(), allow_unicode=True))
    run = relais("schemas", repo, "-o", tmp_path / "ailleurs")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "ailleurs" / "parcours.schema.json").is_file()
    refused = relais("schemas", repo, "-o", tmp_path / "absent" / "dossier")
    assert refused.returncode == 2
    assert "dossier de sortie introuvable" in refused.stderr
