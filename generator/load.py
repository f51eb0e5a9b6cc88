"""Load stage: a content repository on disk -> a typed `Library` plus diagnostics."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .datafiles import data_file
from .diagnostics import Diagnostic, Position, choices_hint, did_you_mean, error, warning
from .files import Stamp
from .files import stamp as file_stamp
from .limits import (
    GLOSSARY_WHY,
    LABEL,
    LIMITS,
    MAX_FILE_BYTES,
    MAX_GLOSSARY,
    TEXT,
    number,
    text_problem,
    too_long,
    too_many,
)
from .model import (
    Document,
    Draft,
    Fiche,
    GlossaryEntry,
    Library,
    Parcours,
    Referentiel,
    Settings,
    SourceMap,
    Vocabularies,
    YamlPath,
    draft_model,
    submodel,
)
from .rules import settings_problems as rule_setting_problems
from .settings_file import (
    SETTINGS_FILE,
    SettingsFile,
    SettingsFileError,
    plugin_entries,
    read_settings_file,
    settings_problems,
)
from .shared_work import share_then
from .yamlsource import QUOTE_HINT, ParsedYaml, parse_yaml

KINDS: dict[str, type[Document]] = {
    "referentiels": Referentiel,
    "fiches": Fiche,
    "parcours": Parcours,
}
KIND_LABELS = {"referentiels": "référentiel", "fiches": "fiche", "parcours": "parcours"}
GLOSSARY_FILE = "glossaire.yml"
YAML_SUFFIXES = (".yml", ".yaml")
VOCABULARY_OPTIONS = ("publics", "thematiques")  # relais options that extend a vocabulary
Finished = TypeVar("Finished")
Other = TypeVar("Other")


@dataclass
class LoadResult:
    library: Library
    diagnostics: list[Diagnostic]


def load_library(root: Path, *, parallel: bool = False) -> LoadResult:
    """Read every référentiel, fiche, parcours and the shared glossary under `root`; `parallel`
    shares the parsing with a helper process."""
    root = root.resolve()
    listed = {kind: _listed(root, kind) for kind in KINDS}  # each folder read once
    files = [(kind, path) for kind in KINDS for path in _yaml_files(listed[kind])]
    paths = [path for _, path in files]

    def settled() -> tuple[Library, list[Diagnostic]]:
        """The settings, and the files not read: while the helper starts parsing."""
        found: list[Diagnostic] = []
        settings, unread = load_settings(root, found)
        library = Library(root, settings, vocabularies_for(settings))
        if unread:
            library.unloaded["reglages"] = unread
        for kind in KINDS:
            found.extend(_unread_files(root, kind, listed[kind]))
        return library, found

    def validated(index: int, parsed: ParsedYaml | list[Diagnostic]
                  ) -> tuple[Document | None, list[Diagnostic]]:
        """Here as each file's data comes, while the helper parses on."""
        found: list[Diagnostic] = []
        return _load_document(paths[index], parsed, KINDS[files[index][0]], found), found

    loaded, (library, diagnostics) = _read_all(root, paths, validated, settled,
                                               parallel=parallel)
    for (kind, path), (document, found) in zip(files, loaded, strict=True):
        diagnostics.extend(found)
        if document is not None and not isinstance(document, Draft):
            _register(getattr(library, kind), document, kind, diagnostics)
            continue
        # It failed to load: references to it are not reported again; a draft is still checked.
        library.unloaded.setdefault(kind, set()).add(path.stem)
        if document is not None:
            library.unloaded[kind].add(document.ident)
            library.drafts.setdefault(kind, []).append(document)
    _load_shared_glossary(root, library, diagnostics)
    return LoadResult(library, diagnostics)


def content_files(root: Path, kind: str) -> list[Path]:
    """YAML files of one kind; fiches may sit in sub-folders."""
    return _yaml_files(_listed(root, kind))


