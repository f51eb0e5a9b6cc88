"""Shared fixtures: content repositories, built sites, a localhost server and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from phoning home on a closed network (Google services, updates).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
]


@pytest.fixture
def mini_repo(tmp_path: Path) -> Path:
    """A private copy of the small fixture repository, safe to edit."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def build_into(repo: Path, out: Path) -> Path:
    from generator.cli import main

    assert main(["build", str(repo), "-o", str(out)]) == 0, f"relais build failed for {repo}"
    return out


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own content, built once per test session."""
    return build_into(ROOT, tmp_path_factory.mktemp("shipped") / "site")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("mini-repo") / "mini"
    shutil.copytree(FIXTURES / "mini", repo)
    return build_into(repo, tmp_path_factory.mktemp("mini") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def shipped_url(shipped_site: Path) -> Iterator[str]:
    """Base URL of the shipped site served on localhost."""
    yield from serve(shipped_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see README)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that records console errors and every request leaving localhost."""
    context = browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.console_errors = []
    tab.external_requests = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))

    def watch(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(("http://127.0.0.1", "file://", "data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            tab.external_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", watch)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def mini_url(mini_site: Path) -> Iterator[str]:
    """Base URL of the small fixture site served on localhost."""
    yield from serve(mini_site)


# --- the catalogue fixture with two référentiels, a parcours for mediators and a learner part
# with steps and exercises (site, learner part, coverage and search tests) -------------------

PLUS_FILES = {
    "referentiels/mediation.yml": """\
titre: Métier de médiateur
niveaux:
  - {id: decouvrir, titre: Découvrir}
  - pratiquer
  - {id: maitriser, titre: Maîtriser}
competences:
  - id: animer
    titre: Animer un atelier collectif
    domaine: Accompagner
    attendus:
      decouvrir: Anime avec un collègue.
      maitriser: Forme d'autres médiateurs.
  - id: evaluer
    titre: Évaluer les acquis
    domaine: Accompagner
""",
    "fiches/metier/animer-un-atelier.yml": """\
titre: Animer un atelier
resume: Préparer et animer un atelier de groupe.
public: [mediateurs]
niveau: intermediaire
duree: 1 h
thematiques: [culture-numerique]
competences: [mediation/animer, communiquer]
objectifs: [Animer un atelier de six personnes.]
""",
    "fiches/web/ecrire.yml": """\
titre: Écrire un premier message
resume: Écrire quelques mots et les relire.
public: [seniors]
niveau: debutant
duree: 20 min
thematiques: [e-mail]
objectifs: [Écrire une phrase.]
""",
    "parcours/former-les-mediateurs.yml": """\
titre: Former les médiateurs
resume: Une séance pour animer un premier atelier.
public: [mediateurs]
niveau: intermediaire
referentiels: [mediation]
objectifs: [Animer un atelier.]
seances:
  - titre: Animer
    duree: 1 h
    fiches: [animer-un-atelier]
""",
}
# The courriel fiche gets learner steps, exercises and a glossary term in every part.
PLUS_COURRIEL = """\
  etapes:
    - Ouvrez la messagerie et cliquez sur « Nouveau courriel ».
    - Écrivez l'adresse de votre voisin.
  exercices:
    - Envoyez un courriel à votre voisin de table.
    - Relisez le brouillon avant de l'envoyer.
"""


def write_plus_repo(target: Path) -> Path:
    shutil.copytree(FIXTURES / "catalogue", target)
    for relative, text in PLUS_FILES.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, "utf-8")
    courriel = target / "fiches/web/courriel.yml"
    text = courriel.read_text("utf-8").replace("apprenant:\n", "apprenant:\n" + PLUS_COURRIEL, 1)
    courriel.write_text(text, "utf-8")
    return target


@pytest.fixture(scope="session")
def plus_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plus_repo(tmp_path_factory.mktemp("plus-repo") / "plus")


@pytest.fixture(scope="session")
def plus_site(plus_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(plus_repo, tmp_path_factory.mktemp("plus") / "site")


@pytest.fixture(scope="session")
def plus_url(plus_site: Path) -> Iterator[str]:
    yield from serve(plus_site)
