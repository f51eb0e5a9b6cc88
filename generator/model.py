"""The typed content model (FORMAT.md). Knows nothing of YAML files, MkDocs or WeasyPrint.

Every document keeps a `SourceMap` so later stages can point at the exact line and column of
any value they complain about.
"""

from __future__ import annotations

import calendar
import re
import types
import typing
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .diagnostics import Position
from .durations import ACCEPTED_FORMS, JSON_PATTERN, LONGEST, parse_duration
from .limits import (
    ADDRESS,
    CARD,
    DURATION_WHY,
    LABEL,
    MAX_ANNEXES,
    MAX_CARDS,
    MAX_COMPETENCES,
    MAX_ITEMS,
    MAX_LEVELS,
    MAX_MINUTES,
    MAX_SESSIONS,
    MAX_STEPS,
    SUMMARY,
    TEXT,
    TITLE,
)
from .markup import markdown_images
from .verification import MONTHS

# Texts, each bounded (see limits.py). Markdown: where Markdown and relais links are allowed.
Markdown = Annotated[str, TEXT.constraint]
Resume = Annotated[str, SUMMARY.constraint]
Titre = Annotated[str, TITLE.constraint]
Label = Annotated[str, LABEL.constraint]
Niveau = Literal["debutant", "intermediaire", "avance"]
Modalite = Literal["individuel", "collectif", "a-distance"]
YamlPath = tuple[str | int, ...]


def _minutes(value: object) -> int:
    minutes = parse_duration(value)
    if minutes is None:
        raise PydanticCustomError(
            "relais_duration",
            "durée invalide « {value} »",
            {"value": value, "hint": ACCEPTED_FORMS},
        )
    if minutes > MAX_MINUTES:
        raise PydanticCustomError(
            "relais_duration",
            "durée « {value} » trop longue",
            {"value": value, "hint": DURATION_WHY},
        )
    return minutes


# What an author may write (the JSON Schemas of editors, `relais schemas`, show these forms).
DurationText = Annotated[StrictStr, StringConstraints(pattern=JSON_PATTERN, max_length=LONGEST)]
DurationNumber = Annotated[StrictInt, Field(ge=1, le=MAX_MINUTES)]
Minutes = Annotated[int, BeforeValidator(
    _minutes, json_schema_input_type=DurationText | DurationNumber)]

_CHECKED_ON = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_SHOWN = re.compile(r"[\w .,/:-]{1,40}")


def _checked_on(value: object) -> str:
    """`verifie_le`: a month (`2026-12`) or a day; YAML reads a full date as a `date`."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    match = _CHECKED_ON.fullmatch(text)
    if not match or isinstance(value, bool):
        shown = f" « {text} »" if _SHOWN.fullmatch(text) else ""  # never braces (template)
        raise PydanticCustomError(
            "relais_checked_on", f"date{shown} mal écrite",
            {"hint": "écrivez l'année puis le mois (2026-12) ou le jour (2026-12-03), "
                     "avec des tirets"})
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None and month is not None
    if year < 1:
        raise PydanticCustomError("relais_checked_on", f"année « {text[:4]} » impossible",
                                  {"hint": "écrivez l'année en 4 chiffres, par exemple 2026-12"})
    if not 1 <= month <= 12:
        raise PydanticCustomError(
            "relais_checked_on", f"le mois {month} n'existe pas dans « {text} »",
            {"hint": "écrivez l'année, puis le mois de 01 à 12 : 2026-12"})
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            named = f"{MONTHS[month - 1]} {year}"
            raise PydanticCustomError(
                "relais_checked_on", f"le {day} {named} n'existe pas",
                {"hint": f"{named} a {days} jours ; corrigez le jour, ou écrivez seulement "
                         f"le mois : {text[:7]}"})
    return text


# When the facts of a document were last checked against official sources: `2026-12` or
# `2026-12-03`, kept as written (ISO text). Extension of FORMAT.md.
# Editors check the form (year 0001 and up, month 01 to 12, day 01 to 31); the model, the calendar.
CheckedOnText = Annotated[StrictStr, StringConstraints(
    pattern=r"^(?:\d{3}[1-9]|\d{2}[1-9]\d|\d[1-9]\d\d|[1-9]\d{3})-(?:0[1-9]|1[0-2])"
            r"(?:-(?:0[1-9]|[12]\d|3[01]))?$")]
VerifieLe = Annotated[str, BeforeValidator(_checked_on, json_schema_input_type=CheckedOnText)]


def checked_month(verifie_le: str) -> tuple[int, int]:
    """(year, month) of a `verifie_le` value."""
    return int(verifie_le[:4]), int(verifie_le[5:7])


Mark = int  # offset of a value or key in the file's text, in characters, as YAML gives it

# Lines end as YAML 1.2 and editors say: \n, \r\n or a lone \r. (PyYAML's own line count also
# ends them at U+0085, U+2028 and U+2029; Python's `splitlines` at a dozen characters more.)
_LINE_END = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line of `text`."""
    return [0, *(match.end() for match in _LINE_END.finditer(text))]


