"""mkdocs.yml: trusted configuration, read defensively and checked before the engine sees it.

mkdocs.yml is the site owner's file, like a Makefile (MkDocs itself runs `!!python` tags and
hooks from it), so Relais never interprets those tags: it reads them as nothing. It still
bounds what a mistake can cost (alias bombs, absurd nesting) and reports in French, with a
position, what would otherwise stop the engine with an English message and no position.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Position, did_you_mean, error

SETTINGS_FILE = "mkdocs.yml"
MAX_NODES = 100_000  # values after alias expansion: far above any real mkdocs.yml
_BOMB_HINT = "n'utilisez pas d'ancres « & » ni d'alias « * » imbriqués"


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that reads `!!python/name:`, `!ENV` and other tags as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


class SettingsFileError(Exception):
    """mkdocs.yml cannot be read; carries a French diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class SettingsFile:
    data: dict[str, Any]
    node: yaml.Node | None

    def position(self, *keys: str) -> Position:
        """Where the value at `keys` starts (or the closest enclosing one)."""
        node = self.node
        mark = node.start_mark if node is not None else None
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                break
            found = next((v for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == key), None)
            if found is None:
                break
            node, mark = found, found.start_mark
        return Position(mark.line + 1, mark.column + 1) if mark is not None else Position()

    def relais_option_position(self, option: str) -> Position:
        """Where an option of the `relais` plugin is written (else where the plugin is)."""
        plugins = _mapping_value(self.node, "plugins")
        items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
        for item in items:
            options = _mapping_value(item, "relais")
            if options is not None:
                value = _mapping_value(options, option) or options
                return Position(value.start_mark.line + 1, value.start_mark.column + 1)
        return self.position("plugins")


def _mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key),
                None)


def read_settings_file(path: Path) -> SettingsFile:
    """The mapping of mkdocs.yml (an empty one if it holds something else)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return SettingsFile({}, None)
            _bound(node)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except SettingsFileError:
        raise
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, OSError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Position(mark.line + 1, mark.column + 1) if mark else Position()
        hint = ("imbrication trop profonde : moins de niveaux de listes et de blocs"
                if isinstance(exc, RecursionError) or "nesting" in str(exc)
                else "vérifiez sa syntaxe YAML (indentation, deux-points, guillemets)")
        raise SettingsFileError(error(SETTINGS_FILE, where, "mkdocs.yml illisible", hint,
                                      code="yaml-illisible")) from exc
    return SettingsFile(data if isinstance(data, dict) else {}, node)


def _bound(root: yaml.Node) -> None:
    """Count values as if aliases were expanded, without expanding them (iteratively)."""
    budget = MAX_NODES
    pending = [root]
    while pending:
        node = pending.pop()
        budget -= 1
        if budget < 0:
            where = Position(node.start_mark.line + 1, node.start_mark.column + 1)
            raise SettingsFileError(error(SETTINGS_FILE, where,
                                          "mkdocs.yml trop volumineux une fois les alias YAML "
                                          "développés", _BOMB_HINT, code="limite-depassee"))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((key, value))


def _problem(where: Position, message: str, hint: str | None) -> Diagnostic:
    return error(SETTINGS_FILE, where, message, hint, code="reglages-invalides")


def settings_problems(settings: SettingsFile, root: Path) -> list[Diagnostic]:
    """What would make the engine refuse mkdocs.yml, or leave the repository."""
    return [*_site_name(settings), *_theme(settings), *_plugins(settings),
            *_docs_dir(settings, root)]


def _site_name(settings: SettingsFile) -> list[Diagnostic]:
    value = settings.data.get("site_name")
    if isinstance(value, str) and value.strip():
        return []
    return [_problem(settings.position("site_name"), "« site_name » : titre du site "
                  "absent ou vide", "écrivez par exemple « site_name: Ateliers numériques »")]


def _installed(group: str) -> list[str]:
    return sorted(entry.name for entry in entry_points(group=group))


def _theme(settings: SettingsFile) -> list[Diagnostic]:
    theme = settings.data.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    if theme is None or (isinstance(theme, dict) and name is None and theme.get("custom_dir")):
        return []
    themes = _installed("mkdocs.themes")
    if isinstance(name, str) and name in themes:
        return _language(settings, name)
    where = settings.position("theme", "name") if isinstance(theme, dict) else \
        settings.position("theme")
    return [_problem(where, f"thème « {name} » inconnu",
                  did_you_mean(str(name), themes) or "thèmes installés : " + ", ".join(themes))]


def plugin_entries(plugins: Any) -> list[tuple[Any, Any]]:
    """(name, options) of each entry of `plugins:`, a list or a mapping (anything else: none)."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    if not isinstance(plugins, list):
        return []
    return [next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins]


def _language(settings: SettingsFile, theme: str) -> list[Diagnostic]:
    """A theme that translates its interface (Material does) must know the language."""
    options = settings.data.get("theme")
    language = options.get("language", "en") if isinstance(options, dict) else "en"
    (entry,) = entry_points(group="mkdocs.themes", name=theme)
    folder = Path(entry.load().__file__).parent / "partials" / "languages"
    if not folder.is_dir():
        return []
    known = sorted(path.stem for path in folder.glob("*.html"))
    if isinstance(language, str) and language in known:
        return []
    return [_problem(settings.position("theme", "language"),
                  f"langue « {language} » inconnue du thème {theme}",
                  did_you_mean(str(language), known) or "pour le français : « language: fr »")]


def _plugins(settings: SettingsFile) -> list[Diagnostic]:
    plugins = settings.data.get("plugins")
    if plugins is not None and not isinstance(plugins, list | dict):
        return [_problem(settings.position("plugins"), "« plugins » : liste attendue",
                      "écrivez une extension par ligne : « - search », « - relais »")]
    installed = _installed("mkdocs.plugins")
    found = []
    for index, (name, options) in enumerate(plugin_entries(plugins)):
        where = _item_position(settings, "plugins", index) or settings.position("plugins")
        if not (isinstance(name, str) and name in installed):
            found.append(_problem(where, f"extension « {name} » inconnue",
                               did_you_mean(str(name), installed)
                               or "extensions installées : " + ", ".join(installed)))
        elif name == "relais" and not isinstance(options, dict | None):
            found.append(_problem(where, "options de « relais » : bloc de clés attendu",
                               "écrivez « - relais: » puis « licence: … » en dessous"))
    return found


def _item_position(settings: SettingsFile, key: str, index: int) -> Position | None:
    assert isinstance(settings.node, yaml.MappingNode)
    for k, value in settings.node.value:
        if getattr(k, "value", None) == key and isinstance(value, yaml.SequenceNode) \
                and index < len(value.value):
            mark = value.value[index].start_mark
            return Position(mark.line + 1, mark.column + 1)
    return None


def _docs_dir(settings: SettingsFile, root: Path) -> list[Diagnostic]:
    value = settings.data.get("docs_dir", "docs")
    if isinstance(value, str) and "\x00" not in value:
        folder = (root / value).resolve()
        if folder == root.resolve():
            return [_problem(settings.position("docs_dir"),
                          "« docs_dir » : le dossier des pages ne peut pas être le dépôt même",
                          "écrivez « docs_dir: docs » et placez-y les pages écrites à la main")]
        if folder.is_relative_to(root.resolve()):
            return []
    return [_problem(settings.position("docs_dir"),
                  f"« docs_dir » : le dossier « {value} » est hors du dépôt",
                  "les pages écrites à la main restent dans le dépôt, par exemple docs/")]
