"""`relais serve` reloads on YAML changes; the model and checker stay free of MkDocs/WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .helpers import fetch, free_port, write


def test_model_and_checker_do_not_import_the_engines() -> None:
    code = (
        "import sys, generator.check, generator.model, generator.relations; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'weasyprint')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def _wait_for(url: str, text: str, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_yaml_file_changes_and_warns_once_per_change(
        mini_repo: Path) -> None:
    fiche = mini_repo / "fiches" / "allumer.yml"
    # A learner step that draws one warning (impersonal « on »), on every check.
    write(mini_repo, "fiches/allumer.yml", fiche.read_text("utf-8").replace(
        "- Appuyez sur le bouton rond.", "- On appuie sur le bouton rond."))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(mini_repo), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/fiches/allumer/"
    try:
        assert _wait_for(url, "Allumer et éteindre"), "the preview never answered"
        write(
            mini_repo,
            "fiches/allumer.yml",
            fiche.read_text("utf-8").replace("Allumer et éteindre", "Démarrer et arrêter"),
        )
        assert _wait_for(url, "Démarrer et arrêter"), "the change was not picked up"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    # Once for the first build, once for the change: not once per file, nor per output.
    assert errors.count("[falc-on]") == 2, errors
