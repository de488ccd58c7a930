"""Hostile and broken mail ahead of a real answer, through ``meetup inbox`` over a Maildir and a
real dovecot: a multipart nested 1,000 deep, a 1 MB HTML-only mail, a 40,000-line plain reply, and
replies with no From, ``undisclosed-recipients:;`` or two From addresses. None stops the run, each
is recorded once (shown in ``meetup status`` when it needs the user), none is retried, and the
friend's real "2" behind them is read and confirmed."""

from __future__ import annotations

import mailbox
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # seeded invites: options Tue 24 and Wed 25, 17:00 UTC
NOW = T0 + timedelta(hours=5)


def _head(n: int, msgid: str, sender: str | None = "default", extra: str = "") -> str:
    lines = []
    if sender == "default":
        lines.append(f"From: Friend{n} <friend{n}@example.org>")
    elif sender is not None:
        lines.append(f"From: {sender}")
    lines += [
        "To: sam@example.org",
        "Subject: Re: Coffee?",
        f"Message-ID: {msgid}",
        f"In-Reply-To: <meetup.{n}.invite.1.x@example.org>",
        f"References: <meetup.{n}.invite.1.x@example.org>",
        "MIME-Version: 1.0",
    ]
    return "\r\n".join(lines) + "\r\n" + extra


def deep_multipart(n: int, depth: int = 1000) -> bytes:
    body = ""
    for level in range(depth):
        body += f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'
    body += "Content-Type: text/plain\r\n\r\n2\r\n"
    for level in reversed(range(depth)):
        body += f"--b{level}--\r\n"
    return (_head(n, "<deep@example.org>") + body).encode()


def huge_html(n: int, size: int = 1_000_000) -> bytes:
    chunk = '<div><blockquote><p style="x">hello <b>there</b> <a href="#">'  # never closed
    html = "<html><body>" + chunk * (size // len(chunk))
    return (
        _head(n, "<html@example.org>", extra="Content-Type: text/html; charset=utf-8\r\n\r\n") + html
    ).encode()


def huge_plain(n: int, lines: int = 40_000) -> bytes:
    text = "\r\n".join(f"> line {i} of an old thread, quoted again and again" for i in range(lines))
    head = _head(n, "<plain@example.org>", extra="Content-Type: text/plain; charset=utf-8\r\n\r\n")
    return (head + "I have to think about it.\r\n\r\n" + text + "\r\n").encode()


def plain_reply(n: int, text: str, msgid: str, sender: str | None = "default") -> bytes:
    head = _head(n, msgid, sender, extra="Content-Type: text/plain; charset=utf-8\r\n\r\n")
    return (head + text + "\r\n").encode()


POISON: list[tuple[str, Callable[[], bytes]]] = [
    ("<deep@example.org>", lambda: deep_multipart(1)),
    ("<html@example.org>", lambda: huge_html(1)),
    ("<plain@example.org>", lambda: huge_plain(1)),
    # sender checks: each answers an invite clearly, but not from exactly the friend's address
    ("<nofrom@example.org>", lambda: plain_reply(2, "2 works!", "<nofrom@example.org>", sender=None)),
    (
        "<undisclosed@example.org>",
        lambda: plain_reply(3, "2 works!", "<undisclosed@example.org>", sender="undisclosed-recipients:;"),
    ),
    (
        "<two@example.org>",
        lambda: plain_reply(
            4, "2 works!", "<two@example.org>", sender="friend4@example.org, mallory@example.net"
        ),
    ),
    (
        "<other@example.org>",
        lambda: plain_reply(5, "2 works!", "<other@example.org>", sender="Mallory <mallory@example.net>"),
    ),
]
REAL = ("<real@example.org>", lambda: plain_reply(1, "2 works for me, see you then!", "<real@example.org>"))


def _env(tmp_path: Path, inbox: str) -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n' + inbox
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": NOW.isoformat(),
    }


