"""A site that works from a USB stick (`file://`): search without a server, and a zip of it all.

Material reads `search/search_index.js` instead of fetching the JSON index when the page comes
from disk; browsers refuse Web Workers there, which `assets/relais/iframe-worker.js` works around,
and `assets/relais/relais.js` makes folder links open their `index.html`.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

THEME_DIR = Path(__file__).with_name("theme")  # Relais' templates and assets over Material's
WORKER_SHIM = "assets/relais/iframe-worker.js"
SEARCH_INDEX = Path("search/search_index.json")


def write_search_script(site_dir: Path, data: str | None = None) -> bool:
    """`search/search_index.js` from the JSON index (`data`, when the caller has just written
    it); False when the site has no search."""
    index = site_dir / SEARCH_INDEX
    if data is None:
        if not index.is_file():
            return False
        data = index.read_text("utf-8")
    index.with_suffix(".js").write_text(f"var __index = {data};\n", "utf-8")
    return True


def write_archive(site_dir: Path, name: str, folder: str = "site") -> Path:
    """Zip every file of the site under `folder/`, in a stable order, skipping the zip itself."""
    target = site_dir / name
    partial = target.with_name(f".{name}.partial")
    # Level 1: half the time of level 6 for a zip about 15 % bigger (measured at 1000 fiches).
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for directory, subdirs, files in os.walk(site_dir):
            subdirs.sort()
            for file in sorted(files):
                path = Path(directory, file)
                if path in (target, partial) or file.startswith("."):
                    continue  # hidden files, e.g. Relais' marker, are about this folder only
                relative = path.relative_to(site_dir).as_posix()
                archive.write(path, f"{folder}/{relative}")
    partial.replace(target)
    return target
