"""Digesting iCalendar data into a compact, cacheable form of busy time.

A 13-year calendar is mostly one-off events: they become sorted integer pairs that a later
query reads with a binary search and no iCalendar parsing at all. Recurring series keep
their own small iCalendar text and are expanded (by recurring-ical-events) only when they
can touch the period asked for. Building a digest is fragments.py's job; this module holds
the digest, the rules for reading one event's busy span, and the queries. Busy semantics
are documented in the README.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval

Warn = Callable[[str], None]
DIGEST_VERSION = 2
_WALL_EPOCH = datetime(1970, 1, 1)


class Zones(Protocol):
    def zone_for(self, tzid: str, label: str) -> tzinfo | None:
        """The zone a TZID names, or None (read in the caller's zone) with a warning."""
        ...


def _wall(moment: datetime) -> int:
    """Seconds of a naive wall-clock time since 1970-01-01 00:00 (no zone)."""
    return int((moment - _WALL_EPOCH).total_seconds())


def _from_wall(seconds: int, zone: ZoneInfo) -> datetime:
    return (_WALL_EPOCH + timedelta(seconds=seconds)).replace(tzinfo=zone)


@dataclass
class Series:
    uid: str
    first: int  # UTC epoch seconds (minus slack) of the earliest occurrence
    last: int | None  # UTC epoch seconds (plus slack) after the last occurrence; None: open-ended
    ical: str  # a self-contained VCALENDAR: VTIMEZONEs, the master and its overrides
    zone_fix: str | None = None  # zone for naive times whose TZID icalendar could not resolve


@dataclass
class Digest:
    """Busy time of one source, independent of the zone asked for (floating kept wall-clock)."""

    fixed: list[int] = field(default_factory=list)  # [start, end, start, end, ...] UTC epoch, sorted
    fixed_longest: int = 0
    floating: list[int] = field(default_factory=list)  # wall-clock seconds, same layout
    floating_longest: int = 0
    series: list[Series] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    x_wr_timezone: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": DIGEST_VERSION,
            "fixed": self.fixed,
            "fixed_longest": self.fixed_longest,
            "floating": self.floating,
            "floating_longest": self.floating_longest,
            "series": [s.__dict__ for s in self.series],
            "warnings": self.warnings,
            "x_wr_timezone": self.x_wr_timezone,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        if data.get("version") != DIGEST_VERSION:
            raise ValueError("digest version mismatch")
        return cls(
            fixed=list(data["fixed"]),
            fixed_longest=int(data["fixed_longest"]),
            floating=list(data["floating"]),
            floating_longest=int(data["floating_longest"]),
            series=[Series(**s) for s in data["series"]],
            warnings=list(data["warnings"]),
            x_wr_timezone=data.get("x_wr_timezone"),
        )


# --- reading one component -------------------------------------------------------------


def is_busy(component: Any) -> bool:
    transp = str(component.get("TRANSP", "OPAQUE")).strip().upper()
    status = str(component.get("STATUS", "")).strip().upper()
    return transp != "TRANSPARENT" and status != "CANCELLED"


def repair_broken_properties(event: Any) -> list[str]:
    """Drop properties icalendar recorded as broken (``RDATE:20131210Z``...), saying which.

    An RRULE written with escaped separators or spaces (Exchange's ``BYDAY=MO\\, TU``) is
    rewritten instead of dropped, since without it the series would shrink to one event.
    """
    import icalendar

    done: list[str] = []
    for name, _message in list(getattr(event, "errors", [])):
        if not isinstance(name, str) or name not in event:  # icalendar records some errors unnamed
            continue
        raw = event[name]
        event.pop(name)
        if name == "RRULE":
            cleaned = str(raw).replace("\\", "").replace(" ", "")
            try:
                event.add("RRULE", icalendar.vRecur.from_ical(cleaned))
                done.append(f"repaired RRULE {str(raw)!r}")
                continue
            except Exception:  # not repairable: the property stays dropped
                pass
        value = str(raw)
        try:  # trailing blanks (``DURATION:PT10M ``) are the usual damage
            factory: Any = icalendar.Event.types_factory.for_property(name)
            event.add(name, factory.from_ical(value.strip()), parameters=getattr(raw, "params", None))
            done.append(f"repaired {name} {value!r}")
            continue
        except Exception:  # not repairable: the property stays dropped
            pass
        done.append(f"ignored broken {name}")
    if hasattr(event, "errors"):
        event.errors.clear()
    return done


def describe(event: Any, source: str) -> str:
    """How a warning names an event: its UID, else its raw start."""
    uid = str(event.get("UID", "")).strip()
    if uid:
        return f"{source}: VEVENT UID {uid}"
    start = event.get("DTSTART")
    raw = start.to_ical().decode() if start is not None and hasattr(start, "to_ical") else "?"
    return f"{source}: VEVENT without UID (DTSTART {raw})"


def _moment(prop: Any, resolver: Zones, label: str) -> date | datetime:
    value: date | datetime = prop.dt
    if isinstance(value, datetime) and value.tzinfo is None:
        tzid = prop.params.get("TZID")
        if tzid:
            zone = resolver.zone_for(str(tzid), label)
            if zone is not None:
                return value.replace(tzinfo=zone)
    return value


Bounds = tuple[bool, int, int]  # (floating, start, end): UTC epoch or wall-clock seconds


def event_bounds(event: Any, resolver: Zones, label: str, warn: Warn) -> Bounds | None:
    """The busy span of one event occurrence, or None when it blocks nothing."""
    start_prop = event.get("DTSTART")
    if start_prop is None:
        return None
    start = _moment(start_prop, resolver, label)
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = _moment(end_prop, resolver, label)
    elif event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    elif isinstance(start, datetime):
        return None  # DATE-TIME with neither DTEND nor DURATION blocks nothing
    else:
        end = start + timedelta(days=1)
    if isinstance(start, datetime) != isinstance(end, datetime):
        # A DATE start with a DATE-TIME end (or the reverse): read both as whole days.
        start = start.date() if isinstance(start, datetime) else start
        end = end.date() if isinstance(end, datetime) else end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        first = datetime(start.year, start.month, start.day)
        after = datetime(end.year, end.month, end.day)
        return (True, _wall(first), _wall(after)) if after > first else None
    if (start.tzinfo is None) != (end.tzinfo is None):
        zone = start.tzinfo or end.tzinfo
        warn(f"{label}: DTSTART and DTEND disagree on a time zone; reading both in {zone}")
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    floating = start.tzinfo is None
    a, b = (_wall(start), _wall(end)) if floating else (int(start.timestamp()), int(end.timestamp()))
    if b < a:  # DTEND before DTSTART: read it the way recurring-ical-events does, swapped
        warn(f"{label}: DTEND is before DTSTART; swapping them")
        a, b = b, a
    return (floating, a, b) if b > a else None


# --- helpers for building a digest --------------------------------------------------------


def _as_utc_guess(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _duration_seconds(master: Any) -> int:
    start, end = master.get("DTSTART"), master.get("DTEND")
    try:
        if end is not None:
            return max(0, int((_as_utc_guess(end.dt) - _as_utc_guess(start.dt)).total_seconds()))
        if master.get("DURATION") is not None:
            return int(master["DURATION"].dt.total_seconds())
    except (TypeError, ValueError, AttributeError):
        pass
    return 86400


def _tzids(component: Any) -> set[str]:
    found = set()
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"):
        props = component.get(name)
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            tzid = getattr(prop, "params", {}).get("TZID")
            if tzid:
                found.add(str(tzid))
    return found


def _periods(prop: Any) -> list[tuple[datetime, Any]]:
    value = prop.dt
    if isinstance(value, tuple):
        return [value]
    if isinstance(value, list):
        return value
    return [(p.dt if hasattr(p, "dt") else p) for p in getattr(prop, "dts", [])]


# --- answering a query -----------------------------------------------------------------


def _in_range(flat: list[int], longest: int, lo: int, hi: int) -> Iterable[tuple[int, int]]:
    starts = flat[0::2]
    first = bisect_left(starts, lo - longest)
    last = bisect_left(starts, hi)
    for i in range(first, last):
        a, b = flat[2 * i], flat[2 * i + 1]
        if b > lo and a < hi:
            yield a, b


def query_plain(digest: Digest, period: Interval, zone: ZoneInfo) -> list[Interval]:
    """Busy one-off events and free/busy periods overlapping ``period`` (no iCalendar parsing)."""
    lo, hi = int(period.start.timestamp()), int(period.end.timestamp()) + 1
    busy = [
        Interval(datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC))
        for a, b in _in_range(digest.fixed, digest.fixed_longest, lo, hi)
    ]
    wall_lo = _wall(period.start.astimezone(zone).replace(tzinfo=None)) - 86400
    wall_hi = _wall(period.end.astimezone(zone).replace(tzinfo=None)) + 86400
    for a, b in _in_range(digest.floating, digest.floating_longest, wall_lo, wall_hi):
        interval = Interval(_from_wall(a, zone), _from_wall(b, zone))
        if interval.overlaps(period):
            busy.append(interval)
    return busy


def series_touching(digest: Digest, period: Interval) -> list[Series]:
    lo, hi = int(period.start.timestamp()), int(period.end.timestamp()) + 1
    return [s for s in digest.series if s.first < hi and (s.last is None or s.last > lo)]
