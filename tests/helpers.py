"""Small helpers to write content repositories in tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

from generator.check import check_repository
from generator.diagnostics import Diagnostic

VALID_FICHE = """\
titre: Allumer l'ordinateur
resume: Les gestes pour démarrer.
public: [seniors]
niveau: debutant
duree: 30 min
objectifs: [Allumer l'ordinateur.]
"""


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), "utf-8")
    return path


def diagnostics_of(root: Path) -> list[Diagnostic]:
    return check_repository(root).diagnostics


def formatted(root: Path) -> list[str]:
    return sorted(d.format() for d in diagnostics_of(root))


def only(root: Path, needle: str) -> Diagnostic:
    """The single diagnostic whose message contains `needle`."""
    found = [d for d in diagnostics_of(root) if needle in d.message]
    assert len(found) == 1, (
        f"expected one « {needle} », got {[d.format() for d in diagnostics_of(root)]}"
    )
    return found[0]


def relais(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the `relais` command as a user would, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def free_port() -> int:
    """A localhost port nobody listens on (for a `relais serve` under test)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    """The page at `url`, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""
