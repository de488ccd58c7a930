"""The order of ``meetup init``'s questions, with the user interface injected.

Each step takes its flag when given and asks otherwise (``UI.ask``); each calendar and server
is tried as soon as it is named. Scripted runs (``--no-input``) never prompt: a missing answer
without a default is a usage error, a failing calendar or server is an error and nothing is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from meetup.app import App
from meetup.config import DEFAULT_HOURS
from meetup.errors import ConfigError, MeetupError, UsageError
from meetup.setup import wizard
from meetup.setup.configfile import (
    IMAP_SERVICE,
    SMTP_SERVICE,
    CalendarAnswer,
    ServerAnswer,
    SetupAnswers,
)

T = TypeVar("T")


class UI(Protocol):
    def ask(self, given: Any, text: str, default: Any, check: Callable[[str], T]) -> T: ...

    def confirm(self, text: str, default: bool) -> bool: ...

    def secret(self, text: str) -> str: ...

    def echo(self, text: str) -> None: ...


@dataclass
class InitSession:
    app: App
    flags: Mapping[str, Any]
    ui: UI
    interactive: bool
    calendars: list[CalendarAnswer] = field(default_factory=list)
    #: environment variables the user must set because no keyring could take the password
    env_needed: list[str] = field(default_factory=list)

    def run(self, today: date, target: Path) -> list[str]:
        if target.exists() and not self.flags.get("force"):
            raise ConfigError(f"{target} already exists; run `meetup init --force` to replace it")
        from meetup.calendar.zones import system_zone_name

        name = self.ui.ask(self.flags.get("name"), "Your name", None, _nonempty)
        email = self.ui.ask(self.flags.get("email"), "Your email address", None, wizard.check_email)
        zone = self.ui.ask(self.flags.get("tz"), "Your time zone", system_zone_name(), wizard.check_zone)
        hours = self.ui.ask(
            self.flags.get("hours"), "When are you happy to meet", DEFAULT_HOURS, wizard.check_hours
        )
        self._calendars(email, zone, target.parent)
        via = self.ui.ask(self.flags.get("send"), "Send mail by (outbox|email)", "outbox", _via)
        smtp = self._smtp(email) if via == "email" else None
        imap = self._imap(email, smtp)
        answers = SetupAnswers(name, email, zone, hours, tuple(self.calendars), via, smtp, imap)
        wizard.write(target, answers, force=bool(self.flags.get("force")), today=today)
        return wizard.next_steps(answers, self.env_needed)

    # ----------------------------------------------------------------- calendars

    def _calendars(self, email: str, zone_name: str, base: Path) -> None:
        from meetup.calendar.zones import resolve_zone

        zone = resolve_zone(zone_name)
        scripted = bool(
            self.flags.get("sources") or self.flags.get("caldav_url") or self.flags.get("google") is not None
        )
        for source in self.flags.get("sources") or ():
            self._add_source(source, zone, base)
        if self.flags.get("caldav_url"):
            self._add_caldav(str(self.flags["caldav_url"]), email, zone, base)
        if self.flags.get("google"):
            self.calendars.append(wizard.google_calendar(c.name for c in self.calendars))
        if scripted or not self.interactive:
            return
        while True:
            source = self.ui.ask(None, "Calendar file or feed URL (Enter when done)", "", str.strip)
            if not source:
                break
            self._retrying(partial(self._add_source, source, zone, base))
        url = self.ui.ask(
            None, "CalDAV account URL, e.g. Nextcloud, iCloud, Fastmail (Enter to skip)", "", str.strip
        )
        if url:
            self._retrying(lambda: self._add_caldav(url, email, zone, base))
        if "google" in _providers() and self.ui.confirm("Read a Google Calendar?", False):
            self.calendars.append(wizard.google_calendar(c.name for c in self.calendars))

    def _retrying(self, step: Callable[[], None]) -> None:
        """In a dialogue a failed calendar is reported and skipped, so the user can go on."""
        try:
            step()
        except MeetupError as exc:
            self.ui.echo(f"  not added: {exc}")

    def _add_source(self, source: str, zone: Any, base: Path) -> None:
        answer = wizard.source_calendar(source, (c.name for c in self.calendars))
        check = wizard.try_calendar(self.app, answer, zone, base)
        self.ui.echo(f"  {answer.name}: read, {check.busy} busy in the next 7 days")
        self.calendars.append(answer)

    def _add_caldav(self, url: str, email: str, zone: Any, base: Path) -> None:
        user = self.ui.ask(self.flags.get("caldav_user"), "CalDAV user name", email, _nonempty)
        env = self.flags.get("caldav_password_env")
        answer = wizard.caldav_calendar(url, user, (c.name for c in self.calendars), env)
        password = self._password(env, f"CalDAV password for {user}", "--caldav-password-env")
        check = wizard.try_caldav(self.app, answer, password, zone, base)
        for line in check.offered:
            self.ui.echo(f"  {line}")
        self.ui.echo(f"  {answer.name}: read, {check.busy} busy in the next 7 days")
        saved = wizard.save_caldav_password(answer, password)
        if saved is not answer:
            self.env_needed.append(str(saved.options["password_env"]))
        self.calendars.append(saved)

    # ----------------------------------------------------------------- mail

    def _password(self, env: str | None, text: str, flag: str) -> str:
        import os

        if env:
            value = os.environ.get(env)
            if not value:
                raise UsageError(f"{flag} {env}: that environment variable is not set")
            return value
        if not self.interactive:
            raise UsageError(f"a password is needed: give {flag} VAR, or run without --no-input")
        return self.ui.secret(text)

    def _server(
        self, kind: str, email: str, defaults: tuple[str, str, str], user_default: str = ""
    ) -> tuple[ServerAnswer, str]:
        prefix = kind.lower()
        domain = email.split("@")[-1]
        host = self.ui.ask(
            self.flags.get(f"{prefix}_host"), f"{kind} server", f"{prefix}.{domain}", _nonempty
        )
        security = self.ui.ask(
            self.flags.get(f"{prefix}_security"),
            f"{kind} security ({'|'.join(defaults)})",
            defaults[0],
            _security,
        )
        port = self.ui.ask(self.flags.get(f"{prefix}_port"), f"{kind} port", _port_for(kind, security), _port)
        user = self.ui.ask(
            self.flags.get(f"{prefix}_user"), f"{kind} user name", user_default or email, _nonempty
        )
        env = self.flags.get(f"{prefix}_password_env")
        password = self._password(env, f"{kind} password for {user}", f"--{prefix}-password-env")
        return ServerAnswer(host, port, security, user, env), password

    def _smtp(self, email: str) -> ServerAnswer:
        from meetup.mail.transports import SMTPTransport
        from meetup.setup.probes import smtp_problem

        server, password = self._server("SMTP", email, ("starttls", "ssl", "plain"))
        _loopback_only(server)
        password = self._until_accepted(
            server,
            password,
            lambda p: smtp_problem(
                SMTPTransport(server.host, server.port, server.security, server.username, p)
            ),
        )
        self.ui.echo(f"  SMTP {server.host}: login accepted (nothing sent)")
        return self._keep(server, password, SMTP_SERVICE, "MEETUP_SMTP_PASSWORD")

    def _imap(self, email: str, smtp: ServerAnswer | None) -> ServerAnswer | None:
        from meetup.mail.sources import IMAPSource
        from meetup.setup.probes import imap_problem

        given = self.flags.get("imap_host")
        if given in ("none", ""):
            return None
        if given is None and (
            not self.interactive or not self.ui.confirm("Read answers from an IMAP mailbox?", True)
        ):
            return None
        server, password = self._server(
            "IMAP", email, ("ssl", "starttls", "plain"), smtp.username if smtp else ""
        )
        _loopback_only(server)
        password = self._until_accepted(
            server,
            password,
            lambda p: imap_problem(IMAPSource(server.host, server.port, server.security, server.username, p)),
        )
        self.ui.echo(f"  IMAP {server.host}: login accepted, INBOX readable")
        return self._keep(server, password, IMAP_SERVICE, "MEETUP_IMAP_PASSWORD")

    def _until_accepted(
        self, server: ServerAnswer, password: str, problem_with: Callable[[str], str | None]
    ) -> str:
        """The password once the server takes it; a typed one may be typed again (three tries)."""
        for attempt in range(3):
            problem = problem_with(password)
            if problem is None:
                return password
            if server.password_env or not self.interactive or attempt == 2:
                break
            self.ui.echo(f"  {problem}")
            password = self.ui.secret(f"{server.username}'s password again")
        raise ConfigError(problem)

    def _keep(self, server: ServerAnswer, password: str, service: str, fallback_env: str) -> ServerAnswer:
        if server.password_env or wizard.store_password(service, server.username, password):
            return server
        self.env_needed.append(fallback_env)
        return ServerAnswer(server.host, server.port, server.security, server.username, fallback_env)


def _providers() -> set[str]:
    from meetup.calendar.providers import available_providers

    return set(available_providers())


def _nonempty(value: str) -> str:
    if not value.strip():
        raise UsageError("an answer is needed")
    return value.strip()


def _via(value: str) -> str:
    if value.strip().lower() not in ("outbox", "email"):
        raise UsageError(f"{value!r}: answer outbox or email")
    return value.strip().lower()


def _security(value: str) -> str:
    if value.strip().lower() not in ("starttls", "ssl", "plain"):
        raise UsageError(f"{value!r}: answer starttls, ssl or plain")
    return value.strip().lower()


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise UsageError(f"{port} is not a port number")
    return port


def _port_for(kind: str, security: str) -> int:
    if kind == "SMTP":
        return {"ssl": 465, "starttls": 587}.get(security, 25)
    return {"ssl": 993}.get(security, 143)


def _loopback_only(server: ServerAnswer) -> None:
    if server.security == "plain" and server.host not in ("127.0.0.1", "::1", "localhost"):
        raise UsageError(
            f"security plain sends the password in the clear: only on this machine, not {server.host}"
        )