def _listed(root: Path, kind: str) -> list[Path]:
    """Everything in the folder of one kind (in its sub-folders too for fiches), sorted."""
    folder = root / kind
    if not folder.is_dir():
        return []
    return sorted(folder.glob("**/*" if kind == "fiches" else "*"))


def _yaml_files(listed: list[Path]) -> list[Path]:
    return [path for path in listed if path.suffix in YAML_SUFFIXES and path.is_file()]


def unread_files(root: Path, kind: str) -> list[Diagnostic]:
    """Warnings for files an author may believe are read but are not: `.YML` files, linked
    folders, broken links, sub-folders of referentiels/ and parcours/."""
    return _unread_files(root, kind, _listed(root, kind))


def _unread_files(root: Path, kind: str, listed: list[Path]) -> list[Diagnostic]:
    inside = len(str(root / kind)) + 1  # where the path under the folder starts
    found = []
    for path in listed:
        under = str(path)[inside:]
        if under.startswith(".") or f"{os.sep}." in under:
            continue  # editors' lock and backup files
        problem = _unread(path, kind)
        if problem:
            found.append(warning(relative(root, path), Position(), *problem,
                                 code="fichier-ignore"))
    return found


def _unread(path: Path, kind: str) -> tuple[str, str] | None:
    if path.is_symlink() and not path.exists():
        return ("lien cassé : fichier ignoré",
                "supprimez le lien ou remettez le fichier qu'il désigne")
    if path.is_dir():
        if path.is_symlink():
            return ("dossier lié : son contenu n'est pas lu",
                    "placez le dossier lui-même ici, pas un lien vers lui")
        if kind != "fiches" and any(p.suffix.lower() in YAML_SUFFIXES for p in path.rglob("*")):
            return ("sous-dossier ignoré", f"placez ses fichiers directement dans {kind}/")
        return None
    if path.suffix.lower() in YAML_SUFFIXES and path.suffix not in YAML_SUFFIXES:
        return (f"extension « {path.suffix} » : fichier ignoré",
                f"renommez-le en « {path.stem}{path.suffix.lower()} »")
    return None


def relative(root: Path, path: Path) -> str:
    inside = _inside(root, path)
    return inside.replace(os.sep, "/") if inside else path.relative_to(root).as_posix()


def _inside(root: Path, path: Path) -> str:
    """What `path` adds to `root` below it, as text ("" when it does not, or is root itself):
    `relative_to` for the common case, without its cost (thousands of files per load)."""
    base, full = str(root), str(path)
    start = len(base) + 1
    return full[start:] if full.startswith(base) and full[start - 1:start] == os.sep else ""


# --- settings -----------------------------------------------------------------------------


