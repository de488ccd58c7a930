"""Busy time from iCalendar text, following meetup's busy semantics (see the README)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from meetup.errors import ProviderError
from meetup.intervals import Interval

Warn = Callable[[str], None]


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return datetime(value.year, value.month, value.day, tzinfo=zone)


def _is_busy(event: Any) -> bool:
    transp = str(event.get("TRANSP", "OPAQUE")).strip().upper()
    status = str(event.get("STATUS", "")).strip().upper()
    return transp != "TRANSPARENT" and status != "CANCELLED"


def _event_interval(event: Any, zone: ZoneInfo) -> Interval | None:
    start_prop = event.get("DTSTART")
    if start_prop is None:
        return None
    start = start_prop.dt
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = end_prop.dt
    elif event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    elif isinstance(start, datetime):
        return None  # a DATE-TIME event with neither DTEND nor DURATION blocks nothing
    else:
        end = start + timedelta(days=1)
    a, b = _aware(start, zone), _aware(end, zone)
    return Interval(a, b) if b > a else None


def busy_from_ics(data: bytes | str, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn) -> list[Interval]:
    """Busy intervals of every event occurrence and VFREEBUSY period overlapping ``period``."""
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and friends on broken input
        raise ProviderError(f"{source}: cannot parse iCalendar data: {exc}") from None
    if calendar.get("X-WR-TIMEZONE"):
        calendar = x_wr_timezone.to_standard(calendar)
    busy: list[Interval] = []
    query = recurring_ical_events.of(calendar)
    for event in query.between(period.start, period.end):
        if not _is_busy(event):
            continue
        interval = _event_interval(event, zone)
        if interval is not None:
            busy.append(interval)
    for fb in calendar.walk("VFREEBUSY"):
        for prop in fb.get("FREEBUSY", []) if isinstance(fb.get("FREEBUSY"), list) else [fb.get("FREEBUSY")]:
            if prop is None or str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            for start, end_or_duration in prop.dt if isinstance(prop.dt, list) else [prop.dt]:
                end = start + end_or_duration if isinstance(end_or_duration, timedelta) else end_or_duration
                busy.append(Interval(_aware(start, zone), _aware(end, zone)))
    return busy
