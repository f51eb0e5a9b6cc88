"""How large the words inside an SVG drawing print, for the check of learner step images.

The drawing is read as XML (after `media.svg_problem` found it safe): the smallest font size
of any visible text, in the drawing's own units, with what `font-size` attributes, `style`
attributes, simple `<style>` rules, `em` and `%` sizes and `scale` transforms make of it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from .print_sizes import MM, ImageBox

DEFAULT_FONT_SIZE = 16.0  # CSS `medium`, in user units
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*$")
_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_STYLE_FONT = re.compile(r"font-size\s*:\s*([^;]+)", re.IGNORECASE)
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_TRANSFORM = re.compile(r"(matrix|scale)\s*\(([^)]*)\)", re.IGNORECASE)
_HIDDEN = {"title", "desc", "metadata", "defs", "style", "clippath", "mask", "symbol"}


@dataclass(frozen=True)
class SvgText:
    smallest: float  # font size of the smallest visible text, in drawing units (0: no text)
    view_width: float
    view_height: float
    width: float  # intrinsic proportions of the picture
    height: float

    def printed_points(self, box: ImageBox) -> float:
        """Size in points of the smallest text when the picture is printed in `box`."""
        width_pt = box.printed_width_mm(self.width, self.height) * MM
        height_pt = width_pt * self.height / self.width
        scale = min(width_pt / self.view_width, height_pt / self.view_height)
        return self.smallest * scale


@lru_cache(maxsize=1024)
def svg_text_of(path: Path, mtime_ns: int, size: int) -> SvgText | None:
    """`read_svg_text`, kept while the file is unchanged."""
    return read_svg_text(path)


def read_svg_text(path: Path) -> SvgText | None:
    """The smallest text of the drawing at `path`, or None when it has no text or no size."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    view = _view_box(root)
    if view is None:
        return None
    rules = _style_rules(root)
    sizes = list(_text_sizes(root, DEFAULT_FONT_SIZE, 1.0, rules))
    if not sizes:
        return None
    width = _length(root.get("width"), 0.0) or view[0]
    height = _length(root.get("height"), 0.0) or view[1]
    return SvgText(min(sizes), view[0], view[1], width, height)


def svg_proportions(path: Path) -> tuple[float, float] | None:
    """Intrinsic width and height of a drawing (its width and height, else its viewBox)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    view = _view_box(root)
    width = _length(root.get("width"), 0.0) or (view[0] if view else 0.0)
    height = _length(root.get("height"), 0.0) or (view[1] if view else 0.0)
    return (width, height) if width > 0 and height > 0 else None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _view_box(root: ElementTree.Element) -> tuple[float, float] | None:
    numbers = re.findall(_NUMBER, root.get("viewBox") or "")
    if len(numbers) == 4 and float(numbers[2]) > 0 and float(numbers[3]) > 0:
        return float(numbers[2]), float(numbers[3])
    width, height = _length(root.get("width"), 0.0), _length(root.get("height"), 0.0)
    return (width, height) if width > 0 and height > 0 else None


def _length(value: str | None, parent: float) -> float:
    """A font size or length in user units (`em` and `%` relative to `parent`)."""
    match = _LENGTH.match(value or "")
    if not match:
        return parent
    number, unit = float(match[1]), match[2] or "px"
    if unit == "em":
        return number * parent
    if unit == "ex":
        return number * parent / 2
    if unit == "%":
        return number * parent / 100
    return number * _UNITS[unit]


def _style_rules(root: ElementTree.Element) -> dict[str, str]:
    """`font-size` of simple `<style>` rules: `text`, `.class`, `#id` selectors."""
    rules: dict[str, str] = {}
    for element in root.iter():
        if _local(str(element.tag)) != "style":
            continue
        for selectors, body in _RULE.findall(element.text or ""):
            size = _STYLE_FONT.search(body)
            if size:
                for selector in selectors.split(","):
                    rules[selector.strip()] = size[1].strip()
    return rules


def _own_size(element: ElementTree.Element, rules: dict[str, str]) -> str | None:
    style = _STYLE_FONT.search(element.get("style") or "")
    if style:
        return style[1].strip()
    keys = [f"#{element.get('id')}", *(f".{name}" for name in (element.get("class") or "").split()),
            _local(str(element.tag))]
    found = next((rules[key] for key in keys if key in rules), None)
    return found or element.get("font-size")


def _scale(transform: str | None) -> float:
    """How much a `transform` enlarges what it holds (the square root of its area factor)."""
    factor = 1.0
    for kind, arguments in _TRANSFORM.findall(transform or ""):
        values = [float(v) for v in re.findall(_NUMBER, arguments)]
        if kind.lower() == "scale" and values:
            factor *= abs(values[0] * (values[1] if len(values) > 1 else values[0]))
        elif len(values) == 6:
            factor *= abs(values[0] * values[3] - values[1] * values[2])
    return math.sqrt(factor)


def _text_sizes(element: ElementTree.Element, inherited: float, scale: float,
                rules: dict[str, str]) -> list[float]:
    tag = _local(str(element.tag))
    if tag in _HIDDEN:
        return []
    size = _length(_own_size(element, rules), inherited)
    scale *= _scale(element.get("transform"))
    visible = tag in ("text", "tspan", "textpath") and (element.text or "").strip()
    found = [size * scale] if visible else []
    for child in element:
        found += _text_sizes(child, size, scale, rules)
    return found
