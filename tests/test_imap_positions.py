"""``meetup inbox`` over a real dovecot remembers each folder's UIDVALIDITY and the highest UID
it processed: the next run fetches only new messages; a renumbered folder (new UIDVALIDITY) is
read again from the date window without acting on anything twice; an oversized message is
recorded from its headers without downloading its body."""

from __future__ import annotations

import imaplib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

pytestmark = pytest.mark.server

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=5)


def _reply(n: int, text: str, msgid: str, padding: int = 0) -> bytes:
    return (
        f"From: Friend{n} <friend{n}@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
        f"Message-ID: {msgid}\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n" + "x" * padding
    ).encode()


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every UID FETCH meetup sends to the server (what it downloads)."""
    seen: list[str] = []
    real = imaplib.IMAP4.uid

    def uid(self: imaplib.IMAP4, command: str, *args: str) -> Any:
        if command.upper() == "FETCH":
            seen.append(" ".join(args))
        return real(self, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", uid)
    return seen


def _env(tmp_path: Path, server: Any, mailbox: str, extra: str = "") -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\n[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nimap_host = "127.0.0.1"\nimap_port = {server.port}\nsecurity = "plain"\n'
        f'username = "{server.username}"\npassword_env = "TEST_IMAP_PASSWORD"\nmailbox = "{mailbox}"\n{extra}'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": NOW.isoformat(),
    }


def _bodies(fetches: list[str]) -> list[str]:
    return [f for f in fetches if "BODY.PEEK[]" in f]


def test_only_new_messages_are_fetched(
    tmp_path: Path, seeded: Any, dovecot_server: Any, imap_mailbox: str, fetches: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    seeded.seed(tmp_path / "data" / "meetup.db", 3, sent_at=T0)
    env = _env(tmp_path, dovecot_server, imap_mailbox)
    dovecot_server.append(imap_mailbox, _reply(9, "hello, unrelated", "<a@example.org>"))
    dovecot_server.append(imap_mailbox, _reply(1, "2 works!", "<b@example.org>"))
    first = CliRunner().invoke(main, ["inbox"], env=env)
    assert first.exit_code == 0, first.output
    assert first.output == (
        f"invite 1: yes -> confirmed {tmp_path / 'data' / 'outbox-ics' / 'meetup-1.ics'}\n"
        "1 answer acted on, 0 need you, 1 mail sent\n"
    )
    assert len(_bodies(fetches)) == 2
    fetches.clear()
    again = CliRunner().invoke(main, ["inbox"], env=env)
    assert again.exit_code == 0, again.output
    assert _bodies(fetches) == []  # nothing new: nothing downloaded
    dovecot_server.append(imap_mailbox, _reply(2, "Sorry, can't make it.", "<c@example.org>"))
    third = CliRunner().invoke(main, ["inbox"], env=env)
    assert third.exit_code == 0, third.output
    assert third.output == "invite 2: no -> thanked\n1 answer acted on, 0 need you, 1 mail sent\n"
    assert len(_bodies(fetches)) == 1
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    (last_uid,) = conn.execute("SELECT last_uid FROM imap_positions").fetchone()
    assert last_uid == 3
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2


def test_a_renumbered_folder_is_read_again_without_acting_twice(
    tmp_path: Path, seeded: Any, dovecot_server: Any, imap_mailbox: str, fetches: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    seeded.seed(tmp_path / "data" / "meetup.db", 2, sent_at=T0)
    env = _env(tmp_path, dovecot_server, imap_mailbox)
    dovecot_server.append(imap_mailbox, _reply(1, "2 works!", "<r1@example.org>"))
    assert CliRunner().invoke(main, ["inbox"], env=env).exit_code == 0
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    (validity,) = conn.execute("SELECT uidvalidity FROM imap_positions").fetchone()
    client = dovecot_server.connect()  # the folder is recreated: the server renumbers it
    try:
        client.delete(imap_mailbox)
        client.create(imap_mailbox)
    finally:
        client.logout()
    dovecot_server.append(imap_mailbox, _reply(1, "2 works!", "<r1@example.org>"))
    dovecot_server.append(imap_mailbox, _reply(2, "Sorry, can't make it.", "<r2@example.org>"))
    fetches.clear()
    result = CliRunner().invoke(main, ["inbox"], env=env)
    assert result.exit_code == 0, result.output
    assert len(_bodies(fetches)) == 2  # the whole window again
    assert result.output == "invite 2: no -> thanked\n1 answer acted on, 0 need you, 1 mail sent\n"
    new_validity, last_uid = conn.execute("SELECT uidvalidity, last_uid FROM imap_positions").fetchone()
    assert new_validity != validity and last_uid == 2
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2


def test_an_oversized_message_is_recorded_from_its_headers(
    tmp_path: Path, seeded: Any, dovecot_server: Any, imap_mailbox: str, fetches: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    seeded.seed(tmp_path / "data" / "meetup.db", 2, sent_at=T0)
    env = _env(tmp_path, dovecot_server, imap_mailbox)
    big = _reply(2, "2 works!", "<big@example.org>", padding=11 * 1024 * 1024)
    dovecot_server.append(imap_mailbox, big)
    dovecot_server.append(imap_mailbox, _reply(1, "2 works!", "<small@example.org>"))
    result = CliRunner().invoke(main, ["inbox"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"invite 1: yes -> confirmed {tmp_path / 'data' / 'outbox-ics' / 'meetup-1.ics'}\n"
        f"needs you: <big@example.org>: could not be read: {len(big):,} bytes, over the 10,485,760-byte limit\n"
        "1 answer acted on, 1 needs you, 1 mail sent\n"
    )
    assert [f for f in fetches if "BODY.PEEK[HEADER]" in f] and len(_bodies(fetches)) == 1
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    kind, invite, why = conn.execute(
        "SELECT kind, invite_id, why FROM inbox_messages WHERE message_id = '<big@example.org>'"
    ).fetchone()
    assert (kind, invite) == ("unreadable", 2)
    assert why == f"could not be read: {len(big):,} bytes, over the 10,485,760-byte limit"


def test_a_non_ascii_password_logs_in(tmp_path: Path, dovecot_server: Any, imap_mailbox: str) -> None:
    """imaplib cannot send a non-ASCII LOGIN argument: meetup uses AUTHENTICATE PLAIN (UTF-8)."""
    from meetup.mail.sources import IMAPSource

    passwd = dovecot_server.home.parent / "passwd"
    fields = passwd.read_text().splitlines()[0].split(":")
    password = "pässwörd-€"
    with passwd.open("a", encoding="utf-8") as handle:  # a second account, same mail store
        handle.write(f"friend-utf8:{{PLAIN}}{password}:{fields[2]}:{fields[3]}::{fields[5]}\n")
    import time

    time.sleep(1.5)  # dovecot re-reads a changed passwd-file when its mtime moves on (1 s granularity)
    dovecot_server.append(imap_mailbox, _reply(1, "2 works!", "<utf8@example.org>"))
    source = IMAPSource(
        "127.0.0.1", dovecot_server.port, "plain", "friend-utf8", password, mailbox=imap_mailbox
    )
    assert [item.uid for item in source.fetch()] == [1]
    wrong = IMAPSource(
        "127.0.0.1", dovecot_server.port, "plain", "friend-utf8", "pässwort", mailbox=imap_mailbox
    )
    from meetup.mail.sources import InboxError

    with pytest.raises(InboxError, match="login failed"):
        list(wrong.fetch())
