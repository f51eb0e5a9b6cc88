"""The print kinds: one registry entry per printable document (fiche apprenant, livret…).

An entry says what the document is printed from (each fiche, or each parcours), for whom, its
template and the values it needs, its file name, its label, the editions the site links and
the paper and type sizes it may take. Everything else follows from the entry: the jobs of
`relais pdf` and of the site, the download buttons on the site's pages (handed to the site by
the orchestrator), the documents named in a PDF's warnings. Adding a document is one entry
here and one template in generator/pdf/templates. No WeasyPrint here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .. import addresses
from ..model import Fiche, Library, Parcours
from ..planning import Plan
from .annexes import annexes_context, has_annexes
from .paperwork import attendance_context, certificate_context, progress_context

Paper = Literal["a4", "a5"]
# Type size of learner documents: large print (16 pt body), or very large for low vision (20 pt).
Taille = Literal["normal", "tres-gros"]
Scope = Literal["fiche", "parcours"]  # one document per fiche, or per parcours
Audience = Literal["apprenant", "animateur"]
Printed = Fiche | Parcours

LEARNER_SIZES: tuple[Taille, ...] = ("normal", "tres-gros")


def _always(document: Printed) -> bool:
    return True


@dataclass(frozen=True)
class PrintKind:
    name: str  # the key of the registry, e.g. "fiche-apprenant"
    scope: Scope
    # Learner documents are in large print (`taille`), checked for a half-empty last page, and
    # styled by `body.learner`; trainer documents are not.
    audience: Audience
    template: str  # in generator/pdf/templates; it receives the fiche's or parcours' context
    suffix: str  # file name: pdf/fiches/ID-SUFFIX.pdf or pdf/parcours/ID-SUFFIX.pdf
    label: str  # « la fiche apprenant »: what `relais pdf` says it prints
    # The editions the site produces and links from the fiche's or parcours' page, in the usual
    # type size: (paper, button text), in the order of the buttons. Empty: not on the site.
    site_links: tuple[tuple[Paper, str], ...] = ()
    papers: tuple[Paper, ...] = ("a4", "a5")  # the first one when asked for another
    sizes: tuple[Taille, ...] = ("normal",)  # the first one when asked for another
    # Which fiches or parcours have this document (e.g. only those with something to annex).
    applies: Callable[[Printed], bool] = _always
    # Values the template needs beyond those of every fiche or parcours document (render.py),
    # given the job's plan: the session dates of `relais pdf --parcours ID --debut …`, or None.
    context: Callable[[Library, Printed, Plan | None], dict[str, Any]] | None = None

    @property
    def learner(self) -> bool:
        return self.audience == "apprenant"

    def path(self, ident: str, paper: Paper = "a4", taille: Taille = "normal") -> str:
        """Where this document of `ident` sits in the site, on this paper and type size."""
        path = addresses.pdf(addresses.PDF_FOLDERS[self.scope], ident, self.suffix)
        if taille == "tres-gros":
            path = addresses.very_large(path)
        return addresses.imposed(path) if paper == "a5" else path

    def document(self, library: Library, ident: str) -> Printed:
        return (library.fiches if self.scope == "fiche" else library.parcours)[ident]

    def sources(self, library: Library, ident: str) -> list[Printed]:
        """The YAML documents the PDF is made of, the fiche or parcours itself first."""
        document = self.document(library, ident)
        if isinstance(document, Fiche):
            return [document]
        fiches = [library.fiches[f] for s in document.seances for f in s.fiches
                  if f in library.fiches]
        return [document, *fiches]


KINDS: dict[str, PrintKind] = {kind.name: kind for kind in (
    PrintKind("fiche-apprenant", "fiche", "apprenant", "fiche_apprenant.html.j2", "apprenant",
              "la fiche apprenant", (("a4", "Télécharger la fiche apprenant (PDF)"),),
              sizes=LEARNER_SIZES),
    PrintKind("fiche-animateur", "fiche", "animateur", "fiche_animateur.html.j2", "animateur",
              "la fiche animateur", (("a4", "Télécharger la fiche animateur (PDF)"),)),
    # Cards, examples and scripts to print and cut: A4 only (the grid is measured for it).
    PrintKind("annexes", "fiche", "animateur", "annexes.html.j2", "annexes",
              "les annexes à imprimer", (("a4", "Télécharger les annexes à imprimer (PDF)"),),
              papers=("a4",), applies=has_annexes, context=annexes_context),
    PrintKind("livret", "parcours", "apprenant", "livret.html.j2", "livret",
              "le livret apprenant", (("a4", "Télécharger le livret apprenant (PDF)"),
                                      ("a5", "Télécharger le livret A5 à plier (PDF)")),
              sizes=LEARNER_SIZES),
    PrintKind("guide", "parcours", "animateur", "guide.html.j2", "guide-animateur",
              "le guide animateur", (("a4", "Télécharger le guide animateur (PDF)"),)),
    # The paperwork of a workshop (paperwork.py): dated when `relais pdf` is given the plan.
    PrintKind("emargement", "parcours", "animateur", "emargement.html.j2", "emargement",
              "les feuilles d'émargement",
              (("a4", "Télécharger les feuilles d'émargement (PDF)"),),
              papers=("a4",), context=attendance_context),
    PrintKind("attestation", "parcours", "animateur", "attestation.html.j2", "attestation",
              "l'attestation de participation",
              (("a4", "Télécharger l'attestation de participation (PDF)"),),
              papers=("a4",), context=certificate_context),
    PrintKind("carnet", "parcours", "apprenant", "carnet.html.j2", "carnet-de-progres",
              "le carnet de progrès de l'apprenant",
              (("a4", "Télécharger le carnet de progrès (PDF)"),),
              sizes=LEARNER_SIZES, context=progress_context),
)}


@dataclass(frozen=True)
class PrintJob:
    kind: str  # a key of KINDS
    ident: str  # id of the fiche or parcours
    paper: Paper
    path: str  # where the PDF sits in the site
    taille: Taille = "normal"
    plan: Plan | None = None  # the session dates of a parcours (`relais pdf --debut …`)

    @property
    def print_kind(self) -> PrintKind:
        return KINDS[self.kind]

    @property
    def imposed(self) -> bool:
        """A5 pages are always delivered imposed on A4 sheets, ready to fold."""
        return self.paper == "a5"

    @property
    def learner(self) -> bool:
        return self.print_kind.learner


def job(kind: str, ident: str, paper: Paper = "a4", taille: Taille = "normal",
        plan: Plan | None = None) -> PrintJob:
    """The job of one document; a paper or type size the kind does not take gives its own."""
    found = KINDS[kind]
    paper = paper if paper in found.papers else found.papers[0]
    taille = taille if taille in found.sizes else found.sizes[0]
    return PrintJob(kind, ident, paper, found.path(ident, paper, taille), taille, plan)


def pdf_path(kind: str, ident: str, paper: Paper = "a4", taille: Taille = "normal") -> str:
    """Where a document sits in the site (`job(…).path`)."""
    return job(kind, ident, paper, taille).path


SCOPES: tuple[Scope, ...] = ("fiche", "parcours")


def format_jobs(library: Library, paper: Paper, taille: Taille = "normal",
                plans: Mapping[str, Plan] | None = None) -> list[PrintJob]:
    """Every document of the library on one paper size (`relais pdf --format`); learner
    documents in the type size `taille` (`relais pdf --taille`); the documents of a parcours
    in `plans` dated by its plan (`relais pdf --parcours ID --debut …`)."""
    plans = plans or {}
    return [job(kind.name, document.ident, paper, taille,
                plans.get(document.ident) if kind.scope == "parcours" else None)
            for kind, document in _printed(library)]


def site_jobs(library: Library) -> list[PrintJob]:
    """What the site links: each kind's `site_links` editions, in the usual type size."""
    return [job(kind.name, document.ident, paper)
            for kind, document in _printed(library) for paper, _ in kind.site_links]


