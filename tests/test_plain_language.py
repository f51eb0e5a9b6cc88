"""Plain-language (FALC) warnings on learner-facing text."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Level

from .helpers import VALID_FICHE, diagnostics_of, write


def warnings_for(tmp_path: Path, learner_yaml: str, extra: str = "") -> list[str]:
    write(tmp_path, "fiches/a.yml", VALID_FICHE + extra + "apprenant:\n" + learner_yaml)
    # The FALC rules alone (the fiche has no objectives written to the learner).
    found = [d for d in diagnostics_of(tmp_path) if d.code != "objectifs-animateur"]
    assert all(d.level is Level.WARNING for d in found)
    return [d.format() for d in found]


def test_clean_text_has_no_warning(tmp_path: Path) -> None:
    assert (
        warnings_for(
            tmp_path,
            "  etapes:\n    - Appuyez sur le bouton.\n    - Vous pouvez attendre un peu.\n",
        )
        == []
    )


def test_long_sentence(tmp_path: Path) -> None:
    long = " ".join(["mot"] * 21) + "."
    [message] = warnings_for(tmp_path, f"  introduction: {long} Court.\n")
    assert "phrase de 21 mots" in message
    assert message.startswith("fiches/a.yml:8:17: avertissement:")


def test_fifteen_words_for_learners_twenty_for_the_resume(tmp_path: Path) -> None:
    assert warnings_for(tmp_path, "  introduction: " + " ".join(["mot"] * 15) + ".\n") == []
    [message] = warnings_for(tmp_path, "  introduction: " + " ".join(["mot"] * 16) + ".\n")
    assert "phrase de 16 mots" in message and "15 mots au plus" in message
    resume = "resume: " + " ".join(["mot"] * 20) + ".\n"
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("resume: Les gestes pour démarrer.\n",
                                                        resume))
    assert [d for d in diagnostics_of(tmp_path) if d.code == "falc-phrase-longue"] == []


def test_jargon_without_glossary_then_with(tmp_path: Path) -> None:
    [message] = warnings_for(tmp_path, "  etapes:\n    - Ouvrez le navigateur.\n")
    assert "mot difficile « navigateur »" in message
    assert ":9:17:" in message
    fixed = "glossaire:\n  navigateur: Le programme pour aller sur internet.\n"
    assert warnings_for(tmp_path, "  etapes:\n    - Ouvrez le navigateur.\n", fixed) == []


def test_jargon_plural_and_shared_glossary(tmp_path: Path) -> None:
    write(tmp_path, "glossaire.yml", "fichier: Un document dans l'ordinateur.\n")
    assert warnings_for(tmp_path, "  a_retenir:\n    - Rangez vos fichiers.\n") == []


def test_repository_extends_the_jargon_list(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", "site_name: X\nplugins:\n  - relais:\n      jargon: [tableur]\n")
    [message] = warnings_for(tmp_path, "  exercices:\n    - Remplissez le tableur.\n")
    assert "« tableur »" in message


def test_capitals(tmp_path: Path) -> None:
    [message] = warnings_for(tmp_path, "  introduction: Gardez TOUJOURS VOTRE code.\n")
    assert "capitales" in message
    # A short word in capitals is a sigle: the sigle rule asks for its definition instead.
    [sigle] = warnings_for(tmp_path, "  introduction: La CAF vous aide.\n")
    assert "[falc-sigle]" in sigle and "capitales" not in sigle


def test_several_actions_in_one_step(tmp_path: Path) -> None:
    [message] = warnings_for(tmp_path, "  etapes:\n    - Ouvrez la boîte et cliquez sur Envoyer.\n")
    assert "plusieurs actions dans une étape (Ouvrez, cliquez)" in message


def test_resume_is_checked_too(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fiches/a.yml",
        VALID_FICHE.replace(
            "resume: Les gestes pour démarrer.", "resume: Choisir un MOT DE PASSE."
        ),
    )
    messages = [d.message for d in diagnostics_of(tmp_path)]
    assert any("capitales" in m for m in messages)


def test_a_broken_shared_glossary_does_not_flood_the_fiches_with_warnings(tmp_path: Path) -> None:
    write(tmp_path, "glossaire.yml", "fichier: Un document : dans l'ordinateur.\n")
    write(tmp_path, "fiches/a.yml",
          VALID_FICHE + "apprenant:\n  a_retenir:\n    - Rangez vos fichiers.\n")
    assert [d.format() for d in diagnostics_of(tmp_path) if d.code != "objectifs-animateur"] == [
        "glossaire.yml:1:22: erreur: deux-points « : » inattendu dans une valeur [yaml-illisible] "
        '(mettez le texte entre guillemets, par exemple : titre: "Attention : texte")'
    ]


def test_rendez_vous_as_a_noun_is_no_second_action() -> None:
    from generator.plain_language.sentences import several_actions

    def codes(step: str) -> list[str]:
        return [finding.code for finding in several_actions(step)]

    assert codes("Prenez rendez-vous chez le médecin.") == []
    assert codes("Annulez votre rendez-vous.") == []
    # At the start of a sentence it is an action.
    assert codes("Cliquez ici. Rendez-vous sur le site.") == ["falc-actions-multiples"]


def test_cv_is_an_acronym_and_xxe_a_roman_numeral() -> None:
    from generator.plain_language import sentence_codes

    assert sentence_codes("Envoyez votre CV.") == {"falc-sigle"}
    assert sentence_codes("Envoyez votre CV.", defined=["CV"]) == set()
    assert sentence_codes("Au XXe siècle, les lettres partaient à pied.") == {"falc-ponctuation"}
    assert sentence_codes("Lisez le chapitre II.") == {"falc-ponctuation"}
