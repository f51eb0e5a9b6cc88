"""Sizes on paper that the print stylesheets and the checks share (no WeasyPrint here).

The step images of learner documents are printed in a box of at most `width_mm` by
`max_height_mm`, keeping their proportions; `svg_text` uses the same box to tell an author
when the words inside a drawing would print too small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["a4", "a5"]
MM = 72 / 25.4  # points per millimetre
MIN_TEXT_PT = 14  # no character a learner reads is printed smaller (large print)


@dataclass(frozen=True)
class ImageBox:
    width_mm: float
    max_height_mm: float

    def printed_width_mm(self, width: float, height: float) -> float:
        """Width on paper of a picture whose proportions are `width` by `height`."""
        if width <= 0 or height <= 0:
            return self.width_mm
        return min(self.width_mm, self.max_height_mm * width / height)


# Under the step's words, across the text column (A4 pages 174 mm wide, A5 pages 122 mm).
STEP_IMAGE: dict[Paper, ImageBox] = {
    "a4": ImageBox(width_mm=120, max_height_mm=100),
    "a5": ImageBox(width_mm=105, max_height_mm=95),
}
