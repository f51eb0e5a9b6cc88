"""No input ends in « erreur interne »: hostile or odd content gets a positioned French
diagnostic, within bounds that keep every check and build short (issue 10, section 3)."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from generator import report
from generator.check import check_repository
from generator.diagnostics import Position, error, warning
from generator.limits import MAX_LINES, MAX_MARKERS, MAX_TEXT
from generator.orchestrator import Run
from generator.report import console, print_summary

from .conftest import FIXTURES, build_into
from .helpers import VALID_FICHE, diagnostics_of, fetch, free_port, only, relais, write

LINE = re.compile(r"^[^:\s]+:\d+:\d+: (erreur|avertissement): .+$")
PARCOURS = """\
titre: Un parcours
resume: Deux séances.
public: [adultes]
niveau: debutant
objectifs: [Suivre.]
seances:
  - titre: Première
    duree: 1 h
"""


def fiche_with(extra: str) -> str:
    return VALID_FICHE + extra


# --- valid content builds ------------------------------------------------------------------


def test_content_without_any_optional_key_builds(tmp_path: Path) -> None:
    repo = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", repo)
    assert diagnostics_of(repo) == []
    site = build_into(repo, tmp_path / "site")
    page = (site / "referentiels" / "essentiel" / "index.html").read_text("utf-8")
    assert "Lire un écran" in page and "Écrire un message" in page
    assert (site / "parcours" / "court" / "index.html").is_file()
    pdfs = sorted(p.name for p in (site / "pdf").rglob("*.pdf"))
    assert any(name.startswith("premiere") for name in pdfs)
    assert any(name.startswith("court") for name in pdfs)


def test_domains_mixed_with_competences_without_one(tmp_path: Path) -> None:
    write(tmp_path, "referentiels/r.yml", """\
        titre: R
        competences:
          - {id: b, titre: B, domaine: Savoirs}
          - {id: a, titre: A}
          - {id: c, titre: C, domaine: Animer}
        """)
    referentiel = check_repository(tmp_path).library.referentiels["r"]
    groups = [(name, [c.id for c in items]) for name, items in referentiel.by_domaine()]
    assert groups == [("", ["a"]), ("Animer", ["c"]), ("Savoirs", ["b"])]


# --- calendar ------------------------------------------------------------------------------


def test_calendar_past_year_9999_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "parcours/p.yml", PARCOURS)
    run = relais("calendrier", "p", tmp_path, "--debut", "9999-12-28", "--heure", "14:00",
                 "-o", tmp_path / "p.ics")
    assert run.returncode == 2, run.stderr
    assert "au-delà du 31/12/9998" in run.stderr
    assert "Traceback" not in run.stderr and "erreur interne" not in run.stderr


# --- bounded lengths and counts ------------------------------------------------------------


def test_long_title_is_refused_with_the_reason(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("titre: Allumer l'ordinateur",
                                                        "titre: " + "a" * 10_000))
    diagnostic = only(tmp_path, "trop long")
    assert diagnostic.position == Position(1, 8)
    assert diagnostic.message == ("« titre » : texte trop long : 10\u202f000 caractères "
                                  "pour 150 au plus")
    assert "résumé" in (diagnostic.hint or "")


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with("materiel: [" + "a" * 1_000_000 + "]\n"))
    started = time.perf_counter()
    diagnostic = only(tmp_path, "fichier trop volumineux")
    assert time.perf_counter() - started < 5
    assert diagnostic.is_error


@pytest.mark.parametrize(("extra", "needle"), [
    ("animateur:\n  preparation: '" + "[" * 30_000 + "'\n", "texte trop long"),
    ("animateur:\n  preparation: '[[[" + "a" * 4000 + "'\n", "non refermés"),
    ("animateur:\n  preparation: |\n" + "    a\n" * (MAX_LINES + 1), "lignes"),
    ("animateur:\n  preparation: '" + "- " * 500 + "a'\n", "puces"),
])
def test_pathological_text_is_refused_quickly(tmp_path: Path, extra: str, needle: str) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with(extra))
    started = time.perf_counter()
    diagnostic = only(tmp_path, needle)
    assert time.perf_counter() - started < 2
    assert diagnostic.position == Position(8, 16)


def _worst_values() -> dict[str, str]:
    """The slowest texts to render that the bounds still accept (found by fuzzing)."""
    return {
        "crochets ouverts": "[[" + "\\\\" * (MAX_TEXT // 2 - 1),
        "chevrons": "[[" + "<" * (MAX_TEXT - 2),
        "liens": ("[a](https://e.fr) " * MAX_TEXT)[:MAX_TEXT],
        "titres soulignés": "=\n" * (MAX_LINES - 1) + "a" * (MAX_TEXT - 2 * MAX_LINES),
        "puces enchaînées": ("- " * MAX_MARKERS + "a\n") * (MAX_TEXT // (2 * MAX_MARKERS + 2)),
    }


@pytest.mark.parametrize("name", sorted(_worst_values()))
def test_worst_accepted_value_checks_and_renders_fast(tmp_path: Path, name: str) -> None:
    text = _worst_values()[name]
    write(tmp_path, "fiches/a.yml", fiche_with(
        "animateur:\n  preparation: |-\n" + "".join(f"    {line}\n" for line in text.split("\n"))))
    check_repository(FIXTURES / "minimal")  # imports and compiled patterns out of the timing
    started = time.perf_counter()
    assert [d for d in diagnostics_of(tmp_path) if d.is_error] == []
    converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    converter.convert(text)  # as the PDFs render author Markdown
    assert time.perf_counter() - started < 1.5  # measured: at most 0.4 s


def test_too_many_sessions_is_one_error_at_once(tmp_path: Path) -> None:
    sessions = "".join(f"  - titre: Séance {n}\n    duree: 1 h\n" for n in range(5000))
    write(tmp_path, "parcours/p.yml", PARCOURS.split("seances:")[0] + "seances:\n" + sessions)
    started = time.perf_counter()
    diagnostic = only(tmp_path, "éléments")
    assert time.perf_counter() - started < 5
    assert diagnostic.message == "« seances » : 5\u202f000 éléments pour 60 au plus"
    assert diagnostic.position == Position(7, 3)


def test_too_many_steps(tmp_path: Path) -> None:
    steps = "".join("    - Cliquez.\n" for _ in range(41))
    write(tmp_path, "fiches/a.yml", fiche_with("apprenant:\n  etapes:\n" + steps))
    assert "découpez-la" in (only(tmp_path, "41 éléments pour 40").hint or "")


@pytest.mark.parametrize(("where", "text"), [
    ("fiche", "duree: 1000000000000000000000000000000000000000\n"),
    ("fiche", "duree: 9 h\n"),
    ("etape", "animateur:\n  deroule:\n    - etape: Tout\n      duree: 8h30\n"),
])
def test_absurd_durations_are_refused(tmp_path: Path, where: str, text: str) -> None:
    base = VALID_FICHE.replace("duree: 30 min\n", "") if where == "fiche" else VALID_FICHE
    write(tmp_path, "fiches/a.yml", base + text)
    diagnostic = only(tmp_path, "trop longue")
    assert "8 h au plus" in (diagnostic.hint or "")


def test_absurd_session_duration(tmp_path: Path) -> None:
    write(tmp_path, "parcours/p.yml", PARCOURS.replace("duree: 1 h", "duree: 100000 h"))
    assert only(tmp_path, "trop longue").position == Position(8, 12)


# --- positions -----------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_line_separators_inside_values_keep_positions_right(tmp_path: Path,
                                                            separator: str) -> None:
    before = f'resume: "Première ligne{separator}suite"\n'
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace(
        "resume: Les gestes pour démarrer.\n", before) + "niveau_x: 1\n")
    # An editor (and YAML 1.2) ends lines at \n, \r\n and a lone \r only.
    line = 8 if separator == "\r" else 7
    assert only(tmp_path, "clé inconnue").position == Position(line, 1)


def test_yaml_error_below_a_line_separator(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", 'titre: "a\u2028b"\nresume: @x\n')
    (diagnostic,) = diagnostics_of(tmp_path)
    assert diagnostic.message == "caractère « @ » interdit en début de valeur"
    assert diagnostic.position == Position(2, 9)


# --- odd values ----------------------------------------------------------------------------


def test_nul_byte_in_an_image_path(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with(
        'apprenant:\n  etapes:\n    - texte: Voyez.\n      image: "medias/a\\0.png"\n'
        "      alt: Une image\n"))
    problems = [d for d in diagnostics_of(tmp_path) if d.is_error]
    assert problems and all("\x00" not in d.format() for d in problems)
    assert problems[0].position == Position(10, 14)
    run = relais("build", tmp_path, "-o", tmp_path / "site")
    assert run.returncode == 1 and "erreur interne" not in run.stderr


def test_image_path_must_be_normalised(tmp_path: Path) -> None:
    write(tmp_path, "medias/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    write(tmp_path, "fiches/a.yml", fiche_with(
        "apprenant:\n  etapes:\n    - texte: Voyez.\n      image: medias/../medias/x.svg\n"
        "      alt: Une image\n"))
    diagnostic = only(tmp_path, "medias/../medias/x.svg")
    assert "medias/x.svg" in (diagnostic.hint or "")


@pytest.mark.parametrize("depth", [600, 1200])
def test_deep_nesting_is_reported_with_its_position(tmp_path: Path, depth: int) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with("materiel: " + "[" * depth + "]" * depth + "\n"))
    diagnostic = only(tmp_path, "imbrication trop profonde")
    assert diagnostic.position.line == 7


def test_deep_block_nesting(tmp_path: Path) -> None:
    nested = "".join("  " * level + "- \n" for level in range(200))
    write(tmp_path, "fiches/a.yml", fiche_with("materiel:\n" + nested))
    assert only(tmp_path, "imbrication trop profonde").position.line > 7


def test_huge_flat_list_is_not_called_an_alias_bomb(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with("materiel: [" + "a," * 60_000 + "a]\n"))
    diagnostic = only(tmp_path, "trop volumineux")
    assert "alias" not in diagnostic.message + (diagnostic.hint or "")
    assert "découpez" in (diagnostic.hint or "")


def test_alias_bomb_is_named(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 8):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    write(tmp_path, "fiches/bombe.yml", "\n".join(lines) + "\n")
    assert "alias" in only(tmp_path, "trop volumineux").message


def test_id_with_a_trailing_newline_is_invalid(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with('id: "abc\\n"\n'))
    diagnostic = only(tmp_path, "identifiant")
    assert diagnostic.message == "identifiant « abc\n » invalide"
    assert "identifiant « abc\\n » invalide" in diagnostic.format()
    assert "\n" not in diagnostic.format()


def test_overlong_id(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", fiche_with("id: " + "a" * 300 + "\n"))
    assert only(tmp_path, "identifiant trop long").position == Position(7, 5)


@pytest.mark.parametrize(("path", "text", "needle"), [
    ("fiches/index.yml", VALID_FICHE, "identifiant « index » réservé"),
    ("parcours/p.yml", PARCOURS + "id: index\n", "identifiant « index » réservé"),
    ("referentiels/r.yml", "titre: R\ncompetences:\n  - {id: index, titre: I}\n",
     "identifiant de compétence « index » réservé"),
])
def test_reserved_ids(tmp_path: Path, path: str, text: str, needle: str) -> None:
    write(tmp_path, path, text)
    assert only(tmp_path, needle).is_error


def test_glossary_keys_read_as_other_types(tmp_path: Path) -> None:
    write(tmp_path, "glossaire.yml", "yes: Oui.\n12: Douze.\n~: Rien.\n'no': Non.\n")
    write(tmp_path, "fiches/a.yml", fiche_with("glossaire:\n  on: Allumé.\n"))
    found = sorted((d.path, d.position.line, d.message) for d in diagnostics_of(tmp_path)
                   if "lu comme" in d.message)
    assert found == [
        ("fiches/a.yml", 8, "terme « on » lu comme un booléen (vrai) par YAML"),
        ("glossaire.yml", 1, "terme « yes » lu comme un booléen (vrai) par YAML"),
        ("glossaire.yml", 2, "terme « 12 » lu comme un nombre par YAML"),
        ("glossaire.yml", 3, "terme « ~ » lu comme une valeur vide par YAML"),
    ]
    assert 'mettez le terme entre guillemets : "yes": …' in formatted_hints(tmp_path)


def formatted_hints(root: Path) -> str:
    return " ".join(d.hint or "" for d in diagnostics_of(root))


def test_files_that_are_not_read_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE)
    write(tmp_path, "fiches/B.YML", VALID_FICHE)
    write(tmp_path, "ailleurs/c.yml", VALID_FICHE)
    (tmp_path / "fiches" / "lien").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    (tmp_path / "fiches" / "casse.yml").symlink_to(tmp_path / "absent.yml")
    write(tmp_path, "parcours/vieux/p.yml", PARCOURS)
    found = {(d.path, d.message) for d in diagnostics_of(tmp_path) if not d.is_error}
    assert found >= {
        ("fiches/B.YML", "extension « .YML » : fichier ignoré"),
        ("fiches/lien", "dossier lié : son contenu n'est pas lu"),
        ("fiches/casse.yml", "lien cassé : fichier ignoré"),
        ("parcours/vieux", "sous-dossier ignoré"),
    }


# --- one line per diagnostic, every warning counted ----------------------------------------


def test_diagnostic_is_one_short_line() -> None:
    value = "avant\nmilieu\u2028" + "x" * 200
    text = error("fiches/a\nb.yml", Position(3, 4), f"valeur « {value} » inconnue",
                 f"vouliez-vous dire « {value} » ?").format()
    assert "\n" not in text and "\u2028" not in text
    assert text.startswith("fiches/a\\nb.yml:3:4: erreur: valeur « avant\\nmilieu\\u2028xxx")
    assert "… » inconnue" in text
    assert len(text) < 250


def test_check_output_stays_one_line_per_problem(tmp_path: Path) -> None:
    write(tmp_path, "fiches/a.yml", VALID_FICHE.replace("public: [seniors]",
                                                        'public: ["sen\\niors' + "o" * 100 + '"]'))
    run = relais("check", tmp_path)
    assert run.returncode == 1
    problems = [line for line in run.stderr.splitlines() if "inconnue" in line]
    assert len(problems) == 1 and LINE.match(problems[0]) and "…" in problems[0]


def test_a_run_reports_each_warning_once_and_counts_the_late_ones() -> None:
    early = [warning("fiches/a.yml", Position(), "une")]
    late = [warning("fiches/a.yml", Position(2, 1), "PDF"), *early]
    reported: list[list[str]] = []
    library = check_repository(FIXTURES / "mini").library
    run = Run(library, lambda found: reported.append([d.message for d in found]))
    run.add(early)
    run.add(late)  # an output's warnings, one of them already reported by the check
    assert reported == [["une"], ["PDF"]]
    with console.capture() as captured:
        print_summary(run.diagnostics, "1 fiche(s)")
    assert "2 avertissement(s)" in captured.get()


def test_without_a_terminal_the_text_is_rich_s_without_rich(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`relais check` to a pipe or a file writes without importing rich, the same text."""
    problems = [warning("fiches/a.yml", Position(2, 1), "« x » ici", "indice", code="falc-on"),
                error("fiches/b.yml", Position(), "erreur « y »", None, code="lien-inconnu")]
    made = report._rich_console

    def no_rich() -> None:
        raise AssertionError("rich's console made")

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for found in ([], problems[:1], problems):
        written = []
        for rich in (False, True):
            monkeypatch.setattr(report, "_console", None)
            monkeypatch.setattr(report, "_rich_console", made if rich else no_rich)
            if rich:  # rich's own console, told the stream is no terminal
                monkeypatch.setenv("TTY_COMPATIBLE", "0")
            report.print_diagnostics(found)
            print_summary(found, "2 fiche(s)")
            written.append(capsys.readouterr().err)
            monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
        assert written[0] == written[1]
        assert written[0].endswith(" avertissement(s) — 2 fiche(s)\n")


