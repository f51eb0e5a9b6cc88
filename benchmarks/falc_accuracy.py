"""Accuracy of the plain-language rules on the labelled corpus (tests/fixtures/falc/corpus.yml).

Usage: python benchmarks/falc_accuracy.py
Prints, per rule, how many sentences that break it are caught, and how many good sentences
each rule flags; the targets are every bad sentence caught by its rule, and at most 1 good
sentence in 20 flagged by any rule.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.plain_language import sentence_codes

CORPUS = Path(__file__).resolve().parent.parent / "tests/fixtures/falc/corpus.yml"
DEFINED = ("RIB", "CPAM")


def measure() -> tuple[Counter[str], Counter[str], Counter[str], list[str], int]:
    """(bad per rule, caught per rule, good flagged per rule, flagged good sentences, goods)."""
    bad: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    flagged: list[str] = []
    goods = 0
    for entry in yaml.safe_load(CORPUS.read_text("utf-8")):
        codes = sentence_codes(entry["phrase"], DEFINED)
        if entry["regle"] == "aucune":
            goods += 1
            false_alarms.update(codes)
            if codes:
                flagged.append(f"{entry['phrase']} -> {', '.join(sorted(codes))}")
        else:
            bad[entry["regle"]] += 1
            caught[entry["regle"]] += entry["regle"] in codes
    return bad, caught, false_alarms, flagged, goods


def main() -> None:
    bad, caught, false_alarms, flagged, goods = measure()
    print(f"{'règle':<26} {'fautives':>8} {'repérées':>8} {'bonnes signalées':>16}")
    for code in sorted(set(bad) | set(false_alarms)):
        print(f"{code:<26} {bad[code]:>8} {caught[code]:>8} {false_alarms[code]:>16}")
    print(f"bonnes phrases signalées : {len(flagged)} sur {goods} (cible ≤ {goods // 20})")
    for line in flagged:
        print("  " + line)


if __name__ == "__main__":
    main()
