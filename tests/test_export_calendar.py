"""`relais calendrier`: one event per séance, parsed back with icalendar."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.export.calendar import session_dates

from .helpers import relais

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exports"
PARIS = ZoneInfo("Europe/Paris")
DURATIONS = [120, 90, 45, 180]  # the four séances of atelier-printemps, in minutes



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    shutil.copytree(FIXTURE, target)
    return target


def events(repo: Path, out: Path, *options: str) -> list:
    run = relais("calendrier", "atelier-printemps", repo, *options, "-o", out)
    assert run.returncode == 0, run.stderr
    calendar = Calendar.from_ical(out.read_bytes())
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_one_event_per_seance_across_the_march_dst_change(repo: Path, tmp_path: Path) -> None:
    found = events(repo, tmp_path / "a.ics", "--debut", "2027-03-16", "--jour", "mardi",
                   "--heure", "14:00")
    assert len(found) == 4
    starts = [event.decoded("dtstart") for event in found]
    expected = [datetime(2027, 3, day, 14, 0, tzinfo=PARIS) for day in (16, 23, 30)]
    expected.append(datetime(2027, 4, 6, 14, 0, tzinfo=PARIS))
    assert starts == expected
    assert all(start.tzinfo is not None and start.hour == 14 for start in starts)
    # Summer time starts on Sunday 28 March 2027: same wall-clock hour, one hour less in UTC.
    assert [start.utcoffset() for start in starts] == [timedelta(hours=h) for h in (1, 1, 2, 2)]
    assert [start.astimezone(ZoneInfo("UTC")).hour for start in starts] == [13, 13, 12, 12]


def test_each_event_lasts_its_own_seance(repo: Path, tmp_path: Path) -> None:
    found = events(repo, tmp_path / "a.ics", "--debut", "2027-03-16", "--heure", "9h30")
    lengths = [event.decoded("dtend") - event.decoded("dtstart") for event in found]
    assert lengths == [timedelta(minutes=m) for m in DURATIONS]
    assert found[0].decoded("dtstart").time().isoformat() == "09:30:00"


def test_skipped_dates_push_the_sessions_back(repo: Path, tmp_path: Path) -> None:
    found = events(repo, tmp_path / "a.ics", "--debut", "2027-01-12", "--jour", "Mardi",
                   "--heure", "14:00", "--sauf", "2027-01-19", "--sauf", "2027-02-02",
                   "2027-02-09")
    days = [event.decoded("dtstart").date() for event in found]
    assert days == [date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 16), date(2027, 2, 23)]
    assert not {date(2027, 1, 19), date(2027, 2, 2), date(2027, 2, 9)} & set(days)


def test_events_have_title_fiches_place_and_a_paris_vtimezone(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.ics"
    found = events(repo, out, "--debut", "2027-03-16", "--heure", "14:00", "--lieu",
                   "Médiathèque, salle 2")
    calendar = Calendar.from_ical(out.read_bytes())
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert b"DTSTART;TZID=Europe/Paris:20270316T140000" in out.read_bytes()
    assert str(found[0]["SUMMARY"]) == "Atelier du printemps — séance 1/4 : La tablette"
    assert str(found[0]["LOCATION"]) == "Médiathèque, salle 2"
    first = str(found[0]["DESCRIPTION"])
    assert "- Allumer la tablette (30 min) : https://formations.example.org/relais/fiches/base/" \
        in first
    assert "Allumer la tablette, voir la fiche." in first  # relais link reduced to its text
    assert "Prévoir des tablettes" not in first  # trainer notes stay out of a shared agenda
    last = str(found[3]["DESCRIPTION"])
    assert "Allumer la tablette" in last and "Naviguer sur internet (1 h 30)" in last
    assert "Fiches" not in str(found[2]["DESCRIPTION"])  # a séance without fiches
    assert len({str(e["UID"]) for e in found}) == 4


def test_uids_are_stable_so_a_new_import_updates_the_events(repo: Path, tmp_path: Path) -> None:
    options = ("--debut", "2027-03-16", "--heure", "14:00")
    first = [str(e["UID"]) for e in events(repo, tmp_path / "a.ics", *options)]
    again = [str(e["UID"]) for e in events(repo, tmp_path / "b.ics", *options)]
    assert first == again


def test_session_dates_skip_to_the_next_week() -> None:
    start = date(2027, 1, 12)
    assert session_dates(start, 3, []) == [start, date(2027, 1, 19), date(2027, 1, 26)]
    assert session_dates(start, 2, [start]) == [date(2027, 1, 19), date(2027, 1, 26)]


@pytest.mark.parametrize(("options", "message"), [
    (("--debut", "2027-02-30", "--heure", "14:00"), "n'est pas une date"),
    (("--debut", "mardi", "--heure", "14:00"), "n'est pas une date"),
    (("--debut", "2027-01-12", "--jour", "mercredi", "--heure", "14:00"),
     "le 2027-01-12 est un mardi, pas un mercredi"),
    (("--debut", "2027-01-12", "--jour", "mardy", "--heure", "14:00"),
     "vouliez-vous dire « mardi »"),
    (("--debut", "2027-01-12", "--heure", "25:00"), "heure « 25:00 » invalide"),
    (("--debut", "2027-01-12", "--heure", "14:00", "--sauf", "2027-01-20"),
     "ce n'est pas un mardi"),
], ids=["impossible-date", "not-a-date", "weekday-mismatch", "unknown-weekday", "bad-hour",
        "skip-other-weekday"])
def test_bad_arguments_exit_2_in_french(repo: Path, tmp_path: Path, options: tuple[str, ...],
                                        message: str) -> None:
    out = tmp_path / "a.ics"
    run = relais("calendrier", "atelier-printemps", repo, *options, "-o", out)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_unknown_parcours_suggests_the_closest(repo: Path, tmp_path: Path) -> None:
    run = relais("calendrier", "atelier-printemp", repo, "--debut", "2027-01-12", "--heure",
                 "14:00", "-o", tmp_path / "a.ics")
    assert run.returncode == 2
    assert "parcours « atelier-printemp » inconnu" in run.stderr
    assert "vouliez-vous dire « atelier-printemps »" in run.stderr


def test_content_errors_come_first_and_exit_1(repo: Path, tmp_path: Path) -> None:
    """The content check of `relais check` applies before the arguments' values are judged."""
    (repo / "fiches" / "base.yml").write_text("titre: Attention : x\n", "utf-8")
    run = relais("calendrier", "inconnu", repo, "--debut", "2027-02-30", "--jour", "lundi",
                 "--heure", "14:00", "-o", tmp_path / "a.ics")
    assert run.returncode == 1
    assert "n'est pas une date" not in run.stderr
    assert "fiches/base.yml:1:" in run.stderr
    assert "rien n'a été exporté" in run.stderr
    assert not (tmp_path / "a.ics").exists()


