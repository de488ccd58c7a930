"""A friend's shared free/busy, served by a real HTTP server on loopback, end to end via the CLI.

Covers ``meetup friend edit --freebusy`` (feed, VFREEBUSY URL, file, none, bad input), ``meetup
slots --with``, one-friend invites avoiding the friend's busy time, the interval cache (refresh,
stale fallback) and privacy: no title or other detail of the friend's feed is ever stored.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetup.cli import main

NOW = "2026-11-23T09:00:00+01:00"
USER = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//me//EN
BEGIN:VEVENT
UID:me-1@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261124T170000Z
DTEND:20261124T180000Z
SUMMARY:Choir
END:VEVENT
END:VCALENDAR
"""
# Ana: Mon 23 18:00-20:00 Berlin (17-19Z), weekly Wed 19:00-22:00 Berlin, with titles to keep secret
ANA_FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//ana//EN
BEGIN:VEVENT
UID:ana-1@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261123T170000Z
DTEND:20261123T190000Z
SUMMARY:Dentist Dr. Secretsmile
LOCATION:Hidden Street 5
END:VEVENT
BEGIN:VEVENT
UID:ana-2@example.org
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261104T190000
DTEND;TZID=Europe/Berlin:20261104T220000
RRULE:FREQ=WEEKLY
SUMMARY:Secret salsa class
DESCRIPTION:with Mysteryperson
END:VEVENT
END:VCALENDAR
"""
# Ben publishes only free/busy (RFC 5545 VFREEBUSY): Tue 25 20:00-22:00 and Thu 26 18:00-19:30 Berlin
BEN_FREEBUSY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//ben//EN
METHOD:PUBLISH
BEGIN:VFREEBUSY
UID:ben-fb@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261120T000000Z
DTEND:20261231T000000Z
ORGANIZER:mailto:ben@example.org
FREEBUSY;FBTYPE=BUSY:20261125T190000Z/20261125T210000Z,20261126T170000Z/PT1H30M
FREEBUSY;FBTYPE=FREE:20261127T170000Z/20261127T210000Z
END:VFREEBUSY
END:VCALENDAR
"""


@dataclass
class Feeds:
    """What the loopback server serves, and the paths it was asked for."""

    pages: dict[str, tuple[int, str]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    base: str = ""


@pytest.fixture
def feeds() -> Iterator[Feeds]:
    served = Feeds()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            served.hits.append(path)
            status, body = served.pages.get(path, (404, "not here"))
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def config(meetup_env: Path) -> Path:
    (meetup_env / "me.ics").write_text(USER)
    path = meetup_env / "meetup.toml"
    path.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 18:00-22:00"\n'
        '[calendars.me]\nsource = "me.ics"\n[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
    )
    return path


