"""Core benchmark: check vs bare YAML parsing, relais build vs plain mkdocs build, ms per page.

Usage: python benchmarks/bench_core.py [N ...] [--rounds R]   (default 300 1000 3000, R = 3)
Prints figures; every ratio compares two measurements taken in the same run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from benchmarks.synthetic import make_repository
from generator import check, load
from generator.site.render import render_site

REPEATS = 3


def best_of(action: object, repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def parse_only(root: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(root.glob("**/*.yml")):
        if path.name != "mkdocs.yml":
            yaml.load(path.read_bytes(), Loader=loader)


def check_cold(root: Path) -> None:
    """A first check: no parsed file nor previous result reused."""
    load._parse_cache.clear()
    check._last = None
    check.check_repository(root)


def plain_mkdocs_tree(root: Path, target: Path) -> Path:
    """The same generated pages as plain Markdown files, built by MkDocs without Relais."""
    site = render_site(check.check_repository(root).library)
    docs = target / "docs"
    for page in site.pages:
        (docs / page.uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.uri).write_text(page.with_fragments(), "utf-8")  # content inline
    for extra in site.files:
        (docs / extra.uri).parent.mkdir(parents=True, exist_ok=True)
        data = extra.content.encode() if isinstance(extra.content, str) else extra.content
        (docs / extra.uri).write_bytes(data)
    nav = "".join(f"  - {title}: {uri}\n" for entry in site.nav for title, uri in entry.items())
    extensions = (
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - def_list\n"
        "  - md_in_html\n  - tables\n  - toc:\n      permalink: true\n"
        "  - pymdownx.details\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\n"
    )
    (target / "mkdocs.yml").write_text(
        "site_name: Banc d'essai\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        f"plugins:\n  - search:\n      lang: fr\nnav:\n{nav}{extensions}",
        "utf-8",
    )
    return target


def timed_command(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def relais_build(root: Path, out: Path) -> float:
    return timed_command(
        [sys.executable, "-m", "generator.cli", "build", str(root), "-o", str(out)], root
    )


def main(sizes: list[int], rounds: int) -> None:
    # Like for like: pip byte-compiled MkDocs when it installed it, but an editable install of
    # Relais under PYTHONDONTWRITEBYTECODE would recompile the generator in every process.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "generator", quiet=1)
    print("(a) relais check vs parsing the same files with the C loader (in process, best of 3)")
    print("(b) relais build vs plain mkdocs build of the same generated pages (fresh processes,")
    print(f"    interleaved, best of {rounds}); PDFs off in both; 'site' = offline copy off too")
    print("    (like for like), 'site+zip' = default offline copy on (file:// search script and")
    print("    a zip of the whole site)")
    print(
        f"{'N':>5} {'parse s':>8} {'check s':>8} {'(a)':>6} {'mkdocs s':>9} {'site s':>7} "
        f"{'(b)':>6} {'site+zip s':>10} {'(b) zip':>8} {'pages':>6} {'(c) ms/page':>11}"
    )
    per_page: dict[int, float] = {}
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="relais-bench-") as scratch:
            work = Path(scratch)
            root = make_repository(work / "contenu", count)
            parse = best_of(lambda root=root: parse_only(root))
            checking = best_of(lambda root=root: check_cold(root))
            plain = plain_mkdocs_tree(root, work / "plain")
            pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
            timings: dict[str, list[float]] = {"mkdocs": [], "zip": [], "site": []}
            for _ in range(rounds):  # interleaved, so that a slow spell hits all three alike
                timings["mkdocs"].append(timed_command(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "out-plain")],
                    plain,
                ))
                set_offline(root, on=True)
                timings["zip"].append(relais_build(root, work / "out-zip"))
                set_offline(root, on=False)
                timings["site"].append(relais_build(root, work / "out-site"))
            mkdocs, with_zip, site = (min(timings[kind]) for kind in ("mkdocs", "zip", "site"))
            per_page[count] = site / pages * 1000
            print(
                f"{count:>5} {parse:>8.2f} {checking:>8.2f} {checking / parse:>5.2f}× "
                f"{mkdocs:>9.1f} {site:>7.1f} {site / mkdocs:>5.2f}× {with_zip:>10.1f} "
                f"{with_zip / mkdocs:>7.2f}× {pages:>6} {per_page[count]:>11.1f}"
            )
    if len(per_page) > 1:
        smallest, largest = min(per_page), max(per_page)
        print(
            f"(c) ms/page at N={largest} / ms/page at N={smallest}: "
            f"{per_page[largest] / per_page[smallest]:.2f}× (target ≤ 1.3×)"
        )
    print("targets: (a) ≤ 3×, (b) ≤ 1.15×")


def set_offline(root: Path, *, on: bool) -> None:
    settings = root / "mkdocs.yml"
    lines = [line for line in settings.read_text("utf-8").splitlines() if "hors_ligne" not in line]
    if not on:
        lines.append("      hors_ligne: false")
    settings.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 1000, 3000])
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind (best kept)")
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.rounds)
