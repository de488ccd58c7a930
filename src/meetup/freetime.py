"""Controller behind ``meetup slots`` (and the invite's option search): read busy time, subtract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendars import Selection, collect_busy, select_calendars
from meetup.errors import UsageError
from meetup.hours import WeeklyHours, parse_hours
from meetup.intervals import Interval
from meetup.slots import free_windows
from meetup.timeparse import parse_when


@dataclass(frozen=True)
class FreeTimeRequest:
    period: Interval
    zone: ZoneInfo
    hours: WeeklyHours
    min_duration: timedelta
    calendars: Selection
    now: datetime


def build_request(
    app: App,
    *,
    calendars: Sequence[str] = (),
    start: str | None = None,
    end: str | None = None,
    days: int | None = None,
    tz: str | None = None,
    hours: str | None = None,
    duration: int = 60,
) -> FreeTimeRequest:
    """Turn the shared ``slots``/``invite`` options into a validated request."""
    zone = app.zone(tz)
    now = app.now(zone)
    period_start = parse_when(start, zone, option="--from") if start else now
    if end and days is not None:
        raise UsageError("give either --to or --days, not both")
    if days is not None and days <= 0:
        raise UsageError(f"--days must be positive, got {days}")
    if duration <= 0:
        raise UsageError(f"--duration must be a positive number of minutes, got {duration}")
    period_end = parse_when(end, zone, option="--to") if end else period_start + timedelta(days=days or 7)
    if period_end <= period_start:
        raise UsageError("--to must be after --from")
    return FreeTimeRequest(
        period=Interval(period_start, period_end),
        zone=zone,
        hours=parse_hours(hours if hours is not None else app.config.hours),
        min_duration=timedelta(minutes=duration),
        calendars=select_calendars(calendars, app.config.calendars),
        now=now,
    )


def find_free_time(app: App, request: FreeTimeRequest) -> list[Interval]:
    busy = collect_busy(request.calendars, request.period, app.provider_context(request.zone))
    return free_windows(request.hours, busy, request.period, request.zone, request.min_duration)
