"""The live preview's quick check (generator/incremental.py): after saving fiches or parcours
only, it reads those files again and finds what a whole check finds."""

from __future__ import annotations

from pathlib import Path

from generator.check import check_repository
from generator.incremental import LiveCheck
from tests.helpers import write


def _edited(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _found(diagnostics: list[object]) -> list[str]:
    return sorted(repr(d) for d in diagnostics)


def test_a_quick_check_finds_what_a_whole_check_finds(mini_repo: Path) -> None:
    live = LiveCheck(mini_repo.resolve())
    assert _found(live.whole().diagnostics) == _found(check_repository(mini_repo).diagnostics)
    before = live.library
    assert before is not None
    # A learner step that draws a plain-language warning, and a link to an unknown fiche.
    _edited(mini_repo, "fiches/allumer.yml", "- Appuyez sur le bouton rond.",
            "- On appuie sur le bouton rond (le gros).\n    - Lisez [la suite](fiche:inconnue).")
    _edited(mini_repo, "parcours/debuter.yml", "titre: ", "titre: Nouveau départ, ")
    edit = live.edit()
    assert edit is not None
    assert sorted(kind for kind, _ in edit.documents) == ["fiches", "parcours"]
    result = live.quick(edit)
    assert result is not None
    whole = check_repository(mini_repo).diagnostics
    assert _found(result.diagnostics) == _found(whole)
    codes = {d.code for d in result.diagnostics if d.path == "fiches/allumer.yml"}
    assert {"falc-on", "lien-inconnu"} <= codes
    assert any(d.is_error for d in result.diagnostics)  # the unknown fiche
    assert result.library.parcours["debuter"].titre.startswith("Nouveau départ, ")
    assert {d.ident for d in live.edited} == {"allumer", "debuter"}
    # The other documents are reused as they were; the previous library is left unchanged.
    assert result.library.fiches["mot-de-passe"] is before.fiches["mot-de-passe"]
    assert not before.parcours["debuter"].titre.startswith("Nouveau départ")


def test_nothing_saved_is_an_empty_edit(mini_repo: Path) -> None:
    live = LiveCheck(mini_repo.resolve())
    live.whole()
    edit = live.edit()
    assert edit is not None and edit.documents == []


def test_anything_but_fiches_and_parcours_needs_a_whole_check(mini_repo: Path) -> None:
    live = LiveCheck(mini_repo.resolve(), (mini_repo.resolve() / "medias",))
    assert live.edit() is None  # nothing checked yet
    live.whole()
    _edited(mini_repo, "referentiels/competences-test.yml", "titre: ", "titre: Autre ")
    assert live.edit() is None
    live.whole()
    write(mini_repo, "fiches/nouvelle.yml", (mini_repo / "fiches/allumer.yml").read_text())
    assert live.edit() is None  # a file added
    live.whole()
    write(mini_repo, "medias/autre.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert live.edit() is None  # a watched folder


def test_a_saved_file_that_no_longer_loads_or_renames_its_document_needs_a_whole_check(
        mini_repo: Path) -> None:
    live = LiveCheck(mini_repo.resolve())
    live.whole()
    _edited(mini_repo, "fiches/allumer.yml", "titre: ", "titre: [oops ")
    edit = live.edit()
    assert edit is not None and live.quick(edit) is None
    _edited(mini_repo, "fiches/allumer.yml", "titre: [oops ", "id: demarrer\ntitre: ")
    live.whole()
    _edited(mini_repo, "fiches/allumer.yml", "id: demarrer", "id: allumer-encore")
    edit = live.edit()
    assert edit is not None and live.quick(edit) is None
