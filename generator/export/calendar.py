"""A parcours as an iCalendar file: one event per séance, weekly, in Europe/Paris time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .. import __version__, addresses
from ..addresses import PublicSite
from ..durations import format_duration
from ..model import Library, Parcours
from ..planning import Plan, session_dates
from .case import NAMESPACE
from .links import plain_links

PARIS = ZoneInfo("Europe/Paris")


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
    page = site.absolute(addresses.parcours(parcours.ident))
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
    calendar.add_component(vtimezone(PARIS, date(dates[0].year, 1, 1),
                                     date(min(dates[-1].year + 1, MAXYEAR), 12, 31)))
    return calendar.to_ical()


def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """The zone's rules from `first` to `last` as RFC 5545 writes them: each change starts at
    the wall-clock time *before* it, in its TZOFFSETFROM (the spring change in Paris is at
    02:00 standard time, i.e. 01:00 UTC). One sub-component per change, read from the zone
    data (no RRULE to go stale), and the offset in force when the calendar starts."""
    timezone = Timezone()
    timezone.add("tzid", zone.key)
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last, time(), tzinfo=UTC)
    found = list(_changes(zone, start, end))
    if not found or found[0][0] > start:
        offset = start.astimezone(zone).utcoffset() or timedelta()
        found.insert(0, (start, offset, offset, start.astimezone(zone)))
    for moment, before, after, local in found:
        part = TimezoneDaylight() if local.dst() else TimezoneStandard()
        part.add("tzname", local.tzname())
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("dtstart", (moment + before).replace(tzinfo=None))
        timezone.add_component(part)
    return timezone


Change = tuple[datetime, timedelta, timedelta, datetime]  # UTC instant, offsets, local after


def _changes(zone: ZoneInfo, start: datetime, end: datetime) -> Iterable[Change]:
    """Every change of UTC offset between two UTC instants, found day by day then to the
    minute."""
    def offset(moment: datetime) -> timedelta:
        return moment.astimezone(zone).utcoffset() or timedelta()

    day = start
    while day < end:
        following = min(day + timedelta(days=1), end)
        before, after = offset(day), offset(following)
        if before != after:
            low, high = day, following  # offset(low) == before, offset(high) == after
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            yield high, before, after, high.astimezone(zone)
        day = following


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
            address = site.absolute(addresses.fiche(fiche.ident))
            lines.append(f"- {fiche.titre} ({format_duration(fiche.duree)})"
                         + (f" : {address}" if address else ""))
    if seance.objectifs:
        lines += ["", "Objectifs :"]
        lines += [f"- {plain_links(' '.join(objectif.split()))}" for objectif in seance.objectifs]
    return "\n".join(lines)
