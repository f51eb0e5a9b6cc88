"""Content-hash cache of rendered PDFs: a PDF is rendered again only when its inputs change.

The key of a PDF is a hash of everything that decides it: the print HTML (which inlines the
CSS), the bytes of every repository file it shows, whether it is imposed, and the versions of
the code that turns HTML into PDF. Entries are stored by key, so builds never overwrite a file
another build may be copying.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from functools import cache
from html import unescape
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

from ..files import Stamp, write_atomically
from ..files import stamp as file_stamp

CACHE_FOLDER = Path(".relais-cache") / "pdf"
KEEP_UNUSED_SECONDS = 3600  # entries no build used for an hour are removed
_SOURCE = re.compile(r'\ssrc="([^"]+)"')
_WRITER_MODULES = ("writer.py", "impose.py", "fetcher.py")


@dataclass(frozen=True)
class Entry:
    """What is known about a cached PDF besides its bytes."""

    pages: int
    refused: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def default_folder(root: Path) -> Path:
    """`.relais-cache/pdf` in the repository, or a temporary folder when it is read-only."""
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _try_writing(folder)  # an existing folder on a read-only disk is no use either
    except OSError:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        folder = Path(tempfile.gettempdir()) / "relais-cache" / name / "pdf"
    return folder


def _try_writing(folder: Path) -> None:
    handle, name = tempfile.mkstemp(prefix=".essai-", dir=folder)
    os.close(handle)
    os.unlink(name)


def content_key(html: str, root: Path, imposed: bool) -> str:
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(b"imposed" if imposed else b"flat")
    digest.update(html.encode())
    for reference in sorted(set(_SOURCE.findall(html))):
        digest.update(reference.encode())
        digest.update(_file_digest(root, unquote(unescape(reference))).encode())
    return digest.hexdigest()


class PdfCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pdf(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def _entry_file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        """The entry when both the PDF and its record are there; marks it as used."""
        try:
            data = json.loads(self._entry_file(key).read_text("utf-8"))
            entry = Entry(int(data["pages"]), tuple(data["refused"]), tuple(data["problems"]))
            now = time.time()
            os.utime(self.pdf(key), (now, now))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Record a PDF already written at `pdf(key)`."""
        write_atomically(self._entry_file(key), json.dumps(asdict(entry)))

    def prune(self, used: set[str]) -> None:
        """Remove entries this build did not use and no build used lately."""
        limit = time.time() - KEEP_UNUSED_SECONDS
        for partial in self.folder.glob(".*.tmp"):  # left by a worker killed while writing
            with contextlib.suppress(OSError):
                if partial.stat().st_mtime < limit:
                    partial.unlink()
        for path in self.folder.glob("*.pdf"):
            if path.stem in used:
                continue
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    self._entry_file(path.stem).unlink(missing_ok=True)
            except OSError:
                pass  # another build removed it first


@cache
def _code_fingerprint() -> str:
    """Versions and source of the HTML -> PDF code: a new WeasyPrint renders everything again."""
    here = Path(__file__).resolve().parent
    parts = [metadata.version("weasyprint"), metadata.version("pypdf")]
    parts += [(here / name).read_text("utf-8") for name in _WRITER_MODULES]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


_files: dict[Path, tuple[Stamp, str]] = {}


def _file_digest(root: Path, reference: str) -> str:
    """Hash of a repository file a document shows; unchanged files are not read again."""
    path = (root / reference).resolve()
    if "://" in reference or not path.is_relative_to(root.resolve()):
        return "outside"  # the fetcher refuses it; its bytes never reach the PDF
    try:
        stamp = file_stamp(path)
        known = _files.get(path)
        if known and known[0] == stamp:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"
    _files[path] = (stamp, digest)
    return digest
