"""WeasyPrint reads only the content repository and Relais' own assets, never the network."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from generator.check import check_repository
from generator.pdf.documents import job, pdf_path
from generator.pdf.fetcher import RepositoryFetcher, ResourceRefused
from generator.pdf.produce import produce
from generator.pdf.writer import ASSETS

from .test_pdf_support import PRINT_FIXTURE, full_text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    return root


def test_files_of_the_repository_and_assets_are_served(repo: Path) -> None:
    fetcher = RepositoryFetcher(repo, ASSETS)
    response = fetcher.fetch((repo / "medias" / "souris.svg").as_uri())
    assert response.read() == (repo / "medias" / "souris.svg").read_bytes()
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch((ASSETS / "print.css").as_uri()).read().startswith(b"/*")


@pytest.mark.parametrize("url", [
    "https://example.org/logo.png",
    "http://127.0.0.1:9/image.png",
    "ftp://example.org/x.png",
    "file:///etc/hostname",
    "file://serveur/partage/image.png",
])
def test_anything_else_is_refused_in_french(repo: Path, url: str) -> None:
    fetcher = RepositoryFetcher(repo, ASSETS)
    with pytest.raises(ResourceRefused, match=r"ressource refusée .* pas un fichier du dépôt"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_paths_escaping_the_repository_are_refused(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for print")
    (repo / "medias" / "lien.png").symlink_to(secret)
    fetcher = RepositoryFetcher(repo)
    for url in [(repo / "medias" / "lien.png").as_uri(),
                repo.as_uri() + "/medias/../../secret.png",
                (repo / "medias" / "absent.png").as_uri()]:
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_a_web_image_in_a_fiche_is_an_error_and_never_fetched(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fiche = repo / "fiches" / "courriel.yml"
    fiche.write_text(fiche.read_text("utf-8").replace(
        "  introduction: Un courriel est une lettre qui arrive par internet.",
        "  introduction: |\n    Un courriel est une lettre qui arrive par internet.\n\n"
        "    ![Le logo](https://example.org/logo.png)"), "utf-8")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a PDF build opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    result = check_repository(repo)
    (error,) = [d for d in result.diagnostics if d.is_error]
    assert error.message == "image « https://example.org/logo.png » refusée"
    line = error.position.line
    assert "https://example.org/logo.png" in fiche.read_text("utf-8").splitlines()[line - 1]
    # Even if it were printed anyway, the sanitised HTML has no address to fetch.
    production = produce(result.library, [job("fiche-apprenant", "courriel", "a4")], workers=1,
                         show_progress=False)
    assert production.warnings == []
    pdf = production.documents[0].file
    assert production.documents[0].job.path == pdf_path("fiche-apprenant", "courriel")
    assert "Un courriel est une lettre" in full_text(pdf)
