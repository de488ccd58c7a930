"""Expanding recurring series with recurring-ical-events, within bounds, repairing what is safe.

recurring-ical-events (through dateutil) walks a rule from its DTSTART and builds a copy
of the event for every occurrence, so a rule recurring every second costs gigabytes. Each
series' cost is estimated from its rules first (``limits.rule_steps``); one that would walk
more than ``max_rule_steps`` steps, or put more than ``max_instances`` occurrences in the
period, is skipped with one warning naming the file and the UID.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup_ics.components import RawComponent, parse_moment, rule_parts, split
from meetup_ics.digest import (
    Digest,
    Series,
    Warn,
    _from_wall,
    event_bounds,
    is_busy,
    query_plain,
    repair_broken_properties,
    series_touching,
)
from meetup_ics.fragments import FileZones
from meetup_ics.limits import Budget, Limits, rule_steps


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


def too_costly(series: Series, period: Interval, limits: Limits) -> str | None:
    """Why expanding ``series`` over ``period`` would cost too much, or None (from its raw rules)."""
    start: date | None = None
    rdates = 0
    unfolded = series.ical.replace("\r\n ", "").replace("\r\n\t", "")  # icalendar folds long lines
    for line in unfolded.splitlines():
        upper = line[:8].upper()
        if upper.startswith("DTSTART"):
            start = parse_moment(line.rsplit(":", 1)[-1])
        elif upper.startswith("RDATE"):
            rdates += line.count(",") + 1
        elif upper.startswith(("RRULE", "EXRULE")) and start is not None:
            rule = rule_parts(line.split(":", 1)[-1])
            walked = rule_steps(rule, start, period.end)
            inside = rule_steps(rule, max(start, period.start.date()), period.end)
            if walked > limits.max_rule_steps:
                return f"its rule {line.split(':', 1)[-1][:60]!r} walks more than {limits.max_rule_steps:,} steps"
            if inside > limits.max_instances:
                return f"its rule {line.split(':', 1)[-1][:60]!r} has more than {limits.max_instances:,} occurrences"
    if rdates > limits.max_instances:
        return f"it has more than {limits.max_instances:,} RDATEs"
    return None


def expand_many(
    many: list[Series],
    period: Interval,
    zone: ZoneInfo,
    *,
    source: str,
    warn: Warn,
    limits: Limits | None = None,
    budget: Budget | None = None,
) -> list[Interval]:
    """Expand every series in one pass when they share no zone fix-ups and nothing breaks;
    otherwise one by one, so a broken series costs only itself. Runaway series are skipped."""
    limits = limits or Limits()
    affordable = []
    for series in many:
        problem = too_costly(series, period, limits)
        if problem:
            warn(f"{source}: VEVENT UID {series.uid}: recurs too often to expand ({problem}); skipped")
        else:
            affordable.append(series)
    simple = [s for s in affordable if s.zone_fix is None]
    rest = [s for s in affordable if s.zone_fix is not None]
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
        if budget is not None:
            budget.check()
        busy.extend(expand_series(series, period, zone, source=source, warn=warn))
    return busy


def _parse(ical: str) -> Any:
    import icalendar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # already said when the series was first read
        return icalendar.Calendar.from_ical(ical)


def expand_series(
    series: Series, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn
) -> list[Interval]:
    """Busy occurrences of one series inside ``period``; a broken series is skipped with a warning."""
    import recurring_ical_events
    import x_wr_timezone

    label = f"{source}: VEVENT UID {series.uid}"
    occurrences: list[Any] = []
    try:
        calendar = _parse(series.ical)
        if calendar.get("X-WR-TIMEZONE"):
            calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # a stored series icalendar no longer reads
        warn(f"{label}: recurring series skipped: {type(exc).__name__}: {exc}")
        return []
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
    timezones: dict[str, RawComponent] = split(series.ical, source).timezones
    resolver = FileZones(timezones, source)
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
            interval = Interval(_from_wall(a, fallback), _from_wall(b, fallback))
        else:
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
