"""The only way WeasyPrint may read a file: inside the content repository or Relais' own assets.

Anything else (web addresses, files elsewhere on the machine) is refused with a French message,
so a build never reaches the network and a document cannot pull in a private file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ResourceRefused(ValueError):
    """A document asked for something outside the allowed folders."""


class RepositoryFetcher(URLFetcher):
    """Serves `file:` URLs under the allowed folders, and `data:` URLs; refuses the rest."""

    def __init__(self, *folders: Path) -> None:
        super().__init__(allow_redirects=False)
        self.folders = [folder.resolve() for folder in folders]
        self.refused: list[str] = []  # every refused URL, reported once the PDF is written

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)  # inline bytes: nothing is read or downloaded
        path = self._allowed_path(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise ResourceRefused(
                f"ressource refusée : « {url} » n'est pas un fichier du dépôt de contenu ; "
                "un PDF n'utilise que les fichiers du dépôt (par exemple medias/image.png)")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if any(path.is_relative_to(folder) for folder in self.folders) and path.is_file():
            return path
        return None