def site_links(document: Printed) -> list[tuple[str, str]]:
    """(PDF path, button text) of every PDF the site links from this fiche's or parcours' page."""
    scope: Scope = "fiche" if isinstance(document, Fiche) else "parcours"
    return [(kind.path(document.ident, paper), text)
            for kind in KINDS.values() if kind.scope == scope and kind.applies(document)
            for paper, text in kind.site_links]


def described_kinds() -> str:
    """« pour chaque fiche, la fiche apprenant et la fiche animateur, et pour chaque parcours,
    … » (`relais pdf --help`)."""
    parts = []
    for scope in SCOPES:
        labels = [kind.label for kind in KINDS.values() if kind.scope == scope]
        if labels:
            listed = ", ".join(labels[:-1]) + " et " + labels[-1] if len(labels) > 1 else labels[0]
            parts.append(f"pour chaque {scope}, {listed}")
    return ", et ".join(parts)


def _printed(library: Library) -> list[tuple[PrintKind, Printed]]:
    """(kind, fiche or parcours) of every document: fiches first, in identifier order, each
    with its kinds in the order of the registry."""
    found = []
    for scope in SCOPES:
        documents: dict[str, Printed] = {**(library.fiches if scope == "fiche"
                                            else library.parcours)}
        kinds = [kind for kind in KINDS.values() if kind.scope == scope]
        found += [(kind, documents[ident]) for ident in sorted(documents) for kind in kinds
                  if kind.applies(documents[ident])]
    return found
