"""The user's config: a TOML file with time zone, availability hours and named calendars."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meetup.calendar.providers import CalendarConfig
from meetup.errors import ConfigError

DEFAULT_HOURS = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"


@dataclass(frozen=True)
class Config:
    """The effective configuration and where it came from."""

    #: The file read, or None when no file exists and built-in defaults apply.
    path: Path | None
    timezone: str | None = None
    hours: str = DEFAULT_HOURS
    calendars: Mapping[str, CalendarConfig] = field(default_factory=dict)
    data_dir: Path | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return str(self.path) if self.path else "built-in defaults (no config file)"

    def section(self, name: str) -> Mapping[str, Any]:
        """A top-level table other features read their settings from (``[mail]``, ...)."""
        value = self.raw.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(f"{self.origin}: [{name}] must be a table")
        return value


def _provider_for(name: str, table: Mapping[str, Any], origin: str) -> str:
    provider = table.get("provider")
    if provider is None:
        if "source" in table:
            return "ics"
        raise ConfigError(f"{origin}: calendar {name!r} needs 'provider' (ics, caldav, google) or 'source'")
    if not isinstance(provider, str):
        raise ConfigError(f"{origin}: calendar {name!r}: 'provider' must be a string")
    return provider


def parse_config(text: str, path: Path | None) -> Config:
    import tomllib  # only when there is a file: a run on built-in defaults never parses TOML

    origin = str(path) if path else "<config>"
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    base = path.parent if path else Path(".")
    tz = raw.get("timezone")
    if tz is not None and not isinstance(tz, str):
        raise ConfigError(f"{origin}: 'timezone' must be a string like \"Europe/Berlin\"")
    hours = raw.get("hours", DEFAULT_HOURS)
    if not isinstance(hours, str):
        raise ConfigError(f"{origin}: 'hours' must be a string like \"{DEFAULT_HOURS}\"")
    calendars_raw = raw.get("calendars", {})
    if not isinstance(calendars_raw, Mapping):
        raise ConfigError(f"{origin}: [calendars] must be a table of [calendars.NAME] tables")
    calendars: dict[str, CalendarConfig] = {}
    for name, table in calendars_raw.items():
        if not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [calendars.{name}] must be a table")
        provider = _provider_for(name, table, origin)
        options = {k: v for k, v in table.items() if k != "provider"}
        calendars[name] = CalendarConfig(name=name, provider=provider, options=options, base_dir=base)
    data_dir = raw.get("data_dir")
    if data_dir is not None and not isinstance(data_dir, str):
        raise ConfigError(f"{origin}: 'data_dir' must be a path string")
    return Config(
        path=path,
        timezone=tz,
        hours=hours,
        calendars=calendars,
        data_dir=(base / Path(data_dir).expanduser()) if data_dir else None,
        raw=raw,
    )


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file means built-in defaults, an unreadable one is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=None)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    return parse_config(text, path)
