"""The Zensical adapter (`relais build --moteur zensical`): the pages folder (pages_folder.py),
a Zensical configuration written from the repository's settings, and Zensical run on them.

Zensical reads mkdocs.yml-style settings but runs neither MkDocs plugins nor hooks: what the
relais plugin does inside MkDocs is done here, before the engine (the pages folder) or after it
(search words, search over file://, the search box in French, the zip).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape
from rich.markup import escape as plain_text

from ..datafiles import data_file
from ..load import read_mkdocs_config
from ..orchestrator import RunFailed, SiteFiles
from ..report import console
from ..settings_file import plugin_entries
from ..site import offline, search
from .pages_folder import DOCS, THEME, Manifest, pages_folder, write_folder

VERSION = "0.0.73"  # the Zensical Relais is tested with (pyproject.toml, `test` extra)
CONFIG_FILE = "zensical.yml"  # mkdocs.yml's format, which Zensical reads as well
PAGES = "pages"
SITE = "site"
CACHE_FOLDER = Path(".relais-cache") / "zensical"
SEARCH_INDEX = "search.json"  # Zensical's index, at the site's root
SEARCH_SCRIPT = "search.js"  # what Zensical's search loads instead on file:// pages
SEARCH_BOX_WORDS = "zensical-fr.yml"  # generator/data: the search box's words in French
# The Markdown the generated pages need (as mkdocs_plugin.REQUIRED_EXTENSIONS), the tab
# anchors Relais links to (`#pour-lapprenant`), icon shortcodes for hand-written pages and the
# pages' fragments. MkDocs has `toc` without permalinks unless mkdocs.yml asks for them.
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.emoji": {},
    "generator.site.markdown_fragments": {},
}
FORCED_OPTIONS: dict[str, dict[str, Any]] = {
    "pymdownx.tabbed": {"slugify": {"object": "pymdownx.slugs.slugify",
                                    "kwds": {"case": "lower"}}},
    "pymdownx.emoji": {"emoji_index": "zensical.extensions.emoji.twemoji",
                       "emoji_generator": "zensical.extensions.emoji.to_svg"},
}
# mkdocs.yml settings passed on as they are.
_KEPT = ("site_description", "site_author", "site_url", "repo_url", "repo_name", "edit_uri",
         "copyright", "extra_css", "extra_javascript")


class ZensicalEngine:
    """The `Engine` of `relais build --moteur zensical`."""

    def build(self, files: SiteFiles, site_dir: Path) -> None:
        if find_spec("zensical") is None:
            raise RunFailed(f"Zensical n'est pas installé (pip install zensical=={VERSION})")
        library = files.library
        with _project(library.root) as project:
            folder = pages_folder(files)
            write_folder(folder.files, project / PAGES)
            config = zensical_config(files, folder.manifest)
            for warning in not_carried_over(files):
                console.print(f"[yellow]Zensical : {plain_text(warning)}[/]", soft_wrap=True)
            (project / CONFIG_FILE).write_text(
                yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
            _run(project / CONFIG_FILE)
            _copy_site(project / SITE, site_dir)
        _search(files, site_dir)
        _french_search_box(site_dir)
        files.finish(site_dir)


@contextlib.contextmanager
def _project(root: Path) -> Iterator[Path]:
    """Zensical's project folder, kept in `.relais-cache/zensical` so that the next build
    writes and renders only what changed (one build at a time); a temporary one when the
    repository is read-only."""
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = (folder / ".verrou").open("w")
    except OSError:
        with tempfile.TemporaryDirectory(prefix="relais-zensical-") as scratch:
            yield Path(scratch)
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield folder


def zensical_config(files: SiteFiles, manifest: Manifest) -> dict[str, Any]:
    """Zensical's settings: the repository's, the pages folder's navigation and theme,
    Relais' Markdown, and offline search with nothing loaded from a CDN."""
    raw = read_mkdocs_config(files.library.root) or _defaults()
    offline_site = files.library.settings.hors_ligne
    directory_urls = not offline_site and raw.get("use_directory_urls", True) is not False
    # Zensical's theme prints the site name as it is, in text and attributes: mkdocs.yml's
    # is text there (as the MkDocs adapter makes it). `&` stays: the theme escapes it in some
    # places, and it reads the same unescaped elsewhere.
    name = manifest.site_name.translate({ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"})
    config: dict[str, Any] = {"site_name": name}
    config.update((key, raw[key]) for key in _KEPT if raw.get(key) is not None)
    config.update(docs_dir=f"{PAGES}/{DOCS}", site_dir=SITE, use_directory_urls=directory_urls,
                  nav=manifest.nav, theme=_theme(raw.get("theme")),
                  markdown_extensions=_extensions(raw.get("markdown_extensions")))
    # Zensical's offline plugin turns directory addresses off; a local iframe-worker (the one
    # of Relais' theme) keeps it from adding a CDN's.
    config["plugins"] = [{"search": {"enabled": True}},
                         {"offline": {"enabled": offline_site}}]
    given = raw.get("extra")
    extra = {k: v for k, v in given.items() if v is not None} if isinstance(given, dict) else {}
    polyfills = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
    extra["polyfills"] = [*polyfills, offline.WORKER_SHIM] if offline_site else polyfills
    extra["relais_a_propos"] = _address(manifest.a_propos, directory_urls)
    extra["relais_moteur"] = "zensical"  # the footer's credit
    if manifest.edit_base:
        extra["relais_edit_base"] = manifest.edit_base
    config["extra"] = extra
    return config


def not_carried_over(files: SiteFiles) -> list[str]:
    """What of mkdocs.yml the Zensical site goes without, in French (see docs/moteurs.md)."""
    raw = read_mkdocs_config(files.library.root) or {}
    found = [f"l'extension « {name} » de mkdocs.yml n'est pas reprise (Zensical ne lance pas "
             "les extensions de MkDocs)" for name, _ in plugin_entries(raw.get("plugins"))
             if name not in ("search", "relais", "offline")]
    found += [f"« {key} » de mkdocs.yml n'est pas repris (Zensical ne le connaît pas)"
              for key in ("hooks", "edit_uri_template") if raw.get(key)]
    if (raw.get("site_url") and files.library.settings.hors_ligne
            and raw.get("use_directory_urls", True) is not False):
        found.append("les pages sont publiées en « page.html » (site hors ligne) : écrivez "
                     "« use_directory_urls: false » dans mkdocs.yml pour que les adresses "
                     "publiques (JSON-LD, export CASE) soient les mêmes")
    return found


def _defaults() -> dict[str, Any]:
    """Relais' site settings for a repository without mkdocs.yml (as the MkDocs adapter's)."""
    from importlib import resources

    text = resources.files("generator.site").joinpath("defaults.yml").read_text("utf-8")
    settings = yaml.safe_load(text)
    return settings if isinstance(settings, dict) else {}


def _theme(raw: Any) -> dict[str, Any]:
    theme = {k: v for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
    # Material's look, which Relais' stylesheet extends; no web fonts (no third-party request).
    theme.update(name="material", custom_dir=f"{PAGES}/{THEME}", font=False)
    theme.setdefault("language", "fr")
    theme.setdefault("variant", "classic")
    return theme


def _extensions(raw: Any) -> dict[str, dict[str, Any]]:
    """The repository's extensions (an option written as a Python tag is left out: Relais
    gives its own), then those the generated pages need."""
    listed: dict[str, dict[str, Any]] = {}
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    for item in items:
        for name, options in item.items() if isinstance(item, dict) else [(item, {})]:
            if isinstance(name, str):
                listed[name] = ({k: v for k, v in options.items() if v is not None}
                                if isinstance(options, dict) else {})
    for name, options in REQUIRED_EXTENSIONS.items():
        listed[name] = {**options, **listed.get(name, {}), **FORCED_OPTIONS.get(name, {})}
    return listed


def _address(docs_path: str, directory_urls: bool) -> str:
    """The URL of a page of the docs folder, from the site's root."""
    stem = docs_path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    return stem.removesuffix("index") if stem.split("/")[-1] == "index" else f"{stem}/"


def _run(config_file: Path) -> None:
    """Zensical in a process of its own: its Rust runtime keeps state between builds, and the
    memory it took goes back to the system when it ends."""
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config_file)]
    done = subprocess.run(command, cwd=config_file.parent, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    output = [line.strip() for line in f"{done.stdout}\n{done.stderr}".splitlines()]
    if done.returncode != 0:
        raise RunFailed("Zensical a échoué :\n" + "\n".join(line for line in output[-15:] if line))
    for line in output:
        if line and not line.startswith(("Build started", "Build finished", "No issues found")):
            console.print(f"[yellow]Zensical : {plain_text(line)}[/]", soft_wrap=True)


def _search(files: SiteFiles, site: Path) -> None:
    """Relais' words in Zensical's index, and the index as a script for file:// pages."""
    index = site / SEARCH_INDEX
    if not index.is_file():
        return
    settings = files.library.settings
    groups = search.synonym_groups(settings.synonymes, settings.synonymes_relais)
    data = enrich_index(json.loads(index.read_text("utf-8")), groups)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.write_text(text, "utf-8")
    if settings.hors_ligne:
        (site / SEARCH_SCRIPT).write_text(f"var __index = {text};\n", "utf-8")


def enrich_index(index: dict[str, Any], groups: list[list[str]]) -> dict[str, Any]:
    """Zensical's index with Relais' added words (other spellings, plurals, synonyms: see
    `site/search.py`). Its fields are fixed (title, text, path, tags) and read as HTML, which
    its results show as it is: the words go in the title and the text (those of the page's
    path too), hidden. First: a result found by them alone shows the start of its text."""
    for item in index.get("items", []):
        path = " ".join(str(part) for part in item.get("path") or [])
        for key, words in (("title", search.variants(str(item.get("title", "")), groups)),
                           ("text", search.variants(f"{item.get('text', '')} {path}", groups))):
            if words:  # spaces around them: the index cuts words at spaces, not at tags
                item[key] = f'<span hidden="hidden"> {escape(words)} </span> {item.get(key, "")}'
    return index


def _french_search_box(site: Path) -> None:
    """Zensical writes its search box's words in English in its script: they become French."""
    scripts = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(scripts) != 1:
        raise RunFailed(f"script de Zensical introuvable (Zensical {VERSION} attendu)")
    text = scripts[0].read_text("utf-8")
    for change in data_file(SEARCH_BOX_WORDS):
        before, after = str(change["avant"]), str(change["apres"])
        if text.count(before) != 1:
            raise RunFailed(f"texte de la recherche introuvable dans le script de Zensical : "
                            f"{before} (Zensical {VERSION} attendu)")
        # Accents as JavaScript escapes: the script is read in whatever encoding the server says.
        text = text.replace(before, after.encode("ascii", "backslashreplace").decode("ascii"))
    scripts[0].write_text(text, "utf-8")


def _copy_site(built: Path, site_dir: Path) -> None:
    """Zensical's output (kept for the next build) into the folder `relais build` fills."""
    for directory, _, names in os.walk(built):
        folder = Path(directory)
        target = site_dir / folder.relative_to(built)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy2(folder / name, target / name)
