"""`relais export case`: CASE 1.0 packages that validate, with ids stable across runs."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from generator.export.case import COMPETENCE_TYPE, DOMAINE_TYPE

from .helpers import relais

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exports"
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "generator" / "export" / "schemas"
                     / "case-1.0.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    shutil.copytree(FIXTURE, target)
    return target


def export(repo: Path, out: Path, referentiel: str = "numerique-solidaire") -> dict:
    run = relais("export", "case", repo, "--referentiel", referentiel, "-o", out)
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text("utf-8"))


def test_the_schema_itself_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_referentiel_validates_against_the_case_schema(repo: Path, tmp_path: Path) -> None:
    for name in ("numerique-solidaire", "sans-niveaux"):
        package = export(repo, tmp_path / f"{name}.json", name)
        errors = [e.message for e in VALIDATOR.iter_errors(package)]
        assert errors == [], errors


@pytest.mark.parametrize("break_it", [
    lambda p: p["CFItems"][0].pop("fullStatement"),
    lambda p: p["CFItems"][0].update(identifier="pas-un-uuid"),
    lambda p: p["CFAssociations"][0].update(associationType="isParentOf"),
    lambda p: p["CFDocument"].update(lastChangeDateTime="12/01/2027"),
    lambda p: p["CFDocument"].update(auteur="inconnu"),
    lambda p: p.pop("CFDocument"),
], ids=["no-fullStatement", "bad-uuid", "bad-association", "bad-date", "unknown-key", "no-doc"])
def test_the_schema_rejects_broken_packages(repo: Path, tmp_path: Path, break_it: object) -> None:
    package = export(repo, tmp_path / "case.json")
    broken = copy.deepcopy(package)
    break_it(broken)  # type: ignore[operator]
    assert not VALIDATOR.is_valid(broken)


def test_items_and_associations_follow_the_referentiel(repo: Path, tmp_path: Path) -> None:
    package = export(repo, tmp_path / "case.json")
    document = package["CFDocument"]
    assert document["title"] == "Compétences du numérique solidaire"
    assert document["creator"] == "Relais exports"
    items = {item["identifier"]: item for item in package["CFItems"]}
    competencies = [i for i in package["CFItems"] if i["CFItemType"] == COMPETENCE_TYPE]
    domains = [i for i in package["CFItems"] if i["CFItemType"] == DOMAINE_TYPE]
    assert [(c["humanCodingScheme"], c["fullStatement"]) for c in competencies] == [
        ("accueil", "Accueillir et orienter les personnes"),
        ("diagnostic", "Poser un diagnostic partagé"),
        ("animation", "Animer un atelier collectif"),
        ("veille", "Faire de la veille"),
    ]
    assert [d["fullStatement"] for d in domains] == ["Accueillir et orienter", "Animer"]
    parent_of = {}
    for association in package["CFAssociations"]:
        assert association["associationType"] == "isChildOf"
        origin = association["originNodeURI"]["identifier"]
        assert origin not in parent_of, "one parent per item"
        parent_of[origin] = association["destinationNodeURI"]["identifier"]
    assert set(parent_of) == set(items)

    def parent_title(code: str) -> str:
        item = next(i for i in competencies if i["humanCodingScheme"] == code)
        parent = parent_of[item["identifier"]]
        if parent == document["identifier"]:
            return document["title"]
        return items[parent]["fullStatement"]

    assert parent_title("accueil") == "Accueillir et orienter"
    assert parent_title("diagnostic") == "Accueillir et orienter"
    assert parent_title("animation") == "Animer"
    assert parent_title("veille") == document["title"]  # no domaine: directly under the document
    assert all(parent_of[d["identifier"]] == document["identifier"] for d in domains)


def test_descriptions_and_levels_are_kept(repo: Path, tmp_path: Path) -> None:
    package = export(repo, tmp_path / "case.json")
    accueil = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "accueil")
    assert accueil["notes"].startswith("Présenter le lieu")
    # relais links point at the public site (site_url of the fixture's mkdocs.yml)
    assert ("[accueil](https://formations.example.org/relais/referentiels/numerique-solidaire/"
            "accueil/)") in package["CFDocument"]["description"]
    assert package["CFDocument"]["officialSourceURL"] == (
        "https://formations.example.org/relais/referentiels/numerique-solidaire/")
    criteria = package["CFRubrics"][0]["CFRubricCriteria"]
    assert criteria[0]["CFItemURI"]["identifier"] == accueil["identifier"]
    levels = {c["category"]: [(level["quality"], level["position"])
                              for level in c["CFRubricCriterionLevels"]]
              for c in criteria}
    assert levels == {
        "Accueillir et orienter les personnes": [
            ("decouvrir", 1), ("pratiquer", 2), ("maitriser", 3)],
        "Poser un diagnostic partagé": [("pratiquer", 2)],
    }


def _identifiers(package: object) -> list[str]:
    """Every `identifier` anywhere in the package, in document order."""
    found: list[str] = []
    if isinstance(package, dict):
        for key, value in package.items():
            if key == "identifier":
                found.append(value)
            else:
                found += _identifiers(value)
    elif isinstance(package, list):
        for value in package:
            found += _identifiers(value)
    return found


def test_identifiers_are_uuid5_and_stable_across_runs_and_copies(repo: Path,
                                                                  tmp_path: Path) -> None:
    first = export(repo, tmp_path / "a.json")
    other = tmp_path / "ailleurs" / "autre-copie"
    shutil.copytree(FIXTURE, other)
    os.utime(other / "referentiels" / "numerique-solidaire.yml", (1_700_000_000, 1_700_000_000))
    second = export(other, tmp_path / "b.json")
    again = export(repo, tmp_path / "c.json")
    assert _identifiers(first) == _identifiers(second) == _identifiers(again)
    assert all(uuid.UUID(i).version == 5 for i in _identifiers(first))
    objects = [first["CFDocument"], *first["CFItems"], *first["CFAssociations"]]
    assert len({o["identifier"] for o in objects}) == len(objects)  # no two objects share an id


def test_identifiers_come_from_slugs_not_from_titles_or_order(repo: Path, tmp_path: Path) -> None:
    before = export(repo, tmp_path / "avant.json")
    path = repo / "referentiels" / "numerique-solidaire.yml"
    text = path.read_text("utf-8")
    text = text.replace("titre: Poser un diagnostic partagé",
                        "titre: Diagnostiquer avec la personne")
    text = text.replace("competences:\n",
                        "competences:\n  - id: nouvelle\n    titre: Nouvelle\n", 1)
    path.write_text(text, "utf-8")
    after = export(repo, tmp_path / "apres.json")

    def by_code(package: dict) -> dict[str, str]:
        return {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}

    assert {k: v for k, v in by_code(after).items() if k != "nouvelle"} == by_code(before)
    assert after["CFDocument"]["identifier"] == before["CFDocument"]["identifier"]


def test_last_change_is_the_file_mtime_outside_git(repo: Path, tmp_path: Path) -> None:
    moment = datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC).timestamp()
    os.utime(repo / "referentiels" / "numerique-solidaire.yml", (moment, moment))
    package = export(repo, tmp_path / "case.json")
    assert package["CFDocument"]["lastChangeDateTime"] == "2026-03-29T01:30:05Z"
    assert {i["lastChangeDateTime"] for i in package["CFItems"]} == {"2026-03-29T01:30:05Z"}


FAKE_GIT = """#!/bin/sh
# Stand-in for git: answers `status` and `log` from the environment, records each call.
printf '%s|%s\\n' "$GIT_OPTIONAL_LOCKS" "$*" >> "$FAKE_GIT_CALLS"
case "$3" in
  status) printf '%s' "$FAKE_GIT_STATUS"; exit "${FAKE_GIT_STATUS_EXIT:-0}" ;;
  log) printf '%s\\n' "$FAKE_GIT_LOG"; exit 0 ;;
