"""`relais check` with thousands of warnings against bare parsing, whole process against whole
process (issue: ≤ 3×).

Usage: python benchmarks/bench_check.py [N ...] [--rounds R]   (default 1000, R = 3)
Each fiche of the synthetic library gets learner steps that break plain-language rules, so the
run prints thousands of warnings; the baseline is a process that only parses the same files
with PyYAML's C loader. Both write to a pipe (not a terminal), best (and median) of R interleaved
rounds, with the byte-code of Python modules cached as in an installation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import make_repository

PARSE_ONLY = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "for path in sorted(Path(sys.argv[1]).glob('**/*.yml')):\n"
    "    if path.name != 'mkdocs.yml':\n"
    "        yaml.load(path.read_bytes(), Loader=loader)\n"
)
NOISY_STEPS = ["On ne clique pas deux fois (jamais) sur le bouton.",
               "Le code est envoyé par la banque ; gardez-le, etc."]


def add_warnings(root: Path) -> None:
    """Learner steps that draw several plain-language warnings each."""
    for path in sorted((root / "fiches").glob("**/*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        data.setdefault("apprenant", {}).setdefault("etapes", []).extend(NOISY_STEPS)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, run.stderr


def byte_code_cached(folder: Path) -> dict[str, str]:
    """The environment of an installed Relais, whose modules are compiled once: with
    PYTHONDONTWRITEBYTECODE (set in some sandboxes), every run would compile Relais's sources
    again (a tenth of a second), unlike the libraries of the baseline. The first round writes
    the byte-code (into `folder`, not the repository); the best round is kept."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(folder)}


def main(sizes: list[int], rounds: int) -> None:
    print(f"{'N':>5} {'avertissements':>14} {'lecture s':>10} {'check s':>8} {'rapport':>8} "
          f"{'médian':>7}")
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="relais-bench-check-") as scratch:
            root = make_repository(Path(scratch) / "contenu", count)
            add_warnings(root)
            env = byte_code_cached(Path(scratch) / "pycache")
            parse, check = [], []
            output = ""
            for _ in range(rounds):
                parse.append(timed([sys.executable, "-c", PARSE_ONLY, str(root)], env)[0])
                seconds, output = timed([sys.executable, "-m", "generator.cli", "check",
                                         str(root)], env)
                check.append(seconds)
            warnings = output.count(": avertissement: ")
            print(f"{count:>5} {warnings:>14} {min(parse):>10.2f} {min(check):>8.2f} "
                  f"{min(check) / min(parse):>7.2f}× {median(check) / median(parse):>6.2f}×")
    print("cible : ≤ 3× (rapport des meilleurs temps ; médian : des temps médians)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.rounds)
