"""A5 saddle-stitch imposition on A4 sheets, for a plain office printer.

Print the result on both sides (flip on the short edge), keep the sheets in order, fold the
stack in the middle: the pages read 1, 2, 3… The page count is padded with blank pages to a
multiple of 4, since each sheet carries four pages.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

# The PDF/UA identification of WeasyPrint's XMP (attribute or element form).
_UA_CLAIM = re.compile(rb'\s*pdfuaid:part="\d"|<pdfuaid:part>\d</pdfuaid:part>|'
                       rb'\s*pdfuaid:rev="\d+"|<pdfuaid:rev>\d+</pdfuaid:rev>')

A4_LANDSCAPE = (841.89, 595.28)  # points


def saddle_stitch_order(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers, 1-based, of each sheet side in printing order; None = blank."""
    total = -(-count // 4) * 4
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        front = (total - 2 * sheet, 2 * sheet + 1)
        back = (2 * sheet + 2, total - 2 * sheet - 1)
        sides += [front, back]

    def real(page: int) -> int | None:
        return page if page <= count else None

    return [(real(left), real(right)) for left, right in sides]  # type: ignore[arg-type]


def impose_saddle_stitch(data: bytes) -> bytes:
    """Two A5 pages side by side on each A4 landscape page, in saddle-stitch order."""
    reader = PdfReader(BytesIO(data))
    pages = list(reader.pages)
    width, height = A4_LANDSCAPE
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = writer.add_blank_page(width=width, height=height)
        for slot, number in enumerate((left, right)):
            if number is None:
                continue
            page = pages[number - 1]
            x = width / 2 - float(page.mediabox.width) if slot == 0 else width / 2
            y = (height - float(page.mediabox.height)) / 2
            sheet.merge_transformed_page(page, Transformation().translate(x, y))
    _keep_description(reader, writer)
    _keep_bookmarks(reader, writer, sheet_sides(len(pages)))
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def sheet_sides(count: int) -> dict[int, int]:
    """0-based A5 page -> 0-based side of the imposed document that carries it."""
    return {number - 1: side for side, pair in enumerate(saddle_stitch_order(count))
            for number in pair if number is not None}


def _keep_description(reader: PdfReader, writer: PdfWriter) -> None:
    """Title, author, language and XMP metadata of the A5 document. The imposed pages cannot
    keep its structure tree (two pages share a sheet, out of reading order): the XMP no longer
    claims PDF/UA, and the cover says where the tagged A4 file is."""
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()
                             if isinstance(value, str)})
    catalog = reader.root_object
    language = catalog.get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    metadata = catalog.get("/Metadata")
    if metadata is not None:
        xmp = _UA_CLAIM.sub(b"", metadata.get_object().get_data())
        stream = StreamObject()
        stream.set_data(xmp)
        stream.update({NameObject("/Type"): NameObject("/Metadata"),
                       NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def _keep_bookmarks(reader: PdfReader, writer: PdfWriter, sides: dict[int, int]) -> None:
    """Each bookmark of the A5 document opens the sheet side that carries its page."""

    def copy(items: list[Any], parent: Any) -> None:
        last = None
        for item in items:
            if isinstance(item, list):
                if last is not None:
                    copy(item, last)
                continue
            page = reader.get_destination_page_number(item)
            if page is None or page < 0:
                continue
            last = writer.add_outline_item(title=str(item.title), page_number=sides.get(page, 0),
                                           parent=parent)

    copy(reader.outline, None)
