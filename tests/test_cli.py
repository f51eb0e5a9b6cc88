"""The `relais` command as a user runs it: output format, exit codes, atomic builds."""

from __future__ import annotations

import re
from pathlib import Path

from .helpers import relais, write

LINE = re.compile(r"^[^:\s]+:\d+:\d+: (erreur|avertissement): .+$")



def test_check_clean_repository_exits_0(mini_repo: Path) -> None:
    run = relais("check", mini_repo)
    assert run.returncode == 0
    assert "Aucune erreur" in run.stderr


def test_check_reports_every_problem_and_exits_1(mini_repo: Path) -> None:
    write(mini_repo, "fiches/a.yml", "titre: Attention : x\n")
    write(mini_repo, "fiches/b.yml", b"titre: \xe9t\xe9\n")
    write(mini_repo, "fiches/c.yml", "titre: !!python/object/apply:os.system [ls]\n")
    run = relais("check", mini_repo)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    problems = [line for line in run.stderr.splitlines() if LINE.match(line)]
    assert [p.split(":")[0] for p in problems] == ["fiches/a.yml", "fiches/b.yml", "fiches/c.yml"]


def test_usage_errors_exit_2_in_french(tmp_path: Path) -> None:
    run = relais("check", tmp_path / "absent")
    assert run.returncode == 2
    assert "dossier introuvable" in run.stderr
    assert relais("compiler").returncode == 2
    assert relais().returncode == 2


def test_failed_build_leaves_previous_output_untouched(mini_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    assert relais("build", mini_repo, "-o", out).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (out / "marque.txt").write_text("ancienne version")
    write(mini_repo, "fiches/allumer.yml", "titre: Attention : x\n")
    run = relais("build", mini_repo, "-o", out)
    assert run.returncode == 1
    assert "n'a pas été modifié" in run.stderr
    assert (out / "marque.txt").read_text() == "ancienne version"
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.name != "marque.txt") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sortie")] == []


def test_successful_build_replaces_the_output(mini_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    assert relais("build", mini_repo, "-o", out).returncode == 0
    (out / "ancien.txt").write_text("x")  # only a folder Relais wrote is replaced
    assert relais("build", mini_repo, "-o", out).returncode == 0
    assert not (out / "ancien.txt").exists()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "sortie"]


def test_build_default_output_and_defaults_without_mkdocs_yml(mini_repo: Path) -> None:
    assert not (mini_repo / "mkdocs.yml").exists()
    assert relais("build", mini_repo).returncode == 0
    home = (mini_repo / "site" / "index.html").read_text("utf-8")
    assert '<html lang="fr"' in home
    assert "<title>mini</title>" in home  # the folder name is the site title
    assert "fonts.googleapis.com" not in home
