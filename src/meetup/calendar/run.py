"""Controllers for free time: ``meetup slots``, the invite's option search, ``meetup calendars``.

Resolves ``--calendar`` selectors, collects busy time from every selected calendar through the
provider registry, and subtracts it from the availability hours (the pure finder does the maths).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar import providers
from meetup.calendar.finder import free_windows
from meetup.calendar.hours import WeeklyHours, parse_hours
from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, DiscoverableCalendar, ProviderContext
from meetup.calendar.timeparse import MAX_DAYS, MAX_DURATION, check_year, parse_when
from meetup.errors import MeetupError, ProviderError, UsageError
from meetup.safety import redact_url
from meetup.store.meetings import own_meetings_at

if TYPE_CHECKING:  # the week grid only for --week
    from meetup.calendar.week import WeekGrid

_URL = re.compile(r"^(https?|webcals?)://", re.IGNORECASE)


def calendar_from_selector(selector: str, configured: Mapping[str, CalendarConfig]) -> CalendarConfig:
    """A configured calendar's name, or a path or URL to an ``.ics`` source."""
    if selector in configured:
        return configured[selector]
    if _URL.match(selector):
        _check_url(selector)
    if _URL.match(selector) or Path(selector).expanduser().exists() or selector.lower().endswith(".ics"):
        return CalendarConfig(
            name=selector, provider="ics", options={"source": selector}, base_dir=Path.cwd()
        )
    known = ", ".join(sorted(configured)) or "none configured"
    raise UsageError(f"--calendar {selector!r}: no such calendar ({known}) and no such file")


def _check_url(selector: str) -> None:
    """A URL the URL parser cannot take apart is a bad option, not a crash in the provider."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(selector)
        _ = parts.port  # raises on a port that is not a number
    except ValueError as exc:
        raise UsageError(f"--calendar {redact_url(selector)!r}: not a valid URL ({exc})") from None
    if not parts.hostname:
        raise UsageError(f"--calendar {redact_url(selector)!r}: the URL names no host")


@dataclass(frozen=True)
class Selection:
    calendars: Sequence[CalendarConfig]
    #: Named on the command line: a failure is fatal. Configured ones degrade to a warning.
    required: bool


def select_calendars(selectors: Sequence[str], configured: Mapping[str, CalendarConfig]) -> Selection:
    if selectors:
        return Selection([calendar_from_selector(s, configured) for s in selectors], required=True)
    return Selection(list(configured.values()), required=False)


def collect_busy(selection: Selection, period: Interval, context: ProviderContext) -> list[Interval]:
    """Busy time from every calendar. When calendars come from the config, one that fails is
    skipped with a warning so the others still count; when none can be read, that is an error."""
    busy: list[Interval] = []
    failures: list[str] = []
    for calendar in selection.calendars:
        try:
            busy.extend(providers.open_calendar(calendar, context).busy(period))
        except MeetupError as exc:
            if selection.required:
                raise
            failures.append(str(exc))
            context.warn(f"calendar {calendar.name!r} skipped: {exc}")
    if selection.calendars and len(failures) == len(selection.calendars):
        raise ProviderError(f"no calendar could be read ({len(failures)} failed)")
    return busy


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
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UsageError(f"--days must be positive and at most {MAX_DAYS}, got {days}")
    if not 1 <= duration <= MAX_DURATION:
        raise UsageError(
            f"--duration must be a positive number of minutes, at most {MAX_DURATION}, got {duration}"
        )
    period_end = parse_when(end, zone, option="--to") if end else period_start + timedelta(days=days or 7)
    if period_end <= period_start:
        raise UsageError("--to must be after --from")
    if period_end - period_start > timedelta(days=MAX_DAYS):
        raise UsageError(f"--from/--to span more than {MAX_DAYS} days; ask for a shorter period")
    check_year(period_end, "the period's end")
    return FreeTimeRequest(
        period=Interval(period_start, period_end),
        zone=zone,
        hours=parse_hours(hours if hours is not None else app.config.hours),
        min_duration=timedelta(minutes=duration),
        calendars=select_calendars(calendars, app.config.calendars),
        now=now,
    )


def find_free_time(app: App, request: FreeTimeRequest) -> list[Interval]:
    """Availability minus busy time from the calendars *and* meetup's own agreed meetings (busy
    whether or not they were written to a calendar; a written one is the same interval and, as
    busy time is subtracted as a union, counts once)."""
    busy = collect_busy(request.calendars, request.period, app.provider_context(request.zone))
    busy += own_meetings_at(app.data_dir / "meetup.db")
    return free_windows(request.hours, busy, request.period, request.zone, request.min_duration)


def describe_calendars(app: App, zone: ZoneInfo) -> Iterator[str]:
    """One line per configured calendar, then one per calendar its account offers."""
    configured = app.config.calendars
    if not configured:
        yield "No calendars configured (see `meetup config`)."
        return
    context = app.provider_context(zone)
    for name, calendar in configured.items():
        write = "  (writes events)" if calendar.options.get("write") else ""
        yield f"{name}  [{calendar.provider}]{write}"
        try:
            provider = providers.open_calendar(calendar, context)
            if not isinstance(provider, DiscoverableCalendar):
                continue
            for remote in provider.list_calendars():
                mark = "x" if remote.selected else " "
                flags = ", ".join(f for f in ("writable" if remote.writable else "", remote.timezone) if f)
                yield f"  [{mark}] {remote.name}  ({remote.id}){'  ' + flags if flags else ''}"
        except MeetupError as exc:
            app.warn(f"calendar {name!r}: {exc}")


def week_for(app: App, request: FreeTimeRequest) -> WeekGrid:
    """The week grid (``slots --week``, ``status --week``): seven whole days from the request's
    start, busy time from the calendars (bare intervals: no titles), availability from now on,
    and meetup's own offered and agreed times labelled with the friend's first name."""
    from meetup.calendar.hours import availability
    from meetup.calendar.week import Labelled, week_grid
    from meetup.safety import terminal_safe
    from meetup.store.meetings import labelled_times_at

    zone = request.zone
    first = request.period.start.astimezone(zone).date()
    days = Interval(
        datetime.combine(first, time(), tzinfo=zone),
        datetime.combine(first + timedelta(days=7), time(), tzinfo=zone),
    )
    busy = collect_busy(request.calendars, days, app.provider_context(zone))
    offered, agreed = labelled_times_at(app.data_dir / "meetup.db")

    def label(items: list[tuple[Interval, str]]) -> list[Labelled]:
        return [Labelled(i, (terminal_safe(n).split() or [""])[0]) for i, n in items if i.overlaps(days)]

    upcoming = Interval(max(request.now, days.start), days.end) if request.now < days.end else None
    return week_grid(
        start=first,
        zone=zone,
        available=availability(request.hours, upcoming, zone) if upcoming else [],
        busy=busy,
        offered=label(offered),
        confirmed=label(agreed),
    )
