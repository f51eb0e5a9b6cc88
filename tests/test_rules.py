"""The checker as a linter: stable codes, rule settings, `# relais: ignorer`, output formats, and
the FALC rules measured on a labelled corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator import check
from generator.check import check_repository
from generator.cli import main
from generator.diagnostics import sorted_diagnostics
from generator.plain_language import sentence_codes
from generator.rules import registry

from .conftest import FIXTURES

# Line of the first learner step of the mini fixture, which the tests replace.
FIRST_STEP = next(number for number, line in enumerate(
    (FIXTURES / "mini/fiches/allumer.yml").read_text("utf-8").splitlines(), start=1)
    if "Appuyez sur le bouton rond." in line)

CORPUS = FIXTURES / "falc" / "corpus.yml"


def repo_with(tmp_path: Path, steps: str, settings: str | None = None) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "    - Appuyez sur le bouton rond.\n", steps), "utf-8")
    if settings is not None:
        (repo / "mkdocs.yml").write_text(settings, "utf-8")
    check._last = None
    return repo


def formatted(repo: Path) -> list[str]:
    return [d.format() for d in sorted_diagnostics(check_repository(repo).diagnostics)]


# --- the corpus ----------------------------------------------------------------------------


def test_every_bad_sentence_is_caught_by_its_rule_and_few_good_ones_are_flagged() -> None:
    corpus = yaml.safe_load(CORPUS.read_text("utf-8"))
    good = [e["phrase"] for e in corpus if e["regle"] == "aucune"]
    bad = [(e["phrase"], e["regle"]) for e in corpus if e["regle"] != "aucune"]
    assert len(corpus) >= 80 and len(good) >= 40 and len(bad) >= 40
    missed = [(sentence, rule) for sentence, rule in bad
              if rule not in sentence_codes(sentence, ("RIB", "CPAM"))]
    assert missed == []
    flagged = [s for s in good if sentence_codes(s, ("RIB", "CPAM"))]
    assert len(flagged) <= len(good) // 20, flagged
    rules = {rule for _, rule in bad}
    assert len(rules) >= 8 and rules <= set(registry())


# --- codes and the guide -------------------------------------------------------------------


def test_every_diagnostic_of_the_fixtures_has_a_registered_code(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, "    - On ne clique pas (jamais) sur le bouton ROUGE VIF.\n")
    diagnostics = check_repository(repo).diagnostics
    assert diagnostics and all(d.code in registry() for d in diagnostics)


def test_the_text_output_shows_the_code_between_message_and_hint(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, "    - Appuyez deux fois sur le bouton.\n")
    assert formatted(repo) == [
        f"fiches/allumer.yml:{FIRST_STEP}:15: avertissement: nombre écrit en lettres (« deux ») "
        "[falc-nombre-en-lettres] (écrivez-le en chiffres, par exemple « 12 » ou « 2e »)"]


def test_the_guide_lists_every_rule() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs/guide-auteur.md").read_text("utf-8")
    missing = [code for code in registry() if f"`{code}`" not in guide]
    assert missing == []


# --- settings and suppressions -------------------------------------------------------------

SETTINGS = """site_name: Essai
plugins:
  - relais:
      regles:
        falc-negation: ignorer
        falc-on: erreur
      ignorer:
        "fiches/web/**": [falc-jargon]