def read_mkdocs_config(root: Path) -> dict[str, Any] | None:
    """The raw mkdocs.yml mapping (tags neutralised), None when there is none, and an empty one
    when it cannot be read (`load_settings` reports why)."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return None
    try:
        return read_settings_file(path).data
    except SettingsFileError:
        return {}


def relais_plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """Options of the `relais` entry of `plugins:`, or None when the plugin is not listed
    (`settings_file` reports a `plugins:` or options of the wrong shape)."""
    for name, options in plugin_entries(config.get("plugins")):
        if name == "relais":
            return options if isinstance(options, dict) else {}
    return None


_OPTION_HINTS = {
    "publics": "une liste ou des lignes « id: libellé »",
    "thematiques": "une liste ou des lignes « id: libellé »",
    "licence": "un identifiant SPDX, par exemple CC-BY-SA-4.0",
    "jargon": "une liste de mots : [tableur, cookie]",
    "pdf": "true ou false",
    "hors_ligne": "true ou false",
    "contenu": "le chemin du dépôt de contenu",
    "verification_max_mois": "un nombre entier de mois, de 1 à 120 (par défaut : 12)",
    "emargement_lignes": "un nombre entier de lignes, de 1 à 60 (par défaut : 12)",
}


def _rule_problems(settings: Settings, settings_file: SettingsFile) -> list[Diagnostic]:
    """Unknown rule codes, or rules that cannot be set, in the `regles` and `ignorer` options."""
    return [error(SETTINGS_FILE, settings_file.relais_option_position(option), message, hint,
                  code="reglages-invalides")
            for option, message, hint in rule_setting_problems(settings.regles, settings.ignorer)]


def load_settings(root: Path, diagnostics: list[Diagnostic]) -> tuple[Settings, set[str]]:
    """The relais options of mkdocs.yml, and the names of the vocabulary options that could not
    be read: their values are unknown, so the check does not call the fiches' values unknown."""
    default = Settings(site_name=root.name)
    if not (root / SETTINGS_FILE).is_file():
        return default, set()
    try:
        settings_file = read_settings_file(root / SETTINGS_FILE)
    except SettingsFileError as exc:
        diagnostics.append(exc.diagnostic)
        return default, set(VOCABULARY_OPTIONS)
    diagnostics.extend(settings_problems(settings_file, root))
    config = settings_file.data
    options = relais_plugin_options(config)
    if options is None:
        diagnostics.append(
            error(
                SETTINGS_FILE,
                Position(),
                "l'extension « relais » n'est pas déclarée",
                "ajoutez « - relais » sous « plugins: »",
                code="reglages-invalides",
            )
        )
        options = {}
    raw = {"site_name": config.get("site_name") or root.name, **options}
    for key in ("publics", "thematiques"):
        if isinstance(raw.get(key), list):
            raw[key] = {str(value): str(value) for value in raw[key]}
    try:
        settings = Settings.model_validate(raw)
        diagnostics.extend(_rule_problems(settings, settings_file))
        return settings, set()
    except ValidationError as exc:
        problems = exc.errors()
        for item in problems:
            name = str(item["loc"][0]) if item["loc"] else ""
            where = ".".join(str(part) for part in item["loc"])
            diagnostics.append(
                error(
                    SETTINGS_FILE,
                    settings_file.relais_option_position(name),
                    f"option « {where} » de l'extension relais invalide",
                    _OPTION_HINTS.get(name, "vérifiez la forme de la valeur (guide de l'auteur)"),
                    code="reglages-invalides",
                )
            )
    valid = _valid_part(raw, problems)
    if valid is None:
        return default, set(VOCABULARY_OPTIONS)
    kept, invalid = valid
    try:  # the valid options still apply
        settings = Settings.model_validate(kept)
    except ValidationError:
        return default, set(VOCABULARY_OPTIONS)
    return settings, invalid & set(VOCABULARY_OPTIONS)


@cache
def default_vocabularies() -> dict[str, dict[str, str]]:
    return data_file("vocabulaires.yml")  # type: ignore[no-any-return]


def vocabularies_for(settings: Settings) -> Vocabularies:
    base = default_vocabularies()
    return Vocabularies(
        public={**base["public"], **settings.publics},
        thematiques={**base["thematiques"], **settings.thematiques},
        niveau=base["niveau"],
        modalite=base["modalite"],
    )


# --- documents ----------------------------------------------------------------------------

# Parsed files keyed by path, reused while size and mtime are unchanged (serve, build after check).
_parse_cache: dict[Path, tuple[Stamp, ParsedYaml | list[Diagnostic]]] = {}


def read_yaml(root: Path, path: Path) -> ParsedYaml | list[Diagnostic]:
    return read_all_yaml(root, [path])[0]


def read_all_yaml(
    root: Path, paths: list[Path], *, parallel: bool = False
) -> list[ParsedYaml | list[Diagnostic]]:
    """Each file's data, or why it cannot be read; `parallel` shares the parsing of many files
    with a helper process."""
    return _read_all(root, paths, _data, lambda: None, parallel=parallel)[0]


def _data(index: int, parsed: ParsedYaml | list[Diagnostic]) -> ParsedYaml | list[Diagnostic]:
    return parsed


