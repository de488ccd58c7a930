"""Is the mail server there and does it take the login? Asked without sending anything.

SMTP: connect, TLS as configured, ``AUTH`` when a user name is set, ``NOOP``, ``QUIT``. IMAP:
connect, login, ``SELECT`` the mailbox read-only, logout. Each answers ``None`` when all is well,
else one line saying what failed and where; passwords never appear in it.
"""

from __future__ import annotations

import contextlib
import imaplib
import smtplib
import ssl

from meetup.mail.failures import failure_reason
from meetup.mail.sources import IMAPSource, imap_login
from meetup.mail.transports import SMTPTransport
from meetup.mail.transports import login as smtp_login


def smtp_problem(server: SMTPTransport) -> str | None:
    """Why mail could not be sent through ``server`` (or None when connect and login work)."""
    where = f"SMTP {server.host}:{server.port} ({server.security})"
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        return f"{where}: cannot connect: {failure_reason(exc)}"
    try:
        if server.security == "starttls":
            client.starttls(context=context)
        if server.username and server.password:
            smtp_login(client, server.username, server.password)  # UTF-8 AUTH PLAIN when not ASCII
        code, detail = client.noop()
        if code != 250:
            return f"{where}: the server answered NOOP with {code} {detail.decode(errors='replace')}"
    except smtplib.SMTPAuthenticationError as exc:
        return f"{where}: login refused for {server.username} ({exc.smtp_code})"
    except smtplib.SMTPNotSupportedError as exc:
        return f"{where}: {exc}"
    except (OSError, smtplib.SMTPException) as exc:
        return f"{where}: {failure_reason(exc)}"
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
    return None


def imap_problem(source: IMAPSource) -> str | None:
    """Why ``meetup inbox`` could not read the mailbox (or None when login and SELECT work)."""
    where = f"IMAP {source.username}@{source.host}:{source.port}/{source.mailbox}"
    try:
        client = source._connect()
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        return f"{where}: cannot connect: {failure_reason(exc)}"
    try:
        try:
            imap_login(client, source.username, source.password)  # AUTHENTICATE PLAIN when not ASCII
        except imaplib.IMAP4.error:
            return f"{where}: login refused (check the user name and password)"
        status, detail = client.select('"' + source.mailbox.replace('"', '\\"') + '"', readonly=True)
        if status != "OK":
            text = b" ".join(d for d in detail if isinstance(d, bytes)).decode(errors="replace")
            return f"{where}: cannot open the mailbox: {text}"
    except (OSError, imaplib.IMAP4.error) as exc:
        return f"{where}: {failure_reason(exc)}"
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return None
