"""`relais serve` reloads on YAML changes; the model and checker stay free of MkDocs/WeasyPrint."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pikepdf

from .helpers import fetch, serving, wait_for, write


def test_model_and_checker_do_not_import_the_engines() -> None:
    code = (
        "import sys, generator.check, generator.model, generator.relations; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'weasyprint')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_serve_rebuilds_when_a_yaml_file_changes_and_warns_once_per_change(
        mini_repo: Path) -> None:
    fiche = mini_repo / "fiches" / "allumer.yml"
    # A learner step that draws one warning (impersonal « on »), on every check.
    write(mini_repo, "fiches/allumer.yml", fiche.read_text("utf-8").replace(
        "- Appuyez sur le bouton rond.", "- On appuie sur le bouton rond."))
    with serving(mini_repo, "fiches/allumer/", "Allumer et éteindre") as served:
        base = served.base
        write(
            mini_repo,
            "fiches/allumer.yml",
            fiche.read_text("utf-8").replace("Allumer et éteindre", "Démarrer et arrêter"),
        )
        assert wait_for(base + "fiches/allumer/", "Démarrer et arrêter"), "not picked up"
        # Pages that show the fiche are converted again too; the others keep their conversion.
        for page in ("parcours/debuter/", "fiches/"):
            assert wait_for(base + page, "Démarrer et arrêter"), page
            assert "Allumer et éteindre" not in fetch(base + page), page
        assert "Choisir un mot de passe solide" in fetch(f"{base}fiches/mot-de-passe/")
        # The search finds the new title, on the fiche's page and on the pages that list it.
        index = json.loads(fetch(base + "search/search_index.json"))
        found = {entry["location"].partition("#")[0] for entry in index["docs"]
                 if "Démarrer et arrêter" in entry["title"] + entry["text"]}
        assert {"fiches/allumer/", "fiches/", "parcours/debuter/"} <= found
        assert not [entry for entry in index["docs"] if "Allumer et éteindre" in entry["title"]]
        locations = [entry["location"] for entry in index["docs"]]
        assert len(locations) == len(set(locations))  # each section once
        assert wait_for(base + "search/search_index.js", "relais_titre")  # from the disk too
    errors = served.errors
    # Once for the first build, once for the change: not once per file, nor per output.
    assert errors.count("[falc-on]") == 2, errors
    # The edited page first, on its own; the pages that list it right after; no whole build.
    assert "fiches/allumer.yml : page mise à jour en" in errors, errors
    assert "page(s) liée(s) mise(s) à jour en" in errors, errors
    assert "Aperçu reconstruit" not in errors, errors


def test_serve_shows_an_edit_s_errors_on_every_page_and_keeps_the_last_good_site(
        mini_repo: Path) -> None:
    fiche = mini_repo / "fiches" / "allumer.yml"
    good = fiche.read_text("utf-8")
    with serving(mini_repo, "fiches/allumer/", "Allumer et éteindre") as served:
        base = served.base
        # A link to a fiche that does not exist: found by the quick check of the saved file.
        write(mini_repo, "fiches/allumer.yml", good.replace(
            "Allumer et éteindre", "Titre cassé").replace(
            "- Appuyez sur le bouton rond.", "- Lisez [la suite](fiche:inconnue)."))
        assert wait_for(base + "fiches/mot-de-passe/", "relais-erreurs"), "no banner"
        shown = fetch(base + "fiches/allumer/")
        assert "fiches/allumer.yml:" in shown and "[lien-inconnu]" in shown
        assert "Allumer et éteindre" in shown and "Titre cassé" not in shown  # the last good
        write(mini_repo, "fiches/allumer.yml", good.replace("Allumer et éteindre", "Réparé"))
        assert wait_for(base + "fiches/allumer/", "Réparé"), "the fix was not picked up"
        assert "relais-erreurs" not in fetch(base + "fiches/mot-de-passe/")
    assert "[lien-inconnu]" in served.errors
    assert "Aperçu reconstruit" not in served.errors  # neither the error nor its fix


def test_serve_builds_the_whole_site_again_when_a_referentiel_changes(mini_repo: Path) -> None:
    referentiel = mini_repo / "referentiels" / "competences-test.yml"
    text = referentiel.read_text("utf-8")
    with serving(mini_repo, "fiches/allumer/", "Allumer et éteindre") as served:
        title = text.split("titre: ", 1)[1].splitlines()[0]
        write(mini_repo, "referentiels/competences-test.yml",
              text.replace(f"titre: {title}", "titre: Référentiel renommé", 1))
        assert wait_for(served.base + "referentiels/", "Référentiel renommé")
    assert "Aperçu reconstruit en" in served.errors
    # Stopped (SIGTERM) while PDFs may be in the making: nothing left behind, nothing said.
    assert "leaked" not in served.errors and "Traceback" not in served.errors, served.errors


def _fetch_bytes(url: str) -> tuple[str, bytes]:
    """(content type, body) at `url`, or ("", b"") while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.headers.get("Content-Type", "")), bytes(response.read())
    except OSError:
        return "", b""