esac
exit 1
"""


@pytest.fixture
def fake_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` on PATH whose answers the test chooses (real git is not run by these tests)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "git"
    script.write_text(FAKE_GIT)
    script.chmod(0o755)
    calls = tmp_path / "git-calls.txt"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GIT_CALLS", str(calls))
    return calls


def test_last_change_is_the_last_commit_when_committed_and_unmodified(
        repo: Path, fake_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.export.changes import last_change

    relative = "referentiels/numerique-solidaire.yml"
    monkeypatch.setenv("FAKE_GIT_STATUS", "")
    monkeypatch.setenv("FAKE_GIT_LOG", "1800000000")
    assert last_change(repo, relative) == datetime.fromtimestamp(1_800_000_000, UTC)
    calls = fake_git.read_text().splitlines()
    assert calls[0] == f"0|-C {repo} status --porcelain --untracked-files=all -- {relative}"
    assert calls[1] == f"0|-C {repo} log -1 --format=%ct -- {relative}"


@pytest.mark.parametrize(("status", "exit_code", "log"), [
    (f" M {'referentiels/numerique-solidaire.yml'}\n", "0", "1800000000"),  # modified
    ("?? referentiels/numerique-solidaire.yml\n", "0", ""),  # untracked
    ("", "0", ""),  # ignored: clean status but never committed
    ("", "128", ""),  # not a git checkout
], ids=["modified", "untracked", "never-committed", "not-a-checkout"])
def test_last_change_falls_back_to_mtime(repo: Path, fake_git: Path, status: str, exit_code: str,
                                         log: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.export.changes import last_change

    monkeypatch.setenv("FAKE_GIT_STATUS", status)
    monkeypatch.setenv("FAKE_GIT_STATUS_EXIT", exit_code)
    monkeypatch.setenv("FAKE_GIT_LOG", log)
    path = repo / "referentiels" / "numerique-solidaire.yml"
    os.utime(path, (1_600_000_000, 1_600_000_000))
    assert last_change(repo, "referentiels/numerique-solidaire.yml") == datetime.fromtimestamp(
        1_600_000_000, UTC)


def test_last_change_without_git_installed(repo: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.export.changes import last_change

    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    os.utime(repo / "referentiels" / "sans-niveaux.yml", (1_650_000_000, 1_650_000_000))
    assert last_change(repo, "referentiels/sans-niveaux.yml").timestamp() == 1_650_000_000


def test_several_referentiels_need_a_folder(repo: Path, tmp_path: Path) -> None:
    run = relais("export", "case", repo, "-o", tmp_path / "tout.json")
    assert run.returncode == 2
    assert "plusieurs référentiels" in run.stderr
    assert not (tmp_path / "tout.json").exists()
    folder = tmp_path / "case"
    run = relais("export", "case", repo, "-o", f"{folder}/")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["numerique-solidaire.json",
                                                        "sans-niveaux.json"]
    for path in folder.iterdir():
        assert VALIDATOR.is_valid(json.loads(path.read_text("utf-8")))


def test_unknown_referentiel_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    run = relais("export", "case", repo, "--referentiel", "numerique-solidair", "-o",
                 tmp_path / "x.json")
    assert run.returncode == 2
    assert "vouliez-vous dire « numerique-solidaire »" in run.stderr
    assert "Traceback" not in run.stderr


def test_last_change_from_a_real_git_history(tmp_path: Path) -> None:
    """A real repository: committed files take their commit date, edited ones their mtime."""
    from generator.export.changes import iso_utc, last_change

    if shutil.which("git") is None:
        pytest.fail("git is needed for this test (Debian package git)")
    (tmp_path / "referentiels").mkdir()
    (tmp_path / "referentiels" / "r.yml").write_text("titre: R\n", "utf-8")
    environment = {"GIT_AUTHOR_DATE": "2026-03-29T10:00:00+02:00",
                   "GIT_COMMITTER_DATE": "2026-03-29T10:00:00+02:00",
                   "GIT_AUTHOR_NAME": "Relais", "GIT_AUTHOR_EMAIL": "relais@example.org",
                   "GIT_COMMITTER_NAME": "Relais", "GIT_COMMITTER_EMAIL": "relais@example.org"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "contenu"]):
        subprocess.run(["git", "-C", str(tmp_path), *command], check=True,
                       env={**os.environ, **environment})
    assert iso_utc(last_change(tmp_path, "referentiels/r.yml")) == "2026-03-29T08:00:00Z"
    (tmp_path / "referentiels" / "r.yml").write_text("titre: R modifié\n", "utf-8")
    os.utime(tmp_path / "referentiels" / "r.yml", (1_800_000_000, 1_800_000_000))
    assert iso_utc(last_change(tmp_path, "referentiels/r.yml")) == "2027-01-15T08:00:00Z"


def _uris(package: object) -> list[str]:
    """Every `uri` anywhere in the package."""
    if isinstance(package, dict):
        return [v for k, v in package.items() if k == "uri" and isinstance(v, str)] + [
            u for v in package.values() for u in _uris(v)]
    if isinstance(package, list):
        return [u for v in package for u in _uris(v)]
    return []


def test_with_a_site_url_every_uri_is_an_address_of_the_site(repo: Path, tmp_path: Path) -> None:
    from generator.addresses import public_site
    from generator.check import check_repository

    package = export(repo, tmp_path / "case.json")
    site = "https://formations.example.org/relais/"
    uris = _uris(package)
    assert uris and all(u.startswith((site, "https://spdx.org/licenses/")) for u in uris), [
        u for u in uris if not u.startswith(site)]
    assert package["CFDocument"]["uri"] == f"{site}referentiels/numerique-solidaire/"
    items = {i["humanCodingScheme"]: i["uri"] for i in package["CFItems"]}
    assert items["accueil"] == f"{site}referentiels/numerique-solidaire/accueil/"
    # A domain has no page: the référentiel's page at its heading (the anchor MkDocs writes).
    assert items["accueillir-et-orienter"] == (
        f"{site}referentiels/numerique-solidaire/#accueillir-et-orienter")
    # Each uri names one object, and links carry the uri of what they point at.
    assert len(set(uris)) == len(uris) - sum(1 for _ in _link_uris(package))
    for association in package["CFAssociations"]:
        assert association["originNodeURI"]["uri"] in set(items.values())
    library = check_repository(repo).library
    assert public_site(library).absolute("referentiels/numerique-solidaire/index.md") == (
        package["CFDocument"]["uri"])


def _link_uris(package: object) -> list[str]:
    """The uris inside LinkURI objects (they repeat the uri of their target)."""
    if isinstance(package, dict):
        own = [package["uri"]] if {"title", "identifier", "uri"} == set(package) else []
        return own + [u for v in package.values() for u in _link_uris(v)]
    if isinstance(package, list):
        return [u for v in package for u in _link_uris(v)]
    return []


def test_without_a_site_url_uris_are_uuid_urns(repo: Path, tmp_path: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_url:", "# site_url:"), "utf-8")
    package = export(repo, tmp_path / "case.json")
    assert all(u.startswith("urn:uuid:") for u in _uris(package))
    assert not [e.message for e in VALIDATOR.iter_errors(package)]
