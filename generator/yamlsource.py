"""Safe YAML reading that keeps the position of every value and key.

Only the C (or pure-Python) *safe* composer is used: tags other than the plain YAML types are
refused, nothing is ever constructed from a tag, and alias expansion is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import yaml

from .diagnostics import Diagnostic, Position, error
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT, markdown_problem, number
from .model import SourceMap, YamlPath, editor_position, line_starts

_TAG = "tag:yaml.org,2002:"
_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
_STR_TAG, _SEQ_TAG, _MAP_TAG = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with a shortcut for plain text: the parser asks for the type of every
    scalar, and most begin with a character no implicit type (number, boolean, null, date)
    can begin with."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR_NODE:
            typed_starts = self.yaml_implicit_resolvers
            if implicit[0] and value and value[0] not in typed_starts \
                    and None not in typed_starts:
                return _STR_TAG
        elif not self.yaml_path_resolvers:  # what the base class answers, without its detour
            return _SEQ_TAG if kind is _SEQUENCE_NODE else _MAP_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP_TAG = f"{_TAG}timestamp"
MAX_NODES = 50_000  # values of a file, aliases expanded (alias bombs; a fiche holds hundreds)
LIMIT = "limite-depassee"  # rule code (data/regles.yml)
DEPTH_HINT = "un fichier de contenu a au plus quelques niveaux de retrait ; vérifiez l'indentation"

QUOTE_HINT = 'mettez le texte entre guillemets, par exemple : titre: "Attention : texte"'


@dataclass
class ParsedYaml:
    data: Any
    source: SourceMap


class _Refused(Exception):
    """A node that must not be turned into data; carries the diagnostic."""

    def __init__(self, offset: int, message: str, hint: str | None = None,
                 code: str = "") -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint
        self.code = code


def parse_yaml(raw: bytes, path: str) -> ParsedYaml | list[Diagnostic]:
    """Data plus positions, or the diagnostics explaining why the file cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        return [error(path, Position(), "fichier trop volumineux : plus de "
                      f"{number(MAX_FILE_BYTES)} octets",
                      "découpez-le : un fichier plus gros ralentirait toute la construction",
                      code=LIMIT)]
    text = _decode(raw, path)
    if isinstance(text, Diagnostic):
        return [text]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return [_syntax_error(exc, path, text)]
    except yaml.YAMLError as exc:  # reader errors (control characters) have no mark
        return [error(path, Position(), "YAML illisible", _yaml_detail(exc), code="yaml-illisible")]
    except RecursionError:  # pure-Python composer only; libyaml stops at its own depth
        return [error(path, Position(), "imbrication trop profonde", DEPTH_HINT, code=LIMIT)]
    finally:
        loader.dispose()
    if node is None:
        return [error(path, Position(), "fichier vide", "écrivez au moins « titre: … »",
                      code="fichier-vide")]
    source = SourceMap(path, text=text)
    try:
        data = _Converter(source, node).convert(node, ())
    except _Refused as refused:
        return [error(path, source.position(refused.offset), refused.message, refused.hint,
                      code=refused.code)]
    return ParsedYaml(data, source)


def _decode(raw: bytes, path: str) -> str | Diagnostic:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", errors="replace")
        return error(
            path,
            editor_position(line_starts(before), len(before)),
            "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 depuis votre éditeur (« Enregistrer sous… », encodage UTF-8)",
            code="yaml-illisible",
        )


def _position(mark: Any, text: str) -> Position:
    """Where a parser mark is, as an editor counts lines (PyYAML's own line count differs)."""
    return editor_position(line_starts(text), mark.index) if mark is not None else Position()


# English PyYAML problems -> French message and hint.
_PROBLEMS: list[tuple[str, str, str | None]] = [
    ("mapping values are not allowed", "deux-points « : » inattendu dans une valeur", QUOTE_HINT),
    ("found undefined alias", "alias YAML inconnu", "retirez l'étoile « * » ou définissez l'ancre"),
    ("expected a single document", "un seul document par fichier", "retirez la ligne « --- »"),
    (
        "could not find expected ':'",
        "deux-points « : » attendu après la clé",
        "écrivez « clé: valeur » ; un texte sur plusieurs lignes se met entre guillemets",
    ),
    (
        "found unexpected end of stream",
        "guillemet ou crochet non refermé",
        "refermez le guillemet ou le crochet ouvert plus haut",
    ),
    ("found duplicate anchor", "ancre YAML en double", "donnez un nom différent à chaque ancre"),
    ("exceeded maximum nesting depth", "imbrication trop profonde", DEPTH_HINT),
]


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = f"{exc.problem or ''} {exc.context or ''}"
    if "cannot start any token" in problem and mark is not None:
        return _bad_character(path, _position(mark, text), text[mark.index : mark.index + 1])
    for needle, message, hint in _PROBLEMS:
        if needle in problem:
            return error(path, _position(mark, text), message, hint, code="yaml-illisible")
    return error(
        path,
        _position(mark, text),
        "syntaxe YAML invalide",
        "vérifiez l'indentation (des espaces, alignés) et mettez entre guillemets "
        "les textes qui contiennent « : », « # » ou commencent par « [ », « { », « * »",
        code="yaml-illisible",
    )


