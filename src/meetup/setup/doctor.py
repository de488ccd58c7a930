"""Controller behind ``meetup doctor``: is this setup able to find free time, send and read mail?

Each check yields :class:`Finding` lines as it goes (a slow CalDAV account should not hold back
the rest); the CLI prints them and exits non-zero when one ``fail``\\s. Nothing is sent and no
state is changed: calendars are read for one day, mail servers are only logged in to.
"""

from __future__ import annotations

import shlex
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from meetup import paths
from meetup.app import App
from meetup.config import Config
from meetup.errors import MeetupError

Level = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str


#: Reads the user's crontab: its text, or None when there is none (or no ``crontab`` command).
CrontabReader = Callable[[], str | None]


def read_crontab() -> str | None:
    if shutil.which("crontab") is None:
        return None
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def run_doctor(
    app: App,
    *,
    crontab: CrontabReader = read_crontab,
    systemd_dir: Path | None = None,
) -> Iterator[Finding]:
    try:
        config = app.config
    except MeetupError as exc:
        yield Finding("fail", f"config: {exc}")
        return
    if config.path is None:
        yield Finding("fail", f"no config file at {paths.config_file()}: run `meetup init`")
        return
    yield Finding("ok", f"config {config.path} parses")
    yield from _modes(config, app.data_dir)
    try:
        zone = app.zone()
        from meetup.calendar.hours import parse_hours

        parse_hours(config.hours)
    except MeetupError as exc:
        yield Finding("fail", f"config {config.path}: {exc}")
        return
    yield from _calendars(app, config, zone)
    yield from _mail(app, config)
    yield from _schedule(crontab, systemd_dir or Path.home() / ".config" / "systemd" / "user")


def _modes(config: Config, data_dir: Path) -> Iterator[Finding]:
    """What holds credentials or your history must be yours alone: the config, OAuth tokens and
    the cron password file 0600, the data dir 0700 and the database 0600."""
    config_dir = paths.config_dir()
    candidates = [config.path] if config.path else []
    if config_dir.is_dir():
        candidates += [*sorted(config_dir.glob("google-*.json")), config_dir / "cron.env"]
    candidates += [data_dir, data_dir / "meetup.db"]
    for path in candidates:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            wanted = "700" if path.is_dir() else "600"
            yield Finding(
                "fail",
                f"{path} can be read by others (mode {mode:04o}): run `chmod {wanted} {shlex.quote(str(path))}`",
            )


def _calendars(app: App, config: Config, zone: ZoneInfo) -> Iterator[Finding]:
    from meetup.calendar.intervals import Interval
    from meetup.calendar.providers import open_calendar

    if not config.calendars:
        yield Finding("warn", "no calendars configured: every hour in `hours` counts as free")
        return
    now = app.now(zone)
    context = app.provider_context(zone)
    for name, calendar in config.calendars.items():
        try:
            busy = open_calendar(calendar, context).busy(Interval(now, now + timedelta(days=1)))
        except MeetupError as exc:
            yield Finding("fail", f"calendar {name!r}: {exc}")
            continue
        yield Finding(
            "ok", f"calendar {name!r} [{calendar.provider}] readable ({len(busy)} busy in the next day)"
        )


def _mail(app: App, config: Config) -> Iterator[Finding]:
    mail = config.section("mail")
    via = str(config.section("followup").get("via", mail.get("via", "outbox")))
    me = config.section("me")
    if not (mail.get("from") or me.get("email")):
        yield Finding("warn", "no From: address: set [me] email (or run `meetup init`)")
    if via == "email" or mail.get("smtp_host"):
        from meetup.mail.settings import smtp_from
        from meetup.setup.probes import smtp_problem

        try:
            problem = smtp_problem(smtp_from(mail))
        except MeetupError as exc:
            problem = f"SMTP: {exc}"
        if problem:
            yield Finding("fail", problem)
        else:
            yield Finding("ok", f"SMTP {mail.get('smtp_host')} reachable, login accepted (nothing sent)")
    elif via == "outbox":
        yield Finding("ok", f"mail goes to the outbox {app.data_dir / 'outbox'} (send it yourself)")
    inbox = config.section("inbox")
    if not inbox:
        yield Finding(
            "warn", "no [inbox]: `meetup inbox` cannot read answers (record them with `meetup reply`)"
        )
        return
    from meetup.mail.sources import IMAPSource, MaildirSource, source_from_config
    from meetup.setup.probes import imap_problem

    try:
        source = source_from_config(
            inbox, base_dir=config.path.parent if config.path else app.data_dir, now=app.now(app.zone())
        )
    except MeetupError as exc:
        yield Finding("fail", f"inbox: {exc}")
        return
    if isinstance(source, MaildirSource):
        if source.path.is_dir():
            yield Finding("ok", f"inbox maildir {source.path} exists")
        else:
            yield Finding("fail", f"inbox maildir {source.path} does not exist")
    elif isinstance(source, IMAPSource):
        problem = imap_problem(source)
        if problem:
            yield Finding("fail", problem)
        else:
            yield Finding("ok", f"IMAP {source.host} reachable, login accepted, {source.mailbox} readable")


def _schedule(crontab: CrontabReader, systemd_dir: Path) -> Iterator[Finding]:
    """Follow-ups and answers need ``meetup inbox && meetup followup`` to run by themselves."""
    if (systemd_dir / "meetup.timer").exists():
        yield Finding("ok", f"systemd timer {systemd_dir / 'meetup.timer'} installed")
        return
    text = crontab()
    lines = [line for line in (text or "").splitlines() if line.rstrip().endswith("# meetup")]
    if not lines:
        yield Finding(
            "warn",
            "no cron line: nudges wait until you run `meetup followup`; `meetup cron --install` adds it",
        )
        return
    try:
        from meetup.cronenv import job_program

        program = job_program(lines[-1])
    except (ValueError, IndexError):
        yield Finding("fail", f"the cron line cannot be read: {lines[-1]!r}; run `meetup cron --install`")
        return
    if "/" in program and not Path(program).exists():
        yield Finding(
            "fail", f"the cron line runs {program}, which no longer exists: run `meetup cron --install`"
        )
        return
    yield Finding("ok", "cron line installed")
