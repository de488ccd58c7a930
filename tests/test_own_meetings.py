"""meetup's own meetings are busy everywhere free time is computed, and an agreed time stops
being offered to anyone else at once."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.calendar.intervals import Interval
from meetup.cli import main
from meetup.store.meetings import offered_elsewhere, own_meetings, own_meetings_at, unavailable

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# followup_helpers.seed offers every invite the same two options: T0 + 1d 8h and T0 + 2d 8h (1 hour)
MEETING = Interval(T0 + timedelta(days=2, hours=8), T0 + timedelta(days=2, hours=9))


def _env(tmp_path: Path, now: datetime, calendar: str = "") -> dict[str, str]:
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nmaildir = "{maildir}"\n{calendar}'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": now.isoformat(),
    }


def _reply(tmp_path: Path, n: int, text: str, msgid: str) -> None:
    (tmp_path / "Maildir" / "new" / f"{msgid.strip('<>')}:2,").write_bytes(
        (
            f"From: Friend{n} <friend{n}@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
            f"Message-ID: {msgid}\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        ).encode()
    )


def _run(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _windows(output: str) -> list[Interval]:
    return [
        Interval(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"]))
        for w in json.loads(output)["windows"]
    ]


def test_agreed_meeting_is_busy_and_taken_from_other_offers(tmp_path: Path, seeded: Any) -> None:
    db = tmp_path / "data" / "meetup.db"
    seeded.seed(db, 2, sent_at=T0)
    env = _env(tmp_path, T0 + timedelta(hours=5))
    before = _windows(_run(env, "slots", "--json", "--days", "5").output)
    assert any(w.contains(MEETING) for w in before)

    _reply(tmp_path, 1, "2 works for me!", "<r1@example.org>")
    _run(env, "inbox")
    conn = sqlite3.connect(db)
    assert own_meetings(conn) == [MEETING]
    # friend 2 was offered the same time: no longer on offer to anyone else
    states = dict(conn.execute("SELECT position, state FROM invite_options WHERE invite_id = 2"))
    assert states == {1: "offered", 2: "taken"}
    assert MEETING in unavailable(conn)
    assert offered_elsewhere(conn) == [
        Interval(T0 + timedelta(days=1, hours=8), T0 + timedelta(days=1, hours=9))
    ]
    conn.close()

    # `meetup slots` shows it busy although no calendar was written
    after = _windows(_run(env, "slots", "--json", "--days", "5").output)
    assert not any(w.overlaps(MEETING) for w in after)
    assert own_meetings_at(db) == [MEETING]

    # friend 2 picks the taken time anyway: a slot-taken reply with other times, none on the meeting
    _reply(tmp_path, 2, "2 works for me!", "<r2@example.org>")
    assert _run(env, "inbox").output == (
        "invite 2: yes -> slot_taken Wed 25 Nov, 18:00-19:00\n1 answer acted on, 0 need you, 1 mail sent\n"
    )
    conn = sqlite3.connect(db)
    fresh = [
        Interval(datetime.fromisoformat(a), datetime.fromisoformat(b))
        for a, b in conn.execute(
            "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = 2 AND position > 2"
        )
    ]
    assert fresh and not any(f.overlaps(MEETING) for f in fresh)
    assert conn.execute("SELECT state FROM invites WHERE id = 2").fetchone()[0] == "open"


def test_written_meeting_counts_once(tmp_path: Path, seeded: Any) -> None:
    """The same meeting in a calendar (written there with write = true) and in the database:
    one busy interval, the windows around it unchanged."""
    db = tmp_path / "data" / "meetup.db"
    seeded.seed(db, 1, sent_at=T0)
    calendar = tmp_path / "cal.ics"
    start, end = MEETING.start.strftime("%Y%m%dT%H%M%SZ"), MEETING.end.strftime("%Y%m%dT%H%M%SZ")
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:meetup-1@example.org\r\n"
        f"DTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:Coffee with Friend1\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    env = _env(tmp_path, T0 + timedelta(hours=5), f'[calendars.main]\nsource = "{calendar}"\n')
    only_calendar = _windows(_run(env, "slots", "--json", "--days", "5").output)
    _reply(tmp_path, 1, "2 works for me!", "<r1@example.org>")
    _run(env, "inbox")
    both = _windows(_run(env, "slots", "--json", "--days", "5").output)
    assert both == only_calendar
