"""Model -> print HTML through the Jinja2 print templates. Pure functions: no WeasyPrint here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from .. import icons, verification
from ..durations import format_clock, format_duration
from ..helplines import help_numbers
from ..learner_words import answer_kinds, help_lines
from ..markup import RELAIS_SCHEMES, rewrite_addresses, to_html, unwrap_paragraph, url_scheme
from ..model import Fiche, Library, Parcours, Seance
from ..pictures import proportions
from ..print_sizes import STEP_IMAGE
from ..relations import Relations, relate
from ..typography import french_spacing, french_spacing_html
from .documents import Paper, PrintJob, Taille
from .glossary import fiche_terms, union_terms

# Lines drawn on one "Mes notes" page, and under each exercise, per paper size.
NOTES_LINES: dict[Paper, int] = {"a4": 17, "a5": 11}
EXERCISE_LINES = 3
NOTES_PAGES = 2
# Characters of a running header that fit on one line (14 pt; 16 pt in very large print).
RUNNING_CHARACTERS: dict[tuple[Paper, Taille], int] = {
    ("a4", "normal"): 60, ("a5", "normal"): 38, ("a4", "tres-gros"): 50, ("a5", "tres-gros"): 32}


@dataclass(frozen=True)
class TimedStep:
    start: int  # minutes from the start of the workshop or session
    duree: int
    etape: str
    consignes: str | None


@dataclass
class Chapter:
    """One session of a learner booklet."""

    number: int
    seance: Seance
    objectifs: list[str]
    lessons: list[tuple[Fiche, bool]]  # (fiche, first time in the booklet)

    @property
    def self_check(self) -> bool:
        """Objectives written by the learner (« Je sais… ») are a list to tick, not a plan."""
        return bool(self.objectifs) and all(
            objectif.lstrip().startswith(("Je ", "J'", "J’")) for objectif in self.objectifs)


@dataclass
class SessionPlan:
    """One session of a trainer guide."""

    number: int
    seance: Seance
    fiches: list[Fiche]
    steps: list[tuple[Fiche, list[TimedStep]]]
    end: int
    materiel: list[str] = field(default_factory=list)


class PrintRenderer:
    """Renders the print HTML of any job of one library."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @cached_property
    def relations(self) -> Relations:
        return relate(self.library)

    def html(self, job: PrintJob) -> str:
        kind = job.print_kind
        document = kind.document(self.library, job.ident)
        context = (self._fiche_context(document) if isinstance(document, Fiche)
                   else self._parcours_context(document))
        # The tagged A4 edition, which the cover of an imposed A5 one names.
        context["a4_file"] = kind.path(job.ident).rsplit("/", 1)[-1]
        if kind.context is not None:
            context.update(kind.context(self.library, document, job.plan))
        html = _environment().get_template(kind.template).render(
            paper=job.paper, taille=job.taille, learner=job.learner,
            stylesheet=stylesheet(job.paper, job.taille), library=self.library,
            vocab=self.library.vocabularies, notes_lines=NOTES_LINES[job.paper],
            exercise_lines=EXERCISE_LINES, notes_pages=NOTES_PAGES,
            structure=self.library.settings.structure,
            numbers=help_numbers(self.library.settings),
            image_width=partial(self.image_width, job.paper), **context)
        return french_spacing_html(html)

    def image_width(self, paper: Paper, image: str) -> str:
        """Printed width of a step image, in mm: as large as its box allows (print_sizes)."""
        box = STEP_IMAGE[paper]
        found = proportions(self.library.root / image)
        width = box.printed_width_mm(*found) if found else box.width_mm
        return f"{width:.1f}"

    def _fiche_context(self, fiche: Fiche) -> dict[str, Any]:
        prerequis = [self.library.fiches[i] for i in fiche.prerequis if i in self.library.fiches]
        steps = timed_steps(fiche)
        return {"fiche": fiche, "terms": fiche_terms(self.library, fiche), "prerequis": prerequis,
                "steps": steps, "end": _end(steps)}

    def _parcours_context(self, parcours: Parcours) -> dict[str, Any]:
        fiches = self.relations.parcours_fiches(parcours)
        return {"parcours": parcours, "chapters": self._chapters(parcours),
                "sessions": self._sessions(parcours),
                "terms": union_terms(self.library, fiches)}

    def _fiches_of(self, seance: Seance) -> list[Fiche]:
        return [self.library.fiches[i] for i in seance.fiches if i in self.library.fiches]

    def _chapters(self, parcours: Parcours) -> list[Chapter]:
        seen: set[str] = set()
        chapters = []
        for number, seance in enumerate(parcours.seances, start=1):
            fiches = self._fiches_of(seance)
            objectifs = seance.objectifs or [o for f in fiches for o in f.objectifs]
            lessons = []
            for fiche in fiches:
                lessons.append((fiche, fiche.ident not in seen))
                seen.add(fiche.ident)
            chapters.append(Chapter(number, seance, objectifs, lessons))
        return chapters

    def _sessions(self, parcours: Parcours) -> list[SessionPlan]:
        plans = []
        for number, seance in enumerate(parcours.seances, start=1):
            fiches = self._fiches_of(seance)
            clock = 0
            steps = []
            for fiche in fiches:
                timed = timed_steps(fiche, clock) or [TimedStep(
                    clock, fiche.duree, "Déroulé libre", "La fiche ne minute pas ses étapes.")]
                steps.append((fiche, timed))
                clock = _end(timed)
            materiel = list(dict.fromkeys(m for fiche in fiches for m in fiche.materiel))
            plans.append(SessionPlan(number, seance, fiches, steps, clock, materiel))
        return plans