def editor_position(starts: list[int], offset: int) -> Position:
    """1-based line and column of `offset`, as an editor shows them."""
    line = bisect_right(starts, offset) - 1
    return Position(line + 1, offset - starts[line] + 1)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one YAML file sits.

    Marks stay raw offsets (hundreds of thousands are recorded on a large repository) and
    become 1-based `Position`s only when asked for."""

    path: str
    values: dict[YamlPath, Mark] = field(default_factory=dict)
    keys: dict[YamlPath, Mark] = field(default_factory=dict)
    strings: list[tuple[YamlPath, str]] = field(default_factory=list)  # every bounded text
    # Texts beyond a Markdown bound (limits.markdown_problem): path, message, hint.
    refused: list[tuple[YamlPath, str, str]] = field(default_factory=list)
    text: str = ""
    # Keys that YAML read as another type (`yes:`, `12:`, `~:`): path -> the key as written.
    typed_keys: dict[YamlPath, str] = field(default_factory=dict)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _lines: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def position(self, offset: Mark) -> Position:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return editor_position(self._starts, offset)

    def find(self, needle: str, start: Position, lines_below: int = 0) -> Position:
        """Where `needle` appears in the file, searching from `lines_below` lines under `start`."""
        if self._lines is None:  # split once: a file may hold hundreds of diagnostics
            self._lines = _LINE_END.split(self.text)
        lines = self._lines
        for index in range(start.line - 1 + lines_below, len(lines)):
            column = lines[index].find(needle)
            if column >= 0:
                return Position(index + 1, column + 1)
        return start

    def has(self, *path: str | int) -> bool:
        return tuple(path) in self.values

    def at(self, *path: str | int) -> Position:
        """Position of the value at `path`, or of its nearest located ancestor."""
        location: YamlPath = tuple(path)
        while location not in self.values and location:
            location = location[:-1]
        mark = self.values.get(location)
        return self.position(mark) if mark is not None else Position()

    def key_at(self, *path: str | int) -> Position:
        """Position of the key naming `path` (for unknown keys), else of its value."""
        mark = self.keys.get(tuple(path))
        return self.position(mark) if mark is not None else self.at(*path)

    def top_level_keys(self) -> set[str | int]:
        return {path[0] for path in self.keys if len(path) == 1}


class Strict(BaseModel):
    # Built on first use, each document model with its parts: the parts alone are never
    # validated, so their own validators need not be built (a tenth of a second at start-up).
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True,
                              defer_build=True)


class Document(Strict):
    """A top-level file: fiche, parcours or référentiel."""

    id: str | None = None
    _source: SourceMap = PrivateAttr(default_factory=lambda: SourceMap(""))
    _file: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> SourceMap:
        return self._source

    @property
    def ident(self) -> str:
        """The id, defaulting to the file stem (set by the loader)."""
        assert self.id is not None
        return self.id


# --- référentiels -----------------------------------------------------------------------


class Competence(Strict):
    id: Label
    titre: Titre
    description: Markdown | None = None
    domaine: Label | None = None
    # Extension: the competency in plain words, for learners (progress card, certificate).
    en_clair: Titre | None = None
    # Extension: what each level of the référentiel's `niveaux` looks like for this competency.
    attendus: Annotated[dict[Label, Markdown], Field(max_length=MAX_LEVELS)] = Field(
        default_factory=dict)


_LEVEL_KEYS = frozenset({"id", "titre"})


def _level_id(value: Any) -> Any:
    """A level is an id, or `{id, titre}` (the title is kept by the référentiel)."""
    if not isinstance(value, dict):
        return value
    unknown = sorted(str(key) for key in value if key not in _LEVEL_KEYS)
    if unknown or "id" not in value or not isinstance(value.get("titre", ""), str):
        raise PydanticCustomError(
            "relais_level", "niveau mal écrit",
            {"hint": "écrivez un identifiant (decouvrir) ou « {id: maitriser, titre: Maîtriser} »"})
    return value["id"]


class NiveauAvecTitre(Strict):
    """A level written `{id, titre}`, as `_level_id` reads it (for the JSON Schemas)."""

    id: Label
    titre: StrictStr = ""


class Referentiel(Document):
    titre: Titre
    description: Markdown | None = None
    niveaux: Annotated[list[Annotated[Label, BeforeValidator(
        _level_id, json_schema_input_type=Label | NiveauAvecTitre)]],
                       Field(max_length=MAX_LEVELS)] = Field(default_factory=list)
    competences: Annotated[list[Competence], Field(max_length=MAX_COMPETENCES)] = Field(
        min_length=1)
    # Extension: a level may be written `{id, titre}` so that its label keeps its accents;
    # `niveaux` keeps the ids either way, the titles are kept here.
    _niveau_titres: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_level_titles(cls, data: Any, handler: Any) -> Any:
        referentiel = handler(data)
        levels = data.get("niveaux") if isinstance(data, dict) else None
        if isinstance(referentiel, Referentiel) and isinstance(levels, list):
            referentiel._niveau_titres = {
                str(level["id"]): str(level["titre"]) for level in levels
                if isinstance(level, dict) and level.get("titre") is not None}
        return referentiel

    def niveau_titre(self, niveau: str) -> str:
        """The label of a level: its `titre` when given, else its id."""
        return self._niveau_titres.get(niveau, niveau)

    def by_domaine(self) -> list[tuple[str, list[Competence]]]:
        """Competences grouped by `domaine`, groups sorted, those without one first (as "")."""
        groups: dict[str, list[Competence]] = {}
        for competence in sorted(self.competences, key=lambda c: c.domaine or ""):
            groups.setdefault(competence.domaine or "", []).append(competence)
        return list(groups.items())


# --- fiches -------------------------------------------------------------------------------

Labels = Annotated[list[Label], Field(max_length=MAX_ITEMS)]
Texts = Annotated[list[Markdown], Field(max_length=MAX_ITEMS)]


class DerouleEtape(Strict):
    etape: Titre
    duree: Minutes
    consignes: Markdown | None = None


class Animateur(Strict):
    preparation: Markdown | None = None
    deroule: Annotated[list[DerouleEtape], Field(max_length=MAX_STEPS)] = Field(
        default_factory=list)
    conseils: Markdown | None = None


def _step_as_mapping(value: Any) -> Any:
    """A learner step may be written as a plain string."""
    return {"texte": value} if isinstance(value, str | int | float) else value


class Etape(Strict):
    texte: Markdown
    image: Label | None = None
    alt: Resume | None = None


Reponse = Literal["ecrire", "dire", "faire"]


def _exercise_as_mapping(value: Any) -> Any:
    """An exercise may be written as a plain string: the learner does something (`faire`)."""
    return {"texte": value} if isinstance(value, str | int | float) else value


class Exercice(Strict):
    texte: Markdown
    # The answer it expects: written (lines are printed for it), said aloud, or done.
    reponse: Reponse = "faire"


class Apprenant(Strict):
    introduction: Markdown | None = None
    etapes: Annotated[list[Annotated[Etape, BeforeValidator(
        _step_as_mapping, json_schema_input_type=Markdown | Etape)]],
                      Field(max_length=MAX_STEPS)] = Field(default_factory=list)
    a_retenir: Texts = Field(default_factory=list)
    exercices: Annotated[list[Annotated[Exercice, BeforeValidator(
        _exercise_as_mapping, json_schema_input_type=Markdown | Exercice)]],
                         Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    # Objectives written to the learner (« Vous saurez… »); the learner sheet prints them.
    objectifs: Texts = Field(default_factory=list)


class Ressource(Strict):
    titre: Titre
    url: Annotated[str, ADDRESS.constraint]


# Who reads an annex: the trainer (examples, answers, scripts: the plain-language rules do not
# apply), or the learners themselves (a memo card to take home: they do).
Lecteur = Literal["animateur", "apprenant"]
Carte = Annotated[str, CARD.constraint]


class Annexe(Strict):
    """Material the trainer prints for the workshop (extension): a text, a picture, cards."""

    titre: Titre
    texte: Markdown | None = None
    image: Label | None = None
    alt: Resume | None = None
    # Short texts, one per card; printed on a cutting grid unless `a_decouper: false`.
    cartes: Annotated[list[Carte], Field(max_length=MAX_CARDS)] = Field(default_factory=list)
    a_decouper: StrictBool | None = None  # after `cartes`: its check reads them
    pour: Lecteur = "animateur"

    @field_validator("a_decouper")
    @classmethod
    def _cards_to_cut(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value and info.data.get("cartes") == []:  # (invalid cards are reported alone)
            raise PydanticCustomError(
                "relais_annex", "« a_decouper » sans cartes à découper",
                {"hint": "ajoutez « cartes: » avec une ligne « - … » par carte"})
        return value

    @model_validator(mode="after")
    def _something_to_print(self) -> Annexe:
        if not (self.texte or self.image or self.cartes):
            raise PydanticCustomError(
                "relais_annex", "annexe vide : rien à imprimer",
                {"hint": "ajoutez « texte: », « image: » ou « cartes: »"})
        return self

    @property
    def decoupee(self) -> bool:
        """Its cards are printed on a cutting grid (the default when it has cards)."""
        return bool(self.cartes) and self.a_decouper is not False


class Fiche(Document):
    titre: Titre
    resume: Resume
    public: Labels = Field(min_length=1)
    niveau: Niveau
    duree: Minutes
    modalite: Modalite = "collectif"
    thematiques: Labels = Field(default_factory=list)
    competences: Labels = Field(default_factory=list)
    objectifs: Texts = Field(min_length=1)
    prerequis: Labels = Field(default_factory=list)
    materiel: Labels = Field(default_factory=list)
    animateur: Animateur = Field(default_factory=Animateur)
    apprenant: Apprenant = Field(default_factory=Apprenant)
    glossaire: Annotated[dict[Label, Markdown], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=dict)
    ressources: Annotated[list[Ressource], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list)
    auteurs: Labels = Field(default_factory=list)
    licence: Label | None = None
    verifie_le: VerifieLe | None = None
    # Extension: cards, examples, scripts to print and cut (a PDF of their own).
    annexes: Annotated[list[Annexe], Field(max_length=MAX_ANNEXES)] = Field(
        default_factory=list)


# --- parcours -----------------------------------------------------------------------------


class Seance(Strict):
    titre: Titre
    duree: Minutes
    fiches: Labels = Field(default_factory=list)
    objectifs: Texts = Field(default_factory=list)
    notes: Markdown | None = None


class Parcours(Document):
    titre: Titre
    resume: Resume
    public: Labels = Field(min_length=1)
    niveau: Niveau
    modalite: Modalite = "collectif"
    objectifs: Texts = Field(min_length=1)
    seances: Annotated[list[Seance], Field(max_length=MAX_SESSIONS)] = Field(min_length=1)
    # Extension: the référentiels it aims at (default: those its fiches are aligned to).
    referentiels: Labels = Field(default_factory=list)
    verifie_le: VerifieLe | None = None

    @property
    def total_minutes(self) -> int:
        return sum(seance.duree for seance in self.seances)


# --- drafts ------------------------------------------------------------------------------


class Draft:
    """Marks what is left of a document that failed validation: its valid fields, the others
    empty. It is checked for what those fields alone can show, so that a structural error does
    not hide the file's other problems until the next run; it is never published."""


