"""How the core talks to calendar providers: a small Protocol and an entry-point registry.

Providers are separate distributions (``meetup-ics``, ``meetup-caldav``, ``meetup-google``)
that register a factory under the entry-point group ``meetup.providers``. The core never
imports one directly, so ``meetup --help`` stays fast and a missing provider is a clear error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderNotFound

ENTRY_POINT_GROUP = "meetup.providers"

Warn = Callable[[str], None]
#: what is being done, how much is done, of how much (None when unknown)
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class CalendarConfig:
    """One named calendar from the config file (or made up from a ``--calendar`` path/URL)."""

    name: str
    provider: str
    options: Mapping[str, Any] = field(default_factory=dict)
    #: Directory that relative paths in ``options`` are resolved against.
    base_dir: Path = Path(".")


@dataclass(frozen=True)
class ProviderContext:
    """What the core hands a provider: where to cache, how to warn, which zone is the default,
    and how to report progress on long work (a first sync, a large feed)."""

    cache_dir: Path
    config_dir: Path
    warn: Warn
    default_tz: ZoneInfo
    #: ``progress(what, done, total)``; ``done == total`` ends that piece of work. The CLI draws
    #: it on a terminal; providers only call it (and never import a terminal library).
    progress: Progress = field(default=lambda what, done, total: None)


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class EventSpec:
    """An event meetup writes: a tentative hold for an offered option or the agreed meeting.

    ``uid`` is stable per invite and option, so writing the same spec twice updates, never
    duplicates. Nothing from the user's other events ever goes in here.
    """

    uid: str
    summary: str
    start: datetime
    end: datetime
    timezone: str
    description: str = ""
    location: str = ""
    status: str = "CONFIRMED"  # or "TENTATIVE" for holds
    transparent: bool = False
    sequence: int = 0
    organizer: Attendee | None = None
    attendees: Sequence[Attendee] = ()
    #: Ask the provider's server to mail attendees itself (Google's sendUpdates). meetup
    #: sends its own iMIP mail otherwise, never both.
    notify_attendees: bool = False


@dataclass(frozen=True)
class WriteResult:
    uid: str
    #: Provider-specific handle (CalDAV href, Google event id) for later updates.
    ref: str = ""
    etag: str = ""


@runtime_checkable
class CalendarProvider(Protocol):
    """Reads busy time. Busy intervals carry no titles: privacy starts here."""

    def busy(self, period: Interval) -> Sequence[Interval]:
        """Busy intervals overlapping ``period`` (aware datetimes, any order, may overlap)."""
        ...


@runtime_checkable
class WritableCalendar(Protocol):
    """A provider that can also store events (CalDAV, Google)."""

    def write_event(self, event: EventSpec) -> WriteResult:
        """Create or update (by UID) an event."""
        ...

    def delete_event(self, uid: str) -> None:
        """Remove an event meetup wrote; deleting a missing one is not an error."""
        ...


@dataclass(frozen=True)
class RemoteCalendar:
    """A calendar an account offers (CalDAV collection, Google calendarList entry)."""

    id: str
    name: str
    #: Read for busy time (config ``calendars = [...]`` or the server's own selection).
    selected: bool = True
    writable: bool = False
    timezone: str = ""


@runtime_checkable
class DiscoverableCalendar(Protocol):
    """An account that can list its calendars (``meetup calendars``)."""

    def list_calendars(self) -> Sequence[RemoteCalendar]: ...


ProviderFactory = Callable[[CalendarConfig, ProviderContext], CalendarProvider]


def available_providers() -> dict[str, Any]:
    """Entry points of every installed provider, by name (not loaded yet)."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_provider(name: str, cache_dir: Path | None = None) -> ProviderFactory:
    """The factory registered under ``name``, imported only now. With a cache dir, the registry
    lookup is remembered between runs (:mod:`meetup.calendar.registry`)."""
    from meetup.calendar import registry

    found = registry.registered(ENTRY_POINT_GROUP, cache_dir)
    if name not in found and cache_dir is not None:
        found = registry.registered(ENTRY_POINT_GROUP, None)
    if name not in found:
        installed = ", ".join(sorted(found)) or "none"
        raise ProviderNotFound(
            f"calendar provider {name!r} is not installed (installed: {installed}); "
            f"install the meetup-{name} distribution"
        )
    try:
        factory: ProviderFactory = registry.load(found[name])
    except (ImportError, AttributeError):
        if cache_dir is None:
            raise
        return load_provider(name)  # the remembered lookup is stale: ask the metadata itself
    return factory


def open_calendar(config: CalendarConfig, context: ProviderContext) -> CalendarProvider:
    return load_provider(config.provider, context.cache_dir)(config, context)
