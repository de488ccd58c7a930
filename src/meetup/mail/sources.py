"""Reading incoming mail for ``meetup inbox``: from an IMAP mailbox or a local Maildir.

Parsing (``parse_incoming``) and matching (``match_invite``) are pure; the sources do the I/O and
are small objects so tests can point them at a real dovecot or a temporary Maildir. IMAP messages
are fetched with ``BODY.PEEK[]`` so reading them does not mark them as seen in the user's client.
"""

from __future__ import annotations

import contextlib
import imaplib
import mailbox
import os
import re
import ssl
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage, Message, MIMEPart
from email.utils import getaddresses
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from meetup.answers.reference import match_reference
from meetup.errors import ConfigError, MeetupError
from meetup.mail.limits import (
    DEFAULT_LIMITS,
    MailLimits,
    Unreadable,
    check_size,
    check_structure,
    cut_text,
    headers_of,
    html_to_text,
    time_budget,
)
from meetup.safety import channel_security
from meetup.secrets import password_for
from meetup.text import one_line

_MSGID = re.compile(r"<[^<>\s]+>")


class InboxError(MeetupError):
    """The mailbox could not be read (connection, login, missing folder)."""


@dataclass(frozen=True)
class IncomingMail:
    message_id: str
    #: the one From address, lower-case; "" when the message has none or several
    sender: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    text: str
    calendar: bytes | None
    #: every address in every From header (sender checks need exactly one)
    senders: tuple[str, ...] = ()
    #: why the message could not be read within the limits (it is then recorded, never retried)
    unreadable: str | None = None
    #: every header as (name, value), for recognising automatic replies
    headers: tuple[tuple[str, str], ...] = ()


def _content(part: MIMEPart) -> str:
    """A text part's content; an unknown or lying charset is decoded leniently, never fatal."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, ValueError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _message_id(message: Message, raw: bytes) -> str:
    message_id = one_line(str(message.get("Message-ID", "") or ""))[:998]
    if not message_id:
        # A message without Message-ID still needs a stable key so it is processed once.
        import hashlib

        message_id = "<sha256." + hashlib.sha256(raw).hexdigest()[:32] + "@meetup.invalid>"
    return message_id


def from_addresses(message: Message) -> tuple[str, ...]:
    """Every address named in every From header; a group such as ``undisclosed-recipients:;``
    names none. Read from the header as written: the structured parser gives up at a bracket or a
    control character in the display name ("Sam Lee [Work] <sam@...>" named nobody) and keeps the
    wrong address when a bare address stands before the real one ("ana@... <mallory@...>")."""
    values = [" ".join(value.split()) for name, value in message.raw_items() if name.lower() == "from"]
    try:
        found = getaddresses(values)
    except (IndexError, ValueError):  # a From the address parser cannot take apart names nobody
        return ()
    return tuple(address.lower() for _, address in found if address and "@" in address)


def _envelope(
    message: Message, raw: bytes, text: str, calendar: bytes | None, unreadable: str | None
) -> IncomingMail:
    senders = from_addresses(message)
    return IncomingMail(
        message_id=_message_id(message, raw),
        sender=senders[0] if len(senders) == 1 else "",
        in_reply_to=tuple(_MSGID.findall(str(message.get("In-Reply-To", "") or ""))),
        references=tuple(_MSGID.findall(str(message.get("References", "") or ""))),
        subject=one_line(str(message.get("Subject", "") or ""))[:300],
        text=text,
        calendar=calendar,
        senders=senders,
        unreadable=unreadable,
        headers=tuple((str(k), _header_text(v)) for k, v in message.items()),
    )


def _header_text(value: object) -> str:
    """A header as text; one the email package cannot render is dropped, never fatal."""
    try:
        return str(value)
    except (ValueError, LookupError):  # pragma: no cover - the email package already recovers
        return ""


def parse_incoming(
    raw: bytes, limits: MailLimits = DEFAULT_LIMITS, *, size: int | None = None
) -> IncomingMail:
    """The parts of a message that matter for matching and reading it, within ``limits``: a
    message over one is returned with ``unreadable`` set (its headers still say who and which
    thread), so the inbox records it once and goes on. ``size`` is the message's full size when
    the source handed over only its headers."""
    try:
        with time_budget(limits.seconds, "parsing the message"):
            check_size(raw, limits, size)
            message = message_from_bytes(raw, policy=policy.default)
            assert isinstance(message, EmailMessage)
            check_structure(message, limits)
            text = ""
            body = message.get_body(preferencelist=("plain",))
            if body is not None:
                text = _content(body)
            else:
                html = message.get_body(preferencelist=("html",))
                if html is not None:
                    text = html_to_text(_content(html), limits)
            text, _ = cut_text(text, limits)
            calendar: bytes | None = None
            for part in message.walk():
                if part.get_content_type() == "text/calendar" or (
                    part.get_filename("") or ""
                ).lower().endswith(".ics"):
                    payload = part.get_payload(decode=True)
                    if isinstance(payload, bytes):
                        calendar = payload[: limits.max_text_chars * 4]
                        break
            return _envelope(message, raw, text, calendar, None)
    except Unreadable as exc:
        return _envelope(headers_of(raw), raw, "", None, str(exc))
    except (
        RecursionError,
        MemoryError,
        LookupError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
    ) as exc:
        # the standard library's mail parser fails on some hostile structures in these ways
        return _envelope(headers_of(raw), raw, "", None, f"the mail parser failed ({type(exc).__name__})")


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
            problem = sender_problem(mail, (friend_email.get(invite) or "").lower())
            return Match(invite, f"answers invite {invite} but {problem}" if problem else None)
    if len(mail.senders) != 1:
        return Match(None)
    # A one-tap reply (a mailto: link) has no threading headers: its body names the invite.
    referenced, problem = match_reference(mail.text, mail.sender, friend_email)
    if referenced is not None or problem is not None:
        return Match(referenced, problem)
    candidates = open_by_sender.get(mail.sender, [])
    if len(candidates) == 1:
        return Match(candidates[0])
    if len(candidates) > 1:
        return Match(None, f"{mail.sender} has {len(candidates)} open invites and the reply names none")
    return Match(None)


def sender_problem(mail: IncomingMail, expected: str) -> str | None:
    """Only a message from exactly one address, the friend's own, is taken as their answer."""
    if not mail.senders:
        return "has no From address"
    if len(mail.senders) > 1:
        return f"its From names {len(mail.senders)} addresses ({', '.join(mail.senders)})"
    if not expected:
        return f"comes from {mail.sender} and the friend has no address on record"
    if mail.sender != expected:
        return f"comes from {mail.sender}, not {expected}"
    return None


