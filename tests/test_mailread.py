"""Incoming mail: parsing, matching to invites, and reading a real dovecot mailbox / a Maildir."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetup.errors import ConfigError
from meetup.mail.sources import (
    IMAPSource,
    InboxError,
    MaildirSource,
    match_invite,
    parse_incoming,
    source_from_config,
)

REPLY = (
    b"From: Alex Smith <Alex@Example.com>\r\nTo: sam@example.org\r\nSubject: Re: Drinks?\r\n"
    b"Message-ID: <reply-1@mail.example.com>\r\nIn-Reply-To: <meetup.7.invite.1.abc@example.org>\r\n"
    b"References: <meetup.7.invite.1.abc@example.org>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nSaturday works!\r\n\r\n"
    b"On Mon, Nov 23, 2026 at 6:02 PM Sam <sam@example.org> wrote:\r\n> 1. Thu\r\n"
)

IMIP = (
    b"From: alex@example.com\r\nSubject: Accepted: Drinks\r\nMessage-ID: <acc-1@mail.example.com>\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Alex has <b>accepted</b></p>\r\n--b1\r\n"
    b"Content-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n"
    b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n--b1--\r\n"
)


def test_parse_plain_reply() -> None:
    mail = parse_incoming(REPLY)
    assert mail.message_id == "<reply-1@mail.example.com>"
    assert mail.sender == "alex@example.com"
    assert mail.in_reply_to == ("<meetup.7.invite.1.abc@example.org>",)
    assert mail.text == (  # the whole plain part: the quote is the reader's to strip, not the parser's
        "Saturday works!\r\n\r\nOn Mon, Nov 23, 2026 at 6:02 PM Sam <sam@example.org> wrote:\r\n> 1. Thu\r\n"
    )
    assert mail.calendar is None


def test_parse_imip_with_html_only() -> None:
    mail = parse_incoming(IMIP)
    assert mail.text == "Alex has accepted"  # the HTML part as text, tags gone
    assert mail.calendar is not None and b"METHOD:REPLY" in mail.calendar


def test_message_without_id_gets_a_stable_key() -> None:
    raw = b"From: a@b.c\r\nSubject: hi\r\n\r\nyes\r\n"
    assert parse_incoming(raw).message_id == parse_incoming(raw).message_id
    assert parse_incoming(raw).message_id != parse_incoming(raw + b"!").message_id


def test_match_by_threading_headers_and_sender() -> None:
    mail = parse_incoming(REPLY)
    sent = {"<meetup.7.invite.1.abc@example.org>": 7}
    assert (
        match_invite(mail, sent=sent, open_by_sender={}, friend_email={7: "alex@example.com"}).invite_id == 7
    )
    other = match_invite(mail, sent=sent, open_by_sender={}, friend_email={7: "jo@example.com"})
    assert other.invite_id == 7
    assert other.problem == "answers invite 7 but comes from alex@example.com, not jo@example.com"


@pytest.mark.parametrize(
    ("sender", "senders"),
    [
        ("Sam Lee <sam@example.net>", ("sam@example.net",)),
        ("Sam Lee [Work] <sam@example.net>", ("sam@example.net",)),  # a bracket in the name
        ("=?utf-8?q?Sam_L=C3=A9e?= <Sam@Example.net>", ("sam@example.net",)),
        ("Mallory\x1b[5m <mallory@example.net>", ("mallory@example.net",)),  # an escape in the name
        (
            "sam@example.net <mallory@example.net>",
            ("sam@example.net", "mallory@example.net"),
        ),  # two: the user's
        ('"sam@example.net" <mallory@example.net>', ("mallory@example.net",)),  # a name, not an address
        ("undisclosed-recipients:;", ()),
    ],
)
def test_the_sender_is_every_address_the_from_header_names(sender: str, senders: tuple[str, ...]) -> None:
    raw = f"From: {sender}\r\nMessage-ID: <s@example.org>\r\n\r\n2 works\r\n".encode()
    assert parse_incoming(raw).senders == senders


def test_match_by_sender_only_when_unique() -> None:
    mail = parse_incoming(IMIP)
    assert (
        match_invite(mail, sent={}, open_by_sender={"alex@example.com": [3]}, friend_email={}).invite_id == 3
    )
    several = match_invite(mail, sent={}, open_by_sender={"alex@example.com": [3, 4]}, friend_email={})
    assert several.invite_id is None and several.problem
    assert match_invite(mail, sent={}, open_by_sender={}, friend_email={}).invite_id is None


def test_maildir_source(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    box.add(REPLY)
    box.add(IMIP)
    ids = sorted(parse_incoming(raw).message_id for raw in MaildirSource(tmp_path / "Mail").messages())
    assert ids == ["<acc-1@mail.example.com>", "<reply-1@mail.example.com>"]
    with pytest.raises(InboxError, match="does not exist"):
        list(MaildirSource(tmp_path / "nope").messages())


def test_maildir_is_read_in_the_order_the_mail_arrived(tmp_path: Path) -> None:
    """Delivery agents name a file ``<seconds>.M<microseconds>P<pid>...`` without padding: within
    one second M99 came before M100, though it sorts after it as text."""
    mailbox.Maildir(tmp_path / "Mail", create=True)
    for name, n in [
        ("1764000001.M5P10.host", 4),
        ("1764000000.M100P10.host", 3),
        ("1764000000.M99P10.host", 2),
        ("1764000000.M7P10.host", 1),
    ]:
        raw = f"From: a@example.org\r\nMessage-ID: <m{n}@example.org>\r\n\r\n{n}\r\n".encode()
        (tmp_path / "Mail" / "new" / name).write_bytes(raw)
    read = [parse_incoming(raw).message_id for raw in MaildirSource(tmp_path / "Mail").messages()]
    assert read == ["<m1@example.org>", "<m2@example.org>", "<m3@example.org>", "<m4@example.org>"]


@pytest.mark.server
def test_imap_source_reads_appended_messages(dovecot_server, imap_mailbox: str) -> None:  # type: ignore[no-untyped-def]
    dovecot_server.append(imap_mailbox, REPLY)
    dovecot_server.append(imap_mailbox, IMIP)
    source = IMAPSource(
        "127.0.0.1",
        dovecot_server.port,
        "plain",
        dovecot_server.username,
        dovecot_server.password,
        imap_mailbox,
    )
    ids = sorted(parse_incoming(raw).message_id for raw in source.messages())
    assert ids == ["<acc-1@mail.example.com>", "<reply-1@mail.example.com>"]
    # read-only PEEK: a second read sees the same messages, and the user's client still shows
    # both as unread (no \Seen flag set by meetup)
    assert len(list(source.messages())) == 2
    flags = dovecot_server.flags(imap_mailbox)
    assert len(flags) == 2 and not any("\\Seen" in f for f in flags), flags


@pytest.mark.server
def test_imap_bad_password_is_one_clear_error(dovecot_server) -> None:  # type: ignore[no-untyped-def]
    source = IMAPSource("127.0.0.1", dovecot_server.port, "plain", dovecot_server.username, "wrong", "INBOX")
    with pytest.raises(InboxError, match="login failed"):
        list(source.messages())


def test_config_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    with pytest.raises(ConfigError, match="only allowed to a loopback host"):
        source_from_config(
            {"imap_host": "mail.example.com", "security": "plain", "username": "u"},
            base_dir=tmp_path,
            now=now,
        )
    with pytest.raises(ConfigError, match="must not be in the config"):
        source_from_config({"imap_host": "h", "username": "u", "password": "x"}, base_dir=tmp_path, now=now)
    monkeypatch.setenv("MY_PW", "pw")
    source = source_from_config(
        {"imap_host": "h", "username": "u", "password_env": "MY_PW"}, base_dir=tmp_path, now=now
    )
    assert isinstance(source, IMAPSource) and source.password == "pw" and source.port == 993
    assert isinstance(source_from_config({"maildir": "m"}, base_dir=tmp_path, now=now), MaildirSource)


@pytest.mark.server
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_imap_over_tls(dovecot_server, imap_mailbox: str, security: str) -> None:  # type: ignore[no-untyped-def]
    if not dovecot_server.ssl_port:
        pytest.skip("openssl is not installed: no certificate for dovecot's TLS")
    dovecot_server.append(imap_mailbox, REPLY)
    port = dovecot_server.ssl_port if security == "ssl" else dovecot_server.port
    source = IMAPSource(
        "127.0.0.1", port, security, dovecot_server.username, dovecot_server.password, imap_mailbox,
        ca_file=str(dovecot_server.ca_file),
    )  # fmt: skip
    assert [parse_incoming(raw).message_id for raw in source.messages()] == ["<reply-1@mail.example.com>"]


@pytest.mark.server
def test_imap_tls_with_an_untrusted_certificate_is_refused(dovecot_server) -> None:  # type: ignore[no-untyped-def]
    if not dovecot_server.ssl_port:
        pytest.skip("openssl is not installed: no certificate for dovecot's TLS")
    source = IMAPSource("127.0.0.1", dovecot_server.ssl_port, "ssl", dovecot_server.username, "x", "INBOX")
    with pytest.raises(InboxError, match="cannot connect"):
        list(source.messages())


def test_unknown_charset_is_read_leniently() -> None:
    raw = (
        b"From: a@example.org\r\nMessage-ID: <cs@example.org>\r\nContent-Type: text/plain; charset=x-klingon\r\n"
        b"\r\nSaturday works \xff\r\n"
    )
    assert (
        parse_incoming(raw).text == "Saturday works \ufffd\r\n"
    )  # the unknown byte replaced, the words kept
