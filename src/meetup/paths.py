"""Where meetup keeps things: platformdirs defaults, each overridable by an env var."""

from __future__ import annotations

import os
from pathlib import Path

APP = "meetup"


def _platform(kind: str) -> Path:
    import platformdirs

    getter = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(getter(APP, appauthor=False))


def config_file() -> Path:
    """``$MEETUP_CONFIG`` or ``config.toml`` in :func:`config_dir`."""
    override = os.environ.get("MEETUP_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def config_dir() -> Path:
    """The config file and credentials (mode 0600). ``$MEETUP_CONFIG_DIR`` overrides."""
    override = os.environ.get("MEETUP_CONFIG_DIR")
    return Path(override).expanduser() if override else _platform("config")


def data_dir() -> Path:
    """State: the SQLite database and the outbox. ``$MEETUP_DATA_DIR`` overrides."""
    override = os.environ.get("MEETUP_DATA_DIR")
    return Path(override).expanduser() if override else _platform("data")


def cache_dir() -> Path:
    """Parsed-calendar caches; safe to delete. ``$MEETUP_CACHE_DIR`` overrides."""
    override = os.environ.get("MEETUP_CACHE_DIR")
    return Path(override).expanduser() if override else _platform("cache")