# --------------------------------------------------------------------------- sources


class Fetched(NamedTuple):
    """One message as a source hands it over."""

    raw: bytes
    #: its size on the server or disk (``raw`` holds only the headers when that is over the limit)
    size: int
    #: the IMAP UID (None for a Maildir); the inbox remembers the highest one it processed
    uid: int | None = None


class MailSource(Protocol):
    def fetch(self) -> Iterator[Fetched]: ...

    def messages(self) -> Iterator[bytes]: ...


#: how much of an oversized message is read: enough for its headers
_HEAD_BYTES = 64 * 1024


def _arrival(key: str) -> tuple[int, int, str]:
    """A maildir name's delivery time, ``<seconds>.M<microseconds>P<pid>...``: the microseconds are
    not zero-padded, so the names alone do not sort in the order the mail arrived."""
    seconds, _, rest = key.partition(".")
    micros = re.match(r"M(\d+)", rest)
    return (int(seconds) if seconds.isdigit() else 0, int(micros.group(1)) if micros else 0, key)


@dataclass
class MaildirSource:
    path: Path
    max_bytes: int = DEFAULT_LIMITS.max_bytes

    def fetch(self) -> Iterator[Fetched]:
        if not self.path.is_dir():
            raise InboxError(f"maildir {self.path} does not exist")
        box = mailbox.Maildir(self.path, create=False)
        for key in sorted(box.keys(), key=_arrival):
            with box.get_file(key) as handle:
                size = os.fstat(handle.fileno()).st_size if hasattr(handle, "fileno") else 0
                raw = handle.read(_HEAD_BYTES if size > self.max_bytes else -1)
                yield Fetched(raw, max(size, len(raw)))

    def messages(self) -> Iterator[bytes]:
        return (item.raw for item in self.fetch())


