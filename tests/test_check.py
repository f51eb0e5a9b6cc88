"""Check stage: cross-references, vocabularies, media, links, cycles and session warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import markup
from generator.check import _may_link, _plain_targets, check_repository
from generator.diagnostics import Level, Position

from .helpers import VALID_FICHE, diagnostics_of, formatted, only, write

REFERENTIEL = """\
titre: Référentiel
competences:
  - id: pedagogie
    titre: Pédagogie
  - id: securite
    titre: Sécurité
"""


def fiche(**replacements: str) -> str:
    text = VALID_FICHE
    for key, value in replacements.items():
        text += f"{key}: {value}\n"
    return text


def test_fixture_repository_is_clean(mini_repo: Path) -> None:
    assert formatted(mini_repo) == []


def test_unknown_public_suggests(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("[seniors]", "[senior]"))
    diagnostic = only(tmp_path, "« public »")
    assert diagnostic.message == "« public » : valeur « senior » inconnue"
    assert diagnostic.hint == "vouliez-vous dire « seniors » ?"
    assert diagnostic.position == Position(3, 10)


def test_unknown_thematique_lists_values_when_nothing_is_close(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche(thematiques="[zzz]"))
    assert "valeurs acceptées" in (only(tmp_path, "thematiques").hint or "")


def test_unknown_competence_suggests(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/mn.yml", REFERENTIEL)
    write(tmp_path, "fiches/a.yml", fiche(competences="[mn/pedagogi]"))
    assert only(tmp_path, "compétence").hint == "vouliez-vous dire « mn/pedagogie » ?"


def test_competence_alone_resolves_when_unique_and_is_ambiguous_otherwise(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/mn.yml", REFERENTIEL)
    write(tmp_path, "fiches/a.yml", fiche(competences="[pedagogie]"))
    assert diagnostics_of(tmp_path) == []
    write(tmp_path, "referentiels/autre.yml", REFERENTIEL)
    assert "ambiguë" in only(tmp_path, "compétence").message


def test_unknown_prerequis_and_session_fiche(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche(prerequis="[allumerr]"))
    write(tmp_path, "fiches/allumer.yml", VALID_FICHE)
    write(
        tmp_path,
        "parcours/p.yml",
        """\
        titre: P
        resume: R.
        public: [seniors]
        niveau: debutant
        objectifs: [O.]
        seances:
          - titre: S
            duree: 2 h
            fiches: [a, inconnue]
        """,
    )
    messages = [d.format() for d in diagnostics_of(tmp_path)]
    assert (
        "fiches/a.yml:7:13: erreur: fiche « allumerr » inconnue "
        "[reference-inconnue] (vouliez-vous dire « allumer » ?)" in messages
    )
    assert any(
        m.startswith("parcours/p.yml:9:17: erreur: fiche « inconnue » inconnue") for m in messages
    )


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, "fiches/un/allumer.yml", VALID_FICHE)
    write(tmp_path, "fiches/deux/allumer.yml", VALID_FICHE)
    diagnostic = only(tmp_path, "déjà utilisé")
    assert diagnostic.path == "fiches/un/allumer.yml"
    assert "fiches/deux/allumer.yml" in diagnostic.message


def test_invalid_slug(tmp_path: Path) -> None:
    write(tmp_path, "fiches/Mon Atelier.yml", VALID_FICHE)
    assert "minuscules" in (only(tmp_path, "identifiant").hint or "")


def test_images_outside_missing_and_without_alt(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"x")
    repo = tmp_path / "repo"
    write(repo, "medias/ok.png", b"png")
    write(
        repo,
        "fiches/a.yml",
        VALID_FICHE
        + """\
apprenant:
  etapes:
    - texte: Hors du dépôt.
      image: ../secret.png
      alt: Une image
    - texte: Absolue.
      image: /etc/hostname
      alt: Une image
    - texte: Manquante.
      image: medias/absente.png
      alt: Une image
    - texte: Sans alt.
      image: medias/ok.png
  objectifs: [Vous saurez voir les images.]
