"""Everything a command needs, built once per run: config, zones, the clock, warnings, paths.

The CLI builds an :class:`App`; controllers take it (or just the parts they need) as an
argument so tests can inject a fixed ``now`` and a temporary data dir.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup import paths
from meetup.calendar.providers import Progress, ProviderContext
from meetup.calendar.timeparse import parse_when
from meetup.calendar.zones import resolve_zone, system_zone_name
from meetup.config import Config, load_config
from meetup.errors import ConfigError


def _stderr_warn(message: str) -> None:
    import click

    from meetup.safety import redact_text, terminal_safe

    click.echo(f"meetup: warning: {terminal_safe(redact_text(message))}", err=True)


@dataclass
class App:
    config_path: Path | None = None
    now_text: str | None = None
    warn: Callable[[str], None] = field(default=_stderr_warn)
    #: progress on long work; the CLI passes a terminal's bars, the default shows nothing
    progress: Progress = field(default=lambda what, done, total: None)

    @cached_property
    def config(self) -> Config:
        explicit = self.config_path or (
            Path(os.environ["MEETUP_CONFIG"]) if os.environ.get("MEETUP_CONFIG") else None
        )
        path = (explicit or paths.config_file()).expanduser()
        if explicit is not None and not path.exists():
            raise ConfigError(f"config file {path} does not exist")
        return load_config(path)

    def zone(self, override: str | None = None) -> ZoneInfo:
        """``--tz``, else the config's ``timezone``, else the system zone."""
        return resolve_zone(override or self.config.timezone or system_zone_name())

    def now(self, zone: ZoneInfo) -> datetime:
        """``--now`` / ``$MEETUP_NOW`` when given (replays, tests), else the real clock."""
        text = self.now_text or os.environ.get("MEETUP_NOW")
        if text:
            return parse_when(text, zone, option="--now")
        return datetime.now(UTC).astimezone(zone)

    @property
    def data_dir(self) -> Path:
        if os.environ.get("MEETUP_DATA_DIR"):
            return paths.data_dir()
        return self.config.data_dir or paths.data_dir()

    def provider_context(self, zone: ZoneInfo) -> ProviderContext:
        from meetup.safety import make_private

        cache = paths.cache_dir()
        make_private(cache)  # calendar digests hold busy times: an older meetup left it 0755
        return ProviderContext(
            cache_dir=cache,
            config_dir=paths.config_dir(),
            warn=self.warn,
            default_tz=zone,
            progress=self.progress,
        )
