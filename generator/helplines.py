"""National help numbers for the learner's « Mon aide-mémoire » (data: numeros-utiles.yml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from .model import NumeroUtile, Settings

DATA_FILE = "data/numeros-utiles.yml"


@cache
def shipped_numbers() -> tuple[NumeroUtile, ...]:
    """The numbers shipped with Relais, each with its official source and date of checking."""
    text = resources.files("generator").joinpath(DATA_FILE).read_text("utf-8")
    return tuple(NumeroUtile.model_validate(entry) for entry in yaml.safe_load(text))


def help_numbers(settings: Settings) -> tuple[NumeroUtile, ...]:
    """The repository's own list (`numeros_utiles` in mkdocs.yml) when it has one."""
    if settings.numeros_utiles is not None:
        return tuple(settings.numeros_utiles)
    return shipped_numbers()
