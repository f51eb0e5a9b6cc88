"""When a parcours is taught: one session a week from a first date, at one hour, with dates
skipped (holidays). Shared by `relais calendrier` (the .ics) and `relais pdf` (dated attendance
sheets, certificate and progress card). The option values are parsed here, in French."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import MAXYEAR, date, time, timedelta

from .diagnostics import did_you_mean
from .model import Parcours
from .verification import MONTHS

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# The last date a calendar may hold: its time zone rules are written up to the next year.
LAST_DAY = date(MAXYEAR - 1, 12, 31)


@dataclass(frozen=True)
class Plan:
    """When the parcours is taught: the first date, the hour, the dates without a session."""

    debut: date
    heure: time
    sauf: frozenset[date] = field(default_factory=frozenset)
    lieu: str | None = None


def session_dates(debut: date, count: int, sauf: Iterable[date]) -> list[date]:
    """`count` weekly dates from `debut`; a skipped date pushes its session to the next week.
    Raises ValueError (in French) when they would run past LAST_DAY."""
    skipped = set(sauf)
    dates: list[date] = []
    day = debut
    while len(dates) < count:
        if day > LAST_DAY:
            raise ValueError(f"les séances iraient au-delà du {LAST_DAY.strftime('%d/%m/%Y')} "
                             "(choisissez une date de début plus proche)")
        if day not in skipped:
            dates.append(day)
        day += timedelta(weeks=1)
    return dates


# --- French words for dates -------------------------------------------------------------------


def french_date(day: date) -> str:
    """« mardi 12 janvier 2027 », « lundi 1er mars 2027 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def french_hour(moment: time) -> str:
    """« 14 h », « 9 h 30 »."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


# --- option values ----------------------------------------------------------------------------
# Each parser raises ValueError with a French message naming the option, for a usage error.

_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_HOUR = re.compile(r"(\d{1,2})\s*(?::|h)\s*(\d{2})?", re.IGNORECASE)


def parse_date(value: str) -> date:
    """2027-01-12, or 12/01/2027 as French people write it."""
    try:
        if match := _FRENCH_DATE.fullmatch(value.strip()):
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"« {value} » n'est pas une date "
                         "(écrivez AAAA-MM-JJ, par exemple 2027-01-12)") from None


def parse_hour(value: str) -> time:
    """14:00, 14h00, 14h, 9:30."""
    match = _HOUR.fullmatch(value.strip())
    try:
        if not match:
            raise ValueError
        return time(int(match[1]), int(match[2] or 0))
    except ValueError:
        raise ValueError(f"heure « {value} » invalide (écrivez HH:MM, par exemple 14:00)") from None


def parse_weekday(value: str) -> str:
    day = value.strip().casefold()
    if day not in WEEKDAYS:
        hint = did_you_mean(day, WEEKDAYS) or "jours : " + ", ".join(WEEKDAYS)
        raise ValueError(f"jour « {value} » inconnu ({hint})")
    return day


def plan_from_options(debut: str, jour: str | None, heure: str, sauf: Iterable[str],
                      lieu: str | None = None) -> Plan:
    """The plan of `--debut`, `--jour`, `--heure`, `--sauf` and `--lieu`, checked against each
    other: the weekday, when given, is the first date's, and every skipped date falls on it."""
    first = parse_date(debut)
    hour = parse_hour(heure)
    skipped = {parse_date(value) for value in sauf}
    weekday = WEEKDAYS[first.weekday()]
    if jour is not None and (day := parse_weekday(jour)) != weekday:
        raise ValueError(f"le {first.isoformat()} est un {weekday}, pas un {day} "
                         "(corrigez --debut ou --jour)")
    for other in sorted(skipped):
        if other.weekday() != first.weekday():
            raise ValueError(f"--sauf {other.isoformat()} : ce n'est pas un {weekday}, "
                             "le jour des séances")
    return Plan(first, hour, frozenset(skipped), lieu.strip() if lieu and lieu.strip() else None)


def planned(parcours: Parcours, plan: Plan) -> str:
    """What `relais pdf` says of a dated parcours."""
    days = session_dates(plan.debut, len(parcours.seances), plan.sauf)
    return (f"« {parcours.titre} » : {len(days)} séance(s) datée(s), du {french_date(days[0])} "
            f"au {french_date(days[-1])}, à {french_hour(plan.heure)}.")
