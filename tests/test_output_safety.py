"""The output folder: Relais never deletes what it did not write, never leaves the output
missing, leaves no worker behind, and reports a full disk or a read-only folder in French."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import output
from generator.cli import main
from generator.pdf import cache as pdf_cache
from generator.pdf import writer

from .conftest import FIXTURES
from .helpers import relais, write
from .test_pdf_support import PRINT_FIXTURE

HINT = "choisissez un dossier vide ou nouveau"
# Site without PDFs or offline copy: the guards are the same, the builds much faster.
FAST_SETTINGS = """\
site_name: Essai
theme:
  name: material
  language: fr
  font: false
plugins:
  - relais:
      pdf: false
      hors_ligne: false
"""
NO_PID = 4_999_999  # above Linux's largest pid (4194304): never a running process


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small fixture repository, with docs/ and overrides/ folders, building fast."""
    root = tmp_path / "depot"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.rmtree(root / ".relais-cache", ignore_errors=True)
    write(root, "mkdocs.yml", FAST_SETTINGS)
    write(root, "docs/guide.md", "# Guide\n")
    write(root, "overrides/partials/pied.html", "<p>pied</p>\n")
    return root


@pytest.fixture
def pdf_repo(tmp_path: Path) -> Path:
    """The small fixture repository with its default settings: PDFs on, no cache yet."""
    root = tmp_path / "depot-pdf"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.rmtree(root / ".relais-cache", ignore_errors=True)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str]]:
    """`relais ARGS` in this process: exit code and the non-empty lines it printed."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file (bytes), link (target) and folder (empty string) below `folder`."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[name] = ""
        else:
            found[name] = path.read_bytes()
    return found


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def the_error(lines: list[str]) -> str:
    """The single `erreur : …` line of a run."""
    errors = [line for line in lines if line.startswith("erreur :")]
    assert len(errors) == 1, lines
    assert not any("erreur interne" in line or "Traceback" in line for line in lines), lines
    return errors[0]


# --- folders that may not be used -----------------------------------------------------------


@pytest.mark.parametrize("target", [".", "..", "fiches", "fiches/", "medias/images", "docs",
                                    "overrides/partials", "pages", "fiches/../parcours"])
def test_an_output_holding_or_inside_the_content_is_refused(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        target: str) -> None:
    write(repo, "mkdocs.yml", FAST_SETTINGS + "docs_dir: pages\n")  # a renamed pages folder
    write(repo, "pages/accueil.md", "# Accueil\n")
    before = snapshot(repo.parent)
    monkeypatch.chdir(repo)
    code, lines = run(capsys, "build", ".", "-o", target)
    assert code == 2
    message = the_error(lines)
    assert message.startswith(f"erreur : le dossier de sortie « {Path(target)} » ")
    assert message.endswith(f"{HINT}, par exemple site/")
    assert snapshot(repo.parent) == before


def test_the_refusal_names_the_content_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    assert run(capsys, "build", ".", "-o", "fiches") == (2, [
        "erreur : le dossier de sortie « fiches » est un dossier de contenu du dépôt ; "
        "choisissez un dossier vide ou nouveau, par exemple site/"])
    code, lines = run(capsys, "build", ".", "-o", "medias/images")
    assert code == 2
    assert "est dans « medias », un dossier de contenu du dépôt" in the_error(lines)


def test_an_output_that_is_a_symbolic_link_is_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = write(tmp_path, "ailleurs/precieux.txt", "à garder").parent
    (repo / "site").symlink_to(elsewhere)  # the default output, too
    (tmp_path / "lien").symlink_to(elsewhere)
    (tmp_path / "cassé").symlink_to(tmp_path / "absent")
    before = snapshot(tmp_path)
    for arguments in ([repo], [repo, "-o", repo / "site"], [repo, "-o", tmp_path / "lien"],
                      [repo, "-o", tmp_path / "cassé"]):
        code, lines = run(capsys, "build", *arguments)
        assert code == 2
        assert "est un lien symbolique" in the_error(lines) and HINT in the_error(lines)
        assert snapshot(tmp_path) == before


def test_only_an_empty_folder_or_one_relais_wrote_is_replaced(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "documents/lettre.txt", "à garder")
    write(tmp_path, "faux-site/index.html", "<p>un autre site</p>")  # no Relais theme file
    write(tmp_path, "fichier", "un fichier")
    before = snapshot(tmp_path)
    for name, why in (("documents", "existe et n'a pas été produit par Relais : il ne sera ni "
                                    "remplacé ni effacé"),
                      ("faux-site", "n'a pas été produit par Relais"),
                      ("fichier", "est un fichier, pas un dossier")):
        code, lines = run(capsys, "build", repo, "-o", tmp_path / name)
        assert code == 2 and why in the_error(lines) and HINT in the_error(lines)
    assert snapshot(tmp_path) == before
    empty = tmp_path / "vide"
    empty.mkdir()
    assert run(capsys, "build", repo, "-o", empty)[0] == 0
    assert (empty / "index.html").is_file() and (empty / output.MARKER).is_file()
    write(empty, "périmé.txt", "d'une ancienne construction")
    assert run(capsys, "build", repo, "-o", empty)[0] == 0
    assert not (empty / "périmé.txt").exists()
    assert leftovers(tmp_path, "vide") == []


def test_the_default_site_and_sites_of_earlier_versions_are_replaced(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "build", repo)[0] == 0
    site = repo / "site"
    (site / output.MARKER).unlink()  # as built by a Relais without the marker
    write(site, "périmé.txt", "x")
    assert run(capsys, "build", repo)[0] == 0
    assert (site / output.MARKER).is_file() and not (site / "périmé.txt").exists()
    assert leftovers(repo, "site") == []


def test_relais_pdf_has_the_same_guards(
        pdf_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "documents/lettre.pdf", "à garder")
    (tmp_path / "lien").symlink_to(tmp_path / "documents")
    before = snapshot(tmp_path)
    for target, why in ((pdf_repo / "fiches", "est un dossier de contenu du dépôt"),
                        (pdf_repo.parent, "contient le dépôt de contenu"),
                        (tmp_path / "lien", "est un lien symbolique"),
                        (tmp_path / "documents", "n'a pas été produit par Relais")):
        code, lines = run(capsys, "pdf", pdf_repo, "-o", target)
        assert code == 2 and why in the_error(lines)
        assert the_error(lines).endswith(f"{HINT}, par exemple pdf/")
    assert snapshot(tmp_path) == before
    # PDFs of an earlier Relais (no marker): replaced, a PDF of a removed fiche included.
    earlier = write(pdf_repo, "pdf/fiches/supprimee-apprenant.pdf", b"%PDF-").parent.parent
    assert run(capsys, "pdf", pdf_repo)[0] == 0
    assert not (earlier / "fiches/supprimee-apprenant.pdf").exists()
    assert (earlier / "fiches/courriel-apprenant.pdf").is_file()
    assert (earlier / output.MARKER).is_file() and leftovers(pdf_repo, "pdf") == []


def test_exports_never_replace_a_folder(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path, "catalogue.json/garde.txt", "à garder").parent
    (tmp_path / "export").mkdir()
    write(tmp_path, "export/competences-test.json/garde.txt", "à garder")
    before = snapshot(tmp_path)
    with pytest.raises(SystemExit) as refused:
        main(["export", "json", str(repo), "-o", str(folder)])
    assert refused.value.code == 2
    with pytest.raises(SystemExit) as refused:
        main(["export", "case", str(repo), "-o", f"{tmp_path / 'export'}/"])
    assert refused.value.code == 2
    assert "est un dossier" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


# --- a build killed at any instant ----------------------------------------------------------

# Fills the output through `output.replacing`, killed (SIGKILL: no clean-up code runs) at the
# chosen instant. Arguments: OUT VERSION POINT.
KILLED_BUILD = """
import os, shutil, signal, sys
from pathlib import Path
from generator import output