"""


def test_levels_and_ignored_paths_from_mkdocs_yml(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, "    - On ne clique pas sur le bouton.\n", SETTINGS)
    lines = formatted(repo)
    assert not any("[falc-negation]" in line for line in lines)
    assert (f"fiches/allumer.yml:{FIRST_STEP}:7: "
            "erreur: « On » au lieu de « vous » [falc-on] (adressez-vous "
            "au lecteur : « Vous cliquez » plutôt que « On clique »)") in lines
    assert not any(line.startswith("fiches/web/") and "[falc-jargon]" in line for line in lines)


def test_unknown_or_locked_rules_in_mkdocs_yml_are_errors(tmp_path: Path) -> None:
    settings = SETTINGS.replace("falc-on: erreur", "falc-onn: erreur\n        lien-refuse: ignorer")
    repo = repo_with(tmp_path, "    - Appuyez sur le bouton.\n", settings)
    errors = [line for line in formatted(repo) if ": erreur:" in line]
    assert errors == [
        "mkdocs.yml:5:9: erreur: code de règle « falc-onn » inconnu [reglages-invalides] "
        "(vouliez-vous dire « falc-on » ?)",
        "mkdocs.yml:5:9: erreur: la règle « lien-refuse » ne peut pas être réglée "
        "[reglages-invalides] (elle protège la construction ou les lecteurs)"]


def test_a_comment_silences_codes_on_its_line_and_unused_ones_are_reported(
        tmp_path: Path) -> None:
    steps = ("    - On clique sur le bouton.  # relais: ignorer falc-on\n"
             "    - Cliquez sur le bouton.  # relais: ignorer falc-negation, falc-onn\n"
             "    - Ne touchez pas à la souris.  # relais: ignorer lien-refuse\n")
    lines = formatted(repo_with(tmp_path, steps))
    assert not any("[falc-on]" in line for line in lines)
    assert lines == [
        f"fiches/allumer.yml:{FIRST_STEP + 1}:31: "
        "avertissement: code « falc-onn » inconnu dans « relais: "
        "ignorer » [suppression-inutile] (vouliez-vous dire « falc-on » ?)",
        f"fiches/allumer.yml:{FIRST_STEP + 1}:31: "
        "avertissement: « relais: ignorer falc-negation » ne fait taire "
        "aucun avertissement de cette ligne [suppression-inutile] (retirez ce code du "
        "commentaire)",
        f"fiches/allumer.yml:{FIRST_STEP + 2}:7: "
        "avertissement: phrase négative (« Ne touchez pas ») "
        "[falc-negation] (dites ce qu'il faut faire : « Gardez votre code secret. » plutôt que "
        "« Ne donnez pas votre code. »)",
        f"fiches/allumer.yml:{FIRST_STEP + 2}:36: "
        "avertissement: « lien-refuse » ne peut pas être ignoré "
        "[suppression-inutile] (corrigez le problème : cette règle protège la construction ou "
        "les lecteurs)"]


def test_structural_errors_cannot_be_silenced(tmp_path: Path) -> None:
    steps = ("    - texte: Cliquez.\n"
             "      image: medias/absente.png  # relais: ignorer image-refusee\n")
    lines = formatted(repo_with(tmp_path, steps))
    assert any("[image-refusee]" in line and ": erreur:" in line for line in lines)


# --- sheet rules ---------------------------------------------------------------------------


def test_one_thing_two_names_and_split_key_combinations(tmp_path: Path) -> None:
    steps = ("    - Ouvrez votre courriel.\n    - Lisez le mail.\n"
             "    - Appuyez sur la touche Maj.\n    - En même temps, appuyez sur A.\n")
    codes = [line.split("[")[1].split("]")[0] for line in formatted(repo_with(tmp_path, steps))
             if "[" in line]
    assert "falc-synonymes" in codes and "falc-combinaison-coupee" in codes


def test_glossary_terms_unused_or_defined_twice(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, "    - Bougez la souris.\n")
    fiche = repo / "fiches" / "allumer.yml"
    fiche.write_text(fiche.read_text("utf-8") + "glossaire:\n  tableur: Un logiciel de calcul.\n"
                     "  souris: Un petit boîtier.\n", "utf-8")
    lines = formatted(repo)
    assert any("« tableur » défini mais absent de la fiche [glossaire-inutilise]" in line
               for line in lines)
    assert any("« souris » est défini autrement dans glossaire.yml [glossaire-contradictoire]"
               in line for line in lines)


# --- output for tools ----------------------------------------------------------------------


def run(repo: Path, *options: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    check._last = None
    code = main(["check", str(repo), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_github_sarif_and_statistics(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = repo_with(tmp_path, "    - On appuie deux fois.\n")
    _, out, _ = run(repo, "--format", "json", capsys=capsys)
    items = json.loads(out)
    assert {tuple(sorted(item)) for item in items} == {
        ("chemin", "code", "colonne", "gravite", "indice", "ligne", "message")}
    assert {item["code"] for item in items} == {"falc-on", "falc-nombre-en-lettres"}
    _, out, _ = run(repo, "--format", "github", capsys=capsys)
    assert out.splitlines()[0].startswith(
        f"::warning file=fiches/allumer.yml,line={FIRST_STEP},col=7,title=falc-on::« On » au lieu")
    _, out, _ = run(repo, "--format", "sarif", capsys=capsys)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert all(ids[result["ruleIndex"]] == result["ruleId"] for result in run_["results"])
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == FIRST_STEP
    code, _, err = run(repo, "--statistiques", capsys=capsys)
    assert code == 0
    counts = [line.split() for line in err.splitlines() if line.strip()[:1].isdigit()]
    assert [c[1] for c in counts] == ["falc-nombre-en-lettres", "falc-on"]


def test_the_guide_section_is_generated_from_the_registry() -> None:
    from generator.rules import guide_section

    guide = (Path(__file__).resolve().parent.parent / "docs/guide-auteur.md").read_text("utf-8")
    assert guide_section() in guide  # rewrite it with `python -m generator.rules`


def test_a_plain_language_score_per_fiche_for_authors(tmp_path: Path) -> None:
    from generator.export.catalogue import catalogue
    from generator.site.render import render_site

    repo = repo_with(tmp_path, "    - On appuie deux fois.\n    - Appuyez sur le bouton.\n")
    library = check_repository(repo).library
    fiches = {f["id"]: f for f in catalogue(library)["fiches"]}
    # one learner sentence of several breaks two rules
    assert 0 < fiches["allumer"]["score_falc"] < 1
    assert fiches["mot-de-passe"]["score_falc"] in (None, 1.0)
    page = next(p for p in render_site(library).pages
                if p.uri == "fiches/allumer.md")
    assert "Pour les auteurs : " in page.content and "% des phrases" in page.content
