"""Check stage: a loaded `Library` -> diagnostics (cross-references, vocabularies, media, links).

Each check is a small generator of diagnostics; `check_library` runs them all so every problem
of a run is reported together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

from . import heap, icons, markup, verification
from .diagnostics import Diagnostic, Position, choices_hint, did_you_mean, error, warning
from .durations import format_duration
from .files import stamp
from .limits import MAX_ID, number
from .load import (
    KINDS,
    LoadResult,
    load_library,
    typed_terms,
)
from .media import media_problem
from .model import Document, Fiche, Library, Parcours, Referentiel, SourceMap, YamlPath
from .plain_language import PlainLanguage, check_plain_language, plain_language_documents
from .prerequisites import walk
from .print_sizes import (
    ANNEX_IMAGE,
    CARD_GRIDS,
    MIN_TEXT_PT,
    STEP_IMAGE,
    ImageBox,
    Paper,
    card_lines,
)
from .rules import RuleSettings, apply_rules
from .shared_work import share
from .svg_text import svg_text_of

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # a whole value: always `fullmatch`
SLUG_HINT = "un identifiant s'écrit en minuscules sans accents, avec des tirets : premiers-pas"
# fiches/index.md, parcours/index.md and referentiels/REF/index.md list the others.
RESERVED_IDS = frozenset({"index"})

Check = Callable[[Library], Iterator[Diagnostic]]


def check_repository(root: Path, *, parallel: bool = False) -> LoadResult:
    """Load then check: every diagnostic of the repository, in file order. `parallel` shares the
    parsing with a helper process (not beside threads that may hold locks, such as a server's).
    Unchanged files are not parsed again (see `load`)."""
    with heap.collector_paused():
        result = load_library(root.resolve(), parallel=parallel)
        result.diagnostics.extend(check_library(result.library, parallel=parallel))
        result.diagnostics[:] = configured(result.library, result.diagnostics)
        # The library lives on to the end of the run: later collections (printing thousands
        # of diagnostics, rendering) need not scan it again. Before the collector resumes.
        heap.set_aside()
    return result


def configured(library: Library, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with the repository's rule settings and `# relais: ignorer` comments."""
    settings = library.settings
    texts = {source.path: source.text for source in _sources(library)}
    return apply_rules(diagnostics, RuleSettings(dict(settings.regles), dict(settings.ignorer)),
                       texts)


def _sources(library: Library) -> list[SourceMap]:
    sources = [document.source for document in _documents(library)]
    if library.shared_glossary is not None:
        sources.append(library.shared_glossary)
    return sources


def check_library(library: Library, *, parallel: bool = False) -> list[Diagnostic]:
    """Every check; `parallel` shares the plain-language rules (most of the time) with a
    forked helper process while this one runs the other checks."""
    rules_of = PlainLanguage(library)

    def the_rest() -> list[Diagnostic]:
        found = [d for check in CHECKS if check is not check_plain_language
                 for d in check(library)]
        return found + rules_of.shared_glossary()

    per_document, rest = share(plain_language_documents(library), rules_of.document, the_rest,
                               parallel=parallel, stream=True)
    return rest + [d for found in per_document for d in found]


def _documents(library: Library) -> Iterator[Document]:
    """Every document, drafts included (see `model.Draft`)."""
    yield from library.with_drafts(*KINDS)


def id_problem(ident: str, what: str, reserved: bool) -> tuple[str, str, str] | None:
    """Why `ident` cannot name pages and files (message, hint, rule code), or None."""
    if len(ident) > MAX_ID:
        return (f"{what} trop long : {number(len(ident))} caractères pour {MAX_ID} au plus",
                "il nomme des fichiers et des adresses de pages : raccourcissez-le",
                "limite-depassee")
    if not SLUG.fullmatch(ident):
        return (f"{what} « {ident} » invalide", SLUG_HINT, "identifiant-invalide")
    if reserved and ident in RESERVED_IDS:
        return (f"{what} « {ident} » réservé : sa page serait remplacée par la liste",
                "choisissez un autre identifiant (clé « id: » ou nom du fichier)",
                "identifiant-reserve")
    return None


def check_ids(library: Library) -> Iterator[Diagnostic]:
    for document in _documents(library):
        problem = id_problem(document.ident, "identifiant",
                              reserved=not isinstance(document, Referentiel))
        if problem:
            where = document.source.at("id") if document.source.has("id") else Position()
            yield error(document.source.path, where, *problem[:2], code=problem[2])
    for referentiel in library.referentiels.values():
        seen: set[str] = set()
        for index, competence in enumerate(referentiel.competences):
            where = referentiel.source.at("competences", index, "id")
            problem = id_problem(competence.id, "identifiant de compétence", reserved=True)
            if problem:
                yield error(referentiel.source.path, where, *problem[:2], code=problem[2])
            if competence.id in seen:
                yield error(
                    referentiel.source.path,
                    where,
                    f"compétence « {competence.id} » définie deux fois",
                    "chaque compétence a un identifiant unique dans son référentiel",
                    code="identifiant-double",
                )
            seen.add(competence.id)
            for level in competence.attendus:
                if level not in referentiel.niveaux:
                    yield error(
                        referentiel.source.path,
                        referentiel.source.key_at("competences", index, "attendus", level),
                        f"niveau « {level} » absent de « niveaux » du référentiel",
                        choices_hint(level, referentiel.niveaux),
                        code="reference-inconnue",
                    )


def check_vocabularies(library: Library) -> Iterator[Diagnostic]:
    vocabularies = library.vocabularies
    documents: list[Fiche | Parcours] = library.with_drafts("fiches", "parcours")
    unread = library.unloaded.get("reglages", set())  # unknown vocabularies: nothing to say
    for document in documents:
        # (field, its vocabulary, the mkdocs.yml option that extends it)
        fields = [("public", vocabularies.public, "publics")]
        if isinstance(document, Fiche):
            fields.append(("thematiques", vocabularies.thematiques, "thematiques"))
        for field, vocabulary, option in fields:
            if option in unread:
                continue
            for index, value in enumerate(getattr(document, field) or []):
                if value not in vocabulary:
                    yield error(
                        document.source.path,
                        document.source.at(field, index),
                        f"« {field} » : valeur « {value} » inconnue",
                        choices_hint(value, vocabulary),
                        code="valeur-inconnue",
                    )


def check_competences(library: Library) -> Iterator[Diagnostic]:
    for fiche in library.with_drafts("fiches"):
        for index, reference in enumerate(fiche.competences):
            problem = _competence_problem(library, reference)
            if problem:
                yield error(fiche.source.path, fiche.source.at("competences", index), *problem,
                            code="reference-inconnue")


def _competence_problem(library: Library, reference: str) -> tuple[str, str] | None:
    candidates = library.competence_candidates(reference)
    if len(candidates) == 1:
        return None
    if not candidates and _maybe_in_broken_referentiel(library, reference):
        return None
    if len(candidates) > 1:
        names = ", ".join(f"{r.ident}/{c.id}" for r, c in candidates)
        return (f"compétence « {reference} » ambiguë", f"précisez le référentiel : {names}")
    known = [f"{r.ident}/{c.id}" for r in library.referentiels.values() for c in r.competences]
    hint = did_you_mean(reference, known) or did_you_mean(
        f"{reference}", [c.id for r in library.referentiels.values() for c in r.competences]
    )
    return (
        f"compétence « {reference} » inconnue",
        hint or "écrivez REFERENTIEL/COMPETENCE, par exemple mediation-numerique/pedagogie",
    )


def _maybe_in_broken_referentiel(library: Library, reference: str) -> bool:
    """A référentiel that failed to load may define it: its own errors are reported instead of
    one « compétence inconnue » per fiche that uses it."""
    broken = library.unloaded.get("referentiels", set())
    named, _, _ = reference.rpartition("/")
    return bool(broken) and (not named or named in broken)


def _unknown_fiche(
    library: Library, source: SourceMap, position: Position, fiche_id: str
) -> Diagnostic:
    return error(
        source.path,
        position,
        f"fiche « {fiche_id} » inconnue",
        did_you_mean(fiche_id, library.fiches) or "vérifiez le nom du fichier de la fiche",
        code="reference-inconnue",
    )


def check_parcours_referentiels(library: Library) -> Iterator[Diagnostic]:
    """The référentiels a parcours says it aims at (`referentiels:`) exist."""
    for parcours in library.with_drafts("parcours"):
        for index, ident in enumerate(parcours.referentiels or []):
            if not library.knows("referentiels", ident):
                yield error(
                    parcours.source.path,
                    parcours.source.at("referentiels", index),
                    f"référentiel « {ident} » inconnu",
                    did_you_mean(ident, library.referentiels)
                    or "écrivez l'identifiant d'un référentiel de referentiels/",
                    code="reference-inconnue",
                )


def check_fiche_references(library: Library) -> Iterator[Diagnostic]:
    for fiche in library.with_drafts("fiches"):
        for index, prerequis in enumerate(fiche.prerequis):
            if not library.knows("fiches", prerequis):
                yield _unknown_fiche(
                    library, fiche.source, fiche.source.at("prerequis", index), prerequis
                )
    for parcours in library.with_drafts("parcours"):
        for s_index, seance in enumerate(parcours.seances or []):
            for f_index, fiche_id in enumerate(seance.fiches):
                if not library.knows("fiches", fiche_id):
                    where = parcours.source.at("seances", s_index, "fiches", f_index)
                    yield _unknown_fiche(library, parcours.source, where, fiche_id)


def check_prerequisite_cycles(library: Library) -> Iterator[Diagnostic]:
    """Each loop of prerequisites once, on the prerequisite that closes it."""
    for loop in walk(library.fiches, library.fiches).loops:
        fiche = library.fiches[loop.closer]
        yield error(fiche.source.path, fiche.source.at("prerequis", loop.index),
                    "prérequis en boucle : " + " → ".join(loop.chain),
                    "une fiche ne peut pas, même indirectement, être son propre prérequis",
                    code="prerequis-boucle")


def check_images(library: Library) -> Iterator[Diagnostic]:
    """The pictures of learner steps and of annexes: described, safe, words large enough."""
    for fiche in library.with_drafts("fiches"):
        for index, etape in enumerate(fiche.apprenant.etapes):
            yield from _picture_problems(library.root, fiche, ("apprenant", "etapes", index),
                                         etape.image, etape.alt, STEP_IMAGE)
        for index, annexe in enumerate(fiche.annexes):
            yield from _picture_problems(library.root, fiche, ("annexes", index),
                                         annexe.image, annexe.alt, ANNEX_IMAGE)


def _picture_problems(root: Path, fiche: Fiche, path: YamlPath, image: str | None,
                      alt: str | None, boxes: Mapping[Paper, ImageBox]
                      ) -> Iterator[Diagnostic]:
    if image is None:
        return
    if not (alt or "").strip():
        yield error(
            fiche.source.path,
            fiche.source.at(*path, "image"),
            "image sans texte de remplacement « alt »",
            "ajoutez « alt: » qui décrit l'image pour les personnes qui ne la voient pas",
            code="image-sans-alt",
        )
    problem = media_problem(root, image)
    if problem:
        yield error(fiche.source.path, fiche.source.at(*path, "image"), *problem,
                    code="image-refusee")
    elif image.lower().endswith(".svg"):
        yield from _small_drawing_text(fiche, path, root / image, boxes)


def _small_drawing_text(fiche: Fiche, path: YamlPath, file: Path,
                        boxes: Mapping[Paper, ImageBox]) -> Iterator[Diagnostic]:
    """A warning when the words of a drawing print under 14 pt on a paper it is printed on
    (in the box of that paper)."""
    text = svg_text_of(file, *stamp(file))
    if text is None:
        return
    sizes = {paper: text.printed_points(box) for paper, box in boxes.items()}
    smallest = min(sizes.values())
    if smallest >= MIN_TEXT_PT - 0.05:
        return
    needed = math.ceil(text.smallest * MIN_TEXT_PT / smallest)
    printed = " et ".join(f"{_points(size)} pt sur {paper.upper()}"
                          for paper, size in sizes.items())
    yield warning(fiche.source.path, fiche.source.at(*path, "image"),
                  f"le texte du dessin « {file.name} » s'imprime en {printed}, moins de "
                  f"{MIN_TEXT_PT} pt : trop petit pour être lu sur la fiche",
                  f"dans le SVG, donnez au texte une taille d'au moins {needed} "
                  "(font-size), ou écrivez moins de mots plus grands", code="svg-texte-petit")


def check_cards(library: Library) -> Iterator[Diagnostic]:
    """Warnings: a card to cut out that even the largest cell of the grid cannot hold (its
    lines measured as print_sizes estimates them)."""
    largest = CARD_GRIDS[-1]
    for fiche in library.with_drafts("fiches"):
        for index, annexe in enumerate(fiche.annexes):
            if not annexe.decoupee:
                continue
            for card_index, card in enumerate(annexe.cartes):
                lines = card_lines(card, largest.line_em)
                if lines > largest.lines:
                    yield warning(
                        fiche.source.path,
                        fiche.source.at("annexes", index, "cartes", card_index),
                        f"carte {card_index + 1} trop longue pour sa case : environ "
                        f"{math.ceil(lines)} lignes pour {math.floor(largest.lines)} au plus, "
                        f"même à {largest.per_page} cartes par page",
                        "raccourcissez-la ou coupez-la en deux cartes ; un long texte va dans "
                        "« texte » de l'annexe", code="carte-trop-longue")


def _points(size: float) -> str:
    return f"{size:.1f}".replace(".", ",")


def _may_link(text: str) -> bool:
    """Whether Markdown may find a link, an image or an icon in `text`: an inline one needs
    `](`, one by reference the `]:` of its definition (in the same text), an autolink `<`, an
    icon its `:shortcode:`."""
    return "](" in text or "]:" in text or "<" in text \
        or (":" in text and icons.SHORTCODE.search(text) is not None)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _all_texts(library: Library, may_hold: Callable[[str], object] | None = None
               ) -> Iterator[tuple[SourceMap, YamlPath, str]]:
    """Every text of every document and of the shared glossary; with `may_hold`, only those of
    the files whose text it holds true for. A value holds characters (or a word) only if its
    file does, or writes them with a YAML escape (a backslash): one test per file, not per
    text (line folding only ever adds a space or a line break)."""
    for source in _sources(library):
        if may_hold is None or "\\" in source.text or may_hold(source.text) \
                or not source.text:
            for path, text in source.strings:
                yield source, path, text


def check_links(library: Library) -> Iterator[Diagnostic]:
    """Every link and image of any text, as the Markdown parser reads it (whatever the syntax):
    allowed address and existing target."""
    for source, path, text in _all_texts(library, _may_link):
        if not _may_link(text):
            continue  # most texts hold no link: no need to parse them
        for target in _plain_targets(text) or markup.targets(text):
            problem = _target_problem(library, target)
            if problem:
                typed = target.typed
                offset = max(text.find(typed), 0)
                where = source.find(typed, source.at(*path), text.count("\n", 0, offset))
                factory, code, message, hint = problem
                yield factory(source.path, where, message, hint, code=code)
    for fiche in library.with_drafts("fiches"):
        for index, ressource in enumerate(fiche.ressources):
            if not _WEB_ADDRESS.fullmatch(ressource.url):
                yield error(
                    fiche.source.path,
                    fiche.source.at("ressources", index, "url"),
                    f"adresse « {ressource.url} » refusée",
                    "une ressource est une adresse web complète : https://…",
                    code="lien-refuse",
                )


_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)

