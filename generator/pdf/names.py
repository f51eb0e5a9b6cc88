"""Where each PDF sits inside the built site. Imported by the site renderer: no WeasyPrint here."""

from __future__ import annotations

PDF_DIR = "pdf"


def learner_sheet(fiche_id: str) -> str:
    return f"{PDF_DIR}/fiches/{fiche_id}-apprenant.pdf"


def trainer_sheet(fiche_id: str) -> str:
    return f"{PDF_DIR}/fiches/{fiche_id}-animateur.pdf"


def learner_booklet(parcours_id: str) -> str:
    return f"{PDF_DIR}/parcours/{parcours_id}-livret.pdf"


def learner_booklet_a5(parcours_id: str) -> str:
    """The same booklet in A5, imposed on A4 sheets for duplex printing and folding."""
    return f"{PDF_DIR}/parcours/{parcours_id}-livret-a5-impose.pdf"


def trainer_guide(parcours_id: str) -> str:
    return f"{PDF_DIR}/parcours/{parcours_id}-guide-animateur.pdf"


A5_SUFFIX = "-a5-impose.pdf"
VERY_LARGE_SUFFIX = "-tres-gros"


def very_large(path: str) -> str:
    """The « très gros caractères » edition of a learner document (before any A5 suffix)."""
    return path.removesuffix(".pdf") + VERY_LARGE_SUFFIX + ".pdf"


def imposed(path: str) -> str:
    """The A5 saddle-stitch version of any PDF path (matches `learner_booklet_a5`)."""
    return path.removesuffix(".pdf") + A5_SUFFIX


def outside_site(path: str) -> str:
    """A site PDF path without the site's `pdf/` folder, for `relais pdf -o SORTIE`."""
    return path.removeprefix(f"{PDF_DIR}/")
