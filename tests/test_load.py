"""Load stage: every kind of unreadable or mistyped file becomes a French diagnostic."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.diagnostics import Level, Position
from generator.load import load_library

from .helpers import VALID_FICHE, diagnostics_of, only, write


def test_valid_fiche_loads_with_defaults(tmp_path: Path) -> None:
    write(tmp_path, "fiches/base/allumer.yml", VALID_FICHE)
    result = load_library(tmp_path)
    assert result.diagnostics == []
    fiche = result.library.fiches["allumer"]
    assert fiche.ident == "allumer"  # defaults to the file stem
    assert fiche.duree == 30
    assert fiche.modalite == "collectif"
    assert fiche.source.path == "fiches/base/allumer.yml"
    assert fiche.source.at("objectifs", 0) == Position(6, 13)


def test_unquoted_colon_says_to_use_quotes(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fiches/a.yml",
        VALID_FICHE.replace("titre: Allumer l'ordinateur", "titre: Attention : arnaque"),
    )
    diagnostic = only(tmp_path, "deux-points")
    assert diagnostic.level is Level.ERROR
    assert (diagnostic.position.line, diagnostic.position.column) == (1, 18)
    assert "guillemets" in (diagnostic.hint or "")
    assert diagnostic.format().startswith("fiches/a.yml:1:18: erreur: ")


def test_tab_indentation(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", "titre: x\nobjectifs:\n\t- un\n")
    assert "tabulation" in only(tmp_path, "tabulation").message


def test_wrong_encoding_points_at_the_byte(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", "titre: Caf\xe9\n".encode("latin-1"))
    diagnostic = only(tmp_path, "UTF-8")
    assert diagnostic.position == Position(1, 11)


@pytest.mark.parametrize("content", ["", "   \n", "# rien\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    write(tmp_path, "fiches/a.yml", content)
    assert only(tmp_path, "fichier vide").hint


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    write(tmp_path, "fiches/a.yml", f'titre: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "refusée" in only(tmp_path, "étiquette").message
    assert not marker.exists()


def test_custom_tag_refused(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", "titre: !secret valeur\n")
    assert "!secret" in only(tmp_path, "étiquette").message


def test_alias_bomb_is_bounded(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    write(tmp_path, "fiches/bombe.yml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    diagnostic = only(tmp_path, "trop volumineux")
    assert time.perf_counter() - started < 30  # a guard against hanging, not a benchmark
    assert diagnostic.is_error


def test_duplicate_key(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE + "titre: Encore\n")
    assert only(tmp_path, "en double").position == Position(7, 1)


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", "- titre: x\n")
    assert only(tmp_path, "commencer par des clés").is_error


def test_missing_required_key(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("resume: Les gestes pour démarrer.\n", ""))
    diagnostic = only(tmp_path, "« resume »")
    assert diagnostic.message == "clé obligatoire « resume » absente"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE + "objectif: [x]\n")
    diagnostic = only(tmp_path, "clé inconnue")
    assert diagnostic.hint == "vouliez-vous dire « objectifs » ?"
    assert diagnostic.position == Position(7, 1)


def test_unknown_nested_key_suggests_from_its_own_block(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE + "apprenant:\n  etapes:\n    - texet: Cliquez.\n")
    diagnostic = only(tmp_path, "clé inconnue « texet »")
    assert diagnostic.hint == "vouliez-vous dire « texte » ?"
    assert diagnostic.position == Position(9, 7)


def test_wrong_type(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("public: [seniors]", "public: seniors"))
    diagnostic = only(tmp_path, "liste attendue")
    assert diagnostic.position == Position(3, 9)


@pytest.mark.parametrize("value", ["1h70", "une heure", "0", "-5", "true"])
def test_bad_duration_lists_accepted_forms(tmp_path: Path, value: str) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("duree: 30 min", f"duree: {value}"))
    diagnostic = only(tmp_path, "durée invalide")
    assert "formes acceptées" in (diagnostic.hint or "")
    assert diagnostic.position.line == 5


def test_unknown_niveau_suggests(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("niveau: debutant", "niveau: débutant"))
    assert only(tmp_path, "« niveau »").hint == "vouliez-vous dire « debutant » ?"


def test_empty_required_list(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fiches/a.yml",
        VALID_FICHE.replace("objectifs: [Allumer l'ordinateur.]", "objectifs: []"),
    )
    assert "au moins 1" in only(tmp_path, "objectifs").message


def test_every_file_reported_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", "titre: Attention : x\n")
    write(tmp_path, "fiches/b.yml", "")
    write(tmp_path, "parcours/c.yml", "titre: x\n")
    paths = {d.path for d in diagnostics_of(tmp_path)}
    assert paths == {"fiches/a.yml", "fiches/b.yml", "parcours/c.yml"}


def test_mkdocs_yml_without_the_plugin(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", "site_name: Essai\nplugins: [search]\n")
    assert "- relais" in (only(tmp_path, "relais").hint or "")


def test_mkdocs_yml_python_tags_are_not_run(tmp_path: Path) -> None:
    write(
        tmp_path,
        "mkdocs.yml",
        "site_name: Essai\nplugins: [relais]\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:os.system\n",
    )
    write(tmp_path, "fiches/a.yml", VALID_FICHE)
    result = load_library(tmp_path)
    assert result.diagnostics == []
    assert result.library.settings.site_name == "Essai"


def test_repository_extends_vocabularies(tmp_path: Path) -> None:
    write(
        tmp_path,
        "mkdocs.yml",
        "site_name: Essai\nplugins:\n  - relais:\n"
        "      publics: {benevoles: Bénévoles}\n      thematiques: [jeux-video]\n",
    )
    write(
        tmp_path,
        "fiches/a.yml",
        VALID_FICHE.replace("[seniors]", "[benevoles]") + "thematiques: [jeux-video]\n",
    )
    assert diagnostics_of(tmp_path) == []