# Texts whose only Markdown is inline links to addresses without spaces, brackets nor quotes,
# on one line that starts a paragraph (with a letter or a link): there Python-Markdown finds
# exactly these links (it needs no other character to read them, and no other character can
# turn them into something else), without a parse that would take a tenth of a `relais check`
# of fiches that link to each other. Any other text goes to `markup.targets`.
_OTHER_MARKUP = r"\[\]\\`*_<>&!|\x00-\x1f\x7f-\x9f\u2028\u2029"
_PLAIN_LINK = re.compile(rf"\[[^{_OTHER_MARKUP}]*\]\(([^\s()'\"{_OTHER_MARKUP}]+)\)")
_PLAIN_TEXT = re.compile(rf"[^{_OTHER_MARKUP}]*")


def _plain_targets(text: str) -> list[markup.Target] | None:
    """The links of a text of plain links (see above), or None for any other text."""
    text = text.strip()
    if not text or not (text[0] == "[" or text[0].isalpha()) \
            or icons.SHORTCODE.search(text):
        return None
    links = _PLAIN_LINK.findall(text)
    if not links or not _PLAIN_TEXT.fullmatch(_PLAIN_LINK.sub("", text)):
        return None
    return [markup.Target(url, image=False) for url in links]


# (error or warning, rule code, message, hint)
Problem = tuple[Callable[..., Diagnostic], str, str, str]


