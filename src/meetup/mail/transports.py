"""Where a finished message goes: a local Maildir outbox, an SMTP server, or the terminal.

Each transport can also say whether a message already left, which is how a crashed send is
recovered without sending twice (see :mod:`meetup.mail.queue`).
"""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes
from pathlib import Path
from typing import Protocol

from meetup.safety import is_loopback


class Transport(Protocol):
    name: str

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None: ...

    def already_sent(self, message_id: str) -> bool | None:
        """True/False when the transport can tell whether this message left; None if it cannot."""
        ...


def _maildir_name(message_id: str) -> str:
    safe = "".join(c if c.isalnum() or c in "._-@" else "_" for c in message_id.strip("<>"))
    return safe + ":2,"


@dataclass
class OutboxTransport:
    """Complete messages in a Maildir; the file name comes from the Message-ID, so writing the
    same message twice leaves one file and a crashed send is detectable."""

    path: Path
    name: str = "outbox"

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        for sub in ("tmp", "new", "cur"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)
        message_id = str(message_from_bytes(raw)["Message-ID"]).strip()
        tmp = self.path / "tmp" / f"{uuid.uuid4().hex}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path / "new" / _maildir_name(message_id))

    def already_sent(self, message_id: str) -> bool | None:
        name = _maildir_name(message_id)
        return (self.path / "new" / name).exists() or (self.path / "cur" / name).exists()


@dataclass
class SMTPTransport:
    host: str
    port: int
    security: str = "starttls"  # ssl | starttls | plain
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    #: optional: answers "is this Message-ID in my Sent folder?" (an IMAP lookup)
    sent_lookup: Callable[[str], bool | None] | None = None
    name: str = "email"

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)  # no STARTTLS offered: SMTPNotSupportedError, never clear
            if self.username and self.password:
                if self.security == "plain" and not is_loopback(self.host):
                    raise smtplib.SMTPException(f"refusing to log in to {self.host} over a clear channel")
                login(client, self.username, self.password)
            client.sendmail(sender, recipients, raw)

    def already_sent(self, message_id: str) -> bool | None:
        return self.sent_lookup(message_id) if self.sent_lookup else None


def login(client: smtplib.SMTP, username: str, password: str) -> None:
    """``client.login``, except that a non-ASCII user name or password (which smtplib cannot
    encode) goes as AUTH PLAIN in UTF-8 (RFC 4616)."""
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    mechanisms = client.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in mechanisms:
        raise smtplib.SMTPAuthenticationError(
            504, b"the password is not ASCII and the server offers no AUTH PLAIN"
        )
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


@dataclass
class PrintTransport:
    echo: Callable[[str], None]
    name: str = "print"

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self.echo(raw.decode("utf-8", errors="replace"))

    def already_sent(self, message_id: str) -> bool | None:
        return None