""",
    )
    messages = formatted(repo)
    assert any("10:14: erreur: image « ../secret.png » hors du dépôt" in m for m in messages)
    assert any("13:14: erreur: image « /etc/hostname » hors du dépôt" in m for m in messages)
    assert any("16:14: erreur: image « medias/absente.png » introuvable" in m for m in messages)
    assert any("19:14: erreur: image sans texte de remplacement" in m for m in messages)
    assert len(messages) == 4


def test_symlink_escaping_the_repository_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path, "dehors.png", b"png")
    repo = tmp_path / "repo"
    (repo / "medias").mkdir(parents=True)
    (repo / "medias" / "lien.png").symlink_to(outside)
    write(
        repo,
        "fiches/a.yml",
        VALID_FICHE + "apprenant:\n  etapes:\n"
        "    - texte: X.\n      image: medias/lien.png\n      alt: X\n",
    )
    assert "hors du dépôt" in only(repo, "image").message


def test_link_schemes_and_targets(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/mn.yml", REFERENTIEL)
    write(tmp_path, "fiches/allumer.yml", VALID_FICHE)
    write(
        tmp_path,
        "fiches/a.yml",
        VALID_FICHE
        + """\
animateur:
  conseils: |
    Voir [la fiche](fiche:allumer) et [le site](https://example.org).
    Écrire [ici](mailto:a@b.fr), voir [compétence](competence:mn/pedagogie).
    Piège [clic](javascript:alert(1)) et [fiche](fiche:alumer).
    Relatif [x](../../etc/passwd) et [p](parcours:nulle-part).
ressources:
  - titre: FTP
    url: ftp://example.org/x
""",
    )
    messages = formatted(tmp_path)
    assert any("11:18: erreur: lien « javascript:alert(1) » refusé" in m for m in messages)
    assert any(
        "11:50: erreur: lien vers la fiche « alumer » inconnue [lien-inconnu] "
        "(vouliez-vous dire « allumer » ?)" in m
        for m in messages
    )
    assert any("12:17: erreur: lien « ../../etc/passwd » refusé" in m for m in messages)
    assert any("12:42: erreur: lien vers le parcours « nulle-part » inconnu" in m for m in messages)
    assert any("15:10: erreur: adresse « ftp://example.org/x » refusée" in m for m in messages)
    assert len(messages) == 5


def test_prerequisite_cycle_reported_once(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche(prerequis="[b]"))
    write(tmp_path, "fiches/b.yml", fiche(prerequis="[c]"))
    write(tmp_path, "fiches/c.yml", fiche(prerequis="[a]"))
    diagnostic = only(tmp_path, "boucle")
    assert "a → b → c → a" in diagnostic.message


def test_self_prerequisite_is_a_cycle(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche(prerequis="[a]"))
    assert "a → a" in only(tmp_path, "boucle").message


def test_session_warnings(tmp_path: Path) -> None:
    write(tmp_path, "fiches/base.yml", VALID_FICHE.replace("30 min", "1 h 30"))
    write(tmp_path, "fiches/suite.yml", fiche(prerequis="[base]"))
    write(
        tmp_path,
        "parcours/p.yml",
        """\
        titre: P
        resume: R.
        public: [seniors]
        niveau: debutant
        objectifs: [O.]
        seances:
          - titre: Trop courte
            duree: 1 h
            fiches: [suite, base]
        """,
    )
    diagnostics = diagnostics_of(tmp_path)
    assert all(d.level is Level.WARNING for d in diagnostics)
    messages = sorted(d.format() for d in diagnostics)
    assert messages == [
        "parcours/p.yml:8:12: avertissement: séance « Trop courte » : ses fiches durent 2 h "
        "pour une séance de 1 h [seance-trop-longue] (allongez la séance ou retirez une fiche)",
        "parcours/p.yml:9:14: avertissement: « suite » est enseignée avant son prérequis "
        "« base » [prerequis-apres] (placez le prérequis dans une séance antérieure)",
    ]


def test_all_problems_of_a_run_are_reported(mini_repo: Path) -> None:
    write(
        mini_repo,
        "fiches/allumer.yml",
        (mini_repo / "fiches/allumer.yml")
        .read_text()
        .replace("[seniors]", "[senior]")
        .replace("45 min", "45 minutes"),
    )
    write(mini_repo, "fiches/casse.yml", "titre: Attention : x\n")
    shutil.rmtree(mini_repo / "medias")
    messages = formatted(mini_repo)
    assert [m.split(":")[0] for m in messages] == [
        "fiches/allumer.yml",  # the unknown public: the bad duration does not hide it
        "fiches/allumer.yml",
        "fiches/casse.yml",
        "fiches/web/courriel.yml",
    ]
    assert "senior" in messages[0] and "45 minutes" in messages[1]


def test_very_long_prerequisite_chain_is_checked(tmp_path: Path) -> None:
    """Thousands of chained fiches: no recursion limit, one cycle reported once."""
    count = 3000
    for index in range(count):
        previous = f"f{index - 1}" if index else f"f{count - 1}"
        write(tmp_path, f"fiches/f{index}.yml", fiche(prerequis=f"[{previous}]"))
    [diagnostic] = diagnostics_of(tmp_path)
    assert diagnostic.message.startswith("prérequis en boucle : f0 → f2999 → f2998")


def test_a_structural_error_does_not_hide_the_file_s_other_problems(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/ref.yml", REFERENTIEL)
    write(tmp_path, "fiches/voisine.yml", VALID_FICHE)
    write(tmp_path, "fiches/cassee.yml", """\
        titre: Une fiche cassée
        resume: Voir [la fiche](fiche:inexistante).
        public: [seniors, retraites]
        niveau: expert
        duree: 1 h
        objectif: [Apprendre.]
        competences: [ref/pedagogi]
        prerequis: [voisine, fantome]
        """)
    write(tmp_path, "parcours/p.yml", """\
        titre: Un parcours
        public: [seniors]
        niveau: debutant
        objectifs: [Prendre confiance.]
        seances:
          - titre: Séance 1
            duree: 1 h
            fiches: [cassee, absente]
        """)
    assert formatted(tmp_path) == [
        "fiches/cassee.yml:1:1: erreur: clé obligatoire « objectifs » absente "
        "[cle-manquante] (ajoutez « objectifs: … »)",
        "fiches/cassee.yml:2:25: erreur: lien vers la fiche « inexistante » inconnue "
        "[lien-inconnu] (vérifiez l'identifiant de la fiche)",
        "fiches/cassee.yml:3:19: erreur: « public » : valeur « retraites » inconnue "
        "[valeur-inconnue] (valeurs acceptées : tous-publics, enfants, adultes, seniors, parents, "
        "tres-eloignes, "
        "handicap, insertion, illettrisme, allophones, mediateurs)",
        "fiches/cassee.yml:4:9: erreur: « niveau » : valeur « expert » inconnue "
        "[valeur-inconnue] (valeurs acceptées : debutant, intermediaire, avance)",
        "fiches/cassee.yml:6:1: erreur: clé inconnue « objectif » "
        "[cle-inconnue] (vouliez-vous dire « objectifs » ?)",
        "fiches/cassee.yml:7:15: erreur: compétence « ref/pedagogi » inconnue "
        "[reference-inconnue] (vouliez-vous dire « ref/pedagogie » ?)",
        "fiches/cassee.yml:8:22: erreur: fiche « fantome » inconnue "
        "[reference-inconnue] (vérifiez le nom du fichier de la fiche)",
        # The parcours misses its résumé; its link to the broken fiche is not reported again.
        "parcours/p.yml:1:1: erreur: clé obligatoire « resume » absente [cle-manquante] "
        "(ajoutez « resume: … »)",
        "parcours/p.yml:8:22: erreur: fiche « absente » inconnue "
        "[reference-inconnue] (vérifiez le nom du fichier de la fiche)",
    ]


def test_an_empty_id_means_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "fiches/allumer.yml", "id:\n" + VALID_FICHE)
    result_ids = sorted(check_repository(tmp_path).library.fiches)
    assert formatted(tmp_path) == [] and result_ids == ["allumer"]


def test_a_broken_referentiel_does_not_make_its_competences_unknown(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/ref.yml", REFERENTIEL)
    write(tmp_path, "referentiels/casse.yml", REFERENTIEL + "inconnu: 1\n")
    write(tmp_path, "fiches/a.yml",
          fiche(competences="[casse/pedagogie, ref/securite, ref/absente, numerique]"))
    assert formatted(tmp_path) == [
        "fiches/a.yml:7:46: erreur: compétence « ref/absente » inconnue "
        "[reference-inconnue] (vouliez-vous dire « ref/securite » ?)",
        "referentiels/casse.yml:7:1: erreur: clé inconnue « inconnu » "
        "[cle-inconnue] (clés acceptées : id, titre, description, niveaux, competences)",
    ]


def _settings(relais_options: str) -> str:
    return f"site_name: X\nplugins:\n  - relais:\n{relais_options}"


def test_valid_options_still_apply_beside_an_invalid_one(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", _settings("      publics: [aidants]\n      licence: [x]\n"))
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("[seniors]", "[aidants, aidant]"))
    assert [d.message for d in diagnostics_of(tmp_path)] == [
        "option « licence » de l'extension relais invalide",
        "« public » : valeur « aidant » inconnue",
    ]


def test_unreadable_vocabulary_options_do_not_make_values_unknown(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("[seniors]", "[aidants]"))
    write(tmp_path, "mkdocs.yml", _settings("      publics: 3\n"))
    assert [d.message for d in diagnostics_of(tmp_path)] == [
        "option « publics » de l'extension relais invalide"]
    write(tmp_path, "mkdocs.yml", _settings("      publics: [aidants\n"))
    assert [d.message for d in diagnostics_of(tmp_path)] == ["mkdocs.yml illisible"]


# Pieces of texts with links, plain or not: Markdown syntax, addresses, other characters.
LINK_PIECES = [
    "Voir ", "l'atelier", " ", "  ", "é", "«", ":", "#", "1. ", "- ", "(", ")", '"', "'", "x",
    "\u00a0", "[", "]", "!", "*", "_", "`", "\\", "<", ">", "&amp;", "&", "|", "\n", "\n\n",
    "\t", "    ", "> ", ":material-cog:", "](", "]:", "[a](fiche:b)", "[](c)", "[a](x )",
    "[t](https://e.fr/?q=1#x)", "[(p)](competence:r/c)", "[a](javascript:alert(1))",
    "[a]", "[b][a]", "\n[a]: fiche:z\n", "![i](medias/a.png)", "<https://a.fr>", "**c**",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=10).map("".join))
def test_links_read_without_the_markdown_parser_are_those_it_finds(text: str) -> None:
    """The check reads plain links itself and passes over texts without link syntax: the same
    links as the Markdown parser finds, whatever the text."""
    plain = _plain_targets(text)
    if plain is not None:
        assert tuple(plain) == markup.targets(text)
    if not _may_link(text):
        assert markup.targets(text) == ()


def test_plain_links_need_no_markdown_parser() -> None:
    assert _plain_targets("Voir [la fiche](fiche:premiers-pas) et [ce site](https://a.fr).") \
        == [markup.Target("fiche:premiers-pas", image=False),
            markup.Target("https://a.fr", image=False)]
    for other in ("Voir **[la fiche](fiche:a)**.", "![image](medias/a.png)",
                  "- [la fiche](fiche:a)", "Voir [la fiche](fiche:a) :material-cog:"):
        assert _plain_targets(other) is None
