"""The output folder of `relais build` and `relais pdf`: never delete what Relais did not write.

A build fills a new folder beside the output (`.NAME.tmp-PID-…`), then puts it in the output's
place in one step. Both carry a marker file, so that only folders Relais wrote are ever
replaced or removed, including the leftovers of a build that was killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from .load import read_mkdocs_config

MARKER = ".relais-build"
MARKER_TEXT = ("Relais : dossier produit par « relais build » ou « relais pdf ». "
               "Relais le remplace à chaque construction.\n")
# Where authors' files live: an output there would replace or mix with them.
CONTENT_FOLDERS = ("fiches", "parcours", "referentiels", "medias", "docs", "overrides")
# Sites built before the marker existed are recognised by the theme file only Relais writes.
EARLIER_SITE_FILES = ("index.html", "assets/relais/relais.css")
PDF_FOLDERS = ("fiches", "parcours")  # what `relais pdf` wrote before the marker existed
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})
_REASONS = {
    errno.ENOSPC: ("disque plein", "libérez de la place"),
    errno.EDQUOT: ("quota de disque dépassé", "libérez de la place"),
    errno.EROFS: ("support en lecture seule", "choisissez un dossier où vous pouvez écrire"),
    errno.EACCES: ("permission refusée", "choisissez un dossier où vous pouvez écrire"),
    errno.EPERM: ("opération non permise", "choisissez un dossier où vous pouvez écrire"),
    errno.EEXIST: ("un fichier porte déjà ce nom", "choisissez un autre dossier"),
    errno.ENOTDIR: ("un élément du chemin est un fichier", "choisissez un autre dossier"),
    errno.EBUSY: ("dossier occupé, ou point de montage (clé USB…)",
                  "choisissez un dossier à l'intérieur, par exemple « site »"),
    errno.EXDEV: ("dossier sur un autre support que son dossier parent",
                  "choisissez un dossier à l'intérieur, par exemple « site »"),
}
RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


class OutputRefused(Exception):
    """The output path may not be used; the message is French. Exit code 2."""


class WriteFailed(Exception):
    """The output could not be written (disk full, read-only…); the message is French."""


# --- which folders may be used --------------------------------------------------------------


def checked_output(root: Path, out: Path, example: str) -> Path:
    """The absolute output folder, or OutputRefused saying why it may not be used; `example`
    (`site`, `pdf`) names a folder to suggest instead."""
    problem = _placement_problem(root, out) or _ownership_problem(out)
    if problem:
        if out.name == example:
            example = f"{example}-relais"  # not the very folder that was just refused
        raise OutputRefused(f"le dossier de sortie « {out} » {problem} ; "
                            f"choisissez un dossier vide ou nouveau, par exemple {example}/")
    return out.resolve()


def _placement_problem(root: Path, out: Path) -> str | None:
    if Path(os.path.abspath(out)).is_symlink():  # abspath: `..` is not followed through a link
        return "est un lien symbolique : Relais remplacerait le dossier vers lequel il pointe"
    target, root = out.resolve(), root.resolve()
    if target == root:
        return "est le dépôt de contenu lui-même"
    if root.is_relative_to(target):
        return "contient le dépôt de contenu"
    for name in _content_folders(root):
        folder = (root / name).resolve()
        if target == folder:
            return "est un dossier de contenu du dépôt"
        if target.is_relative_to(folder):
            return f"est dans « {name} », un dossier de contenu du dépôt"
    return None


def _content_folders(root: Path) -> list[str]:
    """The fixed content folders, and the pages and theme folders mkdocs.yml may rename."""
    folders = list(CONTENT_FOLDERS)
    try:
        config = read_mkdocs_config(root)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return folders  # `relais check` reports it; the fixed folders are still protected
    if isinstance(config, dict):
        theme = config.get("theme")
        for value in (config.get("docs_dir"), theme.get("custom_dir") if isinstance(
                theme, dict) else None):
            if isinstance(value, str) and value.strip():
                folders.append(value.strip())
    return folders


def _ownership_problem(out: Path) -> str | None:
    target = out.resolve()
    if not target.exists():
        return None
    if not target.is_dir():
        return "est un fichier, pas un dossier"
    try:
        if written_by_relais(target) or next(target.iterdir(), None) is None:
            return None
    except OSError:
        return "est illisible"
    return "existe et n'a pas été produit par Relais : il ne sera ni remplacé ni effacé"


def written_by_relais(folder: Path) -> bool:
    """The folder carries Relais' marker, or is a site or PDF folder of an earlier Relais."""
    return _has_marker(folder) or _earlier_site(folder) or _earlier_pdfs(folder)