def _read_all(root: Path, paths: list[Path],
              then: Callable[[int, ParsedYaml | list[Diagnostic]], Finished],
              meanwhile: Callable[[], Other], *, parallel: bool) -> tuple[list[Finished], Other]:
    """`then(index, data or why it cannot be read)` of each file, in this process as each
    file's data comes, and `meanwhile()` (see `shared_work.share_then`)."""

    def cached(index: int, result: tuple[Stamp | None, ParsedYaml | list[Diagnostic]]
               ) -> Finished:
        stamp, parsed = result
        if stamp is not None:
            _parse_cache[paths[index]] = (stamp, parsed)
        return then(index, parsed)

    return share_then(paths, partial(_read, root, {}), cached, meanwhile, parallel=parallel)


def _read(root: Path, folders: dict[Path, Path], path: Path
          ) -> tuple[Stamp | None, ParsedYaml | list[Diagnostic]]:
    """The file's stamp (None: not to be cached) and its data, from the cache when unchanged.
    `folders` keeps the real path of each folder for the files of one reading."""
    rel = relative(root, path)
    real = _real_path(path, folders)
    if not (_inside(root, real) or real.is_relative_to(root)):
        return None, [
            error(
                rel,
                Position(),
                "ce fichier pointe hors du dépôt",
                "remplacez le lien par le fichier",
                code="fichier-hors-depot",
            )
        ]
    try:
        stamp = file_stamp(path)
        cached = _parse_cache.get(path)
        if cached and cached[0] == stamp:
            return stamp, cached[1]
        with path.open("rb") as stream:  # past the bound, the rest is not worth reading
            return stamp, parse_yaml(stream.read(MAX_FILE_BYTES + 1), rel)
    except OSError as exc:
        return None, [error(rel, Position(), f"lecture impossible : {exc.strerror}", None,
                            code="yaml-illisible")]


