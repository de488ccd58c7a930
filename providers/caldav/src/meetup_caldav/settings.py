"""``[calendars.NAME] provider = "caldav"`` options, checked once, and the password lookup.

The password never sits in the config file: it comes from an environment variable
(``password_env``) or the OS keyring (service ``meetup``, keyed by username).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from meetup.errors import ConfigError

KEYRING_SERVICE = "meetup"
KNOWN = {
    "url",
    "username",
    "password_env",
    "keyring",
    "calendars",
    "write",
    "write_calendar",
    "timeout",
    "verify_tls",
    "read",
    "retries",
}


@dataclass(frozen=True)
class Settings:
    account: str
    url: str
    username: str
    password: str
    calendars: tuple[str, ...] = ()
    write: bool = False
    write_calendar: str | None = None
    timeout: float = 30.0
    verify_tls: bool | str = True
    #: "sync" (local copy, exact busy semantics) or "freebusy" (server's free-busy-query).
    read: str = "sync"
    #: Attempts for a transient failure (5xx, timeout, refused connection), with backoff.
    retries: int = 3


def _string(options: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = options.get(key)
    if value is None:
        if required:
            raise ConfigError(f"{where}: '{key}' is required for a CalDAV calendar")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def lookup_password(where: str, username: str, options: Mapping[str, Any]) -> str:
    env = _string(options, "password_env", where)
    if env:
        value = os.environ.get(env)
        if not value:
            raise ConfigError(f"{where}: environment variable {env} (password_env) is not set")
        return value
    use_keyring = options.get("keyring", True)
    if use_keyring is False:
        raise ConfigError(f'{where}: no password source; set password_env = "VAR" or keyring = true')
    service = use_keyring if isinstance(use_keyring, str) else KEYRING_SERVICE
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise ConfigError(
            f"{where}: no password_env set and the 'keyring' package is not installed; "
            f'set password_env = "VAR" or pip install keyring'
        ) from None
    try:
        secret = keyring.get_password(service, username)
    except KeyringError as exc:
        raise ConfigError(f'{where}: OS keyring unavailable ({exc}); set password_env = "VAR"') from None
    if not secret:
        raise ConfigError(
            f"{where}: no password in the OS keyring (service {service!r}, user {username!r}); "
            f"store one with `keyring set {service} {username}` or set password_env"
        )
    return str(secret)


def _refuse_clear_remote(where: str, url: str) -> None:
    """Basic auth over http:// hands the password to anyone on the path: loopback only."""
    from urllib.parse import urlsplit

    from meetup.safety import is_loopback, redact_url

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        raise ConfigError(f"{where}: 'url' {redact_url(url)!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() == "http" and not is_loopback(host):
        raise ConfigError(
            f"{where}: 'url' uses http:// to {host}: the password would cross the network in clear; "
            "use https:// (http:// is only for a server on this machine)"
        )


def parse_settings(name: str, options: Mapping[str, Any]) -> Settings:
    where = f"calendar {name!r}"
    if "password" in options:
        raise ConfigError(
            f"{where}: a plain 'password' in the config file is refused; "
            f'use password_env = "VAR" or the OS keyring (keyring set meetup USERNAME)'
        )
    unknown = sorted(set(options) - KNOWN - {"source"})
    if unknown:
        raise ConfigError(f"{where}: unknown CalDAV option(s): {', '.join(unknown)}")
    url = _string(options, "url", where, required=True)
    assert url is not None
    if not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{where}: 'url' must start with https:// (or http:// for a local server)")
    _refuse_clear_remote(where, url)
    username = _string(options, "username", where, required=True)
    assert username is not None
    cals = options.get("calendars", [])
    if isinstance(cals, str):
        cals = [cals]
    if not isinstance(cals, list) or not all(isinstance(c, str) and c for c in cals):
        raise ConfigError(f"{where}: 'calendars' must be a list of calendar names")
    write = options.get("write", False)
    if not isinstance(write, bool):
        raise ConfigError(f"{where}: 'write' must be true or false")
    timeout = options.get("timeout", 30)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"{where}: 'timeout' must be a positive number of seconds")
    verify = options.get("verify_tls", True)
    if not isinstance(verify, bool | str):
        raise ConfigError(f"{where}: 'verify_tls' must be true, false or a CA bundle path")
    read = options.get("read", "sync")
    if read not in ("sync", "freebusy"):
        raise ConfigError(f'{where}: \'read\' must be "sync" or "freebusy"')
    retries = options.get("retries", 3)
    if not isinstance(retries, int) or isinstance(retries, bool) or not 1 <= retries <= 10:
        raise ConfigError(f"{where}: 'retries' must be a whole number from 1 to 10")
    return Settings(
        account=name,
        url=url,
        username=username,
        password=lookup_password(where, username, options),
        calendars=tuple(cals),
        write=write,
        write_calendar=_string(options, "write_calendar", where),
        timeout=float(timeout),
        verify_tls=verify,
        read=str(read),
        retries=retries,
    )
