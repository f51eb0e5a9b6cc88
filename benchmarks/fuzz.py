"""Fuzzing: mutated copies of the fixture repositories through check, the CLI and the site pages.

Usage: python benchmarks/fuzz.py [N] [--seed S] [--cli-every K] [--build-every B]
                                 [--mkdocs-builds P] [--minutes M]
       (default N = 2000 cases, K = 25, B = 8, P = 0.15, no time limit)

Each case copies tests/fixtures/mini or tests/fixtures/catalogue to a fresh folder and mutates
one of its files (fiche, parcours, référentiel, glossaire.yml or mkdocs.yml) one to three times:
byte flips, control characters, deleted keys, swapped types, deep nesting, YAML aliases and
tags, Markdown links and raw HTML in Markdown texts, Markdown injected into plain texts. Then,
in this process: `check_repository` must not raise, each diagnostic must be one line, and
`relais check` (its `main`) must answer 0 or 1 without « erreur interne »; with no error, the
site pages go through Python-Markdown as MkDocs would and must hold no `javascript:`/`data:`
address nor event-handler attribute. Every K-th case also runs `relais check DIR` as a
subprocess, and every B-th of those `relais build DIR -o OUT` (PDFs off), as does a share P
of the cases that mutate mkdocs.yml (which the engine reads too).

Prints figures; every failing input is saved (a few per distinct signature) under
benchmarks/_work/fuzz-crashes/, with the reduced file of the first case of each signature.
The mutation engine is shared with tests/test_fuzz.py, which runs a bounded version of it.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_NAMES = ("mini", "catalogue")
WORK = ROOT / "benchmarks" / "_work" / "fuzz-crashes"

T = TypeVar("T")

# --- mutation engine ------------------------------------------------------------------------


class Draw(Protocol):
    """Where the mutation engine takes its decisions from (random.Random or Hypothesis)."""

    def pick(self, options: Sequence[T]) -> T: ...

    def number(self, low: int, high: int) -> int: ...


class RandomDraw:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


BASE_MKDOCS = """\
site_name: Fuzz
theme:
  name: material
  language: fr
  font: false
plugins:
  - search
  - relais:
      licence: CC-BY-SA-4.0
      publics: {benevoles: Bénévoles}
      thematiques: [jeux-video]
      jargon: [tableur]
      pdf: false
      hors_ligne: false