def _target_problem(library: Library, target: markup.Target) -> Problem | None:
    problem = _address_problem(library, target)
    if problem:
        return (error, *problem)
    if target.scheme == icons.SCHEME and icons.french_name(target.reference) is None:
        return (warning, "icone-sans-nom", f"icône « {target.reference} » sans nom français",
                "ajoutez son nom à generator/data/icones.yml (texte lu aux personnes aveugles)")
    return None


def _address_problem(library: Library, target: markup.Target) -> tuple[str, str, str] | None:
    """(rule code, message, hint) of an address that cannot be used, or None."""
    shown = target.normalised
    if target.scheme == icons.SCHEME:
        name = target.reference
        if icons.icon_file(name) is None:
            return ("icone-inconnue", f"icône « {name} » inconnue", icons_hint(name))
        return None
    if target.image:
        if markup.image_refused(target.url):
            return ("image-refusee", f"image « {shown} » refusée",
                    "une image est un fichier du dépôt, par exemple medias/nom.png")
        problem = media_problem(library.root, shown)
        return ("image-refusee", *problem) if problem else None
    if markup.link_refused(target.url):
        return ("lien-refuse", f"lien « {shown} » refusé", markup.LINK_HINT)
    scheme, reference = target.scheme, target.reference
    if scheme == "fiche" and not library.knows("fiches", reference):
        return (
            "lien-inconnu",
            f"lien vers la fiche « {reference} » inconnue",
            did_you_mean(reference, library.fiches) or "vérifiez l'identifiant de la fiche",
        )
    if scheme == "parcours" and not library.knows("parcours", reference):
        return (
            "lien-inconnu",
            f"lien vers le parcours « {reference} » inconnu",
            did_you_mean(reference, library.parcours) or "vérifiez l'identifiant du parcours",
        )
    if scheme == "competence":
        problem = _competence_problem(library, reference)
        return ("lien-inconnu", *problem) if problem else None
    return None


