"""Digesting iCalendar data into a compact, cacheable form of busy time.

A 13-year calendar is mostly one-off events: they become sorted integer pairs that a later
query reads with a binary search and no iCalendar parsing at all. Recurring series keep
their own small iCalendar text and are expanded (by recurring-ical-events) only when they
can touch the period asked for. Busy semantics are documented in the README.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.calendar.zones import lookup_zone
from meetup.errors import ProviderError

Warn = Callable[[str], None]
DIGEST_VERSION = 1
_WALL_EPOCH = datetime(1970, 1, 1)
_SLACK = 2 * 86400  # floating series spans are wall-clock: widen by two days


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


class ZoneResolver:
    """Gives naive times that carry a TZID icalendar could not resolve a zone, and says so once."""

    def __init__(self, calendar: Any, source: str, warn: Warn) -> None:
        self._own: dict[str, tzinfo] = {}
        for vtz in calendar.walk("VTIMEZONE"):
            name = str(vtz.get("TZID", "")).strip()
            try:
                self._own[name] = vtz.to_tz()
            except Exception:  # a VTIMEZONE icalendar cannot turn into a tzinfo is just skipped
                continue
        self._source = source
        self._warn = warn
        self._warned: set[str] = set()

    def zone_for(self, tzid: str, label: str) -> tzinfo | None:
        """IANA or Windows name, else the file's own VTIMEZONE, else None (the caller's zone)."""
        name = tzid.strip().strip('"')
        found: tzinfo | None = lookup_zone(name) or self._own.get(name)
        if found is None and tzid not in self._warned:
            self._warned.add(tzid)
            self._warn(f"{label}: unknown time zone {tzid!r}, using the default zone")
        return found


def repair_broken_properties(event: Any) -> list[str]:
    """Drop properties icalendar recorded as broken (``RDATE:20131210Z``...), saying which.

    An RRULE written with escaped separators or spaces (Exchange's ``BYDAY=MO\\, TU``) is
    rewritten instead of dropped, since without it the series would shrink to one event.
    """
    import icalendar

    done: list[str] = []
    for name, _message in list(getattr(event, "errors", [])):
        if name not in event:
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


def _moment(prop: Any, resolver: ZoneResolver, label: str) -> date | datetime:
    value: date | datetime = prop.dt
    if isinstance(value, datetime) and value.tzinfo is None:
        tzid = prop.params.get("TZID")
        if tzid:
            zone = resolver.zone_for(str(tzid), label)
            if zone is not None:
                return value.replace(tzinfo=zone)
    return value


Bounds = tuple[bool, int, int]  # (floating, start, end): UTC epoch or wall-clock seconds


def event_bounds(event: Any, resolver: ZoneResolver, label: str, warn: Warn) -> Bounds | None:
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


# --- building a digest -----------------------------------------------------------------


def parse_calendar(data: bytes | str, source: str, warn: Warn) -> Any:
    """icalendar's Calendar for ``data``; a file it rejects as a whole is recovered in parts."""
    import icalendar

    from meetup_ics._split import recover

    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # old exports in Latin-1 / Windows-1252
            text = data.decode("cp1252", errors="replace")
    else:
        text = data
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ProviderError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except Exception as exc:  # any parse failure: fall back to per-component recovery
            warn(f"{source}: cannot parse the whole file ({exc}); reading it component by component")
            try:
                calendar = icalendar.Calendar.from_ical(recover(text, source, warn))
            except Exception as again:
                raise ProviderError(f"{source}: cannot parse iCalendar data: {again}") from None
    for message in dict.fromkeys(str(w.message) for w in caught):
        warn(f"{source}: {message}")
    return calendar


def _series_span(master: Any, overrides: list[Any]) -> tuple[int, int | None]:
    """Rough UTC bounds of a series, widened by slack: only used to skip far-away series."""
    moments: list[datetime] = []
    for component in [master, *overrides]:
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            prop = component.get(name)
            if prop is not None:
                moments.append(_as_utc_guess(prop.dt))
    first = int(min(moments).timestamp()) - _SLACK
    last = int(max(moments).timestamp())
    rdates = master.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []:
        for period in getattr(rdate, "dts", []):
            value = period.dt[0] if isinstance(period.dt, tuple) else period.dt
            last = max(last, int(_as_utc_guess(value).timestamp()))
    duration = _duration_seconds(master)
    rrules = master.get("RRULE")
    for rule in rrules if isinstance(rrules, list) else [rrules] if rrules is not None else []:
        until, count = rule.get("UNTIL"), rule.get("COUNT")
        if until:
            last = max(last, int(_as_utc_guess(until[0]).timestamp()))
        elif count:
            last = max(last, _count_end(master, rule, int(count[0])))
        else:
            return first, None
    return first, last + duration + _SLACK


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


def _count_end(master: Any, rule: Any, count: int) -> int:
    """The last start of a COUNT-limited rule, by dateutil (cheap: no components built)."""
    from dateutil.rrule import rrulestr

    start = _as_utc_guess(master["DTSTART"].dt).replace(tzinfo=None)
    text = rule.to_ical().decode()
    try:
        occurrences = list(rrulestr(text, dtstart=start, forceset=False))
    except (ValueError, TypeError):
        return int(start.replace(tzinfo=UTC).timestamp()) + count * 366 * 86400  # generous bound
    last = occurrences[-1] if occurrences else start
    return int(last.replace(tzinfo=UTC).timestamp())


def _mini_calendar(header: str, timezones: dict[str, str], components: Iterable[Any], tzids: set[str]) -> str:
    parts = [header]
    parts.extend(text for tzid, text in timezones.items() if tzid in tzids)
    parts.extend(component.to_ical().decode() for component in components)
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts)