out, version, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


if point == "between-renames":  # where there is no atomic exchange: two renames
    output._exchange = lambda first, second: False
    rename = os.rename

    def rename_then_die(source, target):
        rename(source, target)
        if ".old-" in Path(target).name:
            die()

    os.rename = rename_then_die
elif point == "after-exchange":
    exchange = output._exchange

    def exchange_then_die(first, second):
        assert exchange(first, second), "no atomic exchange on this system"
        die()

    output._exchange = exchange_then_die
elif point == "removing-the-old-copy":
    rmtree = shutil.rmtree

    def rmtree_then_die(path, *args, **kwargs):
        rmtree(path, *args, **kwargs)
        die()

    shutil.rmtree = rmtree_then_die
with output.replacing(out) as staging:
    (staging / "version.txt").write_text(version)
    (staging / "pages").mkdir()
    (staging / "pages" / "page.html").write_text(version)
    if point == "filling":
        die()
"""


def killed_build(out: Path, version: str, point: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", KILLED_BUILD, str(out), version, point],
                          capture_output=True, text=True, timeout=60)


STRANGERS = (".site.tmp-fichiers", f".site.old-{NO_PID}", ".site.tmp-7")


def strangers(parent: Path) -> dict[str, bytes | str]:
    """Folders and files with Relais' temporary names that Relais did not write: untouched."""
    write(parent, ".site.tmp-fichiers/important.txt", "à garder")
    write(parent, f".site.old-{NO_PID}/index.html", "<p>pas un site de Relais</p>")
    write(parent, ".site.tmp-7", "un fichier")
    return beside_the_output(parent)


