"""``[calendars.NAME] provider = "google"`` options, checked once.

No secret ever sits in the config file: the OAuth token lives in
``<config dir>/google-<account>.json`` (mode 0600), written by ``meetup auth google``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from meetup.errors import ConfigError

KNOWN = {"provider", "account", "calendars", "write", "write_calendar", "retries"}
ACCOUNT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Settings:
    name: str
    account: str = "default"
    #: Calendar ids to read; empty means the ones selected in the user's calendarList.
    calendars: tuple[str, ...] = ()
    write_calendar: str = "primary"
    #: Attempts for a transient failure (403 rate limit, 429, 5xx, network), with backoff.
    retries: int = 5


def parse_settings(name: str, options: Mapping[str, Any]) -> Settings:
    where = f"calendar {name!r}"
    unknown = sorted(set(options) - KNOWN)
    if unknown:
        raise ConfigError(f"{where}: unknown option(s) for a Google calendar: {', '.join(unknown)}")
    account = options.get("account", "default")
    if not isinstance(account, str) or not ACCOUNT_NAME.match(account):
        raise ConfigError(f"{where}: 'account' must be a short name of letters, digits, '.', '_' or '-'")
    calendars = options.get("calendars", [])
    if isinstance(calendars, str):
        calendars = [calendars]
    if not isinstance(calendars, list) or not all(isinstance(c, str) and c.strip() for c in calendars):
        raise ConfigError(f"{where}: 'calendars' must be a list of calendar ids")
    write_calendar = options.get("write_calendar", "primary")
    if not isinstance(write_calendar, str) or not write_calendar.strip():
        raise ConfigError(f"{where}: 'write_calendar' must be a calendar id")
    retries = options.get("retries", 5)
    if not isinstance(retries, int) or isinstance(retries, bool) or not 1 <= retries <= 10:
        raise ConfigError(f"{where}: 'retries' must be a whole number from 1 to 10")
    return Settings(
        name=name,
        account=account,
        calendars=tuple(c.strip() for c in calendars),
        write_calendar=write_calendar.strip(),
        retries=retries,
    )