def test_serve_answers_before_the_pdfs_are_made_and_serves_each_once_made(
        mini_repo: Path) -> None:
    with serving(mini_repo, "fiches/allumer/", "allumer-apprenant.pdf",
                 interrupt=True) as served:  # Ctrl-C, while other PDFs may be in the making
        pdf = f"{served.base}pdf/fiches/allumer-apprenant.pdf"
        kind, body = _fetch_bytes(pdf)
        # Not made yet: a French page that says so (and reloads itself); else already the PDF.
        if kind.startswith("text/html"):
            text = body.decode("utf-8")
            assert "est en cours de préparation" in text
            assert "rechargez la page dans un instant" in text
            assert 'http-equiv="refresh"' in text
        else:
            assert (kind, body[:5]) == ("application/pdf", b"%PDF-")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not body.startswith(b"%PDF-"):
            time.sleep(0.5)
            kind, body = _fetch_bytes(pdf)
        assert (kind, body[:5]) == ("application/pdf", b"%PDF-"), "the PDF never came"
        with pikepdf.open(io.BytesIO(body)) as document:
            assert len(document.pages) >= 1
    assert "Traceback" not in served.errors, served.errors


def test_a_pdf_that_could_not_be_made_says_why_in_french_and_stops_reloading() -> None:
    from generator.site.preview import pdf_waiting_page

    text = pdf_waiting_page("pdf/fiches/a.pdf", "le PDF <a.pdf> n'a pas pu être produit")
    assert "n'a pas pu être préparé" in text
    assert "&lt;a.pdf&gt;" in text and "<a.pdf>" not in text
    assert "refresh" not in text


def test_build_prints_each_warning_once(mini_repo: Path, tmp_path: Path) -> None:
    write(mini_repo, "fiches/allumer.yml", (mini_repo / "fiches/allumer.yml").read_text(
        "utf-8").replace("- Appuyez sur le bouton rond.", "- On appuie sur le bouton rond."))
    run = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(mini_repo), "-o",
                          str(tmp_path / "site")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("[falc-on]") == 1, run.stderr
    assert "1 avertissement(s)" in run.stderr


# --- layers -----------------------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Each top-level part of the package and its layer: a module imports only from its own layer or
# those below, and the outputs (site, pdf, export) never import each other.
OUTPUTS = ("site", "pdf", "export")
LAYERS = {**dict.fromkeys(OUTPUTS, 1), "orchestrator": 2, "engines": 3, "commands": 4,
          "authoring": 4, "cli": 4}  # every other part is the core: layer 0


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    """The generator modules `path` imports, at the top or inside functions alike."""
    import ast

    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.startswith("generator"):
                source = node.module
            else:
                continue
            children = [f"{source}.{alias.name}" for alias in node.names]
            found |= {child for child in children if _is_module(child)} or {source}
            if any(not _is_module(child) for child in children):
                found.add(source)
    return found - {name}


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _layer(module: str) -> tuple[str, int]:
    part = module.split(".")[1] if "." in module else ""
    return part, LAYERS.get(part, 0)


def test_each_layer_imports_only_the_layers_below_and_outputs_not_each_other() -> None:
    wrong = []
    for module, imported in sorted(_graph().items()):
        part, layer = _layer(module)
        for target in sorted(imported):
            other, other_layer = _layer(target)
            if other_layer > layer or (part in OUTPUTS and other in OUTPUTS and other != part):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_package_has_no_import_cycle() -> None:
    graph = _graph()
    cycles = []
    state: dict[str, str] = {}  # module -> "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