@cache
def draft_model(model: type[Document]) -> type[Document]:
    """`model` with its required fields optional (None when absent)."""
    optional: dict[str, Any] = {
        name: (info.annotation, FieldInfo.merge_field_infos(info, default=None))
        for name, info in model.model_fields.items()
        if info.is_required()
    }
    bases: tuple[type[Document], ...] = (model, Draft)  # type: ignore[assignment]
    return create_model(f"{model.__name__}Brouillon", __base__=bases, **optional)


# --- the whole repository -----------------------------------------------------------------


class Vocabularies(BaseModel):
    """Controlled vocabularies: value id -> French label."""

    public: dict[str, str]
    thematiques: dict[str, str]
    niveau: dict[str, str]
    modalite: dict[str, str]


class Structure(BaseModel):
    """The place that runs the workshops, printed in the learner's « Mon aide-mémoire »."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    nom: str | None = None
    adresse: str | None = None
    telephone: str | None = None
    courriel: str | None = None
    horaires: str | None = None


class NumeroUtile(BaseModel):
    """A national help number: its use in plain words, and the official page that gives it."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    usage: str  # « Pour signaler un SMS bizarre »
    numero: str  # « 33700 », or a web address
    precision: str | None = None  # « gratuit », « jour et nuit »
    source: str  # the official page that gives the number
    verifie_le: Annotated[str, BeforeValidator(str)]  # when that page was read (a date)