def icons_hint(name: str) -> str:
    return did_you_mean(name, icons.all_names()) or \
        "les noms sont ceux de Material for MkDocs, par exemple :material-cog:"


def check_control_characters(library: Library) -> Iterator[Diagnostic]:
    """Invisible control characters (often pasted from another program) in any text."""
    for source, path, text in _all_texts(library, _CONTROL.search):
        found = _CONTROL.search(text)
        if found:
            yield error(source.path, source.at(*path),
                        f"caractère de contrôle invisible U+{ord(found.group(0)):04X} "
                        "dans le texte", "retirez-le ; retapez le passage au besoin",
                        code="caractere-controle")


# « À compléter : ce qu'il faut écrire » where `relais nouveau` leaves the author a text to write.
PLACEHOLDER = re.compile(r"\s*[ÀA] compléter\s*:\s*(?P<what>.*)", re.IGNORECASE | re.DOTALL)


# « compléter » in any case holds « mpl » in one of its cases (these letters have no other).
_MPL = [first + second + third for first in "mM" for second in "pP" for third in "lL"]


def _may_ask_to_complete(text: str) -> bool:
    return any(letters in text for letters in _MPL)


def check_placeholders(library: Library) -> Iterator[Diagnostic]:
    """Texts still to write: one warning each, saying what to write."""
    for source, path, text in _all_texts(library, _may_ask_to_complete):
        found = PLACEHOLDER.match(text)
        if found:
            what = found["what"].strip() or "ce texte"
            yield warning(source.path, source.at(*path), f"à compléter : {what}",
                          "remplacez tout le texte, « À compléter : » compris, par le vôtre",
                          code="a-completer")


