"""French wording of counts: « aucune fiche », « 1 fiche », « 2 fiches » (never « fiche(s) »).

The nouns, their plurals and their « aucun » forms are data: generator/data/pluriels.yml.
"""

from __future__ import annotations

from functools import cache

from ..datafiles import data_file


@cache
def _nouns() -> dict[str, dict[str, str]]:
    return data_file("pluriels.yml")  # type: ignore[no-any-return]


def count(number: int, noun: str, capital: bool = False) -> str:
    """`number` `noun` as a French reader expects it; `capital` for the start of a sentence."""
    forms = _nouns().get(noun, {})
    if number == 0:
        text = forms.get("aucun", f"aucun {noun}")
    else:
        plural = forms.get("pluriel", f"{noun}s")
        text = f"{number} {noun if number == 1 else plural}"
    return text[:1].upper() + text[1:] if capital else text
