"""Running MkDocs on a content repository, with or without mkdocs.yml.

`relais build` hands the orchestrator's site files to the relais plugin (mkdocs_plugin.py),
which gives them to MkDocs; `relais serve` lets the plugin run the orchestrator at each change.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..load import SETTINGS_FILE, read_mkdocs_config
from ..orchestrator import RunFailed, SiteFiles

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # set before MkDocs and Material are imported


class MkDocsEngine:
    """The `Engine` of `relais build`."""

    def build(self, files: SiteFiles, site_dir: Path) -> None:
        """Write the site of `files` into `site_dir` (which MkDocs empties first)."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        from .mkdocs_plugin import RelaisPlugin

        _quiet_engine_logs()
        try:
            with engine_config(files.library.root, site_dir=str(site_dir)) as config:
                for plugin in config.plugins.values():
                    if isinstance(plugin, RelaisPlugin):
                        plugin.handed = files  # checked and reported once, by this run
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
        except MkDocsException as exc:
            raise RunFailed(f"la construction a échoué : {exc}") from exc


@contextlib.contextmanager
def engine_config(root: Path, **overrides: Any) -> Iterator[Any]:
    """A loaded MkDocs config for `root`: its mkdocs.yml, or Relais' defaults when it has none."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    with _config_file(root) as (config_file, scratch):
        overrides.update(_docs_override(config_file, scratch))
        try:
            yield load_config(config_file=str(config_file), **overrides)
        except ConfigurationError as exc:
            raise RunFailed(f"la construction a échoué : configuration du site invalide : "
                            f"{exc}") from exc


def serve_site(root: Path, address: str) -> None:
    """Preview with live reload; the relais plugin watches the YAML folders."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    _quiet_engine_logs()
    # Stopped by its service manager or a test (SIGTERM) as by Ctrl-C: the PDFs in the making
    # are stopped and their worker processes ended, with nothing left behind.
    stopped = signal.signal(signal.SIGTERM, _interrupt)
    with _config_file(root) as (config_file, scratch):
        overrides = _docs_override(config_file, scratch)
        try:
            serve(config_file=str(config_file), dev_addr=address, livereload=True, **overrides)
        except (ConfigurationError, Abort) as exc:  # raised before the server starts
            raise RunFailed(f"configuration du site invalide : {exc}") from exc
        finally:
            signal.signal(signal.SIGTERM, stopped)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _config_file(root: Path) -> Iterator[tuple[Path, Path]]:
    """(mkdocs.yml, a scratch folder): the repository's, or Relais' defaults written there."""
    with tempfile.TemporaryDirectory(prefix="relais-") as scratch:
        config_file = root / SETTINGS_FILE
        if not config_file.is_file():
            config_file = Path(scratch) / SETTINGS_FILE
            config_file.write_text(yaml.safe_dump(_default_config(root)), "utf-8")
        yield config_file, Path(scratch)


def _docs_override(config_file: Path, scratch: Path) -> dict[str, Any]:
    """An empty docs folder when mkdocs.yml names none that exists: pages are all generated."""
    raw = read_mkdocs_config(config_file.parent) or {}
    if (config_file.parent / raw.get("docs_dir", "docs")).is_dir():
        return {}
    empty = scratch / "docs"
    empty.mkdir(exist_ok=True)
    return {"docs_dir": str(empty)}


def _default_config(root: Path) -> dict[str, Any]:
    text = resources.files("generator.site").joinpath("defaults.yml").read_text("utf-8")
    config = yaml.safe_load(text)
    config["site_name"] = root.name
    config["plugins"] = [p if p != "relais" else {"relais": {"contenu": str(root)}}
                         for p in config["plugins"]]
    return config


class _OneLineHandler(logging.Handler):
    """Each warning or error on one line (a diagnostic the relais plugin logs is never wrapped);
    the engine's own messages say where they come from."""

    def emit(self, record: logging.LogRecord) -> None:
        from rich.markup import escape

        from ..report import console

        text = record.getMessage()
        if not record.name.startswith("mkdocs.plugins.generator"):
            text = f"MkDocs : {text}"
        style = "red" if record.levelno >= logging.ERROR else "yellow"
        console.print(f"[{style}]{escape(text)}[/]", soft_wrap=True)


def _quiet_engine_logs() -> None:
    """Show the engine's warnings and errors, not its chatter."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _OneLineHandler) for h in logger.handlers):
        handler = _OneLineHandler()
        handler.addFilter(_without_write_errors)
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _without_write_errors(record: logging.LogRecord) -> bool:
    """MkDocs logs a page it could not write, in English, before the error goes up; Relais
    reports a full disk or a read-only folder itself, in French, on one line."""
    from ..output import WRITE_ERRNOS

    found = re.search(r"\[Errno (\d+)\]", record.getMessage())
    return not (record.levelno >= logging.ERROR and found and int(found[1]) in WRITE_ERRNOS)
