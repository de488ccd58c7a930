"""A friend's shared free/busy: where it comes from, and the busy intervals read from it.

A source is an ``.ics``/webcal feed or a ``VFREEBUSY`` URL (read by the ``ics`` provider), or
``google:EMAIL`` (asked through the Google provider's ``freebusy.query``, which answers for
calendars shared with the user). Providers are reached through the registry, never imported.

Privacy: only busy intervals are read and kept. The provider runs with a throw-away cache
directory, so no part of a friend's feed (titles, series text) is ever written to disk; what
meetup caches is the intervals alone, in the ``friend_busy`` table, refreshed after
:data:`REFRESH`. When a source cannot be read, the last intervals read are used with a
warning, or, with none, the friend's busy time is unknown (a warning, never a crash).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from meetup.calendar import providers
from meetup.calendar.intervals import Interval, clip, merge
from meetup.calendar.providers import CalendarConfig, ProviderContext
from meetup.errors import ConfigError, MeetupError, UsageError
from meetup.safety import redact_text, redact_url
from meetup.store.db import immediate

#: Busy intervals read less than this long ago are used without asking the source again.
REFRESH = timedelta(hours=1)
#: A read covers at least this much from its start, so the next few commands hit the cache.
MIN_SPAN = timedelta(days=21)
#: Values of ``--freebusy`` that remove a friend's source.
CLEAR = ("", "none", "off")

_URL = re.compile(r"^(https?|webcals?)://", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>:/]+@[^@\s<>:/]+\.[^@\s<>:/]+$")


@dataclass(frozen=True)
class Source:
    """``kind`` is ``ics`` (a path or URL in ``target``) or ``google`` (an address)."""

    kind: str
    target: str

    def __str__(self) -> str:
        return f"google:{self.target}" if self.kind == "google" else self.target

    @property
    def label(self) -> str:
        """How messages name the source: secrets in a feed URL (user, token) are never shown."""
        return redact_url(self.target) if self.kind == "ics" and _URL.match(self.target) else str(self)


def parse_source(text: str, base_dir: Path | None = None) -> Source:
    """What ``--freebusy`` names; a relative path is made absolute against ``base_dir``."""
    raw = text.strip()
    if raw.lower().startswith("google:"):
        address = raw[len("google:") :].strip()
        if not _EMAIL.match(address):
            raise UsageError(
                f"--freebusy {text!r}: google: needs the calendar's address, like google:ana@gmail.com"
            )
        return Source("google", address)
    if _URL.match(raw):
        return Source("ics", raw)
    path = Path(raw).expanduser()
    if raw and (path.is_file() or path.suffix.lower() in (".ics", ".ifb", ".vfb")):
        if not path.is_absolute():
            path = ((base_dir or Path.cwd()) / path).resolve()
        return Source("ics", str(path))
    raise UsageError(f"--freebusy {text!r}: use an .ics/webcal feed, a VFREEBUSY URL, google:EMAIL or 'none'")


def calendar_for(source: Source, name: str, configured: Mapping[str, CalendarConfig]) -> CalendarConfig:
    """The provider config that reads ``source``: read-only, nothing but busy time."""
    label = f"free/busy of {name}"
    if source.kind == "ics":
        return CalendarConfig(name=label, provider="ics", options={"source": source.target})
    accounts = [c for c in configured.values() if c.provider == "google"]
    if not accounts:
        raise ConfigError(
            f"{label}: google:{source.target} is asked through your Google account; add a calendar with "
            'provider = "google" to the config and run `meetup auth google`'
        )
    account = accounts[0].options
    options: dict[str, object] = {"calendars": [source.target]}
    for key in ("account", "retries"):
        if key in account:
            options[key] = account[key]
    return CalendarConfig(name=label, provider="google", options=options, base_dir=accounts[0].base_dir)


def read_span(period: Interval, now: datetime) -> Interval:
    """What to read for ``period``: from a day before now (so "today" is covered) for at least
    :data:`MIN_SPAN`, so the next commands find it all in the cache."""
    start = min(period.start, now - timedelta(days=1))
    return Interval(start, max(period.end, now + MIN_SPAN))


def read_busy(calendar: CalendarConfig, period: Interval, context: ProviderContext) -> list[Interval]:
    """Busy intervals from the provider, with a cache directory that is deleted right after."""
    with tempfile.TemporaryDirectory(prefix="meetup-fb-") as scratch:
        private = ProviderContext(
            cache_dir=Path(scratch),
            config_dir=context.config_dir,
            warn=context.warn,
            default_tz=context.default_tz,
        )
        return merge(clip(providers.open_calendar(calendar, private).busy(period), period))


# --- the store -----------------------------------------------------------------------------


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def source_of(conn: sqlite3.Connection, friend_id: int) -> Source | None:
    row = conn.execute("SELECT source FROM friend_freebusy WHERE friend_id = ?", (friend_id,)).fetchone()
    if row is None:
        return None
    text = str(row[0])
    return Source("google", text[len("google:") :]) if text.startswith("google:") else Source("ics", text)


def set_source(conn: sqlite3.Connection, friend_id: int, source: Source | None, now: datetime) -> None:
    """Record (or, with None, forget) a friend's source; cached intervals of the old one go."""
    conn.execute("DELETE FROM friend_busy WHERE friend_id = ?", (friend_id,))
    conn.execute("DELETE FROM friend_freebusy WHERE friend_id = ?", (friend_id,))
    if source is not None:
        conn.execute(
            "INSERT INTO friend_freebusy (friend_id, source, updated_at) VALUES (?, ?, ?)",
            (friend_id, str(source), _utc(now)),
        )


