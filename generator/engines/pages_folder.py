"""`relais pages`: the site as a plain folder of pages, the core any engine builds.

    DOSSIER_PAGES/
      docs/               generated Markdown, the repository's hand-written pages, media,
                          catalogue files and printable PDFs: the engine's `docs_dir`
      theme/              Relais' templates and assets, with the repository's `custom_dir` over
                          them: the engine's `custom_dir`
      relais-pages.json   the navigation, and what an engine needs besides (`Manifest`)

A generated page says in its front matter which YAML file it comes from (`relais_source`: the
theme draws the edit button from it) and carries its rendered fragments, which the Markdown
extension `generator.site.markdown_fragments` puts back. Only files whose content changed are
written and files no longer produced are removed: an engine re-renders only what changed.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .. import addresses
from ..files import write_atomically
from ..load import read_mkdocs_config
from ..markup import rewrite_addresses
from ..orchestrator import SiteFiles
from ..output import MARKER
from ..site import markdown_fragments, offline
from ..site.render import Page, about_page, site_addresses

DOCS = "docs"
THEME = "theme"
MANIFEST = "relais-pages.json"
FORMAT = 1  # of relais-pages.json; a change an adapter must know of makes it 2
# MkDocs' `edit_uri` when mkdocs.yml gives `repo_url` alone, by forge.
_DEFAULT_EDIT_URI = {"github.com": "edit/master/docs/", "gitlab.com": "edit/master/docs/",
                     "bitbucket.org": "src/default/docs/"}

Content = bytes | Path  # a file of the folder: its bytes, or a file to copy as it is


@dataclass
class Manifest:
    """What the pages alone do not say (relais-pages.json)."""

    site_name: str
    nav: list[Any]  # as mkdocs.yml writes it: [{"Fiches": "fiches/index.md"}, …]
    a_propos: str  # docs path of the page every footer links (« À propos de ce site »)
    archive: str | None  # the zip of the whole site, which the pages link, made after the build
    edit_base: str | None  # URL a page's `relais_source` is appended to (edit button)
    pages: list[str] = field(default_factory=list)  # docs paths of the generated pages
    format: int = FORMAT


@dataclass
class PagesFolder:
    manifest: Manifest
    files: dict[str, Content]  # path in the folder -> content


def pages_folder(files: SiteFiles) -> PagesFolder:
    """Everything `relais pages` writes for the site `files`."""
    library = files.library
    root = library.root
    config = read_mkdocs_config(root) or {}
    docs: dict[str, Content] = dict(_tree(root / str(config.get("docs_dir") or "docs")))
    pages = [page for page in files.pages if page.uri not in docs]  # hand-written pages win
    if addresses.A_PROPOS not in docs:
        documents = sorted((_title(docs[uri], uri), uri) for uri in docs if uri.endswith(".md"))
        pages.append(about_page(library, documents, with_archive=files.archive))
    others: dict[str, Content] = {extra.uri: _bytes(extra.content) for extra in files.generated}
    others.update((path, root / path) for path in files.media)
    others.update(files.copies)
    known = {*docs, *(page.uri for page in pages), *others}
    for page in pages:
        docs[page.uri] = _page_text(files, page, known).encode("utf-8")
    for path, content in others.items():
        docs.setdefault(path, content)
    manifest = Manifest(
        site_name=str(config.get("site_name") or root.name),
        nav=config.get("nav") or list(files.nav),
        a_propos=addresses.A_PROPOS,
        archive=addresses.ARCHIVE if files.archive else None,
        edit_base=_edit_base(config),
        pages=sorted(page.uri for page in pages),
    )
    written: dict[str, Content] = {f"{DOCS}/{path}": content for path, content in docs.items()}
    written.update((f"{THEME}/{path}", content) for path, content in _theme(root, config))
    written[MANIFEST] = _bytes(json.dumps(asdict(manifest), ensure_ascii=False, indent=1) + "\n")
    return PagesFolder(manifest, written)


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _page_text(files: SiteFiles, page: Page, known: set[str]) -> str:
    """A generated page as an engine reads it: its YAML file in the front matter, and its
    fragments on its last line, their links written as paths of the folder from this page
    (the engine turns them into its addresses)."""

    def address(path: str) -> str | None:
        target, _, anchor = path.partition("#")
        target = posixpath.normpath(target)
        if target not in known:
            return None
        link = addresses.relative(target, page.uri)
        return f"{link}#{anchor}" if anchor else link

    resolve = site_addresses(files.library, address)
    fragments = tuple(rewrite_addresses(fragment, resolve) for fragment in page.fragments)
    return markdown_fragments.embed(_with_source(page.content, page.source or ""), fragments)


def _with_source(content: str, source: str) -> str:
    """`relais_source` in the front matter: the YAML file, or "" for a page made of many."""
    line = f"relais_source: {json.dumps(source, ensure_ascii=False)}\n"
    if content.startswith("---\n"):
        return f"---\n{line}{content[4:]}"
    return f"---\n{line}---\n\n{content}"


def _tree(folder: Path) -> Iterator[tuple[str, Path]]:
    """The files of `folder` by relative path, hidden ones aside (as MkDocs does)."""
    if not folder.is_dir():
        return
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(directory, name)
                yield path.relative_to(folder).as_posix(), path


def _title(content: Content, uri: str) -> str:
    """A hand-written page's title: its first level-1 heading, else its file name."""
    try:
        text = content.read_text("utf-8") if isinstance(content, Path) else content.decode()
    except (OSError, UnicodeDecodeError):
        text = ""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return Path(uri).stem.replace("-", " ").capitalize()


