"""Why talking to a mail server failed, in words a person reads: the server's own code and text,
never a Python class name or a byte string. Kept with a failed message and shown by the CLI
("invite 1 to Sam is recorded but not sent (the server refused the login: 535 ...)")."""

from __future__ import annotations

import smtplib
import socket
import ssl


def failure_reason(exc: BaseException) -> str:
    """One short phrase for ``exc`` (an ``OSError`` or ``smtplib.SMTPException``)."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"the server refused the login: {_answer(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{who} ({_answer(*answer)})" for who, answer in exc.recipients.items())
        return f"the server refused the recipient {refused}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the server answered {_answer(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(exc):
        return "the server does not offer STARTTLS, and meetup does not send without TLS"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}".strip()