def check_sessions(library: Library) -> Iterator[Diagnostic]:
    """Warnings: overfull sessions, fiches taught before their prerequisites."""
    for parcours in library.parcours.values():
        taught: dict[str, int] = {}
        order = [fiche_id for seance in parcours.seances for fiche_id in seance.fiches]
        for s_index, seance in enumerate(parcours.seances):
            known = [library.fiches[f] for f in seance.fiches if f in library.fiches]
            total = sum(fiche.duree for fiche in known)
            if total > seance.duree:
                yield warning(
                    parcours.source.path,
                    parcours.source.at("seances", s_index, "duree"),
                    f"séance « {seance.titre} » : ses fiches durent {format_duration(total)}"
                    f" pour une séance de {format_duration(seance.duree)}",
                    "allongez la séance ou retirez une fiche",
                    code="seance-trop-longue",
                )
            for f_index, fiche_id in enumerate(seance.fiches):
                taught.setdefault(fiche_id, len(taught))
                fiche = library.fiches.get(fiche_id)
                for prerequis in fiche.prerequis if fiche else []:
                    if prerequis in order and prerequis not in taught:
                        yield warning(
                            parcours.source.path,
                            parcours.source.at("seances", s_index, "fiches", f_index),
                            f"« {fiche_id} » est enseignée avant son prérequis « {prerequis} »",
                            "placez le prérequis dans une séance antérieure",
                            code="prerequis-apres",
                        )


