"""Controller behind ``meetup init``: checks each answer as it is given, stores passwords in the
OS keyring, and writes the config.

The prompting lives in the CLI; everything here takes plain values so the same steps run from
flags, from prompts and from tests. A calendar is read once as soon as it is named, so a typo in
a path, a URL or a CalDAV password shows up now, not at the first ``meetup slots``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar.providers import CalendarConfig, DiscoverableCalendar, available_providers, open_calendar
from meetup.config import parse_config
from meetup.errors import ConfigError, ProviderError, UsageError
from meetup.setup.configfile import CALDAV_SERVICE, CalendarAnswer, SetupAnswers, render_config, write_config

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_URL = re.compile(r"^(https?|webcals?)://", re.IGNORECASE)


def check_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise UsageError(f"{value!r} is not an email address")
    return value


def check_zone(value: str) -> str:
    from meetup.calendar.zones import resolve_zone

    return resolve_zone(value).key


def check_hours(value: str) -> str:
    from meetup.calendar.hours import parse_hours

    parse_hours(value)
    return value.strip()


def unique_name(wanted: str, taken: Iterable[str]) -> str:
    """``wanted`` reduced to a tidy TOML key, with ``-2``, ``-3``... when already used."""
    base = re.sub(r"[^a-z0-9_-]+", "-", wanted.lower()).strip("-") or "calendar"
    names = set(taken)
    name, n = base, 2
    while name in names:
        name, n = f"{base}-{n}", n + 1
    return name


def source_calendar(source: str, taken: Iterable[str]) -> CalendarAnswer:
    """A file or feed the user named: the config keeps an absolute path (init may run anywhere)."""
    source = source.strip()
    if _URL.match(source):
        return CalendarAnswer(
            unique_name(urlsplit(source).hostname or "feed", taken), "ics", {"source": source}
        )
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise ProviderError(
            f"calendar {source!r}: no such file (give a path to an .ics file or an https:// URL)"
        )
    return CalendarAnswer(unique_name(path.stem, taken), "ics", {"source": str(path)})


def caldav_calendar(
    url: str, username: str, taken: Iterable[str], password_env: str | None = None
) -> CalendarAnswer:
    if not _URL.match(url.strip()):
        raise UsageError(f"CalDAV URL {url!r} must start with https:// (or http:// on your own machine)")
    options: dict[str, str] = {"url": url.strip(), "username": username.strip()}
    if password_env:
        options["password_env"] = password_env
    return CalendarAnswer(unique_name(urlsplit(url).hostname or "caldav", taken), "caldav", options)


def google_calendar(taken: Iterable[str]) -> CalendarAnswer:
    if "google" not in available_providers():
        raise UsageError("Google Calendar needs the meetup-google distribution (pip install meetup-google)")
    return CalendarAnswer(unique_name("google", taken), "google", {"account": "default"})


def store_password(service: str, username: str, password: str) -> bool:
    """Into the OS keyring; False when this machine has no usable keyring (the caller then
    falls back to an environment variable and says so). Never written anywhere else."""
    try:
        import keyring

        keyring.set_password(service, username, password)
        return keyring.get_password(service, username) == password
    except Exception:  # no backend, locked keyring: "not stored"
        return False


@dataclass(frozen=True)
class CalendarCheck:
    busy: int
    #: for accounts: the calendars offered, as "[x] Name"
    offered: Sequence[str] = ()


def try_calendar(app: App, answer: CalendarAnswer, zone: ZoneInfo, base_dir: Path) -> CalendarCheck:
    """Read the calendar once, as ``meetup slots``/``meetup calendars`` would; errors propagate
    as the provider's one-line MeetupError."""
    from meetup.calendar.intervals import Interval

    config = CalendarConfig(answer.name, answer.provider, dict(answer.options), base_dir)
    provider = open_calendar(config, app.provider_context(zone))
    offered: list[str] = []
    if isinstance(provider, DiscoverableCalendar):
        offered = [f"[{'x' if c.selected else ' '}] {c.name}" for c in provider.list_calendars()]
    now = app.now(zone)
    busy = provider.busy(Interval(now, now + timedelta(days=7)))
    return CalendarCheck(len(busy), offered)


def try_caldav(
    app: App, answer: CalendarAnswer, password: str, zone: ZoneInfo, base_dir: Path
) -> CalendarCheck:
    """Like :func:`try_calendar`, with the password the user just typed in place for this try
    (through the environment of this process only, when the keyring has not got it)."""
    env = str(answer.options.get("password_env") or "MEETUP_INIT_CALDAV_PASSWORD")
    options = {**answer.options, "password_env": env}
    previous = os.environ.get(env)
    os.environ[env] = password
    try:
        return try_calendar(app, CalendarAnswer(answer.name, answer.provider, options), zone, base_dir)
    finally:
        if previous is None:
            os.environ.pop(env, None)
        else:
            os.environ[env] = previous


def save_caldav_password(answer: CalendarAnswer, password: str) -> CalendarAnswer:
    """Keyring first; without one the config names ``MEETUP_CALDAV_PASSWORD`` instead."""
    if "password_env" in answer.options or store_password(
        CALDAV_SERVICE, str(answer.options["username"]), password
    ):
        return answer
    return CalendarAnswer(
        answer.name, answer.provider, {**answer.options, "password_env": "MEETUP_CALDAV_PASSWORD"}
    )


def write(path: Path, answers: SetupAnswers, *, force: bool, today: date) -> str:
    """Render, check the text parses back to the same settings, write it 0600. Returns the text."""
    text = render_config(answers, written=today)
    parsed = parse_config(text, path)
    if parsed.timezone != answers.timezone or set(parsed.calendars) != {c.name for c in answers.calendars}:
        raise ConfigError("the config written would not read back as given (please report this)")
    write_config(path, text, force=force)
    return text


def next_steps(answers: SetupAnswers, stored_elsewhere: Sequence[str]) -> list[str]:
    """What to run now, in order: sign-ins first, then a check, a friend and the first invite."""
    steps: list[str] = []
    for variable in stored_elsewhere:
        steps.append(f"export {variable}=...   # no OS keyring here: the password comes from the environment")
    if any(c.provider == "google" for c in answers.calendars):
        steps.append("meetup auth google --client-secret ~/Downloads/client_secret_....json")
    steps.append("meetup doctor")
    steps.append('meetup friend add "Sam Lee" --email sam@example.net')
    steps.append(f"meetup invite sam --via {'email' if answers.via == 'email' else 'outbox'}")
    if answers.imap is not None:
        steps.append("meetup cron --install   # read answers and send nudges every 15 minutes")
    return steps