@dataclass(frozen=True)
class Position:
    """How far an IMAP folder has been read: its UIDVALIDITY and the highest UID processed."""

    uidvalidity: int
    last_uid: int


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
    #: where the last run stopped; only UIDs above it are fetched while UIDVALIDITY holds
    position: Position | None = None
    #: the folder's UIDVALIDITY as this run found it
    uidvalidity: int | None = None
    max_bytes: int = DEFAULT_LIMITS.max_bytes

    @property
    def key(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.mailbox}"

    def _connect(self) -> imaplib.IMAP4:
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.security == "ssl":
            return imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
        client = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(ssl_context=context)
        return client

    def messages(self) -> Iterator[bytes]:
        return (item.raw for item in self.fetch())

    def fetch(self) -> Iterator[Fetched]:
        where = f"imap {self.key}"
        try:
            client = self._connect()
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise InboxError(f"{where}: cannot connect: {exc}") from None
        try:
            try:
                imap_login(client, self.username, self.password)
            except imaplib.IMAP4.error:
                raise InboxError(f"{where}: login failed (check the user name and password)") from None
            status, detail = client.select(_quote(self.mailbox), readonly=True)
            if status != "OK":
                raise InboxError(f"{where}: cannot open the mailbox: {_text(detail)}")
            self.uidvalidity = _uidvalidity(client)
            uids = self._new_uids(client, where)
            sizes = _sizes(client, uids)
            for uid in uids:
                size = sizes.get(uid, 0)
                item = "BODY.PEEK[HEADER]" if size > self.max_bytes else "BODY.PEEK[]"
                status, parts = client.uid("FETCH", str(uid), f"({item})")
                for part in parts or []:
                    if isinstance(part, tuple) and len(part) == 2:
                        yield Fetched(bytes(part[1]), max(size, len(part[1])), uid)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise InboxError(f"{where}: connection lost: {exc}") from None
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()

    def _new_uids(self, client: imaplib.IMAP4, where: str) -> list[int]:
        """UIDs above the remembered one while UIDVALIDITY is unchanged; else everything since
        ``since`` (the first run, or the server renumbered the folder)."""
        resume = self.position is not None and self.position.uidvalidity == self.uidvalidity
        if resume:
            assert self.position is not None
            criteria = ["UID", f"{self.position.last_uid + 1}:*"]
        elif self.since is not None:
            criteria = ["SINCE", self.since.strftime("%d-%b-%Y")]
        else:
            criteria = ["ALL"]
        status, data = client.uid("SEARCH", *criteria)
        if status != "OK":
            raise InboxError(f"{where}: search failed: {_text(data)}")
        found = sorted(int(uid) for uid in (data[0] or b"").split() if uid.isdigit())
        floor = self.position.last_uid if resume and self.position else 0
        return [uid for uid in found if uid > floor]  # "N:*" also answers the last UID below N


def _uidvalidity(client: imaplib.IMAP4) -> int | None:
    _, data = client.response("UIDVALIDITY")
    for value in data or []:
        if isinstance(value, bytes) and value.strip().isdigit():
            return int(value)
    return None


_SIZE = re.compile(rb"UID (\d+)[^)]*RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+)[^)]*UID (\d+)")


def _sizes(client: imaplib.IMAP4, uids: list[int]) -> dict[int, int]:
    """RFC822.SIZE of each message, in batches, so an oversized one is never downloaded whole."""
    sizes: dict[int, int] = {}
    for start in range(0, len(uids), 500):
        batch = ",".join(str(uid) for uid in uids[start : start + 500])
        status, data = client.uid("FETCH", batch, "(RFC822.SIZE)")
        if status != "OK":
            continue
        for line in data or []:
            text = line[0] if isinstance(line, tuple) else line
            if isinstance(text, bytes) and (match := _SIZE.search(text)):
                uid, size = (
                    (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
                )
                sizes[int(uid)] = int(size)
    return sizes


def imap_login(client: imaplib.IMAP4, username: str, password: str) -> None:
    """LOGIN, except that a non-ASCII user name or password (which imaplib cannot send as a
    LOGIN argument) goes as AUTHENTICATE PLAIN in UTF-8 (RFC 4616)."""
    if (username + password).isascii():
        client.login(username, password)
        return
    token = b"\0" + username.encode() + b"\0" + password.encode()
    client.authenticate("PLAIN", lambda _challenge: token)


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(detail: Any) -> str:
    items = detail if isinstance(detail, list) else [detail]
    return " ".join(x.decode(errors="replace") if isinstance(x, bytes) else str(x) for x in items)


def source_from_config(section: Mapping[str, Any], *, base_dir: Path, now: datetime) -> MailSource:
    """Build the configured source from ``[inbox]``: ``maildir = PATH`` or the IMAP keys."""
    if section.get("maildir"):
        path = Path(str(section["maildir"])).expanduser()
        return MaildirSource(path if path.is_absolute() else base_dir / path)
    host = section.get("imap_host")
    if not host:
        raise ConfigError("[inbox] needs either maildir = PATH or imap_host (and username)")
    security = channel_security(section.get("security", "ssl"), where="inbox", host=str(host))
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
            imap_login(client, source.username, source.password)
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
