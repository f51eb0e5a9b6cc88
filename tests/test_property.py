"""Property tests: no input, however strange, makes the loader raise."""

from __future__ import annotations

import posixpath
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.addresses import relative
from generator.check import check_repository
from generator.diagnostics import Diagnostic
from generator.yamlsource import ParsedYaml, parse_yaml

KEYS = [
    "titre",
    "resume",
    "public",
    "niveau",
    "duree",
    "objectifs",
    "apprenant",
    "etapes",
    "image",
    "alt",
    "seances",
    "fiches",
    "prerequis",
    "competences",
    "glossaire",
    "id",
    "texte",
    "animateur",
    "deroule",
    "etape",
    "ressources",
    "url",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["1h30", "fiche:x", "../x.png", "debutant"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_data_or_diagnostics(raw: bytes) -> None:
    result = parse_yaml(raw, "fiches/x.yml")
    assert isinstance(result, ParsedYaml) or all(isinstance(d, Diagnostic) for d in result)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_data_or_diagnostics(text: str) -> None:
    result = parse_yaml(text.encode("utf-8", "surrogatepass"), "fiches/x.yml")
    assert isinstance(result, ParsedYaml) or all(isinstance(d, Diagnostic) for d in result)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fiche=documents, parcours=documents)
def test_any_structure_is_checked_without_exception(fiche: object, parcours: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "fiches").mkdir()
        (root / "parcours").mkdir()
        (root / "fiches" / "f.yml").write_text(yaml.safe_dump(fiche, allow_unicode=True), "utf-8")
        (root / "parcours" / "p.yml").write_text(yaml.safe_dump(parcours), "utf-8")
        result = check_repository(root)
        assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
        for diagnostic in result.diagnostics:
            assert diagnostic.position.line >= 1 and diagnostic.position.column >= 1


segments = st.sampled_from(["fiches", "parcours", "medias", "index.md", "a.md", ".", "x"])
paths = st.lists(segments, min_size=1, max_size=4).map("/".join)


@given(target=paths, from_page=paths)
def test_page_links_match_posix_relpath(target: str, from_page: str) -> None:
    """The hand-written link computation agrees with the standard library's."""
    assert relative(target, from_page) == posixpath.relpath(
        target, posixpath.dirname(from_page) or "."
    )