class Settings(BaseModel):
    """Repository settings, read from the relais plugin options in mkdocs.yml."""

    model_config = ConfigDict(extra="ignore")

    site_name: str
    licence: StrictStr = "CC-BY-SA-4.0"
    publics: dict[str, str] = Field(default_factory=dict)
    thematiques: dict[str, str] = Field(default_factory=dict)
    jargon: list[StrictStr] = Field(default_factory=list)
    # Read by the engine adapter, validated here too so that `relais check` sees every mistake.
    contenu: StrictStr | None = None
    pdf: StrictBool = True
    hors_ligne: StrictBool = True
    # Rules of the check: a level per code, and codes ignored under path patterns.
    regles: dict[str, Literal["erreur", "avertissement", "ignorer"]] = Field(default_factory=dict)
    ignorer: dict[str, list[str]] = Field(default_factory=dict)
    falc: dict[str, list[Any]] = Field(default_factory=dict)  # extends data/falc.yml
    structure: Structure = Field(default_factory=Structure)
    # None: the national numbers shipped with Relais (generator/data/numeros-utiles.yml).
    numeros_utiles: list[NumeroUtile] | None = None
    # `relais check` warns when a document's `verifie_le` is older than this many months.
    verification_max_mois: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    # Search: groups of words that find each other, added to Relais' own (generator/data/
    # synonymes.yml) unless `synonymes_relais` is false.
    synonymes: list[list[StrictStr]] = Field(default_factory=list)
    synonymes_relais: StrictBool = True
    # Rows of name and signature on each attendance sheet (feuille d'émargement).
    emargement_lignes: Annotated[StrictInt, Field(ge=1, le=60)] = 12