def _theme(root: Path, config: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    """Relais' theme, then the repository's `custom_dir` over it: one folder for the engine."""
    merged = dict(_tree(offline.THEME_DIR))
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom.strip():
        merged.update(_tree(root / custom.strip()))
    yield from merged.items()


def _edit_base(config: dict[str, Any]) -> str | None:
    """Where the repository's files are edited, as MkDocs links them: `repo_url` joined with
    `edit_uri`, which names the docs folder; the YAML files sit beside it."""
    repo_url = config.get("repo_url")
    if not isinstance(repo_url, str) or not repo_url.strip():
        return None
    edit_uri = config.get("edit_uri")
    if edit_uri is None:
        host = repo_url.split("//", 1)[-1].split("/", 1)[0]
        edit_uri = _DEFAULT_EDIT_URI.get(host)
    if not isinstance(edit_uri, str) or not edit_uri.strip("/"):
        return None
    upward = "../" * len(Path(str(config.get("docs_dir") or "docs")).parts)
    return urljoin(repo_url.rstrip("/") + "/", edit_uri.strip("/") + "/" + upward)


# --- writing --------------------------------------------------------------------------------


def write_folder(files: dict[str, Content], out: Path) -> tuple[int, int]:
    """Make `out` hold `files` and nothing else (Relais' marker aside), writing only the files
    whose content changed. (written, removed) counts."""
    written = 0
    for relative, content in files.items():
        target = out / relative
        data = content.read_bytes() if isinstance(content, Path) else content
        if _holds(target, data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        written += 1
    return written, _remove_others(out, set(files))


def _holds(target: Path, data: bytes) -> bool:
    try:
        return (not target.is_symlink() and target.stat().st_size == len(data)
                and target.read_bytes() == data)
    except OSError:
        return False


def _remove_others(out: Path, kept: set[str]) -> int:
    removed = 0
    for directory, subdirs, names in os.walk(out, topdown=False):
        folder = Path(directory)
        for name in names:
            relative = (folder / name).relative_to(out).as_posix()
            if relative not in kept and relative != MARKER:
                (folder / name).unlink()
                removed += 1
        for name in subdirs:
            path = folder / name
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()
    return removed
