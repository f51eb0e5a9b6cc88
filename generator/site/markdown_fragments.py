"""Relais' rendered fragments inside a page of the pages folder, for any Python-Markdown engine.

A generated page holds a placeholder for each piece of HTML Relais rendered itself (see
`render.Page`); the engine must never parse those pieces as Markdown. The MkDocs plugin puts
them back once MkDocs is done with a page. A page of the pages folder (`relais pages`) carries
its fragments instead, in an HTML comment on its last line, which this Markdown extension takes
out before the engine reads the page and puts back in place of the placeholders once the page is
HTML: Zensical, MkDocs or any engine built on Python-Markdown gets the same article.

In the engine's configuration: `markdown_extensions: [generator.site.markdown_fragments]`.
"""

from __future__ import annotations

import json

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .text import FRAGMENT_MARK

OPENING = "<!-- relais-fragments "
CLOSING = " -->"


def embed(content: str, fragments: tuple[str, ...]) -> str:
    """The page with its fragments on a last line. The JSON carries no `-` (written `\\u002d`),
    so that nothing in it can close the comment."""
    if not fragments:
        return content
    data = json.dumps(list(fragments), ensure_ascii=False).replace("-", "\\u002d")
    return f"{content.rstrip()}\n\n{OPENING}{data}{CLOSING}\n"


def take_out(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """The page's lines without its fragments line, and its fragments (none when it has none)."""
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    line = lines[last].strip() if last >= 0 else ""
    if not (line.startswith(OPENING) and line.endswith(CLOSING)):
        return lines, ()
    try:
        found = json.loads(line[len(OPENING):-len(CLOSING)])
    except ValueError:
        return lines, ()
    if not (isinstance(found, list) and all(isinstance(f, str) for f in found)):
        return lines, ()
    return lines[:last], tuple(found)


class _TakeOut(Preprocessor):
    def __init__(self, md: Markdown, extension: FragmentsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        lines, self.extension.fragments = take_out(lines)
        return lines


class _PutBack(Postprocessor):
    def __init__(self, md: Markdown, extension: FragmentsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        fragments = self.extension.fragments
        if not fragments or FRAGMENT_MARK not in text:
            return text
        from .render import fill_fragments  # the rest of Relais only when a page needs it

        return fill_fragments(text, fragments)


class FragmentsExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.fragments: tuple[str, ...] = ()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before the raw HTML block processor (20) would set the comment aside.
        md.preprocessors.register(_TakeOut(md, self), "relais_fragments", 40)
        # Last, on the page's final HTML, as the MkDocs plugin does (`on_page_content`).
        md.postprocessors.register(_PutBack(md, self), "relais_fragments", 0)

    def reset(self) -> None:
        self.fragments = ()


def makeExtension(**kwargs: object) -> FragmentsExtension:
    return FragmentsExtension(**kwargs)
