"""`relais nouveau`: a complete, commented skeleton that `relais check` accepts as written (only
« À compléter » warnings, each saying what to write), and clear refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator.check import check_repository

from .helpers import VALID_FICHE, relais, write
from .test_schemas import data_of


def _files(repo: Path) -> set[str]:
    return {path.relative_to(repo).as_posix() for path in repo.rglob("*") if path.is_file()}


def _new(repo: Path, *args: str) -> str:
    run = relais("nouveau", *args[:2], repo, *args[2:])
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout + run.stderr


def _only_placeholders(repo: Path, relative: str) -> list[str]:
    """The diagnostics of the repository (none but « À compléter » warnings on `relative`), and
    what each says to write."""
    diagnostics = check_repository(repo).diagnostics
    assert [d.format() for d in diagnostics if d.path != relative] == []
    assert {(d.level.value, d.code) for d in diagnostics} == {("avertissement", "a-completer")}
    return [d.message for d in diagnostics]


def _schema_problems(repo: Path, relative: str) -> list[str]:
    text = (repo / relative).read_text("utf-8")
    pointer = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text)
    assert pointer, "the skeleton names its schema on its first line"
    schema_file = ((repo / relative).parent / pointer[1]).resolve()
    assert schema_file.is_relative_to(repo / "schemas")
    validator = jsonschema.Draft7Validator(json.loads(schema_file.read_text("utf-8")))
    return [error.message for error in validator.iter_errors(data_of(repo, relative))]


def test_new_fiche_is_complete_and_passes_the_check(mini_repo: Path) -> None:
    said = _new(mini_repo, "fiche", "envoyer-une-photo", "--dans", "smartphone",
                "--public", "seniors,adultes", "--niveau", "intermediaire")
    relative = "fiches/smartphone/envoyer-une-photo.yml"
    assert relative in said and "relais check" in said
    text = (mini_repo / relative).read_text("utf-8")
    for key in ("titre:", "resume:", "public: [seniors, adultes]", "niveau: intermediaire",
                "duree:", "modalite:", "thematiques:", "competences:", "objectifs:",
                "prerequis:", "materiel:", "animateur:", "deroule:", "apprenant:", "etapes:",
                "a_retenir:", "exercices:", "glossaire:", "ressources:", "auteurs:",
                "# verifie_le:", "# licence:"):
        assert key in text
    assert "competences-test" in text  # the repository's référentiels are named
    messages = _only_placeholders(mini_repo, relative)
    assert len(messages) >= 10
    assert "à compléter : l'intitulé de l'atelier, par exemple Envoyer une photo par SMS" \
        in messages
    assert _schema_problems(mini_repo, relative) == []


def test_new_parcours_passes_the_check(mini_repo: Path) -> None:
    _new(mini_repo, "parcours", "smartphone-pas-a-pas")
    relative = "parcours/smartphone-pas-a-pas.yml"
    text = (mini_repo / relative).read_text("utf-8")
    assert "public: [tous-publics]" in text and "niveau: debutant" in text
    assert text.count("  - titre:") == 2  # two sessions to fill in
    messages = _only_placeholders(mini_repo, relative)
    assert "à compléter : le titre de la 1re séance" in messages
    assert _schema_problems(mini_repo, relative) == []
    for name in ("fiche", "parcours", "referentiel", "glossaire"):
        assert (mini_repo / "schemas" / f"{name}.schema.json").is_file()


def test_the_repository_vocabularies_are_offered_and_accepted(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    write(repo, "mkdocs.yml", """\
        site_name: Essai
        plugins:
          - relais:
              publics:
                jeunes: Jeunes de 16 à 25 ans
        """)
    _new(repo, "fiche", "jouer-en-ligne", "--public", "jeunes", "seniors")
    text = (repo / "fiches/jouer-en-ligne.yml").read_text("utf-8")
    assert "public: [jeunes, seniors]" in text
    assert re.search(r"Valeurs : tous-publics,.* jeunes\.", text.replace("\n# ", " "))
    _only_placeholders(repo, "fiches/jouer-en-ligne.yml")
    assert _schema_problems(repo, "fiches/jouer-en-ligne.yml") == []


REFUSALS = [
    ("fichier existant", ["fiche", "allumer"], "le fichier fiches/allumer.yml existe déjà"),
    ("identifiant d'un sous-dossier", ["fiche", "courriel"],
     "l'identifiant « courriel » est déjà celui de fiches/web/courriel.yml"),
    ("identifiant d'un sous-dossier, ailleurs", ["fiche", "courriel", "--dans", "autre"],
     "l'identifiant « courriel » est déjà celui de fiches/web/courriel.yml"),
    ("parcours existant", ["parcours", "debuter"], "le fichier parcours/debuter.yml existe"),
    ("majuscules", ["fiche", "Envoyer-Photo"],
     "identifiant « Envoyer-Photo » invalide : un identifiant s'écrit en minuscules"),
    ("accents", ["parcours", "débuter-ici"], "identifiant « débuter-ici » invalide"),
    ("réservé", ["fiche", "index"], "identifiant « index » réservé"),
    ("public inconnu", ["fiche", "photo", "--public", "senior"],
     "--public : valeur « senior » inconnue (vouliez-vous dire « seniors » ?)"),
    ("niveau inconnu", ["parcours", "photo", "--niveau", "debutante"],
     "--niveau : valeur « debutante » inconnue (vouliez-vous dire « debutant » ?)"),
    ("sous-dossier parent", ["fiche", "photo", "--dans", "../ailleurs"],
     "--dans : sous-dossier « ../ailleurs » refusé"),
    ("sous-dossier absolu", ["fiche", "photo", "--dans", "/tmp"], "chemin absolu"),
]


@pytest.mark.parametrize(("case", "args", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_are_clear_and_write_nothing(mini_repo: Path, case: str, args: list[str],
                                              message: str) -> None:
    before = _files(mini_repo)
    run = relais("nouveau", *args[:2], mini_repo, *args[2:])
    assert run.returncode == 2
    assert message in " ".join(run.stderr.split()), run.stderr
    assert "Traceback" not in run.stderr
    assert _files(mini_repo) == before


def test_an_id_given_by_the_id_key_is_taken_too(mini_repo: Path) -> None:
    write(mini_repo, "fiches/autre-nom.yml", VALID_FICHE + "id: eteindre\n")
    run = relais("nouveau", "fiche", "eteindre", mini_repo)
    assert run.returncode == 2
    assert "déjà celui de fiches/autre-nom.yml" in run.stderr


def test_a_fiche_id_may_name_a_parcours(mini_repo: Path) -> None:
    """Identifiers are unique per kind: a parcours « allumer » sits beside the fiche."""
    _new(mini_repo, "parcours", "allumer")
    _only_placeholders(mini_repo, "parcours/allumer.yml")


# --- the « À compléter » rule ---------------------------------------------------------------


def test_a_placeholder_says_what_to_write_and_ordinary_text_is_left_alone(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace(
        "titre: Allumer l'ordinateur", 'titre: "à compléter : le nom de l\'atelier"')
        + "materiel: [Le formulaire à compléter, 'A compléter:']\n")
    found = [d for d in check_repository(tmp_path).diagnostics if d.code == "a-completer"]
    assert [(d.message, d.position.line) for d in found] == [
        ("à compléter : le nom de l'atelier", 1), ("à compléter : ce texte", 7)]
    assert found[0].hint and "par le vôtre" in found[0].hint