def beside_the_output(parent: Path) -> dict[str, bytes | str]:
    return {name: data for name, data in snapshot(parent).items() if not name.startswith("site")}


# What OUT holds right after the kill (None: missing), and after the next build's recovery.
KILL_POINTS = {
    "filling": ("ancienne", "ancienne"),
    "after-exchange": ("nouvelle", "nouvelle"),
    "between-renames": (None, "ancienne"),
    "removing-the-old-copy": ("nouvelle", "nouvelle"),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_build_leaves_the_output_or_a_copy_the_next_build_restores(
        tmp_path: Path, point: str) -> None:
    out = tmp_path / "site"
    assert killed_build(out, "ancienne", "none").returncode == 0
    others = strangers(tmp_path)
    killed = killed_build(out, "nouvelle", point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_kill, after_recovery = KILL_POINTS[point]
    left = [name for name in leftovers(tmp_path, "site") if name not in STRANGERS]
    assert left, "the kill left a temporary folder behind"
    if after_kill is None:
        assert not out.exists()
        (aside,) = [name for name in left if ".old-" in name]
        assert (tmp_path / aside / "version.txt").read_text() == "ancienne"
    else:
        assert (out / "version.txt").read_text() == after_kill
    output.recover(out)  # what the next `relais build` or `relais pdf` does first
    assert (out / "version.txt").read_text() == after_recovery
    assert (out / "pages/page.html").read_text() == after_recovery
    assert beside_the_output(tmp_path) == others


def test_the_next_build_restores_the_output_even_when_it_stops_at_the_check(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert killed_build(out, "ancienne", "none").returncode == 0
    assert killed_build(out, "nouvelle", "between-renames").returncode == -signal.SIGKILL
    assert not out.exists()
    write(repo, "fiches/casse.yml", "titre: Attention : x\n")
    code, lines = run(capsys, "build", repo, "-o", out)
    assert code == 1 and "n'a pas été modifié" in lines[-1]
    assert (out / "version.txt").read_text() == "ancienne"
    assert leftovers(tmp_path, "site") == []


# --- no worker outlives the build -----------------------------------------------------------


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_and_watch(command: list[str], ready: Callable[[set[int]], bool]) -> set[int]:
    """Start `command`, kill -9 it once `ready(its children)`; the children still running
    5 seconds later (then killed here, so that a failing test leaves nothing behind)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not ready(workers) and time.monotonic() < deadline and process.poll() is None:
            workers |= children(process.pid)
            time.sleep(0.05)
        assert ready(workers), f"no worker seen (exit code {process.poll()})"
        process.kill()
        process.wait()
        deadline = time.monotonic() + 5
        while any(map(running, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        return {pid for pid in workers if running(pid)}
    finally:
        process.kill()
        process.wait()
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_pdf_workers_end_with_a_killed_build(tmp_path: Path) -> None:
    repo = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, repo)
    shutil.rmtree(repo / ".relais-cache", ignore_errors=True)  # every PDF must be rendered
    out = tmp_path / "site"
    # `relais build` itself, told there are two cores so that a pool is used on any machine.
    script = ("import os, sys; os.cpu_count = lambda: 2\n"
              "from generator.cli import main\nsys.exit(main(sys.argv[1:]))")
    command = [sys.executable, "-c", script, "build", str(repo), "-o", str(out)]
    assert kill_and_watch(command, lambda workers: len(workers) >= 2) == set()
    assert leftovers(tmp_path, "site")
    output.recover(out)
    assert leftovers(tmp_path, "site") == [] and not out.exists()


def test_the_shared_work_helper_ends_with_a_killed_build() -> None:
    script = ("import time\nfrom generator.shared_work import share\n"
              "share(range(400), lambda i: time.sleep(0.05), lambda: time.sleep(60))")
    assert kill_and_watch([sys.executable, "-c", script], bool) == set()


# --- full disk, read-only folders -----------------------------------------------------------


def full_disk_for(match: Callable[[str], bool]) -> Callable[..., Any]:
    """`open` that fails as on a full disk when writing a file `match` accepts."""
    real_open = builtins.open

    def open_on_a_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(letter in mode for letter in "wax") and match(str(file)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    return open_on_a_full_disk


def test_a_full_disk_while_writing_the_site_is_one_french_line(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Simulated: `open` raises ENOSPC for one page of the new site, as the kernel would."""
    out = tmp_path / "site"
    assert run(capsys, "build", repo, "-o", out)[0] == 0
    before = snapshot(out)
    monkeypatch.setattr(builtins, "open", full_disk_for(
        lambda name: ".site.tmp-" in name and name.endswith("courriel/index.html")))
    code, lines = run(capsys, "build", repo, "-o", out)
    assert code == 1
    assert lines == [f"erreur : impossible d'écrire dans « {out}/fiches/courriel/index.html » : "
                     f"disque plein ; libérez de la place ; « {out} » n'a pas été modifié"]
    assert snapshot(out) == before and leftovers(tmp_path, "site") == []


@pytest.mark.parametrize("command", ["build", "pdf"])
def test_a_full_disk_while_writing_the_pdfs_is_one_french_line(
        pdf_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    """Simulated in the PDF workers (forked after the patch): writing a PDF raises ENOSPC."""
    def full_disk(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(writer, "write_atomically", full_disk)
    out = tmp_path / "sortie"
    code, lines = run(capsys, command, pdf_repo, "-o", out)
    assert code == 1
    error = the_error(lines)
    assert error.startswith(f"erreur : impossible d'écrire dans « {pdf_repo}/.relais-cache/pdf/")
    assert error.endswith(f".pdf » : disque plein ; libérez de la place ; « {out} » "
                          "n'a pas été modifié")
    assert not out.exists() and leftovers(tmp_path, "sortie") == []


def test_an_unexpected_write_error_is_not_called_internal(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Simulated: any command meeting a read-only file system (here while checking)."""
    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), "/media/clé/x")

    monkeypatch.setattr("generator.check.check_repository", read_only)
    assert run(capsys, "check", repo) == (1, [
        "erreur : impossible d'écrire dans « /media/clé/x » : support en lecture seule ; "
        "choisissez un dossier où vous pouvez écrire"])


def test_a_folder_that_cannot_be_written_is_one_french_line(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Simulated: creating the new folder beside the output is refused (EACCES)."""
    def refused(*args: Any, **kwargs: Any) -> str:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / ".site.tmp-1-x"))

    monkeypatch.setattr(output.tempfile, "mkdtemp", refused)
    assert run(capsys, "build", repo, "-o", tmp_path / "site") == (1, [
        f"erreur : impossible d'écrire dans « {tmp_path} » : permission refusée ; choisissez un "
        f"dossier où vous pouvez écrire ; « {tmp_path / 'site'} » n'a pas été modifié"])


READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1"'
MOUNT_POINT = 'mount -t tmpfs tmpfs "$1"'  # like a USB stick's folder


def mounted(mount: str, folder: Path, command: list[str],
            **env: str) -> subprocess.CompletedProcess[str]:
    """Run `command` after `mount` on `folder`. Real, not simulated: the mount lives in a
    private mount namespace of that command only (and root would ignore a chmod)."""
    unshare = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    script = f'{mount} && shift && exec "$@"'
    return subprocess.run([*unshare, "sh", "-c", script, "sh", str(folder), *command],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env})


def relais_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *map(str, args)]


def test_a_mount_point_as_output_is_one_french_line(repo: Path, tmp_path: Path) -> None:
    stick = tmp_path / "cle"
    stick.mkdir()
    run = mounted(MOUNT_POINT, stick, relais_command("build", repo, "-o", stick))
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        f"erreur : impossible d'écrire dans « {stick} » : dossier occupé, ou point de montage "
        "(clé USB…) ; choisissez un dossier à l'intérieur, par exemple « site » ; "
        f"« {stick} » n'a pas été modifié")
    assert leftovers(tmp_path, "cle") == []


def test_a_read_only_output_folder_is_one_french_line(repo: Path, tmp_path: Path) -> None:
    public = tmp_path / "public"
    assert relais("build", repo, "-o", public / "site").returncode == 0
    before = snapshot(public)
    run = mounted(READ_ONLY, public, relais_command("build", repo, "-o", public / "site"))
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        f"erreur : impossible d'écrire dans « {public} » : support en lecture seule ; "
        f"choisissez un dossier où vous pouvez écrire ; « {public / 'site'} » n'a pas été modifié")
    assert snapshot(public) == before


