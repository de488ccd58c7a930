"""Shared by the booking tests (loaded by path, see conftest.py): two friends whose option 2
overlaps by half an hour, a config reading an .ics or a feed, mails in a Maildir, meetup as a
real process (optionally SIGKILLed at a point of the booking)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=5)
BERLIN = ZoneInfo("Europe/Berlin")
# followup_helpers.seed offers both friends T0 + 2d 8h (option 2); friend 2's is moved 30 minutes later
MEETING_1 = Interval(T0 + timedelta(days=2, hours=8), T0 + timedelta(days=2, hours=9))
MEETING_2 = Interval(MEETING_1.start + timedelta(minutes=30), MEETING_1.end + timedelta(minutes=30))


def seed_overlapping(db: Path, seeded: Any) -> None:
    seeded.seed(db, 2, sent_at=T0)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE invite_options SET start_utc = ?, end_utc = ? WHERE invite_id = 2 AND position = 2",
            (MEETING_2.start.isoformat(), MEETING_2.end.isoformat()),
        )
    conn.close()


def offered(conn: sqlite3.Connection, invite_id: int) -> list[Interval]:
    return [
        Interval(datetime.fromisoformat(a), datetime.fromisoformat(b))
        for a, b in conn.execute(
            "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state = 'offered'",
            (invite_id,),
        )
    ]


def cli_env(home: Path, feed: str) -> dict[str, str]:

    maildir = home / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        f'[calendars.home]\nprovider = "ics"\nsource = "{feed}"\ntimeout = 90\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nmaildir = "{maildir}"\n'
    )
    env = dict(os.environ)
    env.update(
        {
            "MEETUP_DATA_DIR": str(home / "data"),
            "MEETUP_CACHE_DIR": str(home / "cache"),
            "MEETUP_CONFIG": str(home / "config.toml"),
            "MEETUP_NOW": NOW.isoformat(),
        }
    )
    return env


def mail_yes(home: Path, n: int, text: str) -> None:
    (home / "Maildir" / "new" / f"yes{n}:2,").write_bytes(
        (
            f"From: Friend{n} <friend{n}@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
            f"Message-ID: <yes{n}@example.org>\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        ).encode()
    )


def sent_mails(home: Path) -> list[tuple[str, bool]]:
    """(recipient, carries a calendar invitation) of every mail meetup put in the outbox."""
    from email import message_from_bytes, policy

    found = []
    for path in sorted((home / "data" / "outbox" / "new").iterdir()):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        invitation = any(part.get_content_type() == "text/calendar" for part in message.walk())
        found.append((str(message["To"]), invitation))
    return found


def empty_calendar(home: Path) -> str:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "me.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n")
    return str(path)


def meetup(env: dict[str, str], *args: str, at: datetime, kill_at: str | None = None) -> Any:

    run_env = {**env, "MEETUP_NOW": at.isoformat()}
    if kill_at:
        run_env["MEETUP_TEST_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "meetup", *args], env=run_env, capture_output=True, text=True, timeout=120
    )


class BarrierFeed:
    """An HTTP calendar feed (an empty calendar) that answers its first two requests together:
    each waits until the other has arrived, so both runs have read "free" before either books."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.barrier = threading.Barrier(2, timeout=60)
        self.hold = 2  # how many more requests wait at the barrier
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with lock:
                    held = feed.hold > 0
                    feed.hold -= held
                if held:
                    feed.barrier.wait()
                body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/me.ics"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