def _has_marker(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        return not marker.is_symlink() and marker.read_text("utf-8").startswith("Relais")
    except (OSError, UnicodeDecodeError):
        return False


def _earlier_site(folder: Path) -> bool:
    return all((folder / name).is_file() for name in EARLIER_SITE_FILES)


def _earlier_pdfs(folder: Path) -> bool:
    """Only PDFs (and their temporary files) in fiches/ and parcours/: `relais pdf` wrote it."""
    tops = list(folder.iterdir())
    if not tops or any(p.name not in PDF_FOLDERS or not p.is_dir() for p in tops):
        return False  # looked at first: a large unrelated folder is not walked
    files = [p for top in tops for p in top.rglob("*") if not p.is_dir()]
    return bool(files) and all(re.search(r"\.pdf(\.\d+\.tmp)?$", p.name) for p in files)


# --- replacing the output -------------------------------------------------------------------


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A new marked folder to fill; when the block ends normally it takes the place of `out`
    (already checked) in one step, otherwise it is removed and `out` stays as it was."""
    recover(out)
    staging: Path | None = None
    ours = True  # an OSError while making, marking or swapping folders, not while filling
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        mark(staging)
        ours = False
        yield staging
        ours = True
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a site folder is meant to be served
        _swap(staging, out)
    except OSError as exc:
        if ours or exc.errno in WRITE_ERRNOS or _inside(exc.filename, staging):
            raise WriteFailed(describe(exc, staging, out)) from exc
        raise
    finally:
        if staging is not None:
            remove(staging)  # the unused new folder, or the previous output after the swap


def _inside(filename: object, folder: Path | None) -> bool:
    return folder is not None and isinstance(filename, str) and Path(
        filename).is_relative_to(folder)


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, "utf-8")


def _swap(staging: Path, out: Path) -> None:
    """After this, `out` is the new folder and `staging` holds the previous one, if any."""
    if not os.path.lexists(out):
        os.rename(staging, out)
        return
    if not _has_marker(out) and next(out.iterdir(), None) is not None:
        mark(out)  # an earlier Relais' build: its copy set aside must be recognised as ours
    if _exchange(staging, out):
        return
    # No atomic exchange: for an instant only the copy set aside exists; `recover` puts it back.
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    os.rename(retired, staging)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # old kernel or file system
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove(folder: Path) -> None:
    """Remove a folder Relais wrote, its marker last: a removal cut short can be finished by
    the next build, which only removes marked folders."""
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.name == MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        if [child.name for child in folder.iterdir()] in ([MARKER], []):
            (folder / MARKER).unlink(missing_ok=True)
            folder.rmdir()


# --- after a killed build -------------------------------------------------------------------


def recover(out: Path) -> None:
    """Put back an output a killed build had set aside, and remove the temporary folders of
    builds that are no longer running. Only marked folders with Relais' names are touched."""
    leftovers = _leftovers(out)
    set_aside = sorted((p for kind, p in leftovers if kind == "old"), key=_age)
    if set_aside and not os.path.lexists(out):
        with contextlib.suppress(OSError):
            os.rename(set_aside[0], out)
    for _, path in leftovers:
        if path.exists():
            with contextlib.suppress(OSError):
                mark(path)  # an earlier Relais' folder: a removal cut short is resumed next time
            remove(path)


def _age(folder: Path) -> float:
    """Newest first."""
    try:
        return -folder.stat().st_mtime
    except OSError:
        return 0.0


def _leftovers(out: Path) -> list[tuple[str, Path]]:
    """(`tmp` or `old`, folder) for each temporary folder of a finished or killed build."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(?:(\d+)(?:-|$))?")
    found: list[tuple[str, Path]] = []
    with contextlib.suppress(OSError):
        for path in out.parent.iterdir():
            match = pattern.match(path.name)
            if not match or path.is_symlink() or not path.is_dir():
                continue
            if match[2] and _running(int(match[2])):
                continue  # another build is writing it
            if _has_marker(path) or _earlier_site(path) or next(path.iterdir(), None) is None:
                found.append((match[1], path))
    return found


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this same process, which has finished
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:
        return True  # alive, but another user's
    return True


# --- messages -------------------------------------------------------------------------------


def describe(exc: OSError, staging: Path | None = None, out: Path | None = None) -> str:
    """`impossible d'écrire dans « … » : disque plein ; libérez de la place`, one line; a path
    inside the temporary folder is shown as the output folder the user named."""
    where = _shown(exc.filename, staging, out)
    reason, hint = _REASONS.get(exc.errno or 0, (exc.strerror or str(exc), ""))
    message = f"impossible d'écrire dans « {where} » : {reason}"
    return f"{message} ; {hint}" if hint else message


def _shown(filename: object, staging: Path | None, out: Path | None) -> str:
    if not isinstance(filename, str):
        return str(out or "")
    if staging is not None and out is not None and _inside(filename, staging):
        return str(out / Path(filename).relative_to(staging))
    if out is not None and Path(filename).name.startswith(f".{out.name}.tmp-"):
        return str(out.parent)  # the temporary folder could not even be created
    return filename
