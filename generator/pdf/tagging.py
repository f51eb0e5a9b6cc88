"""The PDF structure tree of Relais' documents (PDF/UA-1), built instead of WeasyPrint's own.

WeasyPrint 70 tags a document page by page. Read with a screen reader, that gives:

- the running header and « Page X sur Y » marked as content (`/Span`) that no structure
  element reachable from the root holds, where PDF/UA wants pagination artifacts;
- one list, table or section per page: a list of steps that runs over a page break becomes
  two lists;
- list items without a label when their number is drawn by the page, not by `::marker`;
- header cells without `/Scope`.

This module is WeasyPrint's `add_tags` (BSD licence) reworked for those four points: the text of
margin boxes becomes `/Artifact` marked content (`/Pagination`, `/Header` or `/Footer`), an
element continued from the previous page reuses its structure element, an element marked
`data-tag="Lbl"` becomes the label of its list item, `data-tag="Artifact"` takes an element out
of the structure, and `th` cells get `/Scope`. `install()` puts it in WeasyPrint's place; it
refuses to, and WeasyPrint keeps its own, with a version it was not written for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf
import weasyprint
import weasyprint.pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

SUPPORTED_VERSIONS = ("70.",)  # WeasyPrint versions whose tagging this module replaces
_installed = False


def install() -> bool:
    """Use this tagging for every PDF WeasyPrint writes in this process; False when the
    installed WeasyPrint is not one it was written for (its own tagging then stays)."""
    global _installed
    if not weasyprint.__version__.startswith(SUPPORTED_VERSIONS):
        return False
    if not _installed:
        weasyprint.pdf.add_tags = add_tags
        _installed = True
    return True


@dataclass
class _Tagging:
    """State of one document's tagging."""

    pdf: Any
    nums: dict[int, Any] = field(default_factory=dict)  # page-local MCID -> struct element
    parents: dict[int, Any] = field(default_factory=dict)  # id(struct element) -> its parent
    annotations: list[tuple[Any, Any]] = field(default_factory=list)
    tags: dict[Any, dict[str, Any]] = field(default_factory=dict)
    page_number: int = 0
    # Structure elements of earlier pages, for the boxes that continue them.
    continued: dict[tuple[int, int, str, str], Any] = field(default_factory=dict)
    this_page: dict[tuple[int, int, str, str], Any] = field(default_factory=dict)
    artifacts: list[tuple[int, str]] = field(default_factory=list)  # (MCID, Header | Footer)


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Add the structure tree of `document` to `pdf` (same signature as WeasyPrint's)."""
    content_mapping = pydyf.Dictionary({})
    pdf.add_object(content_mapping)
    structure_root = pydyf.Dictionary({
        "Type": "/StructTreeRoot", "ParentTree": content_mapping.reference})
    pdf.add_object(structure_root)
    structure_document = pydyf.Dictionary({
        "Type": "/StructElem", "S": "/Document", "K": pydyf.Array(),
        "P": structure_root.reference})
    pdf.add_object(structure_document)
    structure_root["K"] = pydyf.Array([structure_document.reference])
    pdf.catalog["StructTreeRoot"] = structure_root.reference

    content_mapping["Nums"] = pydyf.Array()
    state = _Tagging(pdf)
    for page_number, (page, stream) in enumerate(zip(document.pages, page_streams, strict=True)):
        state.page_number, state.tags = page_number, stream._tags
        state.nums, state.artifacts, state.this_page = {}, [], {}
        for element in _build(page._page_box, structure_document, state):
            structure_document["K"].append(element.reference)
        assert not state.tags
        _renumber(stream, state)
        content_mapping["Nums"].append(page_number)
        content_mapping["Nums"].append(pydyf.Array(
            state.nums[mcid].reference for mcid in sorted(state.nums)))
        state.continued.update(state.this_page)

    start = len(document.pages)
    for index, (reference, annotation) in enumerate(state.annotations, start=start):
        content_mapping["Nums"].append(index)
        content_mapping["Nums"].append(reference)
        annotation["StructParent"] = index

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
    if "Lang" not in pdf.catalog:
        pdf.catalog["Lang"] = pydyf.String()


def _renumber(stream: Any, state: _Tagging) -> None:
    """Margin-box text becomes pagination artifacts; the other marked contents keep their
    order with MCIDs 0, 1, 2… (the parent tree is an array indexed by MCID)."""
    artifacts = dict(state.artifacts)
    renumbered = {old: new for new, old in enumerate(sorted(state.nums))}
    items = stream.stream
    for index, item in enumerate(items):
        if not (isinstance(item, pydyf.Dictionary) and "MCID" in item):
            continue
        mcid = item["MCID"]
        if mcid in artifacts:
            items[index - 1] = "/Artifact"
            del item["MCID"]
            item["Type"] = "/Pagination" if artifacts[mcid] != "Layout" else "/Layout"
            if artifacts[mcid] != "Layout":
                item["Subtype"] = f"/{artifacts[mcid]}"
        elif mcid in renumbered:
            item["MCID"] = renumbered[mcid]
    for old, element in state.nums.items():
        element["K"] = pydyf.Array(_renumbered(kid, old, renumbered[old]) for kid in element["K"])
    state.nums = {renumbered[old]: element for old, element in state.nums.items()}


def _renumbered(kid: Any, old: int, new: int) -> Any:
    if isinstance(kid, int) and kid == old:
        return new
    if isinstance(kid, pydyf.Dictionary) and kid.get("MCID") == old:
        kid["MCID"] = new
    return kid


# --- the tree -----------------------------------------------------------------------------


def _pdf_tag(tag: str | None) -> str:
    """WeasyPrint's mapping of HTML elements to structure types."""
    if tag is None:
        return "NonStruct"
    simple = {"div": "Div", "span": "Span", "main": "Part", "article": "Art", "section": "Sect",
              "blockquote": "BlockQuote", "p": "P", "dl": "L", "ul": "L", "ol": "L",
              "li": "LI", "dt": "LI", "dd": "LI", "li::marker": "Lbl", "table": "Table",
              "tr": "TR", "th": "TH", "td": "TD", "thead": "THead", "tbody": "TBody",
              "tfoot": "TFoot", "img": "Figure", "{http://www.w3.org/2000/svg}svg": "Figure",
              "caption": "Caption", "figcaption": "Caption"}
    if tag.split(":")[0] == "a":
        return "Link"
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return tag.upper()
    return simple.get(tag, "NonStruct")


def _new_element(state: _Tagging, tag: str, parent: Any) -> Any:
    element = pydyf.Dictionary({
        "Type": "/StructElem", "S": f"/{tag}", "K": pydyf.Array([]),
        "Pg": state.pdf.page_references[state.page_number], "P": parent.reference})
    state.pdf.add_object(element)
    state.parents[id(element)] = parent
    return element


def _element_for(box: Any, tag: str, parent: Any, state: _Tagging,
                 role: str = "") -> tuple[Any, bool]:
    """The structure element of `box`: the one an earlier page gave the same HTML element
    under the same parent when the box continues it (True), else a new one (False)."""
    html = box.element
    key = (id(parent), id(html), str(box.element_tag), role or tag)
    if html is not None and key in state.continued:
        element = state.continued[key]
        state.this_page[key] = element
        return element, True
    element = _new_element(state, tag, parent)
    if html is not None:
        state.this_page.setdefault(key, element)
    return element, False


def _role(box: Any) -> str | None:
    element = getattr(box, "element", None)
    return element.get("data-tag") if element is not None and box.element_tag in (
        "span", "div", "p") else None


def _margin_artifacts(box: Any, state: _Tagging, kind: str) -> None:
    """Every text of a margin box, as pagination artifacts."""
    for child in box.children if isinstance(box, boxes.ParentBox) else ():
        if isinstance(child, boxes.TextBox):
            kid = state.tags.pop(child, None)
            if kid is not None:
                state.artifacts.append((kid["mcid"], kind))
        else:
            _margin_artifacts(child, state, kind)


def _build(box: Any, parent: Any, state: _Tagging) -> Iterator[Any]:
    """Structure elements of `box`, to be inserted in `parent`'s kids (new ones only)."""
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    element_tag = None if box.element is None else box.element_tag
    tag = _pdf_tag(element_tag)

    if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
        if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
            for child in box.children:
                yield from _build(child, parent, state)
        return
    if isinstance(box, boxes.MarginBox):
        _margin_artifacts(box, state, "Header" if "top" in box.at_keyword else "Footer")
        return
    role = _role(box)
    if role == "Artifact":
        _drop(box, state)
        return
    if role == "Lbl" and parent["S"] == "/LBody":
        yield from _label(box, parent, state)
        return
    if tag in ("TD", "TH") and parent["S"] in ("/TD", "/TH"):
        tag = "NonStruct"  # anonymous blocks of table cells
    elif tag == "LI":
        wrapped = _list_item(box, parent, state)
        if wrapped is not None:
            yield from wrapped
            return
        if parent["S"] == "/LI":
            tag = "LBody"
        elif parent["S"] == "/LBody":
            tag = "NonStruct"

    if tag == "Table":
        box = _table_with_captions(box)
    element, continued = _element_for(box, tag, parent, state)
    _decorate(box, tag, element, state)
    _children(box, tag, element, parent, state)
    if not continued:
        yield element


def _list_item(box: Any, parent: Any, state: _Tagging) -> Iterator[Any] | None:
    """An item whose number the page draws (no `::marker`) or a `dt`/`dd`: an `LI` around
    an `LBody`. None when WeasyPrint's own handling applies."""
    if parent["S"] in ("/LI", "/LBody"):
        return None
    no_bullet = box.element_tag == "li" and (
        "list-item" not in box.style["display"] or box.style["list_style_type"] == "none")
    if not (box.element_tag in ("dt", "dd") or no_bullet):
        return None

    def wrapped() -> Iterator[Any]:
        item, continued = _element_for(box, "LI", parent, state, role="LI-wrapper")
        body, body_continued = _element_for(box, "LBody", item, state)
        _decorate(box, "LBody", body, state)
        _children(box, "LBody", body, item, state)
        if not body_continued:
            item["K"].append(body.reference)
        if not continued:
            yield item

    return wrapped()


def _label(box: Any, body: Any, state: _Tagging) -> Iterator[Any]:
    """An element marked `data-tag="Lbl"` inside a list item's body: the item's label, put
    before the body in the item."""
    item = state.parents.get(id(body))
    if item is None or item["S"] != "/LI":
        label = _new_element(state, "Lbl", body)
        _children(box, "Lbl", label, body, state)
        yield label
        return
    label = _new_element(state, "Lbl", item)
    _children(box, "Lbl", label, body, state)
    kids = item["K"]
    at = next((i for i, kid in enumerate(kids) if kid == body.reference), len(kids))
    kids.insert(at, label.reference)


def _drop(box: Any, state: _Tagging) -> None:
    """Content of a decorative element: marked as artifact, out of the structure."""
    for child in box.children if isinstance(box, boxes.ParentBox) else ():
        if isinstance(child, boxes.TextBox):
            kid = state.tags.pop(child, None)
            if kid is not None:
                state.artifacts.append((kid["mcid"], "Layout"))
        else:
            _drop(child, state)
    if isinstance(box, boxes.ReplacedBox):
        kid = state.tags.pop(box, None)
        if kid is not None:
            state.artifacts.append((kid["mcid"], "Layout"))


def _decorate(box: Any, tag: str, element: Any, state: _Tagging) -> None:
    """Attributes of figures, tables and cells, and the annotations of links and fields."""
    if tag == "Figure":
        x1, y1 = box.content_box_x(), box.content_box_y()
        element["A"] = pydyf.Dictionary({
            "O": "/Layout", "BBox": pydyf.Array((x1, y1, x1 + box.width, y1 + box.height))})
        if box.element.tag == "{http://www.w3.org/2000/svg}svg":
            title = box.element.find("{http://www.w3.org/2000/svg}title")
            if title is not None and title.text:
                element["Alt"] = pydyf.String(title.text)
        elif alt := box.element.attrib.get("alt"):
            element["Alt"] = pydyf.String(alt)
    elif tag in ("TH", "TD"):
        element["A"] = pydyf.Dictionary({"O": "/Table"})
        if box.colspan != 1:
            element["A"]["ColSpan"] = box.colspan
        if box.rowspan != 1:
            element["A"]["RowSpan"] = box.rowspan
        if tag == "TH":
            element["A"]["Scope"] = _scope(box)
        box.mark = element
    for annotation, kind in ((box.link_annotation, None), (box.widget_annotation, "/Form")):
        if not annotation:
            continue
        reference = pydyf.Dictionary({
            "Type": "/OBJR", "Obj": annotation.reference,
            "Pg": state.pdf.page_references[state.page_number]})
        state.pdf.add_object(reference)
        holder = element
        if kind:
            holder = pydyf.Dictionary({
                "Type": "/StructElem", "S": kind, "K": pydyf.Array([reference.reference]),
                "Pg": state.pdf.page_references[state.page_number], "P": element.reference})
            state.pdf.add_object(holder)
            element["K"].append(holder.reference)
        else:
            element["K"].append(reference.reference)
        state.annotations.append((holder.reference, annotation))


def _table_with_captions(box: Any) -> Any:
    """The table box of a table wrapper, with the wrapper's captions among its children."""
    if not getattr(box, "is_table_wrapper", False):
        return box
    table = box.get_wrapped_table()
    if not table:
        return box
    merged = table.copy_with_children([])
    for child in box.children:
        merged.children.extend(child.children if child is table else [child])
    return merged


def _scope(box: Any) -> str:
    """`/Row` for `<th scope="row">`, `/Column` for column and group headers."""
    scope = box.element.attrib.get("scope", "")
    if scope == "row":
        return "/Row"
    if scope in ("col", "colgroup"):
        return "/Column"
    return "/Both" if scope == "rowgroup" else "/Column"


def _children(box: Any, tag: str, element: Any, parent: Any, state: _Tagging) -> None:
    """Kids of `element`: its text (marked content) and the elements of its child boxes."""
    for child in box.children if isinstance(box, boxes.ParentBox) else ():
        for grandchild in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(grandchild, boxes.TextBox):
                _text(grandchild, tag, element, state)
                continue
            nested_list = grandchild.element_tag in ("ul", "ol") and element["S"] == "/LI"
            holder = parent if nested_list else element
            at = len(holder["K"])
            holder["K"][at:at] = [kid.reference for kid in _build(grandchild, holder, state)]
    if isinstance(box, boxes.ReplacedBox):
        kid = state.tags.pop(box)
        if kid["mcid"] in state.nums:
            raise AssertionError("MCID already mapped")
        element["K"].append(_marked_reference(kid["mcid"], element, state))
        state.nums[kid["mcid"]] = element
    if tag == "Table":
        _table_headers(box, element)


def _marked_reference(mcid: int, element: Any, state: _Tagging) -> Any:
    """An MCID kid; on another page than its element's, a marked-content reference."""
    page = state.pdf.page_references[state.page_number]
    if element["Pg"] == page:
        return mcid
    return pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": mcid})


def _text(child: Any, tag: str, element: Any, state: _Tagging) -> None:
    kid = state.tags.pop(child)
    mcid = kid["mcid"]
    if tag == "Link":
        element["K"].append(_marked_reference(mcid, element, state))
        state.nums[mcid] = element
        return
    kid_element = _new_element(state, kid["tag"], element)
    kid_element["K"].append(mcid)
    element["K"].append(kid_element.reference)
    state.nums[mcid] = kid_element


def _table_headers(box: Any, element: Any) -> None:
    """Each data cell names its header cells (`/Headers`), as WeasyPrint does."""
    def rows(parent: Any) -> Iterator[Any]:
        for child in parent.children:
            yield from [child] if child.element_tag == "tr" else rows(child)

    column_headers: dict[int, list[Any]] = defaultdict(list)
    row_headers: dict[int, list[Any]] = defaultdict(list)
    table_rows = tuple(rows(box))
    for i, row in enumerate(table_rows):
        j = 0
        for cell in row.children:
            if cell.element is not None and cell.element_tag == "th" and hasattr(cell, "mark"):
                key = pydyf.String(f"{element.number}-{i}-{j}")
                cell.mark["ID"] = key
                target = row_headers[i] if cell.element.attrib.get("scope") == "row" \
                    else column_headers[j]
                target.append(key)
            j += cell.colspan
    for i, row in enumerate(table_rows):
        j = 0
        for cell in row.children:
            if cell.element is not None and cell.element_tag == "td" and hasattr(cell, "mark"):
                headers = [h for span in range(cell.rowspan) for h in row_headers[i + span]]
                headers += [h for span in range(cell.colspan) for h in column_headers[j + span]]
                cell.mark["A"]["Headers"] = pydyf.Array(headers)
            j += cell.colspan
