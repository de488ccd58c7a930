"""The mail fixtures themselves: a real dovecot accepts APPEND and serves the message back."""

from __future__ import annotations

import smtplib

import pytest

pytestmark = pytest.mark.server


def test_dovecot_append_and_fetch(dovecot_server, imap_mailbox: str) -> None:  # type: ignore[no-untyped-def]
    raw = (
        b"From: friend@example.org\r\nMessage-ID: <x1@example.org>\r\nSubject: Re: drinks\r\n\r\n2 works\r\n"
    )
    dovecot_server.append(imap_mailbox, raw)
    client = dovecot_server.connect()
    try:
        client.select(imap_mailbox, readonly=True)
        status, data = client.search(None, "HEADER", "Message-ID", "<x1@example.org>")
        assert status == "OK" and data[0].split() == [b"1"]
        _, fetched = client.fetch(b"1", "(RFC822)")
        assert b"2 works" in fetched[0][1]
    finally:
        client.logout()


def test_smtp_recorder_receives(smtp_recorder) -> None:  # type: ignore[no-untyped-def]
    with smtplib.SMTP(smtp_recorder.host, smtp_recorder.port) as client:
        client.sendmail("me@example.org", ["you@example.org"], b"Message-ID: <m1@example.org>\r\n\r\nhi\r\n")
    assert smtp_recorder.message_ids() == ["<m1@example.org>"]
