"""The config ``meetup init`` writes: answers in, commented TOML out (pure), then a safe write.

Rendering is pure so the text can be checked against :func:`meetup.config.parse_config` before
it touches the disk. Passwords never appear here: the answers carry none, and the comments say
where the password lives instead (the OS keyring or an environment variable).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from meetup.errors import ConfigError

#: keyring services the core and the CalDAV provider look passwords up in
SMTP_SERVICE = "meetup-smtp"
IMAP_SERVICE = "meetup-imap"
CALDAV_SERVICE = "meetup"


@dataclass(frozen=True)
class CalendarAnswer:
    """One ``[calendars.NAME]`` table: ``provider`` plus its options (never a password)."""

    name: str
    provider: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ServerAnswer:
    """An SMTP or IMAP server; the password is in the keyring (or ``password_env``)."""

    host: str
    port: int
    security: str
    username: str
    password_env: str | None = None


@dataclass(frozen=True)
class SetupAnswers:
    name: str
    email: str
    timezone: str
    hours: str
    calendars: Sequence[CalendarAnswer] = ()
    #: "outbox" (mail is written to the outbox for you to send) or "email" (SMTP)
    via: str = "outbox"
    smtp: ServerAnswer | None = None
    imap: ServerAnswer | None = None


def toml_value(value: Any) -> str:
    """A TOML literal for the scalar and list values a config holds (JSON strings are TOML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML literal for {type(value).__name__}")


def _key(name: str) -> str:
    """A bare key when TOML allows one, else a quoted key."""
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else json.dumps(name, ensure_ascii=False)


def _calendar_lines(calendar: CalendarAnswer) -> list[str]:
    lines = [f"[calendars.{_key(calendar.name)}]"]
    if calendar.provider != "ics" or "source" not in calendar.options:
        lines.append(f"provider = {toml_value(calendar.provider)}")
    for key, value in calendar.options.items():
        lines.append(f"{_key(key)} = {toml_value(value)}")
    if calendar.provider == "caldav" and "password_env" not in calendar.options:
        user = calendar.options.get("username", "")
        lines.append(
            f"# password: in the OS keyring (keyring set {CALDAV_SERVICE} {user}), never in this file"
        )
    if calendar.provider == "google":
        lines.append("# sign in once with: meetup auth google --client-secret CLIENT_SECRET.json")
    return lines


def _server_lines(server: ServerAnswer, *, prefix: str, service: str, default_env: str) -> list[str]:
    lines = [
        f"{prefix}_host = {toml_value(server.host)}",
        f"{prefix}_port = {server.port}",
        f"security = {toml_value(server.security)}          # ssl | starttls | plain (loopback only)",
        f"username = {toml_value(server.username)}",
    ]
    if server.password_env:
        lines.append(f"password_env = {toml_value(server.password_env)}")
    else:
        lines.append(
            f"# password: in the OS keyring (keyring set {service} {server.username}) "
            f"or ${default_env}; never in this file"
        )
    return lines


def render_config(answers: SetupAnswers, *, written: date) -> str:
    """The whole file, commented so it can be edited later without the README at hand."""
    out = [
        f"# meetup config, written by `meetup init` on {written.isoformat()}.",
        "# Edit freely; `meetup doctor` checks it, `meetup config` shows what is in effect.",
        "",
        "# Your zone: free time and the times in your messages are reckoned in it.",
        f"timezone = {toml_value(answers.timezone)}",
        "# When you are happy to meet, wall-clock time in `timezone`: DAYS HH:MM-HH:MM parts, ';' between.",
        f"hours = {toml_value(answers.hours)}",
        "",
        "# Who you are: signs your messages and is their From: address.",
        "[me]",
        f"name = {toml_value(answers.name)}",
        f"email = {toml_value(answers.email)}",
        "",
    ]
    if answers.calendars:
        out.append("# Busy time is read from these calendars (only when, never what).")
        for calendar in answers.calendars:
            out.extend([*_calendar_lines(calendar), ""])
    else:
        out.extend(
            [
                "# No calendars yet: every hour in `hours` counts as free. Add one like this:",
                '# [calendars.personal]\n# source = "~/calendars/personal.ics"   # a file or an https:// feed',
                "",
            ]
        )
    if answers.smtp is not None:
        out.append("# The SMTP server your mail leaves through (as your mail program has it).")
        out.append("[mail]")
        out.extend(
            _server_lines(
                answers.smtp, prefix="smtp", service=SMTP_SERVICE, default_env="MEETUP_SMTP_PASSWORD"
            )
        )
        out.append("")
    out.append(
        "# How invites, nudges and confirmations leave: email (SMTP above) or outbox (files to send yourself)."
    )
    out.append("[followup]")
    out.append(f"via = {toml_value(answers.via)}")
    out.append("")
    if answers.imap is not None:
        out.append("# Where friends' answers arrive (`meetup inbox` reads them without marking them read).")
        out.append("[inbox]")
        out.extend(
            _server_lines(
                answers.imap, prefix="imap", service=IMAP_SERVICE, default_env="MEETUP_IMAP_PASSWORD"
            )
        )
        out.append('mailbox = "INBOX"')
        out.append("")
    return "\n".join(out)


def write_config(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` with mode 0600, atomically; an existing file only with ``force``."""
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists; run `meetup init --force` to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write config {path}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"cannot write config {path}: {exc.strerror or exc}") from None
