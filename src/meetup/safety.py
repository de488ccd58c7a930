"""Secure defaults shared by every part that talks to a server, prints or writes a file:
which hosts count as loopback (the only place a clear channel may carry a password), secrets
redacted from URLs before they are shown, control characters stripped before text reaches a
terminal, and private modes (0700 folders, 0600 files) for everything meetup keeps."""

from __future__ import annotations

import ipaddress
import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from meetup.errors import ConfigError

__all__ = [
    "SECURITY_VALUES",
    "channel_security",
    "is_loopback",
    "make_private",
    "private_dir",
    "redact_text",
    "redact_url",
    "terminal_safe",
]


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 and ::1: traffic that never leaves this machine."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


#: how a mail connection is protected: implicit TLS, STARTTLS (required, never downgraded), none
SECURITY_VALUES = ("ssl", "starttls", "plain")


def channel_security(value: object, *, where: str, host: str) -> str:
    """The documented ``security`` value (any case), or a config error: a misspelling must never
    quietly mean "no TLS", and a clear channel is only for this machine."""
    text = value.lower() if isinstance(value, str) else ""
    if text not in SECURITY_VALUES:
        raise ConfigError(
            f"[{where}] security must be one of {', '.join(SECURITY_VALUES)} (any case), not {value!r}"
        )
    if text == "plain" and not is_loopback(host):
        raise ConfigError(
            f'[{where}] security = "plain" (no TLS) is only allowed to a loopback host, not {host}; '
            'use "starttls" or "ssl"'
        )
    return text


#: query parameters whose values are secrets (private feed URLs carry them)
_SECRET_KEYS = re.compile(r"(?i)(pass|pwd|token|secret|key|auth|sig|session|code|credential)")
_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+")


def redact_url(url: str) -> str:
    """The URL with any user:password and secret-looking query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = "***@" + netloc.rsplit("@", 1)[1]
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode([(k, "***" if _SECRET_KEYS.search(k) and v else v) for k, v in pairs], safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: shown as it is unless it may carry a user:password
        if "@" not in url:
            return url
        return url.split("://", 1)[0] + "://***" if "://" in url else "***"


def redact_text(text: str) -> str:
    """Every URL inside ``text`` redacted (warnings and errors quote URLs)."""

    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        kept = url.rstrip(".,;:)]")
        return redact_url(kept) + url[len(kept) :]

    return _URL.sub(one, text)


# C0 and C1 control characters and DEL; tab and newline are decided by the caller.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, *, one_line: bool = True) -> str:
    """Text from mail, names or notes as a terminal may show it: escape sequences removed whole,
    other control (and bidi override) characters dropped; one line unless asked otherwise."""
    cleaned = _BIDI.sub("", _CONTROLS.sub("", _ANSI.sub("", text.replace("\r\n", "\n"))))
    if one_line:
        return " ".join(cleaned.split())
    return cleaned.replace("\t", "    ")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it 0700 when it is ours."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(path)
    return path


def make_private(path: Path) -> None:
    """0700 for a folder, 0600 for a file; quietly leaves alone what is not ours to change."""
    try:
        info = path.stat()
        if info.st_uid != os.getuid():
            return
        wanted = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
        if stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & ~0o077 | (wanted & 0o700))
    except OSError:
        return
