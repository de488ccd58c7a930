"""A yes to a time that has already passed is never confirmed: the friend gets fresh options
("that one has passed"), by mail through ``meetup inbox`` and by hand through ``meetup reply``."""

from __future__ import annotations

import mailbox
import re
import sqlite3
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # seeded options: Tue 24 and Wed 25, 17:00-18:00 UTC
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # option 2 is over, option 1 long gone


def _env(tmp_path: Path, inbox: str = "") -> dict[str, str]:
    calendar = tmp_path / "me.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n")
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        f'[calendars.home]\nprovider = "ics"\nsource = "{calendar}"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n' + inbox
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": NOW.isoformat(),
    }


def _check(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "open"
    assert conn.execute("SELECT outcome FROM answers").fetchall() == [("passed",)]
    offered = conn.execute(
        "SELECT position, start_utc FROM invite_options WHERE invite_id = 1 AND state = 'offered'"
    ).fetchall()
    assert [position for position, _ in offered] == [3, 4, 5]  # three fresh ones, after the two offered
    assert all(datetime.fromisoformat(start) > NOW for _, start in offered)
    (path,) = (tmp_path / "data" / "outbox" / "new").iterdir()
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    paragraphs = text.replace("\r\n", "\n").split("\n\n")
    assert "passed" in paragraphs[1] and "Wed 25 Nov, 18:00-19:00" in paragraphs[1]  # names the time gone
    assert "it's a date" not in text.lower()
    assert re.findall(r"^(\d)\. ", text, re.MULTILINE) == ["3", "4", "5"]


def test_a_yes_by_mail_to_a_past_option_gets_fresh_options(tmp_path: Path, seeded: Any) -> None:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    box.add(
        b"From: Friend1 <friend1@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
        b"Message-ID: <late@example.org>\r\nIn-Reply-To: <meetup.1.invite.1.x@example.org>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n2 works for me!\r\n"
    )
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=T0)
    result = CliRunner().invoke(
        main, ["inbox"], env=_env(tmp_path, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"\n')
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "invite 1: yes -> passed Wed 25 Nov, 18:00-19:00\n1 answer acted on, 0 need you, 1 mail sent\n"
    )
    _check(tmp_path)


@pytest.mark.parametrize("how", [["--option", "2"], ["--at", "2026-11-25T18:00:00+01:00"]])
def test_a_yes_by_hand_to_a_past_option_gets_fresh_options(
    tmp_path: Path, seeded: Any, how: list[str]
) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=T0)
    result = CliRunner().invoke(main, ["reply", "friend1", "yes", *how], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == "invite 1: Wed 25 Nov, 18:00-19:00 has passed; fresh options sent instead\n"
    _check(tmp_path)
