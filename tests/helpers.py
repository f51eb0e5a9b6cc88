"""Small helpers to write content repositories in tests."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Served:
    """A `relais serve` under test: its address, and what it printed once stopped."""

    base: str
    errors: str = ""


@contextlib.contextmanager
def serving(repo: Path, page: str, text: str, *, interrupt: bool = False,
            seconds: float = 120) -> Iterator[Served]:
    """`relais serve` on `repo`, once its `page` shows `text` (a deadline, not a measure);
    stopped after (Ctrl-C with `interrupt`), its terminal's text then in `errors`."""
    port = free_port()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as terminal:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", str(repo),
             "-a", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=terminal, text=True)
        served = Served(f"http://127.0.0.1:{port}/")
        try:
            deadline = time.monotonic() + seconds
            while text not in fetch(served.base + page):
                assert time.monotonic() < deadline, "the preview never answered"
                assert server.poll() is None, "relais serve stopped"
                time.sleep(0.2)
            yield served
        finally:
            server.send_signal(signal.SIGINT if interrupt else signal.SIGTERM)
            server.wait(timeout=120)
            terminal.seek(0)
            served.errors = terminal.read()


def wait_for(url: str, text: str, seconds: float = 120) -> bool:
    """Whether the page at `url` shows `text` before `seconds` (a deadline, not a measure)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


def fetch(url: str) -> str:
    """The page at `url`, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""
