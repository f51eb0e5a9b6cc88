"""Bounded fuzzing: mutated copies of the fixture repositories never crash `relais check`, never
give a diagnostic on several lines, and never turn into a page with a script address or an
event handler.

The mutation engine is benchmarks/fuzz.py's (the long run, outside CI); here a fixed set of
examples (derandomised, no example database) so that every run tests the same inputs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from benchmarks.fuzz import (
    FIXTURES,
    MARKDOWN_PAYLOADS,
    PLAIN_PAYLOADS,
    make_case,
    page_problems,
    reset_caches,
    run_cli,
    site_markdown,
    unsafe_html,
)
from generator.check import check_repository
from generator.diagnostics import has_errors
from generator.rules import registry
from generator.site.render import render_site

T = TypeVar("T")


class HypothesisDraw:
    """The engine's decisions drawn from Hypothesis (reproducible, reported on failure)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))

    def number(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


_MARKDOWN = site_markdown()


def assert_safe(repo: Path) -> None:
    """Every property a content repository must have, whatever it holds."""
    reset_caches()  # each case is a new folder; the memo is cleared for isolation all the same
    result = check_repository(repo)  # must not raise
    for diagnostic in result.diagnostics:
        text = diagnostic.format()
        assert "\n" not in text and len(text.splitlines()) == 1, f"sur plusieurs lignes : {text!r}"
        assert diagnostic.code in registry(), f"sans code de règle connu : {text!r}"
    errors = has_errors(result.diagnostics)

    reset_caches()  # the command checks afresh too
    code, printed = run_cli(["check", str(repo)])
    assert "erreur interne" not in printed and "Traceback" not in printed, printed
    assert code == (1 if errors else 0), printed
    if errors:
        return

    site = render_site(result.library)
    for page in site.pages:
        problems = page_problems(page.content, page.fragments, _MARKDOWN)
        assert not problems, f"{page.uri} : {problems}"


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure prints its drawn mutations (see `note`), and CI stays bounded.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutated_repository_is_checked_and_rendered_safely(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory(prefix="relais-fuzz-") as folder:
        repo, case = make_case(HypothesisDraw(data), Path(folder), big=False, max_steps=2)
        note(case.describe())
        assert_safe(repo)


# Every payload once, in every field of its kind of the small repository: Markdown texts get
# link syntaxes and raw HTML; plain texts (titles, labels, glossary terms) get Markdown.

def _edit(repo: Path, relative: str, change: Any) -> None:
    path = repo / relative
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _markdown_everywhere(repo: Path, text: str) -> None:
    def fiche(data: dict[str, Any]) -> None:
        data["resume"] = text
        animateur = data["animateur"]
        animateur["preparation"] = animateur["conseils"] = text
        animateur["deroule"][1]["consignes"] = text
        apprenant = data["apprenant"]
        apprenant["introduction"] = text
        apprenant["etapes"][0] = text
        apprenant["etapes"][1]["texte"] = text
        apprenant["a_retenir"] = apprenant["exercices"] = [text]
        data["glossaire"]["pièce jointe"] = text

    def parcours(data: dict[str, Any]) -> None:
        data["seances"][0]["notes"] = text
        data["objectifs"] = [text]

    def referentiel(data: dict[str, Any]) -> None:
        data["description"] = data["competences"][0]["description"] = text

    def glossary(data: dict[str, Any]) -> None:
        data["souris"] = text

    _edit(repo, "fiches/web/courriel.yml", fiche)
    _edit(repo, "parcours/debuter.yml", parcours)
    _edit(repo, "referentiels/competences-test.yml", referentiel)
    _edit(repo, "glossaire.yml", glossary)


def _plain_everywhere(repo: Path, text: str) -> None:
    def fiche(data: dict[str, Any]) -> None:
        data["titre"] = text
        data["materiel"] = [text]
        data["animateur"]["deroule"][0]["etape"] = text
        data["apprenant"]["etapes"][1]["alt"] = text
        data["ressources"][0]["titre"] = text
        data["auteurs"] = [text]
        data["glossaire"] = {text: "Un terme injecté."}

    def parcours(data: dict[str, Any]) -> None:
        data["titre"] = data["seances"][0]["titre"] = text

    def referentiel(data: dict[str, Any]) -> None:
        competence = data["competences"][0]
        data["titre"] = competence["titre"] = competence["domaine"] = text

    def glossary(data: dict[str, Any]) -> None:
        data[text] = "Un terme injecté dans le glossaire partagé."

    _edit(repo, "fiches/web/courriel.yml", fiche)
    _edit(repo, "parcours/debuter.yml", parcours)
    _edit(repo, "referentiels/competences-test.yml", referentiel)
    _edit(repo, "glossaire.yml", glossary)


@pytest.mark.parametrize(
    ("inject", "payload"),
    [(_markdown_everywhere, p) for p in MARKDOWN_PAYLOADS]
    + [(_plain_everywhere, p) for p in PLAIN_PAYLOADS],
    ids=[f"md-{i}" for i in range(len(MARKDOWN_PAYLOADS))]
    + [f"texte-{i}" for i in range(len(PLAIN_PAYLOADS))],
)
def test_every_payload_in_every_field(inject: Any, payload: str, tmp_path: Path) -> None:
    repo = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", repo)
    inject(repo, payload)
    assert_safe(repo)


def test_the_html_check_sees_what_a_browser_runs() -> None:
    """The detector itself: entity-encoded and whitespace-split schemes, handlers, scripts."""
    assert unsafe_html('<a href="java&#x09;script:alert(1)">x</a>')
    assert unsafe_html('<a href=" JAVASCRIPT:alert(1)">x</a>')
    assert unsafe_html("<img src=x onerror=alert(1)>")
    assert unsafe_html('<img src="data:image/svg+xml,x">')
    assert unsafe_html("<p>x</p><script>alert(1)</script>")
    assert not unsafe_html('<p>javascript:alert(1) <a href="https://ok.example/">x</a></p>')
    assert page_problems('---\ntitle: "<img src=x>"\n---\n\nx', (), _MARKDOWN)
    assert not page_problems('---\ntitle: "&lt;img&gt;"\n---\n\n[x](https://ok.example/)', (),
                             _MARKDOWN)