# --- the preview -----------------------------------------------------------------------------


def _wait_for(url: str, test: object, seconds: float = 120) -> str:
    """The page once `test(page)` holds (the last page fetched otherwise)."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = fetch(url)
        if test(page):  # type: ignore[operator]
            return page
        time.sleep(0.5)
    return page


@contextlib.contextmanager
def _serving(repo: Path) -> Iterator[tuple[str, list[str]]]:
    """`relais serve` on a free port: its address, and its terminal lines once it stopped."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(repo), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        yield f"http://127.0.0.1:{port}", output
    finally:
        server.terminate()
        output.extend((server.communicate(timeout=30)[0] or "").splitlines())


def test_serve_shows_errors_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    repo = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", repo)
    fiche = repo / "fiches" / "premiere.yml"
    good = fiche.read_text("utf-8")
    with _serving(repo) as (address, output):
        url = f"{address}/fiches/premiere/"
        assert "Première fiche" in _wait_for(url, lambda p: "Première fiche" in p)
        fiche.write_text(good + "public: [\n", "utf-8")  # saved half-written
        page = _wait_for(url, lambda p: "relais-erreurs" in p)
        assert "relais-erreurs" in page and "Première fiche" in page
        assert "fiches/premiere.yml:" in page
        fiche.write_text(good.replace("Première fiche", "Fiche corrigée"), "utf-8")
        page = _wait_for(url, lambda p: "Fiche corrigée" in p)
        assert "relais-erreurs" not in page
    diagnostics = [line for line in output if "fiches/premiere.yml:" in line]
    assert diagnostics and all(LINE.search(line) for line in diagnostics)
    assert not any("erreur interne" in line or "Traceback" in line for line in output)


def test_serve_starts_with_errors_and_a_settings_file_without_docs(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    shutil.copytree(FIXTURES / "minimal", repo)
    write(repo, "mkdocs.yml", "site_name: Essai\ntheme:\n  name: material\n"
                              "plugins:\n  - relais:\n      pdf: false\n")
    fiche = repo / "fiches" / "premiere.yml"
    good = fiche.read_text("utf-8")
    fiche.write_text(good.replace("niveau: debutant", "niveau: expert"), "utf-8")
    with _serving(repo) as (address, output):
        page = _wait_for(f"{address}/", lambda p: "relais-erreurs" in p)
        assert "relais-erreurs" in page and "expert" in page
        fiche.write_text(good, "utf-8")
        page = _wait_for(f"{address}/fiches/premiere/", lambda p: "Première fiche" in p)
        assert "Première fiche" in page and "relais-erreurs" not in page
    assert not any("erreur interne" in line or "Traceback" in line for line in output)
