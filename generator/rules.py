"""The rules of `relais check`: their registry (data/regles.yml), and what a repository does
with them: a level per rule and ignored paths in mkdocs.yml, `# relais: ignorer CODE` on a line.

Like ruff's `noqa` and Vale's comments: a suppression that silences nothing is reported, so
that a forgotten one cannot hide a real problem later. Rules that say a file cannot be read, a
reference is unknown or the content would be unsafe are not `reglable`: they always stop the
build.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from .datafiles import data_file
from .diagnostics import Diagnostic, Level, Position, did_you_mean, warning

Setting = Literal["erreur", "avertissement", "ignorer"]
UNUSED = "suppression-inutile"
_SUPPRESSION = re.compile(r"#\s*relais\s*:\s*ignorer\b(?P<codes>[^#\n]*)")
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    code: str
    niveau: str
    reglable: bool
    titre: str
    pourquoi: str
    correction: str
    exemple: str


@cache
def registry() -> dict[str, Rule]:
    return {code: Rule(code, **entry) for code, entry in data_file("regles.yml").items()}


@dataclass
class RuleSettings:
    """The `regles` and `ignorer` options of the relais plugin."""

    levels: dict[str, Setting] = field(default_factory=dict)
    ignored_paths: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Suppression:
    path: str
    position: Position
    codes: list[str]
    used: set[str] = field(default_factory=set)


def suppressions(path: str, text: str) -> dict[int, _Suppression]:
    """`# relais: ignorer CODE[, CODE]` comments of one file, by line number."""
    if "relais" not in text:
        return {}
    found = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _SUPPRESSION.search(line)
        if match:
            codes = _CODE.findall(match["codes"])
            found[number] = _Suppression(path, Position(number, match.start() + 1), codes)
    return found


def apply_rules(diagnostics: Iterable[Diagnostic], settings: RuleSettings,
                texts: dict[str, str]) -> list[Diagnostic]:
    """The diagnostics a repository wants to see, with the levels it chose, and a warning for
    each suppression that silenced nothing."""
    comments = {path: suppressions(path, text) for path, text in texts.items()}
    if not settings.levels and not settings.ignored_paths and not any(comments.values()):
        return list(diagnostics)  # nothing to change: no need to look at each diagnostic
    kept = [d for d in (_configured(d, settings, comments) for d in diagnostics) if d]
    kept += [d for d in _unused(comments) if _configured(d, settings, {}) is not None]
    return kept


def _configured(diagnostic: Diagnostic, settings: RuleSettings,
                comments: dict[str, dict[int, _Suppression]]) -> Diagnostic | None:
    rule = registry().get(diagnostic.code)
    if rule is None or not rule.reglable:
        return diagnostic
    comment = comments.get(diagnostic.path, {}).get(diagnostic.position.line)
    if comment and diagnostic.code in comment.codes:
        comment.used.add(diagnostic.code)
        return None
    if any(diagnostic.code in codes and fnmatch.fnmatch(diagnostic.path, pattern)
           for pattern, codes in settings.ignored_paths.items()):
        return None
    level = settings.levels.get(diagnostic.code)
    if level == "ignorer":
        return None
    if level is not None and level != diagnostic.level.value:
        return replace(diagnostic, level=Level(level))
    return diagnostic


def _unused(comments: dict[str, dict[int, _Suppression]]) -> Iterable[Diagnostic]:
    rules = registry()
    for by_line in comments.values():
        for comment in by_line.values():
            if not comment.codes:
                yield warning(comment.path, comment.position, "commentaire « relais: ignorer » "
                              "sans code", "écrivez le code à taire, par exemple "
                              "« # relais: ignorer falc-negation »", code=UNUSED)
            for code in comment.codes:
                if code in comment.used:
                    continue
                yield warning(comment.path, comment.position, *_why_unused(code, rules),
                              code=UNUSED)


def _why_unused(code: str, rules: dict[str, Rule]) -> tuple[str, str]:
    if code not in rules:
        return (f"code « {code} » inconnu dans « relais: ignorer »",
                did_you_mean(code, rules) or "la liste des codes est dans le guide de l'auteur")
    if not rules[code].reglable:
        return (f"« {code} » ne peut pas être ignoré",
                "corrigez le problème : cette règle protège la construction ou les lecteurs")
    return (f"« relais: ignorer {code} » ne fait taire aucun avertissement de cette ligne",
            "retirez ce code du commentaire")


def settings_problems(levels: dict[str, Any] | None,
                      ignored: dict[str, list[str]] | None) -> list[tuple[str, str, str]]:
    """(option, message, hint) for each mistake in the `regles` and `ignorer` options."""
    rules = registry()
    problems = []
    for code in [*(levels or {}), *(c for codes in (ignored or {}).values() for c in codes)]:
        if code not in rules:
            problems.append(("regles", f"code de règle « {code} » inconnu",
                             did_you_mean(str(code), rules) or "voir la liste dans le guide"))
        elif not rules[code].reglable:
            problems.append(("regles", f"la règle « {code} » ne peut pas être réglée",
                             "elle protège la construction ou les lecteurs"))
    return problems


GUIDE_START, GUIDE_END = "<!-- regles:debut -->", "<!-- regles:fin -->"


def guide_section() -> str:
    """The list of rules for the authors' guide (docs/guide-auteur.md holds it between the
    GUIDE_START and GUIDE_END markers; `python -m generator.rules` rewrites it)."""
    lines = [GUIDE_START, ""]
    for rule in registry().values():
        level = "erreur" if rule.niveau == "erreur" else "avertissement"
        lock = ", ne peut pas être réglée" if not rule.reglable else ""
        lines += [f"- `{rule.code}` ({level}{lock}) : {rule.titre}",
                  f"  *Pourquoi* : {rule.pourquoi} *Corriger* : {rule.correction} "
                  f"*Exemple* : {rule.exemple}"]
    return "\n".join([*lines, "", GUIDE_END])


def _rewrite_guide() -> None:
    from pathlib import Path

    guide = Path(__file__).resolve().parent.parent / "docs" / "guide-auteur.md"
    text = guide.read_text("utf-8")
    start, end = text.index(GUIDE_START), text.index(GUIDE_END) + len(GUIDE_END)
    guide.write_text(text[:start] + guide_section() + text[end:], "utf-8")


if __name__ == "__main__":
    _rewrite_guide()
