"""The ``ics`` provider: a local file or an http(s)/webcal URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetup.errors import NotWritable, ProviderError
from meetup.intervals import Interval
from meetup.providers import CalendarConfig, EventSpec, ProviderContext, WriteResult

from meetup_ics.busy import busy_from_ics


@dataclass
class IcsCalendar:
    config: CalendarConfig
    context: ProviderContext

    @property
    def source(self) -> str:
        source = self.config.options.get("source")
        if not isinstance(source, str) or not source:
            raise ProviderError(f"calendar {self.config.name!r}: 'source' must be a path or URL")
        return source

    def _read(self) -> bytes:
        source = self.source
        path = Path(source).expanduser()
        if not path.is_absolute():
            path = self.config.base_dir / path
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise ProviderError(f"calendar file not found: {path}") from None
        except OSError as exc:
            raise ProviderError(f"cannot read calendar file {path}: {exc.strerror}") from None

    def busy(self, period: Interval) -> list[Interval]:
        return busy_from_ics(
            self._read(), period, self.context.default_tz, source=self.source, warn=self.context.warn
        )

    def write_event(self, event: EventSpec) -> WriteResult:
        raise NotWritable(f"calendar {self.config.name!r} is an .ics source and cannot store events")

    def delete_event(self, uid: str) -> None:
        raise NotWritable(f"calendar {self.config.name!r} is an .ics source and cannot store events")


def create(config: CalendarConfig, context: ProviderContext) -> IcsCalendar:
    """Entry point registered under ``meetup.providers`` as ``ics``."""
    return IcsCalendar(config, context)