def test_a_read_only_repository_with_a_pdf_cache_still_builds(
        pdf_repo: Path, tmp_path: Path) -> None:
    assert relais("pdf", pdf_repo).returncode == 0  # fills .relais-cache
    assert list((pdf_repo / ".relais-cache/pdf").glob("*.pdf"))
    before = snapshot(pdf_repo)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "site"
    run = mounted(READ_ONLY, pdf_repo, relais_command("build", pdf_repo, "-o", out),
                  TMPDIR=str(scratch))
    assert run.returncode == 0, run.stderr
    assert (out / "pdf/fiches/courriel-apprenant.pdf").read_bytes().startswith(b"%PDF-")
    assert list(scratch.glob("relais-cache/*/pdf/*.pdf"))  # the fallback cache was used
    assert snapshot(pdf_repo) == before


def test_an_existing_cache_folder_that_cannot_be_written_is_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: EROFS when writing into the repository's existing cache folder."""
    existing = tmp_path / "depot" / pdf_cache.CACHE_FOLDER
    existing.mkdir(parents=True)
    real_mkstemp = pdf_cache.tempfile.mkstemp

    def mkstemp(*args: Any, dir: Any = None, **kwargs: Any) -> tuple[int, str]:
        if dir is not None and Path(dir) == existing:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(pdf_cache.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(pdf_cache.tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = pdf_cache.default_folder(tmp_path / "depot")
    assert folder.is_relative_to(tmp_path / "tmp") and folder.name == "pdf"
