"""Building outgoing mail: a complete RFC 5322 message whose Message-ID is fixed before any send."""

from __future__ import annotations

import uuid
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr


def _clean(value: str) -> str:
    """CR/LF (and other whitespace runs) never reach a mail header raw."""
    return " ".join(value.split())


def _to(address: str, name: str | None) -> str:
    address, name = _clean(address), _clean(name or "")
    if name and "@" in address:
        return formataddr((name, address))
    return address or name


def build_mail(
    *,
    message_id: str,
    sender: str,
    sender_name: str,
    recipient: str,
    subject: str,
    body: str,
    thread: str | None,
    now: datetime,
    calendar: bytes | None = None,
    method: str = "REQUEST",
    html: str | None = None,
    recipient_name: str | None = None,
) -> bytes:
    """A complete RFC 5322 message; the Message-ID is fixed here, before any send. ``html`` is an
    alternative after the text part (which stays first and complete: the one-tap links). ``To:``
    carries the friend's name with the address ("Maria Garcia <maria@example.org>")."""
    message = EmailMessage()
    message["From"] = formataddr((_clean(sender_name), _clean(sender)))
    message["To"] = _to(recipient, recipient_name)
    message["Subject"] = _clean(subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    if thread:
        message["In-Reply-To"] = thread
        message["References"] = thread
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if calendar is not None:
        message.add_alternative(calendar, maintype="text", subtype="calendar", params={"method": method})
        message.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    # RFC 5322 line endings (CRLF): smtplib sends bytes as they are.
    return message.as_bytes(policy=policy.SMTP)


def make_message_id(invite_id: int, kind: str, attempt: int, domain: str) -> str:
    return f"<meetup.{invite_id}.{kind}.{attempt}.{uuid.uuid4().hex[:12]}@{domain}>"
