"""The 79-file real-world corpus, read in place from ../shared/testdata/calendars."""

from __future__ import annotations

import json
import warnings as py_warnings
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from ics_helpers import BERLIN, busy, corpus_path

from meetup.calendar.intervals import Interval, clip, merge
from meetup.cli import main

FILES = sorted(p.name for p in corpus_path().glob("*.ics")) if corpus_path().is_dir() else []

# What meetup must say about each known-broken file (see SOURCES.md): the component it names, then
# what it did about it. Only meetup's own words: the parser's messages and line numbers may change.
EXPECTED_WARNINGS = {
    "jazzband__icalevents__icloud.ics": ("VTIMEZONE", "skipped"),
    "ical4j__ical4j__blankTzid.ics": ("VTIMEZONE", "skipped"),
    "kewisch__ical.js__google_birthday.ics": (
        "VEVENT UID 2014_BIRTHDAY_79d389868f96182e@google.com",
        "ignored broken RDATE",
    ),
    "collective__icalendar__issue_165_missing_event.ics": (
        "VEVENT without UID (DTSTART 20150703T100000)",
        "repaired RRULE",
    ),
    "ical4j__ical4j__phpicalendar_sample.ics": ("VEVENT UID D9040425-RID", "repaired DURATION"),
    "pimutils__khal__event_dt_mixed_awareness.ics": (
        "VEVENT UID S9HZETRQne",
        "DTSTART and DTEND disagree on a time zone",
    ),
    "niccokunzmann__python-recurring-ical-events__end_before_start_event.ics": (
        "VEVENT UID UYDQSG9TH4DE0WM3QFL2J",
        "DTEND is before DTSTART",
    ),
}


# Files the reference pipeline reads wrongly without an error (SOURCES.md).
# Files the reference pipeline cannot read at all; what is broken in them (a VTODO's year -1, a
# VALARM's negative duration) does not touch busy time, so meetup reads them without a warning.
REFERENCE_FAILS = {"ical4j__ical4j__twinkle.ics", "pimutils__khal__non_dst_error.ics"}

REFERENCE_IS_WRONG = {
    "allenporter__ical__office_365_invalid_timezone.ics",
    "Kozea__Radicale__event_issue2172.ics",
}


def _first_start(path: Path) -> datetime:
    import icalendar

    with py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")
        try:
            cal = icalendar.Calendar.from_ical(path.read_bytes())
        except Exception:
            return datetime(2010, 1, 1, tzinfo=BERLIN)
    starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT") if e.get("DTSTART") is not None]
    first = min(
        (datetime(s.year, s.month, s.day) for s in starts if isinstance(s, date)),
        default=datetime(2010, 1, 1),
    )
    first = max(first, datetime(1970, 1, 1))  # meetup refuses --from before 1970
    return first.replace(tzinfo=BERLIN)


