"""Expanding one recurring series with recurring-ical-events, repairing what is safe to repair."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from meetup.intervals import Interval

from meetup_ics.digest import (
    Series,
    Warn,
    ZoneResolver,
    event_bounds,
    is_busy,
    parse_calendar,
    repair_broken_properties,
)


def expand_series(series: Series, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn) -> list[Interval]:
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
            repairs = [r for e in calendar.walk("VEVENT") for r in repair_broken_properties(e)] if attempt == 0 else []
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
