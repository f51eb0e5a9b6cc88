"""French wording of counts: « aucune fiche », « 1 fiche », « 2 fiches » (never « fiche(s) »).

The nouns, their plurals and their « aucun » forms are data: generator/data/pluriels.yml.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _nouns() -> dict[str, dict[str, str]]:
    text = resources.files("generator").joinpath("data/pluriels.yml").read_text("utf-8")
    return yaml.safe_load(text)


def count(number: int, noun: str, capital: bool = False) -> str:
    """`number` `noun` as a French reader expects it; `capital` for the start of a sentence."""
    forms = _nouns().get(noun, {})
    if number == 0:
        text = forms.get("aucun", f"aucun {noun}")
    else:
        plural = forms.get("pluriel", f"{noun}s")
        text = f"{number} {noun if number == 1 else plural}"
    return text[:1].upper() + text[1:] if capital else text
