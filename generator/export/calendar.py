"""A parcours as an iCalendar file: one event per séance, weekly, in Europe/Paris time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .. import __version__
from ..durations import format_duration
from ..model import Library, Parcours
from ..site import urls
from .addresses import PublicSite, plain_links
from .case import NAMESPACE

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Plan:
    """When the parcours is taught: the first date, the hour, the dates without a session."""

    debut: date
    heure: time
    sauf: frozenset[date] = field(default_factory=frozenset)
    lieu: str | None = None


def session_dates(debut: date, count: int, sauf: Iterable[date]) -> list[date]:
    """`count` weekly dates from `debut`; a skipped date pushes its session to the next week."""
    skipped = set(sauf)
    dates: list[date] = []
    day = debut
    while len(dates) < count:
        if day not in skipped:
            dates.append(day)
        day += timedelta(weeks=1)
    return dates


def parcours_calendar(library: Library, parcours: Parcours, plan: Plan,
                      site: PublicSite | None = None, stamp: datetime | None = None) -> bytes:
    """The .ics text; `stamp` (DTSTAMP, when the file was made) defaults to now."""
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//Relais//Relais {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", parcours.titre)
    calendar.add("x-wr-timezone", PARIS.key)
    dates = session_dates(plan.debut, len(parcours.seances), plan.sauf)
    total = len(parcours.seances)
    site = site or PublicSite()
    page = site.absolute(urls.parcours(parcours.ident))
    for number, (seance, day) in enumerate(zip(parcours.seances, dates, strict=True), start=1):
        start = datetime.combine(day, plan.heure, tzinfo=PARIS)
        event = Event()
        event.add("uid", _uid(parcours, plan.debut, number))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        # Same zone as DTSTART, so a calendar shows the end at the expected Paris hour.
        event.add("dtend", start + timedelta(minutes=seance.duree))
        event.add("summary", f"{parcours.titre} — séance {number}/{total} : {seance.titre}")
        event.add("description", _description(library, parcours, number, site))
        if plan.lieu:
            event.add("location", plan.lieu)
        if page:
            event.add("url", page)
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=date(dates[0].year, 1, 1),
                                   last_date=date(dates[-1].year + 1, 1, 1))
    return calendar.to_ical()


def _uid(parcours: Parcours, debut: date, number: int) -> str:
    """Stable per parcours, start date and séance: importing again updates the same events."""
    name = f"seance:{parcours.ident}:{debut.isoformat()}:{number}"
    return f"{uuid.uuid5(NAMESPACE, name)}@relais"


def _description(library: Library, parcours: Parcours, number: int, site: PublicSite) -> str:
    seance = parcours.seances[number - 1]
    lines = [f"Séance {number} du parcours « {parcours.titre} » ({format_duration(seance.duree)})."]
    fiches = [library.fiches[f] for f in seance.fiches if f in library.fiches]
    if fiches:
        lines += ["", "Fiches :"]
        for fiche in fiches:
            address = site.absolute(urls.fiche(fiche.ident))
            lines.append(f"- {fiche.titre} ({format_duration(fiche.duree)})"
                         + (f" : {address}" if address else ""))
    if seance.objectifs:
        lines += ["", "Objectifs :"]
        lines += [f"- {plain_links(' '.join(objectif.split()))}" for objectif in seance.objectifs]
    return "\n".join(lines)