def _run(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(main, list(args), env=env)


def _check_inbox_runs(env: dict[str, str], db: Path) -> None:
    first = _run(env, "inbox")
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    # every poison mail waits for the user, each with its reason; the real yes is acted on
    # (the order is the mailbox's; the lines are compared as a set)
    assert sorted(first.output.splitlines()) == sorted([
        f"invite 1: yes -> confirmed {db.parent / 'outbox-ics' / 'meetup-1.ics'}",
        "needs you: <deep@example.org>: could not be read: 1000 multipart boundaries, over the limit of 200",
        "needs you: <html@example.org>: the reply has no text of its own (only quoted text)",
        "needs you: <plain@example.org>: could not tell what the reply means",
        "needs you: <nofrom@example.org>: answers invite 2 but has no From address",
        "needs you: <undisclosed@example.org>: answers invite 3 but has no From address",
        "needs you: <two@example.org>: answers invite 4 but its From names 2 addresses (friend4@example.org, mallory@example.net)",
        "needs you: <other@example.org>: answers invite 5 but comes from mallory@example.net, not friend5@example.org",
        "1 answer acted on, 7 need you, 1 mail sent",
    ])  # fmt: skip
    conn = sqlite3.connect(db)
    seen = dict(conn.execute("SELECT message_id, kind FROM inbox_messages"))
    assert set(seen) == {msgid for msgid, _ in POISON} | {REAL[0]}
    assert seen["<deep@example.org>"] == "unreadable"
    # every sender problem waits for the user; the invites stay open
    for n, msgid, expected in [
        (2, "<nofrom@example.org>", "answers invite 2 but has no From address"),
        (3, "<undisclosed@example.org>", "answers invite 3 but has no From address"),
        (4, "<two@example.org>", "answers invite 4 but its From names 2 addresses (friend4@example.org, mallory@example.net)"),
        (5, "<other@example.org>", "answers invite 5 but comes from mallory@example.net, not friend5@example.org"),
    ]:  # fmt: skip
        needs, why = conn.execute(
            "SELECT needs_user, why FROM inbox_messages WHERE message_id = ?", (msgid,)
        ).fetchone()
        assert (needs, why) == (1, expected), msgid
        assert conn.execute("SELECT state FROM invites WHERE id = ?", (n,)).fetchone()[0] == "open"
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "accepted"
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
    status = _run(env, "status")
    assert status.exit_code == 0, status.output
    assert (
        "  invite 1 from friend1@example.org: could not be read: 1000 multipart boundaries, over the limit of 200 "
        '[<deep@example.org>]: ""'
    ) in status.output.splitlines()
    # the next run reads nothing again: no retry, no second answer
    again = _run(env, "inbox")
    assert again.exit_code == 0, again.output
    assert again.output == "0 answers acted on, 0 need you, 0 mails sent\n"
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1


def test_poison_mail_in_a_maildir_never_blocks_the_real_answer(tmp_path: Path, seeded: Any) -> None:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    for _, make in [*POISON, REAL]:  # the real answer is the last one read
        box.add(make())
    seeded.seed(tmp_path / "data" / "meetup.db", 5, sent_at=T0)
    env = _env(tmp_path, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"\n')
    _check_inbox_runs(env, tmp_path / "data" / "meetup.db")


@pytest.mark.server
def test_poison_mail_over_imap_never_blocks_the_real_answer(
    tmp_path: Path, seeded: Any, dovecot_server: Any, imap_mailbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    for _, make in [*POISON, REAL]:
        dovecot_server.append(imap_mailbox, make())
    seeded.seed(tmp_path / "data" / "meetup.db", 5, sent_at=T0)
    env = _env(
        tmp_path,
        f'[inbox]\nimap_host = "127.0.0.1"\nimap_port = {dovecot_server.port}\nsecurity = "plain"\n'
        f'username = "{dovecot_server.username}"\npassword_env = "TEST_IMAP_PASSWORD"\nmailbox = "{imap_mailbox}"\n',
    )
    _check_inbox_runs(env, tmp_path / "data" / "meetup.db")


def test_a_mail_over_the_size_limit_is_recorded_from_its_headers(tmp_path: Path, seeded: Any) -> None:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    huge = huge_plain(2, lines=300_000)  # ~17 MB, over the default 10 MB
    box.add(huge)
    box.add(REAL[1]())
    seeded.seed(tmp_path / "data" / "meetup.db", 2, sent_at=T0)
    env = _env(tmp_path, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"\n')
    result = _run(env, "inbox")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"invite 1: yes -> confirmed {tmp_path / 'data' / 'outbox-ics' / 'meetup-1.ics'}\n"
        f"needs you: <plain@example.org>: could not be read: {len(huge):,} bytes, over the 10,485,760-byte limit\n"
        "1 answer acted on, 1 needs you, 1 mail sent\n"
    )
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    kind, invite, why = conn.execute(
        "SELECT kind, invite_id, why FROM inbox_messages WHERE message_id = '<plain@example.org>'"
    ).fetchone()
    assert (kind, invite) == ("unreadable", 2)
    assert why == f"could not be read: {len(huge):,} bytes, over the 10,485,760-byte limit"
