"""`relais export moodle`: Moodle's competency-framework import CSV (tool_lpimportcsv)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.export.moodle import _csv_field

from .helpers import relais
from .moodle_import import ImportRefused, import_framework, load_csv_content

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exports"
# The header exactly as the issue gives it (Moodle quotes every name that holds a space).
HEADER = ('"Parent id number","Id number",Shortname,Description,"Description format",'
          '"Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)",'
          '"Rule config (optional)","Cross referenced competency id numbers",'
          '"Exported id (optional)","Is framework",Taxonomy')



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    shutil.copytree(FIXTURE, target)
    return target


def export(repo: Path, out: Path, referentiel: str, *options: str) -> bytes:
    run = relais("export", "moodle", repo, "--referentiel", referentiel, *options, "-o", out)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def rows(data: bytes, delimiter_name: str = "semicolon") -> list[list[str]]:
    """The rows as Moodle's importer reads them (PHP's fgetcsv, see moodle_import)."""
    return [[value or "" for value in row] for row in load_csv_content(data, delimiter_name)]


def test_header_matches_byte_for_byte(repo: Path, tmp_path: Path) -> None:
    data = export(repo, tmp_path / "ref.csv", "numerique-solidaire", "--separateur", "virgule")
    assert data.split(b"\n", 1)[0] == HEADER.encode("ascii")
    data = export(repo, tmp_path / "ref.csv", "numerique-solidaire")  # point-virgule by default
    assert data.split(b"\n", 1)[0] == HEADER.replace(",", ";").encode("ascii")


@pytest.mark.parametrize(("option", "moodle_choice", "shown"),
                         [("point-virgule", "semicolon", "« ; »"), ("virgule", "comma", "« , »")])
def test_moodle_imports_the_file_with_the_delimiter_relais_names(
    repo: Path, tmp_path: Path, option: str, moodle_choice: str, shown: str
) -> None:
    out = tmp_path / "ref.csv"
    run = relais("export", "moodle", repo, "--referentiel", "numerique-solidaire",
                 "--separateur", option, "-o", out)
    assert run.returncode == 0, run.stderr
    assert f"« Séparateur CSV » : {shown} ({option})" in " ".join(run.stderr.split())
    framework = import_framework(out.read_bytes(), moodle_choice)
    assert (framework.idnumber, framework.shortname) == (
        "numerique-solidaire", "Compétences du numérique solidaire")
    assert framework.scale == ["decouvrir", "pratiquer", "maitriser"]
    assert [c["scaledefault"] for c in framework.scale_configuration[1:]] == [0, 1, 0]
    assert framework.taxonomies == "competency"
    assert [c.idnumber for c in framework.competencies] == [
        "accueil", "diagnostic", "animation", "veille"]
    assert all(c.descriptionformat == 4 for c in framework.competencies)
    accueil = framework.competencies[0]
    assert accueil.description.startswith("*Domaine : Accueillir et orienter*")
    # The other delimiter, chosen by mistake in Moodle, is refused rather than half-imported.
    other = {"semicolon": "comma", "comma": "semicolon"}[moodle_choice]
    with pytest.raises(ImportRefused):
        import_framework(out.read_bytes(), other)


def test_level_titles_keep_their_accents_in_the_scale(repo: Path, tmp_path: Path) -> None:
    path = repo / "referentiels" / "numerique-solidaire.yml"
    path.write_text(path.read_text("utf-8").replace(
        "niveaux: [decouvrir, pratiquer, maitriser]",
        "niveaux:\n  - {id: decouvrir, titre: Découvrir}\n  - pratiquer\n"
        "  - {id: maitriser, titre: Maîtriser}"), "utf-8")
    out = tmp_path / "ref.csv"
    framework = import_framework(export(repo, out, "numerique-solidaire"), "semicolon")
    assert framework.scale == ["Découvrir", "pratiquer", "Maîtriser"]
    assert "**Maîtriser** : Anime le réseau local." in framework.competencies[0].description


def test_one_framework_row_then_one_row_per_competency(repo: Path, tmp_path: Path) -> None:
    table = rows(export(repo, tmp_path / "ref.csv", "numerique-solidaire"))
    assert all(len(row) == 14 for row in table), [len(row) for row in table]
    header, framework, *competencies = table
    assert header[0] == "Parent id number" and header[-1] == "Taxonomy"
    assert framework[:3] == ["", "numerique-solidaire", "Compétences du numérique solidaire"]
    assert framework[12] == "1"  # Is framework
    assert [row[1] for row in competencies] == ["accueil", "diagnostic", "animation", "veille"]
    assert [row[2] for row in competencies] == [
        "Accueillir et orienter les personnes", "Poser un diagnostic partagé",
        "Animer un atelier collectif", "Faire de la veille"]
    assert all(row[0] == "" and row[12] == "" for row in competencies)  # top level, not frameworks
    assert all(row[4] == "4" for row in table[1:])  # descriptions are Markdown


def test_scale_comes_from_the_niveaux(repo: Path, tmp_path: Path) -> None:
    framework = rows(export(repo, tmp_path / "ref.csv", "numerique-solidaire"))[1]
    assert framework[5] == "decouvrir,pratiquer,maitriser"
    configuration = json.loads(framework[6])
    assert configuration[0] == {"scaleid": "0"}
    assert configuration[1:] == [
        {"id": 1, "scaledefault": 0, "proficient": 0},
        {"id": 2, "scaledefault": 1, "proficient": 1},
        {"id": 3, "scaledefault": 0, "proficient": 1},
    ]


def test_a_referentiel_without_niveaux_gets_a_two_level_scale(repo: Path, tmp_path: Path) -> None:
    table = rows(export(repo, tmp_path / "ref.csv", "sans-niveaux"))
    assert all(len(row) == 14 for row in table)
    assert table[1][5] == "Pas encore acquis,Acquis"
    assert [c["proficient"] for c in json.loads(table[1][6])[1:]] == [0, 1]
    assert len(table) == 1 + 1 + 2
    assert table[3][3] == 'Noter un rendez-vous, "avec des guillemets", et un \\ antislash.'


def test_descriptions_carry_domain_expectations_and_site_links(repo: Path, tmp_path: Path) -> None:
    table = rows(export(repo, tmp_path / "ref.csv", "numerique-solidaire"))
    accueil, animation = table[2], table[4]
    assert accueil[3].startswith("*Domaine : Accueillir et orienter*")
    assert "**maitriser** : Anime le réseau local." in accueil[3]
    assert "[le parcours](https://formations.example.org/relais/parcours/atelier-printemps/)" \
        in animation[3]


def test_relais_links_become_plain_text_without_a_site_url(repo: Path, tmp_path: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_url:", "# site_url:"), "utf-8")
    animation = rows(export(repo, tmp_path / "ref.csv", "numerique-solidaire"))[4]
    assert "Lire le parcours." in animation[3]
    assert "parcours:" not in animation[3]


def test_fields_are_quoted_like_php_fputcsv() -> None:
    assert _csv_field("Shortname") == "Shortname"
    assert _csv_field("Id number") == '"Id number"'
    assert _csv_field('dit "oui"') == '"dit ""oui"""'
    assert _csv_field('a\\"b') == '"a\\"b"'  # fputcsv does not double a backslash-escaped quote
    assert _csv_field("deux\nlignes") == '"deux\nlignes"'