def run(config: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(config), "--now", now, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def windows(config: Path, *args: str, now: str = NOW) -> list[tuple[str, str]]:
    code, out, err = run(
        config, "slots", "--from", "2026-11-23", "--to", "2026-11-28", "--json", *args, now=now
    )
    assert code == 0, err
    return [(w["start"][5:16], w["end"][11:16]) for w in json.loads(out)["windows"]]


def add_friends(config: Path, feeds: Feeds) -> None:
    feeds.pages["/ana.ics"] = (200, ANA_FEED)
    feeds.pages["/ben.ifb"] = (200, BEN_FREEBUSY)
    for args in (
        ("friend", "add", "Ana Lima", "--email", "ana@example.org", "--tz", "Europe/Lisbon"),
        ("friend", "add", "Ben Okafor", "--email", "ben@example.org"),
        ("friend", "add", "Cleo Park", "--email", "cleo@example.org", "--tz", "Asia/Tokyo"),
    ):
        assert run(config, *args)[0] == 0


def test_feed_and_vfreebusy_url_narrow_slots_with(config: Path, feeds: Feeds) -> None:
    add_friends(config, feeds)
    code, out, err = run(config, "friend", "edit", "ana", "--freebusy", feeds.base + "/ana.ics")
    assert code == 0, err
    # Ana is busy Mon 18-20, Wed 19-22 Berlin and twice more in the three weeks read ahead
    assert out == (
        f"Ana Lima: free/busy from {feeds.base}/ana.ics: 4 busy interval(s), 11 h, in the next 21 days\n"
        "updated Ana Lima\n"
    )
    code, out, err = run(config, "friend", "edit", "ben", "--freebusy", feeds.base + "/ben.ifb")
    assert code == 0, err
    mine = windows(config)
    assert ("11-24T18:00", "22:00") not in mine and ("11-24T19:00", "22:00") in mine  # my choir
    # Ana (Lisbon, one hour behind) is busy Mon 18-20 and Wed 19-22 Berlin
    assert windows(config, "--with", "ana") == [
        ("11-23T20:00", "22:00"),
        ("11-24T19:00", "22:00"),
        ("11-25T18:00", "19:00"),
        ("11-26T18:00", "22:00"),
        ("11-27T18:00", "22:00"),
    ]
    # and Ben is busy Wed 20-22 and Thu 18:00-19:30 Berlin; FBTYPE=FREE is not busy
    assert windows(config, "--with", "ana,ben") == [
        ("11-23T20:00", "22:00"),
        ("11-24T19:00", "22:00"),
        ("11-25T18:00", "19:00"),
        ("11-26T19:30", "22:00"),
        ("11-27T18:00", "22:00"),
    ]
    # Cleo lives in Tokyo: a Berlin evening is her night
    assert windows(config, "--with", "ana", "--with", "cleo") == []
    code, out, _ = run(config, "slots", "--from", "2026-11-23", "--to", "2026-11-25", "--with", "ana")
    assert code == 0 and out == (
        "Mon 2026-11-23  20:00-22:00\nTue 2026-11-24  19:00-22:00\n(times in Europe/Berlin)\n"
        "(free for you and Ana Lima)\n"
    )


def test_nothing_but_intervals_is_stored(config: Path, feeds: Feeds, meetup_env: Path) -> None:
    add_friends(config, feeds)
    assert run(config, "friend", "edit", "ana", "--freebusy", feeds.base + "/ana.ics?token=s3cr3t")[0] == 0
    assert windows(config, "--with", "ana") == [
        ("11-23T20:00", "22:00"),
        ("11-24T19:00", "22:00"),
        ("11-25T18:00", "19:00"),
        ("11-26T18:00", "22:00"),
        ("11-27T18:00", "22:00"),
    ]
    for path in meetup_env.rglob("*"):
        if path.is_file() and path.name != "meetup.toml":
            data = path.read_bytes()
            for secret in (
                b"Secretsmile",
                b"salsa",
                b"Hidden Street",
                b"Mysteryperson",
                b"ana-2@example.org",
            ):
                assert secret not in data, (path, secret)
    code, out, _ = run(config, "friend", "show", "ana")
    assert code == 0 and out.splitlines()[-1] == (
        f"freebusy: {feeds.base}/ana.ics?token=***; read 2026-11-23T08:00:00+00:00"
    )  # the URL's token is masked


def test_busy_time_is_cached_then_refreshed(config: Path, feeds: Feeds) -> None:
    add_friends(config, feeds)
    assert run(config, "friend", "edit", "ana", "--freebusy", feeds.base + "/ana.ics")[0] == 0
    assert feeds.hits == ["/ana.ics"]  # read once to check the source
    first = windows(config, "--with", "ana")
    assert windows(config, "--with", "ana", now="2026-11-23T09:30:00+01:00") == first
    assert feeds.hits == ["/ana.ics"]  # within the hour: from the cache
    feeds.pages["/ana.ics"] = (200, ANA_FEED.replace("20261123T170000Z", "20261123T190000Z").replace(
        "DTEND:20261123T190000Z", "DTEND:20261123T210000Z"))  # fmt: skip
    later = windows(config, "--with", "ana", now="2026-11-23T11:00:00+01:00")
    assert feeds.hits == ["/ana.ics", "/ana.ics"]
    assert later[0] == ("11-23T18:00", "20:00")  # Ana's appointment moved to 20-22 Berlin


def test_a_failing_source_falls_back_to_the_last_read_with_a_warning(config: Path, feeds: Feeds) -> None:
    add_friends(config, feeds)
    assert run(config, "friend", "edit", "ana", "--freebusy", feeds.base + "/ana.ics")[0] == 0
    first = windows(config, "--with", "ana")
    feeds.pages["/ana.ics"] = (500, "oops")
    code, out, err = run(
        config, "slots", "--from", "2026-11-23", "--to", "2026-11-28", "--json", "--with", "ana",
        now="2026-11-23T12:00:00+01:00",
    )  # fmt: skip
    assert code == 0
    assert [(w["start"][5:16], w["end"][11:16]) for w in json.loads(out)["windows"]] == first
    assert err == (
        f"meetup: warning: free/busy of Ana Lima ({feeds.base}/ana.ics) could not be read, using what was read "
        f"2026-11-23 08:00 UTC: {feeds.base}/ana.ics: HTTP 500 Internal Server Error\n"
    )


def test_bad_or_unreachable_sources_are_one_line_and_not_saved(config: Path, feeds: Feeds) -> None:
    add_friends(config, feeds)
    code, _, err = run(config, "friend", "edit", "ana", "--freebusy", "not a source")
    assert (code, err) == (
        2,
        "meetup: error: --freebusy 'not a source': use an .ics/webcal feed, a VFREEBUSY URL, google:EMAIL or 'none'\n",
    )
    code, _, err = run(config, "friend", "edit", "ana", "--freebusy", "google:not-an-address")
    assert (code, err) == (
        2,
        "meetup: error: --freebusy 'google:not-an-address': google: needs the calendar's address, "
        "like google:ana@gmail.com\n",
    )
    code, _, err = run(config, "friend", "edit", "ana", "--freebusy", feeds.base + "/missing.ics")
    assert (code, err) == (1, f"meetup: error: {feeds.base}/missing.ics: HTTP 404 Not Found\n")
    code, _, err = run(config, "friend", "edit", "ana", "--freebusy", "google:ana@example.org")
    assert (code, err) == (
        1,
        "meetup: error: free/busy of Ana Lima: google:ana@example.org is asked through your Google account; "
        'add a calendar with provider = "google" to the config and run `meetup auth google`\n',
    )
    code, out, _ = run(config, "friend", "show", "ana")
    assert out == "name:  Ana Lima\nemail: ana@example.org\ntz:    Europe/Lisbon\n"  # nothing was saved
    code, _, err = run(config, "slots", "--with", "nobody")
    assert (code, err) == (
        2,
        "meetup: error: no friend called 'nobody' (friends: Ana Lima, Ben Okafor, Cleo Park)\n",
    )


def test_file_source_and_none_clear_it(config: Path, feeds: Feeds, meetup_env: Path) -> None:
    add_friends(config, feeds)
    (meetup_env / "ben.ifb").write_text(BEN_FREEBUSY)
    assert run(config, "friend", "edit", "ben", "--freebusy", str(meetup_env / "ben.ifb"))[0] == 0
    assert ("11-26T19:30", "22:00") in windows(config, "--with", "ben")
    code, out, _ = run(config, "friend", "edit", "ben", "--freebusy", "none")
    assert code == 0 and out == "Ben Okafor: free/busy source removed\nupdated Ben Okafor\n"
    assert ("11-26T18:00", "22:00") in windows(config, "--with", "ben")
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    assert db.execute("SELECT COUNT(*) FROM friend_busy").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM friend_freebusy").fetchone()[0] == 0


def test_a_one_friend_invite_avoids_their_busy_time(config: Path, feeds: Feeds) -> None:
    add_friends(config, feeds)
    # Ben is busy every evening Mon 23 - Thu 26 (Berlin 18:00-22:00): only Friday is left
    evenings = ",".join(f"202611{d}T170000Z/202611{d}T210000Z" for d in (23, 24, 25, 26))
    feeds.pages["/ben-busy.ifb"] = (200, BEN_FREEBUSY.replace(
        "FREEBUSY;FBTYPE=BUSY:20261125T190000Z/20261125T210000Z,20261126T170000Z/PT1H30M", f"FREEBUSY:{evenings}"))  # fmt: skip
    assert run(config, "friend", "edit", "ben", "--freebusy", feeds.base + "/ben-busy.ifb")[0] == 0
    code, out, err = run(
        config, "invite", "ben", "--activity", "drinks", "--via", "outbox", "--days", "5", "--json"
    )
    assert code == 0, err
    offered = json.loads(out)["options"]
    assert offered and {o["start"][:10] for o in offered} == {"2026-11-27"}