def _bad_character(path: str, position: Position, char: str) -> Diagnostic:
    if char == "\t":
        return error(
            path,
            position,
            "tabulation interdite dans l'indentation",
            "indentez avec des espaces uniquement",
            code="yaml-illisible",
        )
    return error(path, position, f"caractère « {char} » interdit en début de valeur", QUOTE_HINT,
                 code="yaml-illisible")


def _yaml_detail(exc: yaml.YAMLError) -> str:
    if "special characters are not allowed" in str(exc):
        return "le fichier contient un caractère de contrôle ; retirez-le"
    return "vérifiez que c'est bien un fichier texte YAML"


class _Converter:
    """Turns a composed node tree into plain data, recording positions as it goes."""

    def __init__(self, source: SourceMap, root: yaml.Node) -> None:
        self.source = source
        self.root = root
        self.budget = MAX_NODES
        self.active: set[int] = set()
        self.constructor = _Loader("")

    def convert(self, node: yaml.Node, path: YamlPath) -> Any:
        # Hot path (every value of every file): plain strings are handled inline.
        self.budget -= 1
        if self.budget < 0:
            raise self._too_big(node)
        mark = node.start_mark
        self.source.values[path] = mark.index
        kind = type(node)
        if isinstance(node, yaml.ScalarNode):
            value = node.value if node.tag == _STR_TAG else self._scalar(node)
            # Checks read only the texts within bounds: longer ones are reported by the model,
            # those beyond a Markdown bound as they load.
            if type(value) is str and len(value) <= MAX_TEXT:
                problem = markdown_problem(value)
                if problem is None:
                    self.source.strings.append((path, value))
                else:
                    self.source.refused.append((path, *problem))
            return value
        if id(node) in self.active:
            raise _Refused(mark.index, "alias YAML récursif", "retirez l'alias")
        if len(path) >= MAX_DEPTH:
            raise _Refused(mark.index, f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux",
                           DEPTH_HINT, LIMIT)
        self.active.add(id(node))
        try:
            if kind is yaml.SequenceNode:
                self._require_tag(node, f"{_TAG}seq")
                convert = self.convert
                return [convert(item, (*path, i)) for i, item in enumerate(node.value)]
            self._require_tag(node, f"{_TAG}map")
            return self._mapping(cast(yaml.MappingNode, node), path)
        finally:
            self.active.discard(id(node))

    def _too_big(self, node: yaml.Node) -> _Refused:
        """Alias expansion (a "billion laughs") or simply a huge document: say which."""
        if self._written_nodes() > MAX_NODES:
            return _Refused(node.start_mark.index,
                            f"document trop volumineux : plus de {number(MAX_NODES)} valeurs",
                            "découpez-le en plusieurs fichiers", LIMIT)
        return _Refused(node.start_mark.index,
                        "document trop volumineux une fois ses alias YAML développés : plus de "
                        f"{number(MAX_NODES)} valeurs",
                        "n'utilisez pas d'ancres « & » ni d'alias « * »", LIMIT)

    def _written_nodes(self) -> int:
        """How many nodes the document holds as written, each alias counted once."""
        seen: set[int] = set()
        pending = [self.root]
        while pending and len(seen) <= MAX_NODES:
            current = pending.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, yaml.SequenceNode):
                pending.extend(current.value)
            elif isinstance(current, yaml.MappingNode):
                pending.extend(item for pair in current.value for item in pair)
        return len(seen)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    key_node.start_mark.index,
                    "une clé doit être un simple mot",
                    "écrivez « clé: valeur »",
                )
            key = key_node.value if key_node.tag == _STR_TAG else self._key(key_node, path)
            if key in result:
                raise _Refused(
                    key_node.start_mark.index,
                    f"clé « {key} » en double",
                    "gardez une seule fois chaque clé dans un même bloc",
                )
            child = (*path, key)  # one tuple for both maps: half the tuples, pickled once
            self.source.keys[child] = key_node.start_mark.index
            result[key] = self.convert(value_node, child)
        return result

    def _key(self, node: yaml.ScalarNode, path: YamlPath) -> str:
        """A key YAML reads as a number, a boolean or null, as text; remembered, for where a
        key is free text (a glossary term) and `yes:` silently became "True"."""
        key = str(self._scalar(node))
        if node.tag != _TIMESTAMP_TAG:
            self.source.typed_keys[(*path, key)] = node.value
        return key

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay text: "2024-01-01" is a title here, not a date
        self._require_tag(node, *_SCALAR_TAGS)
        if node.tag == _STR_TAG:
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):  # e.g. an integer too long for Python
            return node.value

    def _require_tag(self, node: yaml.Node, *allowed: str) -> None:
        if node.tag not in allowed:
            shown = node.tag.replace(_TAG, "!!")
            raise _Refused(
                node.start_mark.index,
                f"étiquette YAML « {shown} » refusée",
                "retirez l'étiquette ; seuls du texte, des nombres et des listes sont acceptés",
            )
