"""A5 saddle-stitch imposition on A4 sheets, for a plain office printer.

Print the result on both sides (flip on the short edge), keep the sheets in order, fold the
stack in the middle: the pages read 1, 2, 3… The page count is padded with blank pages to a
multiple of 4, since each sheet carries four pages.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

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
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()
                             if isinstance(value, str)})
    language = reader.trailer["/Root"].get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
