"""Live preview benchmark: how long after saving a fiche its page shows the change.

For each N: a synthetic repository (benchmarks/synthetic.py), the time of a full `relais build`
of it, then `relais serve` on it: the time until the first page answers, and, for several edits
of one fiche's title, the time from the save until the fiche's page (and the catalogue of fiches)
shows the new title, polled over HTTP. Prints figures, asserts nothing.

Usage: python benchmarks/bench_serve.py [N ...] [--edits E] [--pdf] [--no-build]
(default 300 1000, E = 5). `--pdf` turns the printable PDFs on: `relais serve` then makes them
in the background (a full build with PDFs takes minutes: `--no-build` leaves it out).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_repository  # noqa: E402

WORK = ROOT / "benchmarks" / "_work" / "serve"
POLL_SECONDS = 0.05
PATIENCE_SECONDS = 600.0


def relais(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def full_build(root: Path) -> float:
    """Seconds of `relais build`, in a fresh process, as an author runs it."""
    out = root.parent / f"{root.name}-site"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(relais("build", str(root), "-o", str(out)), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE_SECONDS) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def seconds_until(url: str, text: str, since: float) -> float:
    """Seconds from `since` until the page at `url` contains `text`."""
    deadline = since + PATIENCE_SECONDS
    while time.perf_counter() < deadline:
        if text in page(url):
            return time.perf_counter() - since
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} never showed « {text} »")


def measure(count: int, edits: int, pdf: bool, build: bool) -> dict[str, float]:
    root = WORK / f"n{count}{'-pdf' if pdf else ''}"
    shutil.rmtree(root, ignore_errors=True)
    make_repository(root, count, pdf=pdf)
    figures = {"build": full_build(root)} if build else {}
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    server = subprocess.Popen(relais("serve", str(root), "-a", f"127.0.0.1:{port}"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        figures["first answer"] = seconds_until(f"{base}fiches/fiche-0/", "Atelier", started)
        pages, catalogues = [], []
        for edit in range(edits):
            ident = (edit * 37) % count
            source = root / "fiches" / f"lot-{ident // 100}" / f"fiche-{ident}.yml"
            text = source.read_text("utf-8")
            title = f"Titre modifié {edit} de la fiche {ident}"
            old = text.splitlines()[0]  # titre: …
            saved = time.perf_counter()
            source.write_text(text.replace(old, f"titre: {title}", 1), "utf-8")
            pages.append(seconds_until(f"{base}fiches/fiche-{ident}/", title, saved))
            catalogues.append(seconds_until(f"{base}fiches/", title, saved))
            time.sleep(1.0)  # let the preview settle before the next edit
        figures["edit → page (median)"] = statistics.median(pages)
        figures["edit → page (max)"] = max(pages)
        figures["edit → catalogue (median)"] = statistics.median(catalogues)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[300, 1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    for count in args.counts:
        figures = measure(count, args.edits, args.pdf, not args.no_build)
        shown = "  ".join(f"{name} {value:.2f} s" for name, value in figures.items())
        print(f"N = {count}{' (PDF)' if args.pdf else ''}: {shown}", flush=True)


if __name__ == "__main__":
    main()
