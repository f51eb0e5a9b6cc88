"""A live preview's check, kept warm between edits.

`relais serve` checks the whole repository once; when the author then saves fiches or parcours
(and nothing else), only those files are read and validated again, the plain-language rules run
on those documents alone (most of a check's time), and the checks across documents run on the
whole library, which is quick. Anything else that changes (a file added or removed, a
référentiel, the shared glossary, the settings, an image) starts a whole check again.

The preview follows each quick check with a whole one (`LiveCheck.whole`), which also settles
what a quick check cannot see: a glossary term that another fiche now defines differently.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import heap
from .check import CHECKS, configured
from .diagnostics import Diagnostic
from .files import Stamp, stamp
from .load import (
    KINDS,
    YAML_SUFFIXES,
    LoadResult,
    _load_document,
    _register,
    load_library,
    read_all_yaml,
    relative,
)
from .model import Draft, Fiche, Library, Parcours
from .plain_language import PlainLanguage, check_plain_language, plain_language_documents

EDITABLE_KINDS = ("fiches", "parcours")  # no other document's edit can be checked alone


@dataclass
class Edit:
    """The fiches and parcours files saved since the last check (kind, path)."""

    documents: list[tuple[str, Path]]
    stamps: dict[str, Stamp]  # of every file, once saved

    def relative_paths(self, root: Path) -> set[str]:
        """The saved files' paths as diagnostics name them."""
        return {relative(root, path) for _, path in self.documents}


@dataclass
class LiveCheck:
    """The last check of `root`, in the pieces a quick check reuses."""

    root: Path
    watched: tuple[Path, ...] = ()  # more files or folders whose change needs a whole check
    library: Library | None = None
    stamps: dict[str, Stamp] = field(default_factory=dict)
    loading: dict[str, list[Diagnostic]] = field(default_factory=dict)  # by path, raw
    plain: dict[str, list[Diagnostic]] = field(default_factory=dict)  # by path, raw
    edited: list[Fiche | Parcours] = field(default_factory=list)  # by the last quick check
    diagnostics: list[Diagnostic] = field(default_factory=list)  # of the last check

    def whole(self) -> LoadResult:
        """Load and check every file (the same diagnostics as `check.check_repository`)."""
        self.stamps = self._stamps()
        with heap.collector_paused():
            result = load_library(self.root)
            library = result.library
            self.loading = _by_path(result.diagnostics)
            rules = PlainLanguage(library)
            self.plain = {document.source.path: list(rules.document(document))
                          for document in plain_language_documents(library)}
            self.library = library
            diagnostics = [*result.diagnostics, *self._across(library, rules)]
            diagnostics += [d for found in self.plain.values() for d in found]
        self.diagnostics = configured(library, diagnostics)
        return LoadResult(library, self.diagnostics)

    def edit(self) -> Edit | None:
        """What changed since the last check, when a quick check can follow it (maybe nothing):
        None when anything but the content of fiches and parcours changed."""
        if self.library is None:
            return None
        now = self._stamps()
        if now.keys() != self.stamps.keys():
            return None
        changed = [Path(path) for path, when in now.items() if self.stamps[path] != when]
        documents = []
        for path in changed:
            inside = path.is_relative_to(self.root) and path.suffix in YAML_SUFFIXES
            kind = path.relative_to(self.root).parts[0] if inside else ""
            if kind not in EDITABLE_KINDS:
                return None
            documents.append((kind, path))
        return Edit(documents, now)

    def quick(self, edit: Edit) -> LoadResult | None:
        """The check after `edit`: its files read again, the rest reused. None when one of them
        no longer loads as a document (a whole check then reports why)."""
        assert self.library is not None
        self.stamps = edit.stamps
        library = _copied(self.library)
        loading: list[Diagnostic] = []
        parsed = read_all_yaml(self.root, [path for _, path in edit.documents])
        for (kind, path), data in zip(edit.documents, parsed, strict=True):
            document = _load_document(path, data, KINDS[kind], loading)
            if document is None or isinstance(document, Draft):
                return None
            previous = _at(library, kind, path)
            if previous is None or previous.ident != document.ident:
                return None  # a renamed document changes what refers to it: a whole check
            del getattr(library, kind)[previous.ident]
            _register(getattr(library, kind), document, kind, loading)
        saved = edit.relative_paths(self.root)
        self.loading = {path: found for path, found in self.loading.items()
                        if path not in saved} | _by_path(loading)
        rules = PlainLanguage(library)
        self.edited = []
        for kind, path in edit.documents:
            document = _at(library, kind, path)
            assert document is not None  # registered just above
            self.plain[document.source.path] = list(rules.document(document))
            self.edited.append(document)
        self.library = library
        diagnostics = [d for found in self.loading.values() for d in found]
        diagnostics += self._across(library, rules)
        diagnostics += [d for found in self.plain.values() for d in found]
        self.diagnostics = configured(library, diagnostics)
        return LoadResult(library, self.diagnostics)

    def _across(self, library: Library, rules: PlainLanguage) -> list[Diagnostic]:
        """Every check but the plain-language rules of each document."""
        found = [d for check in CHECKS if check is not check_plain_language
                 for d in check(library)]
        return found + list(rules.shared_glossary())

    def _stamps(self) -> dict[str, Stamp]:
        """The stamp of every file a check reads or a site shows, by path."""
        stamps: dict[str, Stamp] = {}
        for top in (*(self.root / kind for kind in KINDS), *self.watched):
            if top.is_file():
                stamps[str(top)] = stamp(top)
            else:
                _stamp_folder(str(top), stamps)
        return stamps


def _stamp_folder(folder: str, stamps: dict[str, Stamp]) -> None:
    """Every file under `folder` (os.scandir: a thousand files in milliseconds)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # absent, or removed meanwhile: the next save sees it
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):  # as os.walk: no loop through a link
                _stamp_folder(entry.path, stamps)
            else:
                status = entry.stat()
                stamps[entry.path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            continue


def _copied(library: Library) -> Library:
    """A library whose fiches and parcours can change without changing `library`."""
    twin = copy.copy(library)
    twin.fiches, twin.parcours = dict(library.fiches), dict(library.parcours)
    return twin


def _at(library: Library, kind: str, path: Path) -> Fiche | Parcours | None:
    documents: dict[str, Fiche | Parcours] = getattr(library, kind)
    return next((d for d in documents.values() if d._file == path), None)


def _by_path(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        grouped.setdefault(diagnostic.path, []).append(diagnostic)
    return grouped


