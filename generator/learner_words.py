"""Words of the learner documents kept as data (data/apprenant.yml), for the site and print."""

from __future__ import annotations

from functools import cache

from .datafiles import data_file

DATA_FILE = "apprenant.yml"


@cache
def _data() -> dict[str, object]:
    return data_file(DATA_FILE)  # type: ignore[no-any-return]


def answer_kinds() -> dict[str, str]:
    """`reponse` of an exercise -> what the learner reads before it (« À dire à voix haute »)."""
    kinds = _data()["reponses"]
    assert isinstance(kinds, dict)
    return {str(key): str(value) for key, value in kinds.items()}


def help_lines() -> tuple[str, ...]:
    """Labels of the lines of « Mon aide-mémoire » filled in by hand."""
    lines = _data()["aide_memoire"]
    assert isinstance(lines, list)
    return tuple(str(line) for line in lines)


def progress_levels() -> tuple[str, ...]:
    """The boxes the learner ticks beside each thing learnt (« pas encore », « avec aide »…)."""
    levels = _data()["progres"]
    assert isinstance(levels, list)
    return tuple(str(level) for level in levels)