@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_every_file_exits_zero_through_the_cli(name: str, corpus_dir: Path, meetup_env: Path) -> None:
    path = corpus_dir / name
    start = _first_start(path)
    result = CliRunner().invoke(
        main,
        [
            "slots",
            "--calendar",
            str(path),
            "--tz",
            "Europe/Berlin",
            "--from",
            start.date().isoformat(),
            "--days",
            "366",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and "error:" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith("meetup: warning: ") and name in line, line
    if name in EXPECTED_WARNINGS:
        component, action = EXPECTED_WARNINGS[name]
        said = [line.removeprefix(f"meetup: warning: {path}: ") for line in result.stderr.splitlines()]
        assert any(r.startswith(component) and action in r[len(component) :] for r in said), said


def _reference_busy(data: bytes, period: Interval) -> list[Interval]:
    """The straightforward pipeline: whole-file icalendar parse + recurring-ical-events."""
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    cal = icalendar.Calendar.from_ical(data)
    if cal.get("X-WR-TIMEZONE"):
        cal = x_wr_timezone.to_standard(cal)
    out = []
    for e in recurring_ical_events.of(cal).between(period.start, period.end):
        if (
            str(e.get("TRANSP", "")).upper() == "TRANSPARENT"
            or str(e.get("STATUS", "")).upper() == "CANCELLED"
        ):
            continue
        s = e["DTSTART"].dt
        if e.get("DTEND") is not None:
            end = e["DTEND"].dt
        elif e.get("DURATION") is not None:
            end = s + e["DURATION"].dt
        elif isinstance(s, datetime):
            continue
        else:
            end = s + timedelta(days=1)

        def aware(v: object) -> datetime:
            if isinstance(v, datetime):
                return v if v.tzinfo else v.replace(tzinfo=BERLIN)
            return datetime(v.year, v.month, v.day, tzinfo=BERLIN)  # type: ignore[attr-defined]

        a, b = aware(s), aware(end)
        if b > a:
            out.append(Interval(a, b))
    return merge(out)


@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_same_busy_time_as_the_straightforward_pipeline(name: str, corpus_dir: Path) -> None:
    """Where icalendar and recurring-ical-events handle a file on their own, the digest
    (one-off events bisected, series expanded on demand) must give exactly their answer."""
    data = (corpus_dir / name).read_bytes()
    if name in EXPECTED_WARNINGS or name in REFERENCE_IS_WRONG or name in REFERENCE_FAILS:
        pytest.skip("known-broken file: the reference pipeline fails or is wrong (see SOURCES.md)")
    start = _first_start(corpus_dir / name)
    with py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")
        for k in range(3):
            period_start = start + timedelta(days=40 * k)
            period = Interval(period_start, period_start + timedelta(days=45))
            ours, _ = busy(data, period_start, days=45)
            assert clip(ours, period) == clip(_reference_busy(data, period), period), f"window {k}"


@pytest.mark.corpus
def test_radicale_non_ascii_tzid_uses_the_files_own_vtimezone(corpus_dir: Path) -> None:
    data = (corpus_dir / "Kozea__Radicale__event_issue2172.ics").read_bytes()
    got, warnings = busy(data, datetime(2026, 7, 1, tzinfo=BERLIN), days=1)
    # 'Mitteleuropäische Zeit ' is defined in the file as CET/CEST: 17:00 local is 15:00 UTC.
    assert got == [
        Interval(datetime(2026, 7, 1, 17, tzinfo=BERLIN), datetime(2026, 7, 1, 18, 30, tzinfo=BERLIN))
    ]
    assert warnings == []


@pytest.mark.corpus
def test_broken_icloud_file_still_yields_its_events(corpus_dir: Path) -> None:
    data = (corpus_dir / "jazzband__icalevents__icloud.ics").read_bytes()
    got, warnings = busy(data, datetime(2000, 1, 1, tzinfo=BERLIN), days=365 * 30)
    assert len(got) == 38, "events after the broken VTIMEZONE must still count"
    # meetup's warning names the file and the component it skipped; the reason is the parser's
    [warning] = warnings
    assert warning.startswith("test.ics: VTIMEZONE 'Europe/Berlin' at line ") and " skipped: " in warning


@pytest.mark.corpus
def test_unresolvable_tzid_warns_in_a_fresh_process(corpus_dir: Path, meetup_env: Path) -> None:
    """icalendar caches VTIMEZONEs by TZID for the whole process, so this runs alone."""
    import subprocess
    import sys

    path = corpus_dir / "allenporter__ical__office_365_invalid_timezone.ics"
    proc = subprocess.run(
        [sys.executable, "-m", "meetup", "slots", "--calendar", str(path), "--from", "2024-04-22", "--days", "7",
         "--tz", "Europe/Berlin", "--hours", "fri 13:00-17:00", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0
    [warning] = proc.stderr.splitlines()
    assert warning.startswith(f"meetup: warning: {path}: VEVENT UID ")
    assert warning.endswith(": unknown time zone 'Customized Time Zone', using the default zone")
    # Read in --tz: 14:00-15:00 Berlin is busy.
    assert json.loads(proc.stdout)["windows"] == [
        {"start": "2024-04-26T13:00:00+02:00", "end": "2024-04-26T14:00:00+02:00"},
        {"start": "2024-04-26T15:00:00+02:00", "end": "2024-04-26T17:00:00+02:00"},
    ]
