"""Dated facts: when the facts of a fiche or parcours were last checked (`verifie_le`), in
French words, and whether they are due for another check.

Shared by the checker, the site, the PDFs and the exports (none of them imports another's
package for it). `verifie_le` is a month (`2026-11`) or a day (`2026-11-03`), already validated
by the model (`model.VerifieLe`).

A month counts until its end: facts checked « en novembre 2025 » with a limit of 12 months are
due from 1 December 2026; facts checked on 3 November 2025 are due from 4 November 2026.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def today() -> date:
    """The date « today » means for the checks and the catalogue (tests replace it)."""
    return date.today()


def _parts(verifie_le: str) -> tuple[int, int, int | None]:
    """(year, month, day or None) of a validated `verifie_le`."""
    year, month, *day = (int(part) for part in verifie_le.split("-"))
    return year, month, day[0] if day else None


def when(verifie_le: str) -> str:
    """« en novembre 2026 », « le 3 décembre 2026 », « le 1er décembre 2026 »."""
    year, month, day = _parts(verifie_le)
    if day is None:
        return f"en {MONTHS[month - 1]} {year}"
    return f"le {'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def verified_line(verifie_le: str) -> str:
    """The line pages and printed documents show: « Informations vérifiées en novembre 2026 »."""
    return f"Informations vérifiées {when(verifie_le)}"


def _add_months(day: date, months: int) -> date:
    """`day` plus `months` months, on the last day of the month when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def months_since(verifie_le: str, on: date | None = None) -> int:
    """Whole months from the check to `on` (today by default); negative in the future."""
    on = on or today()
    year, month, day = _parts(verifie_le)
    months = (on.year - year) * 12 + on.month - month
    if day is not None and on.day < day and months > 0:
        months -= 1
    return months


def due(verifie_le: str, max_months: int, on: date | None = None) -> bool:
    """True when the facts were checked more than `max_months` months before `on`."""
    on = on or today()
    year, month, day = _parts(verifie_le)
    if day is None:
        return (on.year - year) * 12 + on.month - month > max_months
    return on > _add_months(date(year, month, day), max_months)


def in_future(verifie_le: str, on: date | None = None) -> bool:
    """True when the check is dated after `on` (a month: after the month of `on`)."""
    on = on or today()
    year, month, day = _parts(verifie_le)
    if day is None:
        return (year, month) > (on.year, on.month)
    return date(year, month, day) > on


def french_date(on: date) -> str:
    """« 30 novembre 2026 »."""
    return f"{'1er' if on.day == 1 else on.day} {MONTHS[on.month - 1]} {on.year}"


def to_recheck(verifie_le: str | None, max_months: int, on: date | None = None) -> bool:
    """True when a document says when its facts were checked, and that is too long ago (the
    `verification_max_mois` setting). A document that says nothing is never « à revérifier »."""
    return verifie_le is not None and due(verifie_le, max_months, on)