def _tzids(component: Any) -> set[str]:
    found = set()
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"):
        props = component.get(name)
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            tzid = getattr(prop, "params", {}).get("TZID")
            if tzid:
                found.add(str(tzid))
    return found


def build_digest(
    data: bytes | str,
    *,
    source: str,
    warn: Warn,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
) -> Digest:
    """Parse once, keep only what busy time needs (``progress`` hears how many events are read)."""
    collected: list[str] = []

    def note(message: str) -> None:
        collected.append(message)
        warn(message)

    progress(0, None)  # parsing a big file takes a while: say so first
    calendar = parse_calendar(data, source, note)
    resolver = ZoneResolver(calendar, source, note)
    fixed: list[tuple[int, int]] = []
    floating: list[tuple[int, int]] = []
    masters: dict[str, Any] = {}
    overrides: dict[str, list[Any]] = {}
    singles: list[Any] = []
    top = calendar.subcomponents
    timezones = {str(c.get("TZID", "")): c.to_ical().decode() for c in top if c.name == "VTIMEZONE"}
    wr = calendar.get("X-WR-TIMEZONE")
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetup//series//EN\r\n"
    header += f"X-WR-TIMEZONE:{wr}\r\n" if wr else ""
    for event in (c for c in top if c.name == "VEVENT"):
        if getattr(event, "errors", None):
            repairs = repair_broken_properties(event)
            if repairs:
                note(f"{describe(event, source)}: {'; '.join(repairs)}")
        uid = str(event.get("UID", ""))
        if event.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(event)
        elif event.get("RRULE") is not None or event.get("RDATE") is not None:
            if uid in masters:  # a second master with the same UID: keep both, apart
                uid = f"{uid}#{len(masters)}"
            masters[uid] = event
        else:
            singles.append(event)
    for uid, moved in overrides.items():
        if uid not in masters:  # overrides of a series the file does not contain: plain events
            singles.extend(moved)
    for count, event in enumerate(singles):
        if count % 500 == 0:
            progress(count, len(singles))
        label = describe(event, source)
        if not is_busy(event):
            continue
        try:
            bounds = event_bounds(event, resolver, label, note)
        except Exception as exc:  # a broken DTSTART/DTEND/DURATION value
            note(f"{label} skipped: {exc}")
            continue
        if bounds is not None:
            (floating if bounds[0] else fixed).append((bounds[1], bounds[2]))
    progress(len(singles), len(singles))
    for fb in (c for c in top if c.name == "VFREEBUSY"):
        props = fb.get("FREEBUSY")
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            for start, end_or_duration in _periods(prop):
                end = start + end_or_duration if isinstance(end_or_duration, timedelta) else end_or_duration
                fixed.append((int(_as_utc_guess(start).timestamp()), int(_as_utc_guess(end).timestamp())))
    series: list[Series] = []
    for uid, master in masters.items():
        moved = overrides.get(uid.split("#")[0], [])
        try:
            first, last = _series_span(master, moved)
        except Exception as exc:  # broken DTSTART or RRULE values
            note(f"{source}: VEVENT UID {uid} skipped: {exc}")
            continue
        tzids = set().union(*(_tzids(c) for c in [master, *moved]))
        zone_fix = None
        start_prop = master.get("DTSTART")
        if (
            isinstance(start_prop.dt, datetime)
            and start_prop.dt.tzinfo is None
            and start_prop.params.get("TZID")
        ):
            zone = resolver.zone_for(str(start_prop.params["TZID"]), f"{source}: VEVENT UID {uid}")
            zone_fix = getattr(zone, "key", None)
        series.append(
            Series(uid, first, last, _mini_calendar(header, timezones, [master, *moved], tzids), zone_fix)
        )
    fixed.sort()
    floating.sort()
    return Digest(
        fixed=[x for pair in fixed for x in pair],
        fixed_longest=max((b - a for a, b in fixed), default=0),
        floating=[x for pair in floating for x in pair],
        floating_longest=max((b - a for a, b in floating), default=0),
        series=series,
        warnings=collected,
        x_wr_timezone=str(calendar.get("X-WR-TIMEZONE")) if calendar.get("X-WR-TIMEZONE") else None,
    )


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