def test_an_output_folder_that_does_not_exist_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    run = relais("calendrier", "atelier-printemps", repo, "--debut", "2027-01-12", "--heure",
                 "14:00", "-o", tmp_path / "absent" / "a.ics")
    assert run.returncode == 2
    assert "dossier de sortie introuvable" in run.stderr


def test_the_time_zone_changes_at_the_right_instant_for_another_parser(
    repo: Path, tmp_path: Path
) -> None:
    """RFC 5545: a change's DTSTART is the wall-clock time before it, in TZOFFSETFROM. In Paris
    summer time starts at 02:00 standard time (01:00 UTC) and ends at 03:00 summer time (01:00
    UTC). dateutil's own iCalendar reader, not the library that wrote the file, checks it."""
    from dateutil import tz

    out = tmp_path / "a.ics"
    events(repo, out, "--debut", "2027-03-16", "--heure", "14:00")
    text = out.read_bytes().decode("utf-8").replace("\r\n", "\n")
    zone_text = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE") + 13]
    assert "DTSTART:20270328T020000\nTZNAME:CEST\nTZOFFSETFROM:+0100" in zone_text
    assert "DTSTART:20271031T030000\nTZNAME:CET\nTZOFFSETFROM:+0200" in zone_text
    paris = tz.tzical(io.StringIO(zone_text)).get("Europe/Paris")
    utc = ZoneInfo("UTC")
    for moment, hours in [(datetime(2027, 3, 28, 0, 59), 1), (datetime(2027, 3, 28, 1, 0), 2),
                          (datetime(2027, 3, 28, 1, 30), 2), (datetime(2027, 10, 31, 0, 59), 2),
                          (datetime(2027, 10, 31, 1, 0), 1), (datetime(2028, 3, 26, 1, 30), 2)]:
        local = moment.replace(tzinfo=utc).astimezone(paris)
        assert local.utcoffset() == timedelta(hours=hours), moment
        assert local.utcoffset() == moment.replace(tzinfo=utc).astimezone(PARIS).utcoffset()
    # Every séance starts at 14:00 in Paris for that parser too.
    for event in Calendar.from_ical(out.read_bytes()).walk("VEVENT"):
        start = event.decoded("dtstart").replace(tzinfo=paris)
        assert start.hour == 14
        assert start.astimezone(utc) == event.decoded("dtstart").astimezone(utc)
