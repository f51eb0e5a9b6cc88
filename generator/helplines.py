"""National help numbers for the learner's « Mon aide-mémoire » (data: numeros-utiles.yml)."""

from __future__ import annotations

from functools import cache

from .datafiles import data_file
from .model import NumeroUtile, Settings

DATA_FILE = "numeros-utiles.yml"


@cache
def shipped_numbers() -> tuple[NumeroUtile, ...]:
    """The numbers shipped with Relais, each with its official source and date of checking."""
    return tuple(NumeroUtile.model_validate(entry) for entry in data_file(DATA_FILE))


def help_numbers(settings: Settings) -> tuple[NumeroUtile, ...]:
    """The repository's own list (`numeros_utiles` in mkdocs.yml) when it has one."""
    if settings.numeros_utiles is not None:
        return tuple(settings.numeros_utiles)
    return shipped_numbers()
