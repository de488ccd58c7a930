"""Expanding one recurring series with recurring-ical-events, repairing what is safe to repair."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup_ics.digest import (
    Digest,
    Series,
    Warn,
    ZoneResolver,
    event_bounds,
    is_busy,
    parse_calendar,
    query_plain,
    repair_broken_properties,
    series_touching,
)


def _combined(many: list[Series]) -> str:
    """One calendar holding several series (VTIMEZONEs once), so they parse and expand in one go."""
    header: list[str] = []
    timezones: dict[str, str] = {}
    events: list[str] = []
    for series in many:
        text = series.ical
        body_start = text.find("BEGIN:VTIMEZONE")
        first_event = text.find("BEGIN:VEVENT")
        if not header:
            header.append(text[: body_start if 0 <= body_start < first_event else first_event])
        for chunk in text[body_start:first_event].split("END:VTIMEZONE")[:-1] if body_start >= 0 else []:
            chunk = chunk[chunk.find("BEGIN:VTIMEZONE") :] + "END:VTIMEZONE\r\n"
            tzid = chunk.split("TZID:", 1)[1].split("\r\n", 1)[0] if "TZID:" in chunk else chunk
            timezones.setdefault(tzid, chunk)
        events.append(text[first_event : text.rfind("END:VCALENDAR")])
    return "".join(header) + "".join(timezones.values()) + "".join(events) + "END:VCALENDAR\r\n"


def expand_many(
    many: list[Series], period: Interval, zone: ZoneInfo, *, source: str, warn: Warn
) -> list[Interval]:
    """Expand every series in one pass when they share no zone fix-ups and nothing breaks;
    otherwise one by one, so a broken series costs only itself."""
    simple = [s for s in many if s.zone_fix is None]
    rest = [s for s in many if s.zone_fix is not None]
    busy: list[Interval] = []
    if len(simple) > 1:
        combined = Series(uid="*", first=0, last=None, ical=_combined(simple))
        failures: list[str] = []
        result = expand_series(combined, period, zone, source=source, warn=failures.append)
        if not failures:
            busy.extend(result)
        else:
            rest.extend(simple)
    else:
        rest.extend(simple)
    for series in rest:
        busy.extend(expand_series(series, period, zone, source=source, warn=warn))
    return busy


def expand_series(
    series: Series, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn
) -> list[Interval]:
    """Busy occurrences of one series inside ``period``; a broken series is skipped with a warning."""
    import recurring_ical_events
    import x_wr_timezone

    label = f"{source}: VEVENT UID {series.uid}"
    calendar = parse_calendar(series.ical, source, lambda _m: None)
    if calendar.get("X-WR-TIMEZONE"):
        calendar = x_wr_timezone.to_standard(calendar)
    occurrences: list[Any] = []
    for attempt in range(2):
        try:
            occurrences = list(recurring_ical_events.of(calendar).between(period.start, period.end))
            break
        except Exception as exc:  # recurring-ical-events raises its own and dateutil's errors
            repairs = (
                [r for e in calendar.walk("VEVENT") for r in repair_broken_properties(e)]
                if attempt == 0
                else []
            )
            if not repairs:
                warn(f"{label}: recurring series skipped: {type(exc).__name__}: {exc}")
                return []
            warn(f"{label}: {'; '.join(repairs)}")
    resolver = ZoneResolver(calendar, source, lambda _m: None)
    fallback = ZoneInfo(series.zone_fix) if series.zone_fix else zone
    busy: list[Interval] = []
    for occurrence in occurrences:
        if not is_busy(occurrence):
            continue
        try:
            bounds = event_bounds(occurrence, resolver, label, warn)
        except Exception as exc:
            warn(f"{label}: an occurrence skipped: {exc}")
            continue
        if bounds is None:
            continue
        floating, a, b = bounds
        if floating:
            from meetup_ics.digest import _from_wall

            interval = Interval(_from_wall(a, fallback), _from_wall(b, fallback))
        else:
            from datetime import UTC, datetime

            interval = Interval(datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC))
        if interval.overlaps(period):
            busy.append(interval)
    return busy


def query(digest: Digest, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn) -> list[Interval]:
    """Busy intervals of a digest overlapping ``period``; floating times are read in ``zone``."""
    busy = query_plain(digest, period, zone)
    touching = series_touching(digest, period)
    if touching:
        busy.extend(expand_many(touching, period, zone, source=source, warn=warn))
    return busy