def _real_path(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, resolving each folder once: links are followed at every level."""
    if path.is_symlink():
        return path.resolve()
    folder = path.parent
    if folder not in folders:
        folders[folder] = folder.resolve()
    return folders[folder] / path.name


def _load_document(
    path: Path, parsed: ParsedYaml | list[Diagnostic], model: type[Document],
    diagnostics: list[Diagnostic],
) -> Document | None:
    if isinstance(parsed, list):
        diagnostics.extend(parsed)
        return None
    source = parsed.source
    diagnostics.extend(refused_texts(source))
    if not isinstance(parsed.data, dict):
        diagnostics.append(
            error(
                source.path,
                source.at(),
                "le fichier doit commencer par des clés",
                "par exemple « titre: … »",
                code="fichier-vide",
            )
        )
        return None
    data = parsed.data
    if data.get("id") is None:  # absent or empty: the file name
        data = {**data, "id": path.stem}
    document: Document | None
    try:
        document = model.model_validate(data)
    except ValidationError as exc:
        problems = exc.errors()
        diagnostics.extend(_translate(item, source, model) for item in problems)
        document = _draft(path, data, problems, model)
        if document is None:
            return None
    document._source = source
    document._file = path
    return document


def _draft(
    path: Path, data: dict[str, Any], problems: list[Any], model: type[Document]
) -> Document | None:
    """The document without its invalid top-level fields (see `model.Draft`), if that holds."""
    valid = _valid_part(data, problems)
    if valid is None:
        return None
    kept = valid[0]
    kept.setdefault("id", path.stem)  # an invalid id is reported; the draft takes the file name
    try:
        return draft_model(model).model_validate(kept)
    except ValidationError:
        return None


def _valid_part(
    data: dict[Any, Any], problems: list[Any]
) -> tuple[dict[Any, Any], set[Any]] | None:
    """`data` without the top-level keys that validation complained about, and those keys;
    None when a complaint is about the whole (nothing can be kept for sure)."""
    if any(not problem["loc"] for problem in problems):
        return None
    invalid = {problem["loc"][0] for problem in problems}
    return {key: value for key, value in data.items() if key not in invalid}, invalid


def _register(
    documents: dict[str, Document], document: Document, kind: str, diagnostics: list[Diagnostic]
) -> None:
    existing = documents.get(document.ident)
    if existing is None:
        documents[document.ident] = document
        return
    source = document.source
    diagnostics.append(
        error(
            source.path,
            source.key_at("id") if "id" in source.top_level_keys() else Position(),
            f"identifiant de {KIND_LABELS[kind]} « {document.ident} » déjà utilisé "
            f"par {existing.source.path}",
            "donnez un « id: » différent à l'un des deux fichiers ou renommez-le",
            code="identifiant-double",
        )
    )


def _load_shared_glossary(root: Path, library: Library, diagnostics: list[Diagnostic]) -> None:
    path = root / GLOSSARY_FILE
    if not path.is_file():
        return
    parsed = read_yaml(root, path)
    if isinstance(parsed, list):
        diagnostics.extend(parsed)
        library.unloaded["glossaire"] = {GLOSSARY_FILE}
        return
    source = parsed.source
    library.shared_glossary = source
    diagnostics.extend(refused_texts(source))
    if not isinstance(parsed.data, dict):
        library.unloaded["glossaire"] = {GLOSSARY_FILE}
        diagnostics.append(
            error(
                source.path,
                source.at(),
                "le glossaire doit associer des termes à des définitions",
                "écrivez « terme: définition »",
                code="glossaire-invalide",
            )
        )
        return
    if len(parsed.data) > MAX_GLOSSARY:
        library.unloaded["glossaire"] = {GLOSSARY_FILE}
        diagnostics.append(error(source.path, source.at(), f"{number(len(parsed.data))} termes "
                                 f"pour {number(MAX_GLOSSARY)} au plus", GLOSSARY_WHY,
                                 code="limite-depassee"))
        return
    diagnostics.extend(typed_terms(source, ()))
    for term, definition in parsed.data.items():
        problem = _entry_problem(source, term, definition)
        if problem:
            diagnostics.append(problem)
        elif (term,) not in source.typed_keys:
            library.glossaire.append(
                GlossaryEntry(term, str(definition), source.path, source.key_at(term))
            )


def _entry_problem(source: SourceMap, term: str, definition: object) -> Diagnostic | None:
    """Why a glossary entry cannot be used, or None."""
    if not isinstance(definition, str | int | float) or isinstance(definition, bool):
        return error(source.path, source.at(term), f"définition de « {term} » : texte attendu",
                     "écrivez « terme: définition » sur une ligne", code="glossaire-invalide")
    if problem := text_problem(term, LABEL):
        return error(source.path, source.key_at(term), f"terme : {problem[0]}", problem[1],
                     code="limite-depassee")
    if len(str(definition)) > TEXT.size:  # (Markdown bounds: see `refused_texts`)
        return error(source.path, source.at(term), f"définition de « {term} » : "
                     + too_long(len(str(definition)), TEXT)[0], TEXT.why, code="limite-depassee")
    return None


def refused_texts(source: SourceMap) -> Iterator[Diagnostic]:
    """Texts of a file beyond a Markdown bound (found as it was read)."""
    for path, message, hint in source.refused:
        yield error(source.path, source.at(*path), f"{_label(path)} : {message}", hint,
                    code="limite-depassee")


_KEY_TYPES = {"True": "un booléen (vrai)", "False": "un booléen (faux)", "None": "une valeur vide"}


def typed_terms(source: SourceMap, mapping: YamlPath) -> Iterator[Diagnostic]:
    """Glossary terms that YAML read as something else than text (`yes:` became "True")."""
    for path, written in source.typed_keys.items():
        if path[:-1] == mapping:
            read = _KEY_TYPES.get(str(path[-1]), "un nombre")
            yield error(source.path, source.key_at(*path),
                        f"terme « {written} » lu comme {read} par YAML",
                        f'mettez le terme entre guillemets : "{written}": …',
                        code="glossaire-invalide")


# --- pydantic errors -> French diagnostics ------------------------------------------------

_TYPE_MESSAGES = {
    "string_type": ("texte attendu", "écrivez le texte après « : », entre guillemets au besoin"),
    "list_type": ("liste attendue", "écrivez [a, b] ou une ligne « - a » par élément"),
    "dict_type": ("bloc de clés attendu", "écrivez « clé: valeur » sur les lignes en dessous"),
    "model_type": ("bloc de clés attendu", "écrivez « clé: valeur » sur les lignes en dessous"),
    "model_attributes_type": ("bloc de clés attendu", "écrivez « clé: valeur » en dessous"),
    "bool_type": ("true ou false attendu", "écrivez true (oui) ou false (non), sans guillemets"),
}


def _translate(item: Any, source: SourceMap, model: type[BaseModel]) -> Diagnostic:
    loc = tuple(item["loc"])
    kind = item["type"]
    ctx = item.get("ctx") or {}
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _field_names(_model_at(model, loc[:-1]))
        field = source.typed_keys.get(loc, field)  # `yes:` as written, not "True"
        if " " in str(field):  # a sentence cut at « : » (an icon :material-cog: in a step…)
            return error(source.path, source.key_at(*loc),
                         f"texte lu comme une clé : « {field} »", QUOTE_HINT, code="yaml-illisible")
        return error(
            source.path,
            source.key_at(*loc),
            f"clé inconnue « {field} »",
            did_you_mean(str(field), allowed) or "clés acceptées : " + ", ".join(allowed),
            code="cle-inconnue",
        )
    if kind == "missing":
        return error(
            source.path,
            source.at(*loc[:-1]),
            f"clé obligatoire « {field} » absente",
            f"ajoutez « {field}: … »",
            code="cle-manquante",
        )
    if loc and loc[-1] == "[key]":  # a mapping key (a glossary term) is refused
        loc = loc[:-1]
        position = source.key_at(*loc)
    else:
        position = source.at(*loc)
    label = _label(loc)
    if kind == "relais_duration":  # French message and hint given
        return error(source.path, position, f"{label} : {item['msg']}", ctx.get("hint"),
                     code="duree-invalide")
    if kind in ("relais_checked_on", "relais_annex"):  # French message and hint given
        return error(source.path, position, f"{label} : {item['msg']}", ctx.get("hint"),
                     code="valeur-invalide")
    if kind in ("too_long", "string_too_long"):  # native bounds (limits.py): say why
        size, bound = len(item["input"]), ctx["max_length"]
        message, hint = too_many(size, bound) if kind == "too_long" \
            else too_long(size, LIMITS[bound])
        return error(source.path, position, f"{label} : {message}", hint,
                     code="limite-depassee")
    if kind == "literal_error":
        expected = [
            v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        return error(
            source.path,
            position,
            f"{label} : valeur « {item['input']} » inconnue",
            choices_hint(str(item["input"]), [v for v in expected if v]),
            code="valeur-inconnue",
        )
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return error(
            source.path,
            position,
            f"{label} : au moins {count} élément(s) attendu(s)",
            "ajoutez une ligne « - … »",
            code="valeur-invalide",
        )
    if kind in _TYPE_MESSAGES:
        message, hint = _TYPE_MESSAGES[kind]
        return error(source.path, position, f"{label} : {message}", hint, code="valeur-invalide")
    return error(
        source.path, position, f"{label} : valeur invalide", "vérifiez la forme de la valeur",
        code="valeur-invalide",
    )


def _label(loc: tuple[Any, ...]) -> str:
    """`apprenant.etapes[2].alt` in French authors' terms: « apprenant › etapes › 3 › alt »."""
    parts = [str(part + 1) if isinstance(part, int) else str(part) for part in loc]
    return "« " + " › ".join(parts) + " »" if parts else "valeur"


def _field_names(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model else []


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (to suggest its keys)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = submodel(field.annotation) if field else None
    return current
