"""Print benchmark on synthetic content: prints figures, asserts nothing.

(a) PDF pages per second, process pool against single-process WeasyPrint, same documents;
(b) a rebuild with nothing changed against a cold build (PDF stage, then whole `relais build`);
(c) how many PDFs are rendered again after editing one fiche.

Run: .venv/bin/python benchmarks/bench_pdf.py [--fiches N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator.check import check_repository  # noqa: E402
from generator.pdf.documents import site_jobs  # noqa: E402
from generator.pdf.produce import Production, produce  # noqa: E402

WORK = ROOT / "benchmarks" / "_work" / "pdf"
FICHES_PER_SESSION = 2
SESSIONS_PER_PARCOURS = 4

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90" width="120" height="90">
<title>Dessin {n}</title><rect width="120" height="90" fill="#fff"/>
<circle cx="60" cy="45" r="{r}" fill="#1b3c73"/></svg>
"""


def write_repository(root: Path, fiches: int) -> None:
    """A content repository of `fiches` fiches and parcours of 4 sessions x 2 fiches each."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "fiches").mkdir(parents=True)
    (root / "parcours").mkdir()
    (root / "medias").mkdir()
    (root / "glossaire.yml").write_text(
        "souris: L'objet que l'on fait glisser pour bouger la flèche.\n"
        "écran: La partie qui montre les images.\n", "utf-8")
    for n in range(fiches):
        (root / "medias" / f"dessin-{n}.svg").write_text(PICTURE.format(n=n, r=10 + n % 30),
                                                          "utf-8")
        (root / "fiches" / f"fiche-{n:03d}.yml").write_text(_fiche(n), "utf-8")
    per_parcours = FICHES_PER_SESSION * SESSIONS_PER_PARCOURS
    for p in range(fiches // per_parcours):
        sessions = []
        for s in range(SESSIONS_PER_PARCOURS):
            first = p * per_parcours + s * FICHES_PER_SESSION
            ids = ", ".join(f"fiche-{first + k:03d}" for k in range(FICHES_PER_SESSION))
            sessions.append(f"  - titre: Séance {s + 1}\n    duree: 3 h\n    fiches: [{ids}]\n"
                            f"    notes: Prévoir le matériel de la séance {s + 1}.\n")
        (root / "parcours" / f"parcours-{p}.yml").write_text(
            f"titre: Parcours synthétique {p}\nresume: Un parcours pour mesurer.\n"
            "public: [seniors]\nniveau: debutant\nobjectifs: [Mesurer le temps.]\n"
            "seances:\n" + "".join(sessions), "utf-8")


def _fiche(n: int) -> str:
    steps = "\n".join(
        f"    - texte: Étape {k} de la fiche {n}. Regardez l'écran.\n"
        f"      image: medias/dessin-{n}.svg\n      alt: Un rond bleu.\n" if k % 4 == 1 else
        f"    - Étape {k} de la fiche {n}. Faites le geste doucement."
        for k in range(1, 11))
    deroule = "\n".join(f"    - etape: Temps {k}\n      duree: 15 min\n"
                        f"      consignes: Montrez puis laissez faire, temps {k}."
                        for k in range(6))
    return textwrap.dedent(f"""\
        titre: Fiche synthétique {n}
        resume: Une fiche générée pour le banc d'essai.
        public: [seniors]
        niveau: debutant
        duree: 1 h 30
        objectifs: [Faire le geste {n}., Le refaire seul.]
        materiel: [Un ordinateur par personne, Vidéoprojecteur]
        animateur:
          preparation: Préparez les postes pour la fiche {n}.
          deroule:
        """) + deroule + textwrap.dedent(f"""
        apprenant:
          objectifs: [Vous saurez faire le geste {n}.]
          introduction: Cette fiche sert à mesurer la vitesse d'impression, numéro {n}.
          etapes:
        """) + steps + textwrap.dedent(f"""
          a_retenir: [La souris se tient sans serrer., Prenez votre temps.]
          exercices: [Refaites l'étape 2 de la fiche {n}., Écrivez ce qui était difficile.]
        glossaire:
          geste {n}: Un mouvement de la main appris dans la fiche {n}.
        """)


def timed_produce(root: Path, cache: Path, workers: int | None) -> tuple[Production, float]:
    library = check_repository(root).library
    started = time.perf_counter()
    production = produce(library, site_jobs(library), cache_folder=cache, workers=workers,
                         show_progress=False)
    return production, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fiches", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    root = WORK / "repo"
    write_repository(root, args.fiches)
    library = check_repository(root).library
    print(f"Synthetic content: {len(library.fiches)} fiches, {len(library.parcours)} parcours, "
          f"{len(site_jobs(library))} PDFs per build; {cores} cores.")

    # Warm-up: fonts and imports loaded once, outside every timing.
    timed_produce(root, WORK / "cache-warmup", 1)

    # (a) pool against single process, same documents, cold cache each time. Rounds alternate
    # so that load from other programs on the machine hits both sides alike; best round wins.
    singles, pools, calibrations = [], [], []
    for _ in range(args.rounds):
        shutil.rmtree(WORK / "cache-single", ignore_errors=True)
        shutil.rmtree(WORK / "cache-pool", ignore_errors=True)
        singles.append(timed_produce(root, WORK / "cache-single", 1))
        pools.append(timed_produce(root, WORK / "cache-pool", cores))
        calibrations.append(_cpu_calibration(cores))
    (single, single_s), (pool, pool_s) = min(singles, key=_seconds), min(pools, key=_seconds)
    single_rate = single.rendered_pages / single_s
    pool_rate = pool.rendered_pages / pool_s
    speedup = pool_rate / single_rate
    print(f"\n(a) pages per second (best of {args.rounds} alternating rounds)")
    print(f"  single process : {single.rendered_pages} pages in {single_s:.2f} s "
          f"= {single_rate:.1f} pages/s")
    print(f"  pool of {cores}      : {pool.rendered_pages} pages in {pool_s:.2f} s "
          f"= {pool_rate:.1f} pages/s")
    print(f"  speedup {speedup:.2f}x (target >= {0.9 * cores:.2f}x); every round: "
          + ", ".join(f"{s[1] / p[1]:.2f}x" for s, p in zip(singles, pools, strict=True)))
    busy = pool.render_seconds / (pool_s * cores)
    print(f"  time inside WeasyPrint: {single.render_seconds:.2f} s alone, "
          f"{pool.render_seconds:.2f} s summed over the pool's workers; the workers were busy "
          f"{100 * busy:.0f} % of the pool's wall time")
    print("  calibration, plain Python arithmetic on all cores against one, each round: "
          + ", ".join(f"{c:.2f}x" for c in calibrations) + " (other load shows here)")

    # (b) no-change rebuild against the cold build, PDF stage.
    again, again_s = timed_produce(root, WORK / "cache-pool", cores)
    print("\n(b) no-change rebuild, PDF stage")
    print(f"  cold build : {pool.rendered} PDFs rendered in {pool_s:.2f} s")
    print(f"  rebuild    : {again.rendered} PDFs rendered in {again_s:.3f} s "
          f"= {100 * again_s / pool_s:.1f} % of the cold build (target 0 PDFs, <= 5 %)")
    _whole_build(root)

    # (c) edit one fiche that a parcours teaches.
    fiche = root / "fiches" / "fiche-003.yml"
    fiche.write_text(fiche.read_text("utf-8").replace("Faites le geste doucement",
                                                      "Faites le geste lentement", 1), "utf-8")
    learner_edit, _ = timed_produce(root, WORK / "cache-pool", cores)
    fiche.write_text(fiche.read_text("utf-8").replace("etape: Temps 0", "etape: Accueil", 1),
                     "utf-8")
    trainer_edit, _ = timed_produce(root, WORK / "cache-pool", cores)
    print("\n(c) PDFs rendered again after editing fiche-003 (taught in parcours-0)")
    for label, production in (("a learner step", learner_edit), ("a trainer step", trainer_edit)):
        paths = [d.job.path for d in production.documents if d.rendered]
        print(f"  {label}: {len(paths)} of {len(production.documents)} -> {', '.join(paths)}")


def _seconds(measure: tuple[Production, float]) -> float:
    return measure[1]


def _spin(count: int) -> int:
    total = 0
    for i in range(count):
        total += i * i
    return total


def _cpu_calibration(cores: int) -> float:
    """Speedup of pure CPU work on `cores` processes: other load on the machine shows here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [3_000_000] * (4 * cores)
    started = time.perf_counter()
    for chunk in chunks:
        _spin(chunk)
    alone = time.perf_counter() - started
    with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork")) as pool:
        started = time.perf_counter()
        list(pool.map(_spin, chunks))
        together = time.perf_counter() - started
    return alone / together


def _whole_build(root: Path) -> None:
    """`relais build` end to end (site + PDFs), cold PDF cache against no change."""
    from generator.cli import main
    from generator.report import console

    shutil.rmtree(root / ".relais-cache", ignore_errors=True)
    timings = []
    with console.capture():  # the build's own messages would drown the figures
        for _ in range(3):
            started = time.perf_counter()
            assert main(["build", str(root), "-o", str(WORK / "site")]) == 0
            timings.append(time.perf_counter() - started)
    cold, unchanged = timings[0], min(timings[1:])
    print(f"  whole `relais build` (MkDocs site + PDFs): cold {cold:.2f} s, no change "
          f"{unchanged:.2f} s = {100 * unchanged / cold:.1f} % (the MkDocs part is not cached)")


if __name__ == "__main__":
    main()
