"""The search index Relais enriches: accents, plurals, elisions and synonyms as data."""

from __future__ import annotations

import json
from pathlib import Path

from generator.site import search


def test_fold_and_number_forms() -> None:
    assert search.fold("Hameçonnage ŒUVRE l’écran") == "hameconnage oeuvre l'ecran"
    assert search.number_forms("courriel") == {"courriel", "courriels"}
    # A search finds the start of words: « arnaque » already finds « arnaques ».
    assert search.number_forms("arnaques") == {"arnaques"}
    assert search.number_forms("journaux") == {"journaux", "journal"}
    assert search.number_forms("journal") == {"journal", "journals", "journaux"}
    assert search.number_forms("gaz") == {"gaz"}


def test_the_default_synonyms_are_data_and_a_repository_adds_or_replaces_them() -> None:
    groups = search.synonym_groups()
    assert ["courriel", "e-mail", "email", "mail", "messagerie"] in groups
    assert any("hameçonnage" in g and "phishing" in g for g in groups)
    merged = search.synonym_groups([["Courriel", "mél"]])  # shares a word: one group
    assert next(g for g in merged if "mél" in g)[:2] == ["courriel", "e-mail"]
    assert search.synonym_groups([["box", "routeur"]], with_defaults=False) == [["box", "routeur"]]


def test_variants_add_other_spellings_and_synonyms() -> None:
    groups = search.synonym_groups()
    added = set(search.variants("<p>Reconnaître un SMS <em>arnaque</em> sur l&#39;écran</p>",
                                groups).split())
    assert {"reconnaitre", "arnaques", "hameconnage", "hameçonnage", "phishing", "ecran",
            "écran", "ecrans"} <= added
    assert "sms" not in added  # words already indexed are not repeated
    assert "mdp" in search.variants("Choisir un mot de passe", groups).split()
    assert "email" in search.variants("Envoyer des e-mails", groups).split()


def test_the_index_gets_two_fields_weighted_like_title_and_text(tmp_path: Path) -> None:
    index = {"config": {"lang": ["fr"], "fields": {"title": {"boost": 1000.0}}},
             "docs": [{"location": "a/", "title": "Sécurité", "text": "<p>Un courriel.</p>"}]}
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(index), "utf-8")
    assert search.enrich_index_file(path, search.synonym_groups())
    enriched = json.loads(path.read_text("utf-8"))
    assert enriched["config"]["fields"]["relais_titre"] == {"boost": 1000.0}
    assert enriched["config"]["fields"]["relais_texte"] == {"boost": 1.0}
    doc = enriched["docs"][0]
    assert "securite" in doc["relais_titre"].split()
    assert {"email", "courriels"} <= set(doc["relais_texte"].split())
    assert not search.enrich_index_file(tmp_path / "absent.json", [])


def test_the_built_site_s_index_is_enriched_with_the_repository_s_synonyms(
    tmp_path: Path
) -> None:
    import shutil

    from .conftest import FIXTURES, build_into
    from .helpers import write

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    write(repo, "mkdocs.yml", "site_name: mini\ntheme:\n  name: material\n  language: fr\n"
          "plugins:\n  - search\n  - relais:\n      pdf: false\n"
          "      synonymes: [[trombone, agrafe]]\n")
    site = build_into(repo, tmp_path / "site")
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert "relais_texte" in index["config"]["fields"]
    assert any("agrafe" in doc.get("relais_texte", "").split() for doc in index["docs"])
    script = (site / "search/search_index.js").read_text("utf-8")
    assert "relais_texte" in script  # the file:// copy is the enriched index