def check_learner_objectives(library: Library) -> Iterator[Diagnostic]:
    """A learner sheet prints `apprenant.objectifs`; without them, the trainer's objectives."""
    for fiche in library.fiches.values():
        apprenant = fiche.apprenant
        has_sheet = apprenant.introduction or apprenant.etapes or apprenant.a_retenir \
            or apprenant.exercices
        if has_sheet and not apprenant.objectifs:
            yield warning(fiche.source.path, fiche.source.key_at("objectifs"),
                          "objectifs écrits pour l'animateur : la fiche apprenant les imprime "
                          "faute d'objectifs écrits pour l'apprenant",
                          "ajoutez sous « apprenant: » des « objectifs: » qui parlent à "
                          "l'apprenant, par exemple « Vous saurez envoyer une photo. »",
                          code="objectifs-animateur")


def check_verification_dates(library: Library, today: date | None = None
                             ) -> Iterator[Diagnostic]:
    """`verifie_le` after `today` (an error: pages and sheets would print a false date), or
    older than the `verification_max_mois` setting (a warning: the facts may have changed).
    A document without `verifie_le` is left alone."""
    today = today or verification.today()
    limit = library.settings.verification_max_mois
    documents: list[Fiche | Parcours] = library.with_drafts("fiches", "parcours")
    for document in documents:
        checked = document.verifie_le
        if checked is None:
            continue
        where = document.source.at("verifie_le")
        if verification.in_future(checked, today):
            yield error(document.source.path, where,
                        f"« verifie_le » : date « {checked} » dans le futur (nous sommes le "
                        f"{verification.french_date(today)})",
                        "écrivez le mois ou le jour où vous avez vérifié les informations, "
                        f"par exemple {today:%Y-%m}", code="verification-future")
        elif verification.due(checked, limit, today):
            months = verification.months_since(checked, today)
            yield warning(document.source.path, where,
                          f"informations vérifiées {verification.when(checked)}, il y a "
                          f"{months} mois : plus de {limit} mois",
                          "revérifiez les adresses, numéros et démarches, puis mettez à jour "
                          "verifie_le", code="verification-ancienne")


def check_glossary_terms(library: Library) -> Iterator[Diagnostic]:
    """Terms of the fiches' glossaries that YAML read as booleans, numbers or null (those of
    glossaire.yml are reported as it loads)."""
    for fiche in library.with_drafts("fiches"):
        yield from typed_terms(fiche.source, ("glossaire",))


CHECKS: list[Check] = [
    check_ids,
    check_glossary_terms,
    check_vocabularies,
    check_competences,
    check_fiche_references,
    check_parcours_referentiels,
    check_prerequisite_cycles,
    check_images,
    check_cards,
    check_links,
    check_control_characters,
    check_placeholders,
    check_sessions,
    check_learner_objectives,
    check_verification_dates,
    check_plain_language,
]