"""

# Markdown texts: every link syntax Python-Markdown knows, raw HTML, attribute lists, blocks.
MARKDOWN_PAYLOADS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#x6A;avascript&#58;alert(1))",
    "[a [b] c](javascript:alert(1))",
    "[[x](javascript:alert(1))](https://ok.example/)",
    "[x](https://ok.example/(a)(b))",
    "[x](javascript:alert((1)))",
    "[x](https://ok.example/ 'titre')",
    "[x](https://ok.example/ (titre))",
    "[x](javascript:alert(1) 'titre')",
    "[x](javascript:alert(1) (titre))",
    '[x](https://ok.example/ "t" onclick="alert(1)")',
    "[x](https://ok.example/\"onmouseover=\"alert(1))",
    "[x](https://ok.example/'><script>alert(1)</script>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> 'titre'",
    "[x][r]\n\n[r]: https://ok.example/ (titre)",
    "- [x][r]\n- [r]: javascript:alert(1)",
    "- élément\n\n    [r]: javascript:alert(1)\n\n[x][r]",
    "> [r]: javascript:alert(1)\n\n[x][r]",
    "> [x][r]\n>\n> [r]: data:text/html,<script>alert(1)</script>",
    "[x]\n\n[x]: javascript:alert(1)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "<data:text/html,alert(1)>",
    "<https://ok.example/>",
    "<a@b.example>",
    "![x](https://ailleurs.example/x.png)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](medias/trombone.svg)",
    "![x](../../etc/passwd)",
    "![x](medias/trombone.svg){: onerror=alert(1) }",
    "[![x](medias/trombone.svg)](javascript:alert(1))",
    "Texte\n{: onclick=alert(1) }",
    "[x](https://ok.example/){: onclick=alert(1) }",
    "[x](https://ok.example/){: href=javascript:alert(1) }",
    "# Titre {: onmouseover=alert(1) }",
    "Texte {: #id .classe onclick='alert(1)' }",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    '<div markdown="1" onclick="alert(1)">*x*</div>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<details open ontoggle=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    '!!! note "<img src=x onerror=alert(1)>"\n    Texte',
    '??? note "x"\n    [x](javascript:alert(1))',
    '=== "Onglet"\n    [x](javascript:alert(1))',
    "Terme\n:   [x](javascript:alert(1))",
    "| a |\n|---|\n| [x](javascript:alert(1)) |",
    ":material-account: :material-<img src=x onerror=alert(1)>:",
    "<!-- [x](javascript:alert(1)) -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[x](fiche:courriel)",
    "[x](fiche:inexistante)",
    "[x](competence:a/b)",
    "[x](mailto:a@b.example?subject=<script>)",
    "[x](//ailleurs.example/)",
    "[x](#ancre)",
    "[x](\\javascript:alert(1))",
    "[" * 40 + "x" + "]" * 40 + "(javascript:alert(1))",
    "*" * 200,
    "> " * 60 + "x",
    "- " * 60 + "x",
    "RELAISFRAG0Z",
    "{{ 7*7 }} {% raw %}",
]

# Plain texts (titles, materiel, step titles, resource titles, glossary terms): they must stay
# text wherever a template prints them, next to Markdown it writes itself.
PLAIN_PAYLOADS = [
    "X](javascript:alert(1)) [Y",
    "X](javascript:alert(1)",
    "[Y](javascript:alert(1))",
    "X]: javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    "{: onclick=alert(1) }",
    "*gras* `code` _x_ __y__",
    "<script>alert(1)</script>",
    "# Titre",
    "- liste",
    "!!! danger",
    "RELAISFRAG0Z",
    "]]><!--",
    "{{ 7*7 }}",
    "&amp; &#106; &lt;",
    ":material-account:",
    "x\n\n[r]: javascript:alert(1)",
    "x\n\n<script>alert(1)</script>",
    "|a|b|",
    "\\",
]

CONTROL_CHARACTERS = ["\x00", "\x1b", "\x1b[31m", "\u2028", "\u2029", "\r", "\x85", "\x0b",
                      "\x0c", "\x7f", "\ufeff", "\u202e", "\x08", "\t", "\r\n"]
RAW_BYTES = [b"\x00", b"\x1b", b"\xff", b"\xed\xa0\x80", b"\xc3", b"\r", b"\xe2\x80\xa8",
             b"\xef\xbb\xbf", b"\t", b"\x85"]

TYPE_VALUES: list[Any] = ["texte", ["a", "b"], {"a": "b"}, 0, -1, 42, 1.5, 10**30, None, True,
                          "", [], {}, "9" * 6000, ["x"] * 500, "99999 h", "1e308 min", "-30 min",
                          "2026-13", [None], {"titre": None}, [[["x"]]]]

MARKDOWN_FIELDS = {"resume", "description", "preparation", "consignes", "conseils",
                   "introduction", "etapes", "texte", "a_retenir", "exercices", "notes",
                   "objectifs", "reponse"}
PLAIN_FIELDS = {"titre", "materiel", "etape", "alt", "auteurs", "domaine", "site_name"}
RAW = "RELAISFUZZRAW"


def deep(opener: str, depth: int, closed: bool) -> str:
    if opener == "[":
        return "[" * depth + ("x" + "]" * depth if closed else "")
    return "{a: " * depth + ("x" + "}" * depth if closed else "")


def laughs(levels: int) -> str:
    """An alias bomb in flow style: 10 ** levels values once expanded."""
    parts = ["&l0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        parts.append(f"&l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "[" + ", ".join(parts) + "]"


def yaml_snippets(big: bool) -> list[str]:
    """Raw YAML put in place of a value: nesting, aliases, tags."""
    depths = (600, 3000) if big else (600,)
    return [
        *(deep(opener, depth, closed) for opener in "[{" for depth in depths
          for closed in (True, False)),
        "&a [*a]",
        "&a {x: *a}",
        laughs(6 if big else 3),
        "*inconnu",
        "!!python/object/apply:os.system ['echo fuzz']",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "2026-12-01",
        "2026-12-01 10:00:00",
        "<<: {titre: x}",
        "!<tag:example.com,2000:x> x",
        ".nan",
        "-.inf",
        "0x1F",
        "~",
        "? [a, b]\n  : c",
    ]


@dataclass
class Case:
    """One mutated repository and what was done to it."""

    fixture: str
    target: str  # repository path of the mutated file
    steps: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.fixture}:{self.target}: " + " ; ".join(self.steps)


def content_files(repo: Path) -> list[str]:
    found = [
        path.relative_to(repo).as_posix()
        for folder in ("fiches", "parcours", "referentiels")
        for path in sorted((repo / folder).glob("**/*.yml"))
    ]
    if (repo / "glossaire.yml").exists():
        found.append("glossaire.yml")
    return [*found, "mkdocs.yml"]


def make_case(
    draw: Draw, parent: Path, *, big: bool = False, max_steps: int = 3
) -> tuple[Path, Case]:
    """A fresh mutated copy of a fixture repository under `parent` (which must be new or
    empty, so that every file is new and no cache can mistake it for an earlier one)."""
    fixture = draw.pick(FIXTURE_NAMES)
    repo = parent / fixture
    shutil.copytree(FIXTURES / fixture, repo)
    target = draw.pick(content_files(repo))
    path = repo / target
    if not path.exists():
        path.write_text(BASE_MKDOCS, "utf-8")
    case = Case(fixture, target)
    raw = path.read_bytes()
    for _ in range(draw.number(1, max_steps)):
        raw = mutate(draw, raw, target, case, big=big)
    path.write_bytes(raw)
    return repo, case


OPERATIONS = ["markdown", "markdown", "markdown", "plain", "plain", "plain", "swap", "swap",
              "delete", "control", "control", "bytes", "nest", "raw", "extra"]


def mutate(draw: Draw, raw: bytes, target: str, case: Case, *, big: bool) -> bytes:
    operation = draw.pick(OPERATIONS)
    if operation in ("bytes", "raw"):
        return raw_mutation(draw, raw, case, big=big)
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # unreadable already, or nested too deep for PyYAML: mutate its bytes
        return raw_mutation(draw, raw, case, big=big)
    holder = [data]  # the document is item 0 of a list: its root can be replaced too
    snippets: dict[str, str] = {}
    if operation in ("markdown", "plain", "control"):
        texts = text_places(holder, target)
        wanted = [p for p in texts if p[2] == operation] if operation != "control" else texts
        if not (wanted or texts):
            return raw_mutation(draw, raw, case, big=big)
        place = draw.pick(wanted or texts)
        if operation == "control":
            character = draw.pick(CONTROL_CHARACTERS)
            edit_text(draw, holder, place, character, case, inside=True)
        else:
            payloads = MARKDOWN_PAYLOADS if operation == "markdown" else PLAIN_PAYLOADS
            edit_text(draw, holder, place, draw.pick(payloads), case, inside=False)
    else:
        places = list(nodes(holder))
        path = draw.pick(places)
        if operation == "delete":
            if not path:
                return raw_mutation(draw, raw, case, big=big)
            parent = get(holder, path[:-1])
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, list) and path[-1] < len(parent):
                del parent[path[-1]]
            case.steps.append(f"supprime {show(path)}")
        elif operation == "swap":
            value = copy.deepcopy(draw.pick(TYPE_VALUES))
            put(holder, path, value)
            case.steps.append(f"{show(path)} = {short(value)}")
        elif operation == "nest":
            snippet = draw.pick(yaml_snippets(big))
            snippets[f"{RAW}0"] = snippet
            put(holder, path, f"{RAW}0")
            case.steps.append(f"{show(path)} = YAML {short(snippet)}")
        else:  # extra: an unknown or duplicated key
            container = get(holder, path)
            if isinstance(container, dict):
                key = draw.pick(["cle_inconnue", "titre", "Titre", "id", "tître", "", "~"])
                container[key] = draw.pick(["x", "javascript:alert(1)", "[x](javascript:1)"])
                case.steps.append(f"{show(path)}.{key!r} ajoutée")
            elif isinstance(container, list):
                container.append(copy.deepcopy(container[0]) if container else "x")
                case.steps.append(f"{show(path)}: un élément de plus")
            else:
                return raw_mutation(draw, raw, case, big=big)
    try:
        text = yaml.safe_dump(holder[0], allow_unicode=True, sort_keys=False, width=100)
    except Exception:  # e.g. a value PyYAML cannot write back
        return raw_mutation(draw, raw, case, big=big)
    for token, snippet in snippets.items():
        text = text.replace(token, snippet.replace("\n", "\n" + " " * 2))
    return text.encode("utf-8", "surrogatepass")


def raw_mutation(draw: Draw, raw: bytes, case: Case, *, big: bool) -> bytes:
    kind = draw.pick(["flip", "insert", "nest", "truncate", "endings", "encoding"])
    where = draw.number(0, len(raw))
    if kind == "flip":
        data = bytearray(raw or b" ")
        for _ in range(draw.number(1, 4)):
            spot = draw.number(0, len(data) - 1)
            data[spot] ^= draw.number(1, 255)
        case.steps.append("octets modifiés")
        return bytes(data)
    if kind == "insert":
        inserted = draw.pick(RAW_BYTES)
        case.steps.append(f"octets {inserted!r} insérés à {where}")
        return raw[:where] + inserted + raw[where:]
    if kind == "nest":
        snippet = deep(draw.pick("[{"), draw.pick((600, 3000) if big else (600,)),
                       draw.pick((True, False)))
        case.steps.append(f"imbrication {snippet[:12]}… insérée à {where}")
        return raw[:where] + snippet.encode() + raw[where:]
    if kind == "truncate":
        case.steps.append(f"coupé à {where}")
        return raw[:where]
    if kind == "endings":
        ending = draw.pick([b"\r", b"\r\n", b"\n\n", b"\x0c\n"])
        case.steps.append(f"fins de ligne {ending!r}")
        return raw.replace(b"\n", ending)
    encoding = draw.pick(["utf-16", "latin-1", "utf-8-sig"])
    case.steps.append(f"encodé en {encoding}")
    try:
        return raw.decode("utf-8").encode(encoding, "replace")
    except UnicodeDecodeError:
        return raw


Path_ = tuple[Any, ...]


def nodes(holder: list[Any], limit: int = 5000) -> Iterator[Path_]:
    """Paths of every value (the document is (0,)), breadth first, aliases visited once."""
    seen: set[int] = set()
    pending: list[tuple[Path_, Any]] = [((0,), holder[0])]
    count = 0
    while pending and count < limit:
        path, value = pending.pop(0)
        count += 1
        yield path
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                continue
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            pending.extend(((*path, key), child) for key, child in items)


def text_places(holder: list[Any], target: str) -> list[tuple[Path_, bool, str]]:
    """(path, is a key, kind) of every text of the document: "markdown" texts, "plain" ones
    (titles, labels, glossary terms), other keys and values."""
    places = []
    for path in nodes(holder):
        in_glossary = (target == "glossaire.yml" and len(path) == 2) or (
            len(path) >= 3 and path[-2] == "glossaire")
        if isinstance(path[-1], str):
            places.append((path, True, "plain" if in_glossary else "key"))
        if isinstance(get(holder, path), str):
            names = [part for part in path if isinstance(part, str)]
            field_name = names[-1] if names else ""
            if in_glossary or field_name in MARKDOWN_FIELDS:
                places.append((path, False, "markdown"))
            else:
                places.append((path, False, "plain" if field_name in PLAIN_FIELDS else "other"))
    return places


def edit_text(draw: Draw, holder: list[Any], place: tuple[Path_, bool, str], payload: str,
              case: Case, *, inside: bool) -> None:
    path, is_key, _ = place
    old = path[-1] if is_key else get(holder, path)
    old = old if isinstance(old, str) else str(old)
    how = draw.pick(["remplace", "avant", "après", "dedans"] if not inside else ["dedans"])
    if how == "remplace":
        new = payload
    elif how == "avant":
        new = payload + " " + old
    elif how == "après":
        new = old + " " + payload
    else:
        spot = draw.number(0, len(old))
        new = old[:spot] + payload + old[spot:]
    if is_key:
        parent = get(holder, path[:-1])
        rebuilt = {(new if key == path[-1] else key): value for key, value in parent.items()}
        put(holder, path[:-1], rebuilt)
        case.steps.append(f"clé {show(path)} → {short(new)}")
    else:
        put(holder, path, new)
        case.steps.append(f"{show(path)} → {short(new)}")


def get(holder: list[Any], path: Path_) -> Any:
    value: Any = holder
    for part in path:
        value = value[part]
    return value


def put(holder: list[Any], path: Path_, value: Any) -> None:
    get(holder, path[:-1])[path[-1]] = value


def show(path: Path_) -> str:
    shown = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path[1:])
    return shown.lstrip(".") or "(document)"


def short(value: Any, size: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= size else text[:size] + f"…({len(text)} car.)"


# --- what must hold ---------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "cite", "data", "longdesc", "srcset", "ping", "manifest", "codebase"}
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
UNSAFE_TAGS = {"script", "iframe", "object", "embed", "base", "form", "frame", "frameset"}
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")


class _UnsafeHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value:
                # Browsers drop ASCII whitespace and controls inside a URL: judge what they see.
                urls = value.split(",") if name == "srcset" else [value]
                for url in urls:
                    if _URL_IGNORED.sub("", url).lower().startswith(UNSAFE_SCHEMES):
                        self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def unsafe_html(html: str) -> list[str]:
    """Event handlers, script-like elements and javascript:/data: addresses of a page."""
    parser = _UnsafeHtml()
    parser.feed(html)
    parser.close()
    return parser.problems


def one_line(text: str) -> bool:
    return len(text.splitlines()) == 1 and "\n" not in text


def site_markdown() -> Any:
    """Python-Markdown with the extensions the relais plugin adds to MkDocs."""
    import markdown

    from generator.engines.mkdocs_plugin import REQUIRED_EXTENSIONS

    return markdown.Markdown(
        extensions=list(REQUIRED_EXTENSIONS),
        extension_configs={k: v for k, v in REQUIRED_EXTENSIONS.items() if v},
    )


def reset_caches() -> None:
    """Forget every memoised result (the folder of each case is new anyway)."""
    from generator import check, load

    check._last = None
    load._parse_cache.clear()


def run_cli(argv: list[str]) -> tuple[int | None, str]:
    """`relais ARGV` in this process: exit code and everything it printed."""
    from generator.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code: int | None = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue()


@dataclass
class Outcome:
    errors: bool = False
    pages: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)


def examine(repo: Path, markdown_engine: Any | None = None) -> Outcome:
    """Every property of one case, in this process; exceptions are left to the caller."""
    from generator.check import check_repository
    from generator.diagnostics import has_errors
    from generator.site.render import render_site

    outcome = Outcome()
    reset_caches()
    result = check_repository(repo)
    for diagnostic in result.diagnostics:
        text = diagnostic.format()
        if not one_line(text):
            outcome.problems.append(("diagnostic sur plusieurs lignes", repr(text)))
    outcome.errors = has_errors(result.diagnostics)
    reset_caches()
    code, printed = run_cli(["check", str(repo)])
    if code not in (0, 1) or code != int(outcome.errors):
        outcome.problems.append(("code de sortie", f"{code} (erreurs : {outcome.errors})"))
    if "erreur interne" in printed or "Traceback" in printed:
        outcome.problems.append(("erreur interne (check)", printed.strip()[-2000:]))
    if outcome.errors:
        return outcome
    site = render_site(result.library)
    engine = markdown_engine or site_markdown()
    for page in site.pages:
        outcome.pages += 1
        for problem in page_problems(page.content, page.fragments, engine):
            outcome.problems.append(("HTML dangereux", f"{page.uri}: {problem}"))
    return outcome


def page_problems(content: str, fragments: tuple[str, ...], engine: Any) -> list[str]:
    """What is unsafe in a generated page once MkDocs has read it: its front matter (which the
    theme prints without escaping) and its HTML (Python-Markdown, then Relais' fragments)."""
    from mkdocs.utils.meta import get_data

    from generator.site.render import fill_fragments

    text, meta = get_data(content)
    problems = []
    if content.startswith("---") and not meta:
        problems.append("en-tête YAML de la page illisible : lu comme du Markdown")
    for key, value in meta.items():
        if isinstance(value, str) and "<" in value:
            problems.append(f"en-tête {key} : « < » non échappé dans {short(value)}")
    engine.reset()
    html = fill_fragments(engine.convert(text), fragments)
    return problems + unsafe_html(html)


# --- the standalone run -----------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang("plus de 60 s")


def signature(exc: BaseException) -> str:
    """Exception type and the innermost frame in generator/ (else the innermost one)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/generator/" in f.filename] or frames
    if not ours:
        return f"{type(exc).__name__} @ ?"
    where = ours[-1]
    name = where.filename.replace(f"{ROOT}/", "")
    return f"{type(exc).__name__} @ {name}:{where.lineno} {where.name}"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80]


class Recorder:
    """Counts failures by signature; saves the first few inputs of each, the first reduced."""

    def __init__(self, keep: int = 3) -> None:
        self.keep = keep
        self.signatures: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        WORK.mkdir(parents=True, exist_ok=True)

    def record(self, kind: str, sign: str, repo: Path, case: Case, detail: str,
               still_fails: Callable[[Path], bool] | None = None) -> None:
        key = f"{kind}: {sign}"
        self.signatures[key] += 1
        if self.signatures[key] > self.keep:
            return
        folder = WORK / f"{slug(key)}-{self.signatures[key]}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(repo, folder / case.fixture, ignore=shutil.ignore_patterns("site"))
        (folder / "cas.txt").write_text(
            f"{key}\n\ncas : {case.describe()}\n\n{detail}\n", "utf-8", errors="replace")
        if still_fails is not None and self.signatures[key] == 1:
            reduced = reduce_file(repo, case.target, still_fails)
            (folder / "reduit.yml").write_text(reduced, "utf-8", errors="surrogateescape")
            self.examples[key] = f"{case.target}: {reduced}"


def reduce_file(repo: Path, target: str, still_fails: Callable[[Path], bool],
                budget: int = 150) -> str:
    """The mutated file with as many lines dropped as the failure allows (on a copy)."""
    folder = Path(tempfile.mkdtemp(prefix="relais-reduce-"))
    shutil.copytree(repo, folder / repo.name, ignore=shutil.ignore_patterns("site"))
    repo = folder / repo.name
    path = repo / target
    lines = path.read_bytes().split(b"\n")
    tries = 0

    def fails(candidate: list[bytes]) -> bool:
        nonlocal tries
        tries += 1
        path.write_bytes(b"\n".join(candidate))
        try:
            return still_fails(repo)
        except Hang:
            return False

    chunk = max(len(lines) // 2, 1)
    while chunk >= 1 and tries < budget:
        index = 0
        while index < len(lines) and tries < budget:
            candidate = lines[:index] + lines[index + chunk:]
            if candidate != lines and fails(candidate):
                lines = candidate
            else:
                index += chunk
        chunk //= 2
    shutil.rmtree(folder, ignore_errors=True)
    return b"\n".join(lines).decode("utf-8", "surrogateescape")


def raises(sign: str, engine: Any) -> Callable[[Path], bool]:
    """Whether a repository still makes `examine` raise with this signature."""

    def still_fails(repo: Path) -> bool:
        signal.alarm(20)
        try:
            examine(repo, engine)
        except Exception as exc:
            return signature(exc) == sign
        finally:
            signal.alarm(0)
        return False

    return still_fails


def shows(kind: str, engine: Any) -> Callable[[Path], bool]:
    """Whether a repository still shows this kind of problem."""

    def still_fails(repo: Path) -> bool:
        signal.alarm(20)
        try:
            return any(found == kind for found, _ in examine(repo, engine).problems)
        except Exception:
            return False
        finally:
            signal.alarm(0)

    return still_fails


def problem_signature(kind: str, detail: str) -> str:
    if kind == "erreur interne (check)":
        return internal_where(detail)
    if kind == "HTML dangereux":
        return re.sub(r"^[^:]*: ", "", detail)[:80]
    if kind == "diagnostic sur plusieurs lignes":
        return re.sub(r"^'[^:]*:\d+:\d+: ", "", detail)[:60]
    return detail[:80]


def in_process(repo: Path, case: Case, engine: Any, recorder: Recorder,
               counts: Counter[str]) -> Outcome | None:
    """Examine one case; record what fails. None when it raised."""
    signal.alarm(60)
    try:
        outcome = examine(repo, engine)
    except Exception as exc:  # Hang included
        signal.alarm(0)
        counts["blocages" if isinstance(exc, Hang) else "exceptions"] += 1
        sign = signature(exc)
        recorder.record("blocage" if isinstance(exc, Hang) else "exception", sign, repo, case,
                        traceback.format_exc(), raises(sign, engine))
        return None
    finally:
        signal.alarm(0)
    counts["sans erreur"] += not outcome.errors
    counts["pages"] += outcome.pages
    for kind, detail in outcome.problems:
        counts[kind] += 1
        recorder.record(kind, problem_signature(kind, detail), repo, case, detail,
                        shows(kind, engine))
    return outcome


def through_cli(repo: Path, case: Case, outcome: Outcome | None, build: bool, output: Path,
                recorder: Recorder, counts: Counter[str]) -> None:
    """`relais check` (then `relais build` when asked) as a user runs them."""
    expected = None if outcome is None else int(outcome.errors)
    counts["exécutions CLI"] += 1
    code, printed = subprocess_relais(["check", str(repo)])
    problem = cli_problem(code, printed, expected)
    if problem is None and build and build_allowed(repo):
        counts["builds CLI"] += 1
        code, printed = subprocess_relais(["build", str(repo), "-o", str(output)])
        problem = cli_problem(code, printed, expected)
    if problem is not None:
        counts["échecs CLI"] += 1
        recorder.record("CLI", f"{problem} {internal_where(printed)}", repo, case,
                        printed[-4000:])


def subprocess_relais(args: list[str], timeout: int = 300) -> tuple[int | str, str]:
    relais = ROOT / ".venv" / "bin" / "relais"
    command = [str(relais)] if relais.exists() else [sys.executable, "-m", "generator.cli"]
    try:
        done = subprocess.run([*command, *args], capture_output=True, text=True,
                              timeout=timeout, errors="replace",
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    except subprocess.TimeoutExpired:
        return "délai dépassé", ""
    return done.returncode, done.stdout + done.stderr


def cli_problem(code: int | str, printed: str, expected: int | None) -> str | None:
    if isinstance(code, str) or code not in (0, 1):
        return f"code {code}"
    if "erreur interne" in printed or "Traceback" in printed:
        return "erreur interne"
    if expected is not None and code != expected:
        return f"code {code}, attendu {expected}"
    return None


def internal_where(printed: str) -> str:
    found = re.search(r"erreur interne de Relais : ([A-Za-z_.]+)", printed)
    return found[1] if found else printed.strip().splitlines()[-1][:120] if printed.strip() else "?"


def build_allowed(repo: Path) -> bool:
    """Only builds with PDFs off (fast): a mutated mkdocs.yml may have lost the option."""
    path = repo / "mkdocs.yml"
    if not path.exists():
        path.write_text(BASE_MKDOCS, "utf-8")
        return True
    try:
        config = yaml.safe_load(path.read_bytes())
        plugins = config.get("plugins", [])
        relais = next(p["relais"] for p in plugins if isinstance(p, dict) and "relais" in p)
        return relais.get("pdf") is False
    except Exception:
        return True  # unreadable: the build stops at the check


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzzing de relais check / build.")
    parser.add_argument("cases", nargs="?", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261)
    parser.add_argument("--cli-every", type=int, default=25, help="un cas sur K par la CLI")
    parser.add_argument("--build-every", type=int, default=8,
                        help="une exécution CLI sur B est un build")
    parser.add_argument("--mkdocs-builds", type=float, default=0.15, metavar="P",
                        help="part des cas de mkdocs.yml aussi construits par la CLI")
    parser.add_argument("--minutes", type=float, default=0, help="arrêt après M minutes")
    options = parser.parse_args(argv)

    draw = RandomDraw(random.Random(options.seed))
    extra_builds = random.Random(options.seed + 1)  # the cases stay the same whatever P is
    engine = site_markdown()
    recorder = Recorder()
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    for number in range(1, options.cases + 1):
        if options.minutes and time.perf_counter() - started > options.minutes * 60:
            break
        with tempfile.TemporaryDirectory(prefix="relais-fuzz-") as folder:
            repo, case = make_case(draw, Path(folder), big=True)
            counts["cas"] += 1
            outcome = in_process(repo, case, engine, recorder, counts)
            # mkdocs.yml is read by the engine too: its cases are built more often.
            settings_build = (case.target == "mkdocs.yml"
                              and extra_builds.random() < options.mkdocs_builds)
            if settings_build or (options.cli_every and number % options.cli_every == 0):
                build = settings_build or (bool(options.build_every) and (
                    (counts["exécutions CLI"] + 1) % options.build_every == 0))
                through_cli(repo, case, outcome, build, Path(folder) / "site", recorder, counts)
        if number % 100 == 0:
            elapsed = time.perf_counter() - started
            print(f"… {number} cas en {elapsed:.0f} s, {sum(recorder.signatures.values())} "
                  f"échec(s), {len(recorder.signatures)} signature(s)", flush=True)

    elapsed = time.perf_counter() - started
    cases = max(counts["cas"], 1)
    print(f"\n{counts['cas']} cas en {elapsed:.0f} s ({elapsed / cases:.2f} s/cas)")
    print(f"  sans erreur, pages rendues : {counts['sans erreur']} cas, {counts['pages']} pages")
    print(f"  exécutions CLI : {counts['exécutions CLI']} dont {counts['builds CLI']} build(s)")
    print(f"  exceptions en process : {counts['exceptions']}, blocages : {counts['blocages']}")
    print(f"  « erreur interne » (relais check en process) : {counts['erreur interne (check)']}")
    print(f"  codes de sortie inattendus : {counts['code de sortie']}")
    print(f"  échecs CLI (sous-processus) : {counts['échecs CLI']}")
    print(f"  diagnostics sur plusieurs lignes : {counts['diagnostic sur plusieurs lignes']}")
    print(f"  HTML dangereux : {counts['HTML dangereux']}")
    print(f"\n{len(recorder.signatures)} signature(s) distincte(s) :")
    for key, count in recorder.signatures.most_common():
        print(f"  {count:5d}  {key}")
        if key in recorder.examples:
            print("         réduit : " + short(recorder.examples[key], 300))
    print(f"\nCas enregistrés dans {WORK.relative_to(ROOT)}/")
    return 1 if recorder.signatures else 0


if __name__ == "__main__":
    sys.exit(main())
