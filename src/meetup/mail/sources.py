"""Reading incoming mail for ``meetup inbox``: from an IMAP mailbox or a local Maildir.

Parsing (``parse_incoming``) and matching (``match_invite``) are pure; the sources do the I/O and
are small objects so tests can point them at a real dovecot or a temporary Maildir. IMAP messages
are fetched with ``BODY.PEEK[]`` so reading them does not mark them as seen in the user's client.
"""

from __future__ import annotations

import contextlib
import imaplib
import mailbox
import re
import ssl
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage, MIMEPart
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any, Protocol

from meetup.errors import ConfigError, MeetupError
from meetup.secrets import password_for

_MSGID = re.compile(r"<[^<>\s]+>")
_TAG = re.compile(r"<[^>]+>")


class InboxError(MeetupError):
    """The mailbox could not be read (connection, login, missing folder)."""


@dataclass(frozen=True)
class IncomingMail:
    message_id: str
    sender: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    text: str
    calendar: bytes | None


def _html_to_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", html)
    html = re.sub(r"(?is)<blockquote.*?</blockquote>", "\n", html)
    import html as html_lib

    return html_lib.unescape(_TAG.sub("", html))


def _content(part: MIMEPart) -> str:
    """A text part's content; an unknown or lying charset is decoded leniently, never fatal."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, ValueError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def parse_incoming(raw: bytes) -> IncomingMail:
    """The parts of a message that matter for matching and reading it."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    message_id = str(message.get("Message-ID", "")).strip()
    if not message_id:
        # A message without Message-ID still needs a stable key so it is processed once.
        import hashlib

        message_id = "<sha256." + hashlib.sha256(raw).hexdigest()[:32] + "@meetup.invalid>"
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    text = ""
    body = message.get_body(preferencelist=("plain",))
    if body is not None:
        text = _content(body)
    else:
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            text = _html_to_text(_content(html))
    calendar: bytes | None = None
    for part in message.walk():
        if part.get_content_type() == "text/calendar" or part.get_filename("").lower().endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                calendar = payload
                break
    return IncomingMail(
        message_id=message_id,
        sender=sender,
        in_reply_to=tuple(_MSGID.findall(str(message.get("In-Reply-To", "")))),
        references=tuple(_MSGID.findall(str(message.get("References", "")))),
        subject=str(message.get("Subject", "")),
        text=text,
        calendar=calendar,
    )


@dataclass(frozen=True)
class Match:
    invite_id: int | None
    #: why the message needs the user even though it was matched (e.g. a different sender)
    problem: str | None = None


def match_invite(
    mail: IncomingMail,
    *,
    sent: Mapping[str, int],
    open_by_sender: Mapping[str, list[int]],
    friend_email: Mapping[int, str | None],
) -> Match:
    """Which invite a message answers. ``sent`` maps the Message-IDs meetup sent to their invite,
    ``open_by_sender`` an address to the open invites of that friend, ``friend_email`` an invite
    to its friend's address. Threading headers win; the sender alone only decides when that
    friend has exactly one open invite."""
    for reference in (*mail.in_reply_to, *reversed(mail.references)):
        invite = sent.get(reference)
        if invite is not None:
            expected = (friend_email.get(invite) or "").lower()
            if expected and mail.sender and mail.sender != expected:
                return Match(invite, f"answers invite {invite} but comes from {mail.sender}, not {expected}")
            return Match(invite)
    candidates = open_by_sender.get(mail.sender, [])
    if len(candidates) == 1:
        return Match(candidates[0])
    if len(candidates) > 1:
        return Match(None, f"{mail.sender} has {len(candidates)} open invites and the reply names none")
    return Match(None)


# --------------------------------------------------------------------------- sources


class MailSource(Protocol):
    def messages(self) -> Iterator[bytes]: ...


@dataclass
class MaildirSource:
    path: Path

    def messages(self) -> Iterator[bytes]:
        if not self.path.is_dir():
            raise InboxError(f"maildir {self.path} does not exist")
        box = mailbox.Maildir(self.path, create=False)
        for key in sorted(box.keys()):
            with box.get_file(key) as handle:
                yield handle.read()


