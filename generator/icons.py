"""Pictograms in author text: `:material-cog:`, `:fontawesome-solid-share-nodes:`,
`:octicons-kebab-horizontal-16:` (Material for MkDocs' shortcodes, which authors know).

The drawings are the SVG files that Material for MkDocs installs (Material Design Icons, Font
Awesome, Octicons, Simple Icons): nothing is downloaded. Each icon is shown with its French
name as its accessible text, from `data/icones.yml`, which a repository may extend with the
`icones` option of the relais plugin.
"""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from pathlib import Path
from typing import Literal

from .datafiles import data_file

SHORTCODE = re.compile(
    r":(?P<name>(?:material|octicons|simple|fontawesome-(?:solid|regular|brands))-[a-z0-9-]+):")
SCHEME = "icone"  # address of an icon inside clean HTML: `icone:material-cog`
_SETS = ("material", "octicons", "simple", "fontawesome-solid", "fontawesome-regular",
         "fontawesome-brands")
_ICON_IMAGE = re.compile(r'<img alt="(?P<alt>[^"]*)" src="icone:(?P<name>[a-z0-9-]+)">')
Drawing = Literal["svg", "img"]


@cache
def _icons_folder() -> Path:
    import material  # the installed theme package: only its icon files are used

    return Path(material.__file__).parent / "templates" / ".icons"


def icon_file(name: str) -> Path | None:
    """The SVG file of `material-cog`, or None for a name no set has."""
    for prefix in _SETS:
        if name.startswith(prefix + "-"):
            folder = _icons_folder() / prefix.replace("-", "/")
            path = folder / f"{name[len(prefix) + 1:]}.svg"
            return path if path.is_file() else None
    return None


@cache
def all_names() -> tuple[str, ...]:
    """Every icon name, for « vouliez-vous dire » hints."""
    root = _icons_folder()
    names = []
    for prefix in _SETS:
        folder = root / prefix.replace("-", "/")
        names += [f"{prefix}-{path.stem}" for path in folder.glob("*.svg")]
    return tuple(sorted(names))


@cache
def french_names() -> dict[str, str]:
    return dict(data_file("icones.yml"))


def french_name(name: str, extra: dict[str, str] | None = None) -> str | None:
    return (extra or {}).get(name) or french_names().get(name)


def spoken(name: str, extra: dict[str, str] | None = None) -> str:
    """What a screen reader says for the icon (its French name, or a generic label)."""
    return french_name(name, extra) or "icône"


@cache
def _svg(name: str) -> str:
    path = icon_file(name)
    return path.read_text("utf-8") if path else ""


def draw(fragment: str, drawing: Drawing) -> str:
    """Clean HTML with each icon placeholder replaced by its drawing: inline SVG that takes the
    text colour (site), or a vector image with its name as alternative text (print)."""

    def substitute(match: re.Match[str]) -> str:
        name, alt = match["name"], match["alt"]
        svg = _svg(name)
        if not svg:
            return match[0]
        if drawing == "img":
            data = base64.b64encode(svg.encode()).decode()
            return (f'<img class="relais-icone" alt="{alt}" '
                    f'src="data:image/svg+xml;base64,{data}">')
        return svg.replace("<svg ", f'<svg class="relais-icone" role="img" aria-label="{alt}" ',
                           1).replace(">", f"><title>{alt}</title>", 1)

    return _ICON_IMAGE.sub(substitute, fragment)


def placeholder(name: str, extra: dict[str, str] | None = None) -> str:
    """The `<img>` that stands for an icon in Markdown output until `draw` replaces it."""
    return f'<img alt="{html.escape(spoken(name, extra))}" src="{SCHEME}:{name}">'
