"""Author Markdown -> safe HTML, the one way every output renders content text.

Content files are untrusted data. Their Markdown is parsed here with a fixed set of constructs
(paragraphs, emphasis, lists, block quotes, headings, code, tables, links and autolinks,
images of the repository, icon shortcodes such as `:material-cog:`), never with raw HTML nor
the engine's extensions (attribute lists, snippets…). Every link and image address is judged
after parsing, whatever the syntax that produced it, and the HTML is then cleaned with an
allow-list (nh3, the Python binding of the Rust sanitiser ammonia: maintained, fast, and it
parses HTML the way a browser does).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.etree import ElementTree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from . import icons

WEB_SCHEMES = ("http", "https", "mailto")
RELAIS_SCHEMES = ("fiche", "parcours", "competence")
LINK_HINT = "liens acceptés : https://…, mailto:…, fiche:ID, parcours:ID, competence:REF/ID"

# Browsers drop ASCII tabs and newlines inside URLs and ignore leading controls and spaces:
# `java\tscript:` is `javascript:`. Judge the address a browser would follow.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_PARAGRAPH = re.compile(r"<p>(?P<inner>(?:(?!</?p>).)*)</p>", re.DOTALL)

_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "img", "code", "pre", "blockquote",
         "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
               "th": {"align"}, "td": {"align"}}


@dataclass(frozen=True)
class Target:
    """A link or image address as the Markdown parser understood it."""

    url: str
    image: bool

    @property
    def normalised(self) -> str:
        return normalise_url(self.url)

    @property
    def scheme(self) -> str | None:
        return url_scheme(self.url)

    @property
    def reference(self) -> str:
        """What follows `scheme:` (the whole address when it has no scheme)."""
        clean = self.normalised
        return clean.split(":", 1)[1] if self.scheme else clean

    @property
    def typed(self) -> str:
        """What the author typed for it, as far as it can be found in the text."""
        return f":{self.reference}:" if self.scheme == icons.SCHEME else self.url


def normalise_url(url: str) -> str:
    return _IGNORED_IN_URL.sub("", html.unescape(url.replace(AMP_SUBSTITUTE, "&")))


def url_scheme(url: str) -> str | None:
    match = _SCHEME.match(normalise_url(url))
    return match[1].lower() if match else None


def link_refused(url: str) -> bool:
    """A link is a web address, an e-mail, a relais page or an anchor of the same page."""
    clean = normalise_url(url)
    scheme = url_scheme(url)
    if scheme is None:
        return not (clean == "" or clean.startswith("#"))
    return scheme not in (*WEB_SCHEMES, *RELAIS_SCHEMES)


def image_refused(url: str) -> bool:
    """An image is a file of the repository, named by a plain relative path, or an icon."""
    clean = normalise_url(url)
    if url_scheme(url) == icons.SCHEME:
        return icons.icon_file(clean.split(":", 1)[1]) is None
    return (clean == "" or url_scheme(url) is not None or clean.startswith(("/", "\\"))
            or posixpath.normpath(clean) != clean or clean.startswith(".."))


class _Collect(Treeprocessor):
    """Records the address of every link and image, once inline parsing is done."""

    def __init__(self, md: markdown.Markdown, found: list[Target]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self.found.append(Target(element.get("href", ""), image=False))
            elif element.tag == "img":
                self.found.append(Target(element.get("src", ""), image=True))


class _Icon(InlineProcessor):
    """`:material-cog:` -> an icon placeholder (see `icons.draw`)."""

    # types-Markdown gives InlineProcessor the signature of the older Pattern class.
    def handleMatch(  # type: ignore[override]
            self, m: re.Match[str], data: str) -> tuple[ElementTree.Element, int, int]:
        element = ElementTree.Element("img")
        element.set("alt", icons.spoken(m["name"]))
        element.set("src", f"{icons.SCHEME}:{m['name']}")
        return element, m.start(0), m.end(0)


class _Parser:
    """One Python-Markdown instance with Relais' fixed constructs (not thread-safe: one per
    process, used in turn)."""

    def __init__(self) -> None:
        self.found: list[Target] = []
        self.md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html",
                                    extension_configs={"tables": {"use_align_attribute": True}})
        self.md.preprocessors.deregister("html_block")  # raw HTML is text, shown as typed
        self.md.inlinePatterns.deregister("html")
        self.md.inlinePatterns.register(_Icon(icons.SHORTCODE.pattern, self.md), "relais-icon", 75)
        self.md.treeprocessors.register(_Collect(self.md, self.found), "relais-targets", 0)

    def convert(self, text: str) -> tuple[str, list[Target]]:
        self.found.clear()
        self.md.reset()
        return self.md.convert(text), list(self.found)


@cache
def _parser() -> _Parser:
    return _Parser()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return None if link_refused(value) else value
    if tag == "img" and attribute == "src":
        return None if image_refused(value) else value
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, attribute_filter=_keep_attribute,
                       url_schemes={*WEB_SCHEMES, *RELAIS_SCHEMES, icons.SCHEME},
                       link_rel=None,
                       strip_comments=True)


_BARE_LINK = re.compile(r"<a>(?P<words>.*?)</a>", re.DOTALL)


def sanitise(fragment: str) -> str:
    """Allow-list cleaning of an HTML fragment made from content; a link whose address was
    refused becomes its words."""
    return _BARE_LINK.sub(r"\g<words>", _cleaner().clean(fragment))


@lru_cache(maxsize=65536)
def parse(text: str) -> tuple[str, tuple[Target, ...]]:
    """Clean HTML of one Markdown text, and the addresses its links and images point to.

    Relais links stay `fiche:ID`, `parcours:ID` or `competence:REF/ID` for each output to
    resolve; a refused address loses its link (the words stay) or its image.
    """
    raw, targets = _parser().convert(text.strip())
    return _keep_icons_with_their_word(sanitise(raw)), tuple(targets)


_ICON_TAG = rf'<img alt="[^"<>]*" src="{icons.SCHEME}:[a-z0-9-]+">'
_ICON_THEN_WORD = re.compile(rf"({_ICON_TAG}) (?=\w)")
_WORD_THEN_ICON = re.compile(rf"(?<=\w) ({_ICON_TAG})(?!\u00a0)")


def _keep_icons_with_their_word(fragment: str) -> str:
    """A pictogram never ends a line apart from the word it shows: glued (no-break space) to
    the word after it (« :material-cog: Paramètres »), or else to the word before it
    (« touche Entrée :material-keyboard-return: »)."""
    fragment = _ICON_THEN_WORD.sub("\\1\u00a0", fragment)
    return _WORD_THEN_ICON.sub("\u00a0\\1", fragment)


def to_html(text: str | None) -> str:
    return parse(text)[0] if text else ""


def targets(text: str) -> tuple[Target, ...]:
    return parse(text)[1]


def markdown_images(text: str) -> list[str]:
    """The repository paths of the images a Markdown text shows (refused ones and icons left
    out)."""
    return [t.normalised for t in targets(text)
            if t.image and t.scheme is None and not image_refused(t.url)]


def unwrap_paragraph(fragment: str) -> str:
    """A fragment that is one paragraph, without its `<p>` (list items, table cells)."""
    match = _PARAGRAPH.fullmatch(fragment.strip())
    return match["inner"] if match else fragment


_RELAIS_HREF = re.compile(r'(?P<tag><a|<img)(?P<before>[^>]*?) (?P<attr>href|src)="(?P<url>[^"]*)"')


def rewrite_addresses(fragment: str, resolve: Callable[[str, bool], str | None]) -> str:
    """Rewrite link and image addresses of clean HTML with `resolve(url, is_image)`; None
    removes the address (a link keeps its words)."""

    def substitute(match: re.Match[str]) -> str:
        new = resolve(html.unescape(match["url"]), match["tag"] == "<img")
        start = f"{match['tag']}{match['before']}"
        return start if new is None else f'{start} {match["attr"]}="{html.escape(new)}"'

    return _BARE_LINK.sub(r"\g<words>", _RELAIS_HREF.sub(substitute, fragment))
