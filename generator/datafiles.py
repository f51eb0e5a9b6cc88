"""Data files shipped with Relais (generator/data/*.yml): word lists, rules, vocabularies."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader: ten times faster


@cache
def data_file(name: str) -> Any:
    """The content of generator/data/NAME, read once per process."""
    text = resources.files("generator").joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)