def timed_steps(fiche: Fiche, start: int = 0) -> list[TimedStep]:
    """The trainer's déroulé with the clock time each step starts at."""
    steps = []
    clock = start
    for step in fiche.animateur.deroule:
        steps.append(TimedStep(clock, step.duree, step.etape, step.consignes))
        clock += step.duree
    return steps


def _end(steps: list[TimedStep]) -> int:
    return steps[-1].start + steps[-1].duree if steps else 0


# --- templates ------------------------------------------------------------------------------

_ASSETS = resources.files("generator.pdf").joinpath("assets")


@cache
def stylesheet(paper: Paper, taille: Taille = "normal") -> Markup:
    """The print CSS for one paper size and type size, inlined so the HTML alone decides the
    PDF."""
    text = _ASSETS.joinpath("print.css").read_text("utf-8")
    text += _ASSETS.joinpath("paperwork.css").read_text("utf-8")
    text += _ASSETS.joinpath(f"paper-{paper}.css").read_text("utf-8")
    if taille == "tres-gros":
        text += _ASSETS.joinpath("size-tres-gros.css").read_text("utf-8")
        if paper == "a5":
            text += _ASSETS.joinpath("size-tres-gros-a5.css").read_text("utf-8")
    return Markup(text.replace("</", "<\\/"))  # nothing may close the <style> element early


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator.pdf", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(md=markdown_block, md_inline=markdown_inline, plain=plain_text,
                       duree=format_duration, horloge=format_clock, label=_label,
                       running=running_header, verifie=verification.verified_line)
    env.globals.update(ANSWER_KINDS=answer_kinds(), HELP_LINES=help_lines())
    env.tests["empty_for_learners"] = _empty_for_learners
    return env


def _empty_for_learners(fiche: Fiche) -> bool:
    """A fiche that gives learners nothing to read (no intro, steps, summary or exercise)."""
    apprenant = fiche.apprenant
    return not (apprenant.introduction or apprenant.etapes or apprenant.a_retenir
                or apprenant.exercices)


def _label(value: str, vocabulary: dict[str, str]) -> str:
    return vocabulary.get(value, value)


def running_header(text: str, paper: Paper, taille: Taille = "normal") -> str:
    """`text` short enough for one line of running header: cut between words, with « … »."""
    limit = RUNNING_CHARACTERS[(paper, taille)]
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[:limit - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        text = cut.rstrip(" :;,.—-") + "…"
    return french_spacing(text)


# --- author Markdown ------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def _paper_address(url: str, image: bool) -> str | None:
    """Links to site pages mean nothing on paper: they keep their words only."""
    return None if url_scheme(url) in RELAIS_SCHEMES else url


@cache
def _to_html(text: str) -> str:
    return icons.draw(rewrite_addresses(to_html(text), _paper_address), "img")


def markdown_block(text: str | None) -> Markup:
    """Author Markdown as blocks, in a container that tames the author's own headings."""
    return Markup(f'<div class="md">{_to_html(text)}</div>') if text else Markup("")


def markdown_inline(text: str | None) -> Markup:
    """Markdown for a list item or a table cell: one paragraph loses its <p>."""
    if not text:
        return Markup("")
    return Markup(unwrap_paragraph(_to_html(text)))


def plain_text(text: str | None) -> str:
    """Markdown reduced to plain words, for PDF metadata."""
    if not text:
        return ""
    words = _TAGS.sub(" ", _to_html(text))
    return " ".join(words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())