@dataclass
class GlossaryEntry:
    terme: str
    definition: Markdown
    source: str  # relative path of the file that defines it
    position: Position


@dataclass
class Library:
    """Everything loaded from one content repository."""

    root: Path
    settings: Settings
    vocabularies: Vocabularies
    referentiels: dict[str, Referentiel] = field(default_factory=dict)
    fiches: dict[str, Fiche] = field(default_factory=dict)
    parcours: dict[str, Parcours] = field(default_factory=dict)
    glossaire: list[GlossaryEntry] = field(default_factory=list)
    shared_glossary: SourceMap | None = None
    # Ids of files that exist but failed to load (kind -> ids; "glossaire" for glossaire.yml,
    # "reglages" for the vocabulary options of mkdocs.yml): references to them are not reported.
    unloaded: dict[str, set[str]] = field(default_factory=dict)
    drafts: dict[str, list[Document]] = field(default_factory=dict)  # kind -> what is left

    def with_drafts(self, *kinds: str) -> list[Any]:
        """The documents of each kind, each followed by the drafts of those that failed
        validation."""
        return [document for kind in kinds
                for document in (*getattr(self, kind).values(), *self.drafts.get(kind, []))]

    def knows(self, kind: str, ident: str) -> bool:
        return ident in getattr(self, kind) or ident in self.unloaded.get(kind, set())

    def images(self) -> list[str]:
        """Repository paths of every image the content shows (steps, and images written in
        Markdown texts), sorted, each once."""
        found = {etape.image for fiche in self.with_drafts("fiches")
                 for etape in fiche.apprenant.etapes if etape.image}
        found.update(annexe.image for fiche in self.with_drafts("fiches")
                     for annexe in fiche.annexes if annexe.image)
        for document in self.with_drafts("fiches", "parcours", "referentiels"):
            for _, text in document.source.strings:
                if "![" in text:  # the start of every Markdown image
                    found.update(markdown_images(text))
        return sorted(found)

    def resolve_competence(self, reference: str) -> tuple[Referentiel, Competence] | None:
        """`REF/ID`, or `ID` alone when exactly one référentiel has it."""
        matches = list(self.competence_candidates(reference))
        return matches[0] if len(matches) == 1 else None

    def competence_candidates(self, reference: str) -> list[tuple[Referentiel, Competence]]:
        ref_id, _, comp_id = reference.rpartition("/")
        found: list[tuple[Referentiel, Competence]] = []
        for referentiel in self.referentiels.values():
            if ref_id and referentiel.ident != ref_id:
                continue
            found.extend(
                (referentiel, competence)
                for competence in referentiel.competences
                if competence.id == comp_id
            )
        return found


# --- walking models -----------------------------------------------------------------------


def submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `list[...]`, `Annotated[...]` or `X | None`, if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            break
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return annotation if is_model else None
