"""Synthetic content repositories for benchmarks: N fiches, N/10 parcours, one référentiel."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

PUBLICS = ["seniors", "adultes", "parents", "tous-publics", "mediateurs"]
THEMES = ["navigation", "e-mail", "securite", "demarches", "materiel", "culture-numerique"]
COMPETENCES = [f"c{index}" for index in range(10)]


def fiche(index: int, count: int, rng: random.Random) -> dict[str, object]:
    other = rng.randrange(count)
    return {
        "titre": f"Atelier numéro {index} : apprendre un geste",
        "resume": f"Un atelier court pour apprendre le geste {index}. Il se fait en groupe.",
        "public": rng.sample(PUBLICS, 2),
        "niveau": rng.choice(["debutant", "intermediaire", "avance"]),
        "duree": "1h30",
        "thematiques": rng.sample(THEMES, 2),
        "competences": [f"bench/{c}" for c in rng.sample(COMPETENCES, 2)],
        "objectifs": [f"Savoir faire le geste {index}.", "Le refaire seul à la maison."],
        "prerequis": [f"fiche-{index - 1}"] if index else [],
        "materiel": ["Un ordinateur par personne", "Un vidéoprojecteur"],
        "animateur": {
            "preparation": "Préparez les postes avant l'arrivée du groupe.",
            "deroule": [
                {"etape": "Accueil", "duree": "15 min", "consignes": "Un tour de table rapide."},
                {
                    "etape": "Démonstration",
                    "duree": "30 min",
                    "consignes": f"Voir aussi [l'atelier {other}](fiche:fiche-{other}).",
                },
                {"etape": "Pratique", "duree": "45 min"},
            ],
            "conseils": "Laissez chaque personne manipuler.",
        },
        "apprenant": {
            "introduction": "Vous allez apprendre un geste utile.",
            "etapes": ["Appuyez sur le bouton.", "Regardez l'écran.", "Attendez un peu."],
            "a_retenir": ["Le bouton sert à commencer."],
            "exercices": ["Refaites le geste trois fois."],
        },
        "glossaire": {f"terme {index}": "Un mot expliqué simplement."},
        "ressources": [{"titre": "Service public", "url": "https://www.service-public.fr/"}],
        "auteurs": ["Banc d'essai"],
    }


def parcours(index: int, count: int, rng: random.Random) -> dict[str, object]:
    start = (index * 10) % count
    return {
        "titre": f"Parcours {index}",
        "resume": "Un parcours de cinq séances.",
        "public": ["seniors"],
        "niveau": "debutant",
        "objectifs": ["Prendre confiance."],
        "seances": [
            {
                "titre": f"Séance {s}",
                "duree": "2 h",
                "fiches": [f"fiche-{(start + s) % count}"],
                "objectifs": ["Un objectif."],
                "notes": "Des notes.",
            }
            for s in range(5)
        ],
    }


def make_repository(root: Path, count: int, *, pdf: bool = False, seed: int = 7) -> Path:
    """Write the repository; `pdf: false` keeps print out of site-build measurements."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Banc d'essai\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        f"plugins:\n  - search:\n      lang: fr\n  - relais:\n      pdf: {str(pdf).lower()}\n",
        "utf-8",
    )
    (root / "docs").mkdir(exist_ok=True)
    referentiel = {
        "titre": "Référentiel d'essai",
        "niveaux": ["decouvrir", "pratiquer"],
        "competences": [
            {"id": c, "titre": f"Compétence {c}", "domaine": "Essai"} for c in COMPETENCES
        ],
    }
    _dump(root / "referentiels" / "bench.yml", referentiel)
    for index in range(count):
        _dump(
            root / "fiches" / f"lot-{index // 100}" / f"fiche-{index}.yml", fiche(index, count, rng)
        )
    for index in range(max(1, count // 10)):
        _dump(root / "parcours" / f"parcours-{index}.yml", parcours(index, count, rng))
    return root


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