def test_a_comma_in_a_level_title_is_a_content_error(repo: Path, tmp_path: Path) -> None:
    path = repo / "referentiels" / "sans-niveaux.yml"
    path.write_text(path.read_text("utf-8").replace(
        "titre: Un référentiel sans niveaux\n",
        "titre: Un référentiel sans niveaux\nniveaux: [{id: seul, titre: \"Oui, seul\"}]\n"),
        "utf-8")
    run = relais("export", "moodle", repo, "--referentiel", "sans-niveaux", "-o",
                 tmp_path / "x.csv")
    assert run.returncode == 1
    assert "niveau « Oui, seul »" in run.stderr and "virgule" in run.stderr


def test_a_comma_in_a_niveau_is_a_content_error(repo: Path, tmp_path: Path) -> None:
    path = repo / "referentiels" / "sans-niveaux.yml"
    path.write_text(path.read_text("utf-8").replace(
        "titre: Un référentiel sans niveaux\n",
        "titre: Un référentiel sans niveaux\nniveaux: [debut, \"oui, seul\"]\n"), "utf-8")
    run = relais("export", "moodle", repo, "--referentiel", "sans-niveaux", "-o",
                 tmp_path / "x.csv")
    assert run.returncode == 1
    assert "referentiels/sans-niveaux.yml:3:" in run.stderr
    assert "virgule" in run.stderr
    assert not (tmp_path / "x.csv").exists()


def test_referentiel_choice_errors_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    run = relais("export", "moodle", repo, "-o", tmp_path / "x.csv")
    assert run.returncode == 2
    assert "plusieurs référentiels" in run.stderr
    run = relais("export", "moodle", repo, "--referentiel", "sans-niveau", "-o", tmp_path / "x.csv")
    assert run.returncode == 2
    assert "vouliez-vous dire « sans-niveaux »" in run.stderr
    assert not (tmp_path / "x.csv").exists()


def test_the_only_referentiel_is_chosen_by_default(mini_repo: Path, tmp_path: Path) -> None:
    run = relais("export", "moodle", mini_repo, "-o", tmp_path / "mini.csv")
    assert run.returncode == 0, run.stderr
    assert rows((tmp_path / "mini.csv").read_bytes())[1][1] == "competences-test"
