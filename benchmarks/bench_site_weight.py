"""Site weight benchmark: fiche page HTML size as the library grows, and what the offline zip costs.

Usage: python benchmarks/bench_site_weight.py [N ...]   (default 10 100 1000)
Prints figures; every ratio compares two measurements taken in the same run. Target: a fiche
page's HTML stays ≤ 60 KB at 1000 fiches and does not grow with N (ratio 1.00×).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from benchmarks.synthetic import make_repository
from generator.site import offline, urls

LIMIT = 60 * 1024


def build(root: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "build", str(root), "-o", str(out)],
                   cwd=root, check=True, capture_output=True)
    return time.perf_counter() - started


def fiche_sizes(site: Path) -> dict[str, int]:
    return {page.parent.name: page.stat().st_size
            for page in (site / "fiches").glob("*/index.html")}


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'build s':>8} {'fiche median KB':>16} {'fiche max KB':>13} "
          f"{'fiche-0 KB':>11} {'vs first N':>10} {'catalogue KB':>13} {'index KB':>9} "
          f"{'zip MB':>7} {'zip s':>6} {'zip/build':>9}")
    first: int | None = None
    worst = 0
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="relais-weight-") as scratch:
            root = make_repository(Path(scratch) / "contenu", count)
            site = Path(scratch) / "site"
            seconds = build(root, site)
            sizes_by_id = fiche_sizes(site)
            reference = sizes_by_id["fiche-0"]
            first = first or reference
            worst = max(worst, max(sizes_by_id.values()))
            catalogue = (site / "fiches/index.html").stat().st_size
            index = (site / urls.CATALOGUE_JSON).stat().st_size
            started = time.perf_counter()
            archive = offline.write_archive(site, urls.ARCHIVE)  # rewrites the one of the build
            zipping = time.perf_counter() - started
            median = statistics.median(sizes_by_id.values())
            print(f"{count:>6} {seconds:>8.1f} {median / 1024:>16.1f} "
                  f"{max(sizes_by_id.values()) / 1024:>13.1f} {reference / 1024:>11.1f} "
                  f"{reference / first:>9.2f}× {catalogue / 1024:>13.0f} {index / 1024:>9.0f} "
                  f"{archive.stat().st_size / 2**20:>7.1f} {zipping:>6.1f} "
                  f"{zipping / seconds:>8.2f}×")
    verdict = "ok" if worst <= LIMIT else "TOO HEAVY"
    print(f"largest fiche page: {worst / 1024:.1f} KB (target ≤ {LIMIT // 1024} KB): {verdict}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 100, 1000])
