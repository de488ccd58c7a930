"""Hostile calendars and feeds: bounded time and memory, one clear line, nothing else lost.

Recurrences that would expand without end, VTIMEZONEs with such rules, broken parameters
and lines; feeds that trickle, never end, are huge or redirect away from http(s), against
a real loopback server (hostile_http.py) that stops by itself.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hostile_http import hostile_server
from ics_helpers import BERLIN, busy, calendar, provider

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderError

MON = datetime(2026, 11, 23, tzinfo=BERLIN)
WEEK = Interval(MON, MON + timedelta(days=7))
PLAIN = "BEGIN:VEVENT\nUID:plain\nDTSTART:20261124T170000Z\nDTEND:20261124T180000Z\nEND:VEVENT"


def series(rule: str, uid: str = "runaway", start: str = "20200101T090000Z") -> str:
    return f"BEGIN:VEVENT\nUID:{uid}\nDTSTART:{start}\nDURATION:PT1S\nRRULE:{rule}\nEND:VEVENT"


MINUTES = [timedelta(minutes=m) for m in range(3)]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=SECONDLY", "FREQ=SECONDLY;COUNT=1000000000", "FREQ=MINUTELY;COUNT=1000000000", "FREQ=DAILY;BYSECOND="
     + ",".join(str(s) for s in range(60)) + ";BYMINUTE=" + ",".join(str(m) for m in range(60))],
)  # fmt: skip
def test_a_runaway_series_is_skipped_once_with_file_and_uid(rule: str) -> None:
    got, warnings = busy(calendar(PLAIN + "\n" + series(rule)), MON)
    assert got == [Interval(at(24, 18), at(24, 19))]  # the rest of the calendar still counts
    assert warnings == [
        f"test.ics: VEVENT UID runaway: recurs too often to expand (its rule {rule[:60]!r} walks more than "
        "200,000 steps); skipped"
    ]


def test_a_huge_count_on_a_daily_series_is_just_a_daily_series() -> None:
    text = calendar(series("FREQ=DAILY;COUNT=1000000000", uid="daily", start="20240101T080000Z"))
    got, warnings = busy(text, MON, days=3)
    assert got == [Interval(at(d, 9), at(d, 9) + timedelta(seconds=1)) for d in (23, 24, 25)]
    assert warnings == []


def test_a_fine_rule_starting_just_before_the_period_is_expanded() -> None:
    """Cost grows with the steps walked, not with FREQ: a minutely rule over an hour is cheap."""
    text = calendar(series("FREQ=MINUTELY;COUNT=3", uid="m", start="20261124T170000Z"))
    got, warnings = busy(text, MON)
    assert got == [Interval(at(24, 18) + m, at(24, 18) + m + timedelta(seconds=1)) for m in MINUTES]
    assert warnings == []


VTIMEZONE_SECONDLY = """BEGIN:VTIMEZONE
TZID:Hostile Time
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
RRULE:FREQ=SECONDLY
END:STANDARD
END:VTIMEZONE"""


def test_a_vtimezone_with_a_secondly_rule_is_ignored_not_expanded() -> None:
    event = (
        "BEGIN:VEVENT\nUID:z\nDTSTART;TZID=Hostile Time:20261124T180000\n"
        "DTEND;TZID=Hostile Time:20261124T190000\nEND:VEVENT"
    )
    got, warnings = busy(calendar(VTIMEZONE_SECONDLY + "\n" + event), MON)
    assert got == [Interval(at(24, 18), at(24, 19))]  # read in the default zone
    assert warnings == [
        "test.ics: VTIMEZONE 'Hostile Time' at line 4 skipped: a time zone rule with FREQ=SECONDLY",
        "test.ics: VEVENT UID z: unknown time zone 'Hostile Time', using the default zone",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DTEND;TZ;ID=Europe/Berlin:20261124T190000", [Interval(at(24, 18), at(24, 19))]),
        ('DTEND;X="broken:20261124T190000', [Interval(at(24, 18), at(24, 19))]),
        ("DTEND;TZID=Europe/Berlin:2026112\x004T190000", [Interval(at(24, 18), at(24, 19))]),
        ("DTEND;TZID=Europe/Berlin:2026-11-24T19:00:00", []),
    ],
)
def test_a_broken_parameter_costs_its_event_at_most(line: str, expected: list[Interval]) -> None:
    broken = f"BEGIN:VEVENT\nUID:broken\nDTSTART;TZID=Europe/Berlin:20261124T180000\n{line}\nEND:VEVENT"
    other = PLAIN.replace("UID:plain", "UID:other").replace("T17", "T08").replace("T18", "T09")
    got, _warnings = busy(calendar(broken + "\n" + other), MON)
    assert Interval(at(24, 9), at(24, 10)) in got
    assert [i for i in got if i != Interval(at(24, 9), at(24, 10))] == expected


def test_a_nul_in_a_calendar_level_line_rejects_nothing() -> None:
    text = calendar(PLAIN, extra_header="X-WR-CALNAME:Al\x00ex\r\n")
    got, _ = busy(text, MON)
    assert got == [Interval(at(24, 18), at(24, 19))]


def test_a_missing_end_closes_at_the_next_event() -> None:
    first = PLAIN.replace("\nEND:VEVENT", "")
    second = PLAIN.replace("UID:plain", "UID:second").replace("20261124", "20261125")
    got, _ = busy(calendar(first + "\n" + second), MON)
    assert got == [Interval(at(24, 18), at(24, 19)), Interval(at(25, 18), at(25, 19))]


def test_a_period_longer_than_max_days_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(PLAIN))
    huge = Interval(MON, MON + timedelta(days=1_000_000))
    with pytest.raises(ProviderError, match=r"days is longer than 3660 \(the calendar's 'max_days' option\)"):
        provider(source, tmp_path / "cache", []).busy(huge)


def test_a_file_over_max_mb_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar("\n".join([PLAIN] * 20_000)))
    with pytest.raises(ProviderError, match=r"larger than 0\.5 MB \(the calendar's 'max_mb' option\)"):
        provider(source, tmp_path / "cache", [], max_mb=0.5).busy(WEEK)


def _limit_memory() -> None:
    limit = 1_500_000_000
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_runaway_calendar_through_meetup_slots_in_bounded_memory(tmp_path: Path, meetup_env: Path) -> None:
    """The issue's inputs ran past 60 s at 1.3-1.7 GB; under a 1.5 GB address-space cap they finish."""
    source = tmp_path / "runaway.ics"
    hostile = [series("FREQ=SECONDLY", uid="s1"), series("FREQ=SECONDLY;COUNT=1000000000", uid="s2")]
    event = "BEGIN:VEVENT\nUID:z\nDTSTART;TZID=Hostile Time:20261124T180000\nDURATION:PT1H\nEND:VEVENT"
    source.write_text(calendar("\n".join([VTIMEZONE_SECONDLY, PLAIN, *hostile, event])))
    proc = subprocess.run(
        [sys.executable, "-m", "meetup", "slots", "--calendar", str(source), "--from", "2026-11-23",
         "--days", "7", "--tz", "Europe/Berlin", "--json"],
        capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert [line.removeprefix(f"meetup: warning: {source}: ") for line in proc.stderr.splitlines()] == [
        "VTIMEZONE 'Hostile Time' at line 4 skipped: a time zone rule with FREQ=SECONDLY",
        "VEVENT UID z: unknown time zone 'Hostile Time', using the default zone",
        "VEVENT UID s1: recurs too often to expand (its rule 'FREQ=SECONDLY' walks more than 200,000 steps); skipped",
        "VEVENT UID s2: recurs too often to expand (its rule 'FREQ=SECONDLY;COUNT=1000000000' walks more than "
        "200,000 steps); skipped",
    ]
    assert all(line.startswith(f"meetup: warning: {source}: ") for line in proc.stderr.splitlines())
    # Tue 18:00-19:00 is busy (the plain event, and the hostile-zone one read in Berlin time)
    assert [w["start"][5:16] for w in json.loads(proc.stdout)["windows"]] == [
        "11-23T18:00", "11-24T19:00", "11-25T18:00", "11-26T18:00", "11-27T18:00", "11-28T10:00", "11-29T10:00",
    ]  # fmt: skip


# --- feeds ------------------------------------------------------------------------------


def test_a_trickling_feed_stops_at_the_total_deadline(tmp_path: Path) -> None:
    with hostile_server() as server:
        began = time.monotonic()
        with pytest.raises(ProviderError, match=r"no answer within 1 s .*whole download"):
            provider(f"{server.base}/trickle", tmp_path / "cache", [], timeout=1).busy(WEEK)
        assert time.monotonic() - began < 10  # a per-read timeout would wait for the server's 30 s
        assert server.requests == ["/trickle"]


def test_trickling_headers_stop_at_the_total_deadline(tmp_path: Path) -> None:
    with hostile_server() as server:
        began = time.monotonic()
        with pytest.raises(ProviderError, match=r"no answer within 1 s"):
            provider(f"{server.base}/slow-headers", tmp_path / "cache", [], timeout=1).busy(WEEK)
        assert time.monotonic() - began < 10


def test_an_endless_feed_stops_at_the_size_cap(tmp_path: Path) -> None:
    with (
        hostile_server() as server,
        pytest.raises(ProviderError, match=r"/endless: larger than 1 MB \(the calendar's 'max_mb' option\)"),
    ):
        provider(f"{server.base}/endless", tmp_path / "cache", [], max_mb=1).busy(WEEK)


def test_a_feed_announcing_2_gb_is_refused_before_reading(tmp_path: Path) -> None:
    with hostile_server() as server, pytest.raises(ProviderError, match=r"/huge: larger than 50 MB"):
        provider(f"{server.base}/huge", tmp_path / "cache", []).busy(WEEK)


def test_a_redirect_to_ftp_is_refused(tmp_path: Path) -> None:
    with hostile_server() as server:
        with pytest.raises(ProviderError, match=r"/to-ftp: redirect to ftp://127\.0\.0\.1/cal\.ics refused"):
            provider(f"{server.base}/to-ftp", tmp_path / "cache", []).busy(WEEK)
        assert server.requests == ["/to-ftp"]


def test_http_redirects_are_followed_and_loops_end(tmp_path: Path) -> None:
    with hostile_server() as server:
        got = provider(f"{server.base}/to-ok", tmp_path / "cache", []).busy(WEEK)
        assert got == [Interval(at(24, 18), at(24, 19))]
        with pytest.raises(ProviderError, match=r"/loop: HTTP 302"):
            provider(f"{server.base}/loop", tmp_path / "cache", []).busy(WEEK)


def test_credentials_in_a_feed_url_never_reach_a_message(tmp_path: Path) -> None:
    with hostile_server() as server:
        port = server.server_address[1]
        url = f"http://ana:s3cret@127.0.0.1:{port}/missing.ics?token=t0ken"
        with pytest.raises(ProviderError) as caught:
            provider(url, tmp_path / "cache", []).busy(WEEK)
    message = str(caught.value)
    assert (
        message == f"http://***@127.0.0.1:{port}/missing.ics?token=***: HTTP 404 Not Found"
    )  # credentials masked


def test_url_credentials_are_sent_as_basic_auth_to_this_machine_only(tmp_path: Path) -> None:
    with hostile_server() as server:
        port = server.server_address[1]
        got = provider(f"http://ana:pw@127.0.0.1:{port}/ok", tmp_path / "cache", []).busy(WEEK)
        assert got == [Interval(at(24, 18), at(24, 19))]
        assert server.authorizations == ["Basic YW5hOnB3"]  # ana:pw
    with pytest.raises(ProviderError, match=r"http://\*\*\*@example\.org/cal\.ics: a user and password"):
        provider("http://ana:pw@example.org/cal.ics", tmp_path / "cache", []).busy(WEEK)


@pytest.mark.parametrize(
    ("option", "value"), [("max_mb", "50"), ("timeout", 0), ("max_days", True), ("budget", 10_000)]
)
def test_a_bad_limit_option_is_one_clear_error(tmp_path: Path, option: str, value: object) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(PLAIN))
    with pytest.raises(
        ProviderError, match=rf"calendar 'test': '{option}' must be a number above 0 and at most"
    ):
        provider(source, tmp_path / "cache", [], BERLIN, **{option: value}).busy(WEEK)