def save_busy(
    conn: sqlite3.Connection, friend_id: int, period: Interval, busy: Sequence[Interval], now: datetime
) -> None:
    """Replace the cached intervals with a fresh read of ``period`` (call inside a transaction)."""
    conn.execute("DELETE FROM friend_busy WHERE friend_id = ?", (friend_id,))
    conn.executemany(
        "INSERT INTO friend_busy (friend_id, start_utc, end_utc) VALUES (?, ?, ?)",
        [(friend_id, _utc(b.start), _utc(b.end)) for b in merge(busy)],
    )
    conn.execute(
        "UPDATE friend_freebusy SET fetched_at = ?, fetched_from = ?, fetched_to = ?, last_error = NULL "
        "WHERE friend_id = ?",
        (_utc(now), _utc(period.start), _utc(period.end), friend_id),
    )


@dataclass(frozen=True)
class Cached:
    busy: list[Interval]
    fetched_at: datetime | None
    covers: Interval | None

    def fresh_for(self, period: Interval, now: datetime) -> bool:
        return (
            self.fetched_at is not None
            and self.covers is not None
            and self.covers.contains(period)
            and now - self.fetched_at < REFRESH
        )


def cached(conn: sqlite3.Connection, friend_id: int, period: Interval) -> Cached:
    row = conn.execute(
        "SELECT fetched_at, fetched_from, fetched_to FROM friend_freebusy WHERE friend_id = ?", (friend_id,)
    ).fetchone()
    if row is None or row[0] is None:
        return Cached([], None, None)
    rows = conn.execute(
        "SELECT start_utc, end_utc FROM friend_busy WHERE friend_id = ? AND start_utc < ? AND end_utc > ?",
        (friend_id, _utc(period.end), _utc(period.start)),
    )
    busy = [Interval(_parse(a), _parse(b)) for a, b in rows]
    return Cached(busy, _parse(row[0]), Interval(_parse(row[1]), _parse(row[2])))


def record_error(conn: sqlite3.Connection, friend_id: int, error: str) -> None:
    conn.execute("UPDATE friend_freebusy SET last_error = ? WHERE friend_id = ?", (error, friend_id))


# --- reading, with the cache ---------------------------------------------------------------


@dataclass(frozen=True)
class BusyRead:
    """What is known of one friend's busy time for a period, and how it was learnt."""

    busy: list[Interval]
    #: ``none`` (no source), ``fresh``, ``cache``, ``stale`` (read failed, older intervals used)
    #: or ``unknown`` (read failed, nothing cached).
    how: str
    error: str = ""


def friend_busy(
    conn: sqlite3.Connection,
    friend_id: int,
    name: str,
    period: Interval,
    *,
    now: datetime,
    configured: Mapping[str, CalendarConfig],
    context: ProviderContext,
    force: bool = False,
) -> BusyRead:
    """Busy intervals of one friend overlapping ``period``: cached, else read from the source.

    ``conn`` must be in autocommit mode (the store's); the read happens outside any
    transaction and only its result is written, in one short transaction.
    """
    source = source_of(conn, friend_id)
    if source is None:
        return BusyRead([], "none")
    memo = cached(conn, friend_id, period)
    if not force and memo.fresh_for(period, now):
        return BusyRead(memo.busy, "cache")
    span = read_span(period, now)
    try:
        busy = read_busy(calendar_for(source, name, configured), span, context)
    except MeetupError as exc:
        error = redact_text(str(exc))  # a feed URL may carry its token
        with immediate(conn):
            record_error(conn, friend_id, error)
        if memo.fetched_at is not None:
            context.warn(
                f"free/busy of {name} ({source.label}) could not be read, using what was read "
                f"{memo.fetched_at:%Y-%m-%d %H:%M} UTC: {error}"
            )
            return BusyRead(memo.busy, "stale", error)
        context.warn(
            f"free/busy of {name} ({source.label}) could not be read; their busy time is unknown: {error}"
        )
        return BusyRead([], "unknown", error)
    with immediate(conn):
        save_busy(conn, friend_id, span, busy, now)
    return BusyRead([b for b in busy if b.overlaps(period)], "fresh")
