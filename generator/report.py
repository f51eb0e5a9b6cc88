"""Printing diagnostics (for people and for tools) and progress on the terminal (rich)."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Literal

from .diagnostics import Diagnostic, Level, sorted_diagnostics
from .rules import registry

if TYPE_CHECKING:
    from rich.console import Console

    console: Console  # rich's console on the error stream, made on first use (`__getattr__`)

_console: Console | None = None
OutputFormat = Literal["texte", "json", "github", "sarif"]
FORMATS: tuple[OutputFormat, ...] = ("texte", "json", "github", "sarif")
_COLOURS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m"}


def __getattr__(name: str) -> Any:
    """`console` is made when first imported or used: importing rich takes a noticeable share
    of a `relais check`, which needs it only to colour a terminal."""
    if name == "console":
        return _rich_console()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _rich_console() -> Console:
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(stderr=True, highlight=False, soft_wrap=True)
    return _console


def _plain_stream() -> IO[str] | None:
    """The error stream when rich would not colour it (rich's own rules: not a terminal, no
    TTY_COMPATIBLE nor FORCE_COLOR, no notebook) and its console is not in use (a capture),
    so that the text is the same without rich; else None."""
    if _console is not None or "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ \
            or "IPython" in sys.modules:
        return None
    stream = sys.stderr
    try:
        return None if stream is None or stream.isatty() else stream
    except (AttributeError, ValueError):
        return None


def _error_stream() -> tuple[IO[str], bool]:
    """The error stream, and whether it is a terminal (to colour)."""
    plain = _plain_stream()
    if plain is not None:
        return plain, False
    rich = _rich_console()
    return rich.file, rich.is_terminal


def print_diagnostics(diagnostics: Iterable[Diagnostic], output: OutputFormat = "texte") -> None:
    """Text: one line per problem, `path:line:column: niveau: message [code] (indice)`, on the
    error stream, coloured on a terminal only, written at once (thousands of lines add no
    noticeable time). Other formats go to the standard output, for tools."""
    ordered = sorted_diagnostics(diagnostics)
    if output != "texte":
        sys.stdout.write(render(ordered, output))
        sys.stdout.flush()
        return
    stream, terminal = _error_stream()
    if terminal:
        lines = [f"{_COLOURS[d.level]}{d.format()}\x1b[0m\n" for d in ordered]
    else:
        lines = [f"{d.format()}\n" for d in ordered]
    stream.write("".join(lines))
    stream.flush()


def render(diagnostics: list[Diagnostic], output: OutputFormat) -> str:
    if output == "json":
        return json.dumps([_as_json(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
    if output == "github":
        return "".join(_as_github(d) + "\n" for d in diagnostics)
    if output == "sarif":
        return json.dumps(_as_sarif(diagnostics), ensure_ascii=False, indent=2) + "\n"
    return "".join(d.format() + "\n" for d in diagnostics)


def _as_json(d: Diagnostic) -> dict[str, Any]:
    return {"chemin": d.path, "ligne": d.position.line, "colonne": d.position.column,
            "gravite": d.level.value, "code": d.code, "message": d.message, "indice": d.hint}


def _github_escape(text: str, *, property_value: bool = False) -> str:
    """Workflow-command escaping (GitHub's toolkit `escapeData` / `escapeProperty`)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _as_github(d: Diagnostic) -> str:
    kind = "error" if d.is_error else "warning"
    title = _github_escape(d.code or "relais", property_value=True)
    message = d.message + (f" ({d.hint})" if d.hint else "")
    return (f"::{kind} file={_github_escape(d.path, property_value=True)},"
            f"line={d.position.line},col={d.position.column},title={title}::"
            f"{_github_escape(message)}")


def _as_sarif(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """SARIF 2.1.0, read by GitHub code scanning and GitLab merge requests."""
    rules = registry()
    used = sorted({d.code for d in diagnostics if d.code})
    descriptors = [{
        "id": code,
        "shortDescription": {"text": rules[code].titre if code in rules else code},
        "fullDescription": {"text": rules[code].pourquoi if code in rules else code},
        "help": {"text": rules[code].correction if code in rules else ""},
        "defaultConfiguration": {"level": "error" if code in rules
                                 and rules[code].niveau == "erreur" else "warning"},
    } for code in used]
    index = {code: number for number, code in enumerate(used)}
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "level": "error" if d.is_error else "warning",
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": d.path},
                "region": {"startLine": d.position.line, "startColumn": d.position.column},
            }}],
        }
        if d.code:
            result["ruleId"] = d.code
            result["ruleIndex"] = index[d.code]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "relais", "language": "fr",
                                      "rules": descriptors}},
                  "results": results}],
    }


def print_statistics(diagnostics: Iterable[Diagnostic]) -> None:
    """Counts per code, most frequent first (like `ruff --statistics`)."""
    counts = Counter(d.code or "sans-code" for d in diagnostics)
    rules = registry()
    lines = [f"{count:>6}  {code:<26} {rules[code].titre if code in rules else ''}\n"
             for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    _error_stream()[0].write("".join(lines))


def print_summary(diagnostics: list[Diagnostic], counts: str) -> None:
    """Counts the problems of a run, each once."""
    printed = set(diagnostics)
    errors = sum(d.is_error for d in printed)
    warnings = len(printed) - errors
    said = f"{errors} erreur(s)" if errors else "Aucune erreur"
    plain = _plain_stream()
    if plain is not None:
        plain.write(f"{said}, {warnings} avertissement(s) — {counts}\n")
        plain.flush()
        return
    colour = "bold red" if errors else "bold green"
    _rich_console().print(f"[{colour}]{said}[/], {warnings} avertissement(s) — {counts}")