@dataclass
class IMAPSource:
    host: str
    port: int
    security: str  # ssl | starttls | plain (plain only on loopback)
    username: str
    password: str
    mailbox: str = "INBOX"
    since: datetime | None = None
    timeout: float = 30.0
    #: extra CA certificate to trust (a self-hosted server's own certificate)
    ca_file: str | None = None

    def _connect(self) -> imaplib.IMAP4:
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.security == "ssl":
            return imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
        client = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(ssl_context=context)
        return client

    def messages(self) -> Iterator[bytes]:
        where = f"imap {self.username}@{self.host}:{self.port}/{self.mailbox}"
        try:
            client = self._connect()
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise InboxError(f"{where}: cannot connect: {exc}") from None
        try:
            try:
                client.login(self.username, self.password)
            except imaplib.IMAP4.error:
                raise InboxError(f"{where}: login failed (check the user name and password)") from None
            status, detail = client.select(_quote(self.mailbox), readonly=True)
            if status != "OK":
                raise InboxError(f"{where}: cannot open the mailbox: {_text(detail)}")
            criteria: list[str] = ["ALL"]
            if self.since is not None:
                criteria = ["SINCE", self.since.strftime("%d-%b-%Y")]
            status, data = client.uid("SEARCH", *criteria)
            if status != "OK":
                raise InboxError(f"{where}: search failed: {_text(data)}")
            for uid in (data[0] or b"").split():
                status, parts = client.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
                for part in parts or []:
                    if isinstance(part, tuple) and len(part) == 2:
                        yield bytes(part[1])
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise InboxError(f"{where}: connection lost: {exc}") from None
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(detail: Any) -> str:
    items = detail if isinstance(detail, list) else [detail]
    return " ".join(x.decode(errors="replace") if isinstance(x, bytes) else str(x) for x in items)


_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def source_from_config(section: Mapping[str, Any], *, base_dir: Path, now: datetime) -> MailSource:
    """Build the configured source from ``[inbox]``: ``maildir = PATH`` or the IMAP keys."""
    if section.get("maildir"):
        path = Path(str(section["maildir"])).expanduser()
        return MaildirSource(path if path.is_absolute() else base_dir / path)
    host = section.get("imap_host")
    if not host:
        raise ConfigError("[inbox] needs either maildir = PATH or imap_host (and username)")
    security = str(section.get("security", "ssl")).lower()
    if security not in {"ssl", "starttls", "plain"}:
        raise ConfigError(f"[inbox] security must be ssl, starttls or plain, not {security!r}")
    if security == "plain" and str(host) not in _LOOPBACK:
        raise ConfigError(f"[inbox] security = plain is only allowed on loopback, not {host}")
    username = section.get("username")
    if not username:
        raise ConfigError("[inbox] needs username")
    port = int(section.get("imap_port", 993 if security == "ssl" else 143))
    return IMAPSource(
        host=str(host),
        port=port,
        security=security,
        username=str(username),
        password=inbox_password(section, str(username)),
        mailbox=str(section.get("mailbox", "INBOX")),
        since=now - timedelta(days=int(section.get("days", 60))),
        ca_file=str(Path(str(section["ca_file"])).expanduser()) if section.get("ca_file") else None,
    )


def inbox_password(section: Mapping[str, Any], username: str) -> str:
    """From the env var named by ``password_env`` (default MEETUP_IMAP_PASSWORD), else the OS
    keyring (service ``meetup-imap``, the user name). Never from the config file itself."""
    return password_for(
        section,
        section_name="inbox",
        default_env="MEETUP_IMAP_PASSWORD",
        service="meetup-imap",
        username=username,
    )


def addresses(value: str) -> list[str]:
    return [address.lower() for _, address in getaddresses([value]) if address]


def sent_folder_lookup(source: IMAPSource, folder: str) -> Callable[[str], bool | None]:
    """ "Is this Message-ID in my Sent folder?" for SMTP servers that file what they relay
    there (Gmail, Fastmail, ...). ``None`` when the folder cannot be read: the caller then
    cannot tell and resends with the same Message-ID."""

    def lookup(message_id: str) -> bool | None:
        try:
            client = source._connect()
        except OSError:
            return None
        try:
            client.login(source.username, source.password)
            status, _ = client.select(_quote(folder), readonly=True)
            if status != "OK":
                return None
            status, data = client.search(None, "HEADER", "Message-ID", _quote(message_id))
            if status != "OK":
                return None
            return bool((data[0] or b"").split())
        except (OSError, imaplib.IMAP4.error):
            return None
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()

    return lookup
