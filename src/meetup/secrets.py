"""Passwords for mail servers: from an environment variable, else the OS keyring.

Never from the config file (a ``password`` key there is refused) and never logged: callers get
the secret back and pass it straight to the library that needs it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from meetup.errors import ConfigError

__all__ = ["password_for"]


def password_for(
    section: Mapping[str, Any], *, section_name: str, default_env: str, service: str, username: str
) -> str:
    """The password for ``username``: ``$<password_env>`` (default ``default_env``), else the
    keyring entry ``(service, username)``; a clear ConfigError naming both when neither has one."""
    if "password" in section:
        raise ConfigError(
            f"[{section_name}] password must not be in the config file; use password_env or the keyring"
        )
    variable = str(section.get("password_env", default_env))
    secret = os.environ.get(variable)
    if not secret:
        try:
            import keyring

            secret = keyring.get_password(service, username)
        except Exception:  # no backend, locked keyring, missing package: "not there"
            secret = None
    if not secret:
        raise ConfigError(
            f"no {section_name} password: set ${variable} or `keyring set {service} {username}`"
        )
    return secret
