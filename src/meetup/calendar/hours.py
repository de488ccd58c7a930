"""Availability hours: parse ``mon-fri 12:00-13:00,18:00-22:00; sat,sun 10:00-22:00`` and
turn it into concrete intervals in a zone. Pure: no clock, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval, merge
from meetup.errors import HoursSpecError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

Minutes = tuple[int, int]  # [start, end) in minutes after local midnight, end <= 1440


@dataclass(frozen=True)
class WeeklyHours:
    """For each weekday (0 = Monday) the wall-clock ranges that count as available."""

    days: Mapping[int, tuple[Minutes, ...]]
    spec: str = ""

    def __str__(self) -> str:
        return self.spec


def _weekday(token: str, where: str) -> int:
    key = token.strip().lower()
    if key in WEEKDAYS:
        return WEEKDAYS.index(key)
    if key in _FULL_NAMES:
        return _FULL_NAMES[key]
    raise HoursSpecError(f"unknown weekday {token.strip()!r} in {where!r} (use mon..sun)")


def _days(text: str, where: str) -> list[int]:
    result: list[int] = []
    for part in text.split(","):
        if not part.strip():
            raise HoursSpecError(f"empty weekday in {where!r}")
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _weekday(first, where), _weekday(last, where)
            span = (b - a) % 7
            result.extend((a + i) % 7 for i in range(span + 1))
        else:
            result.append(_weekday(part, where))
    return result


def _clock(token: str, where: str, *, allow_24: bool) -> int:
    text = token.strip()
    hh, sep, mm = text.partition(":")
    if not sep or not hh.isdigit() or not mm.isdigit() or len(mm) != 2 or len(hh) > 2:
        raise HoursSpecError(f"bad time {text!r} in {where!r} (use HH:MM)")
    hours, minutes = int(hh), int(mm)
    if allow_24 and hours == 24 and minutes == 0:
        return 1440
    if hours > 23 or minutes > 59:
        raise HoursSpecError(f"bad time {text!r} in {where!r} (00:00 to 23:59, or 24:00 as an end)")
    return hours * 60 + minutes


def _ranges(text: str, where: str) -> list[Minutes]:
    result = []
    for part in text.split(","):
        start_text, sep, end_text = part.strip().partition("-")
        if not sep:
            raise HoursSpecError(f"bad range {part.strip()!r} in {where!r} (use HH:MM-HH:MM)")
        start = _clock(start_text, where, allow_24=False)
        end = _clock(end_text, where, allow_24=True)
        if end <= start:
            raise HoursSpecError(f"range {part.strip()!r} in {where!r} ends before it starts")
        result.append((start, end))
    return result


def parse_hours(spec: str) -> WeeklyHours:
    """Parse an hours spec; HoursSpecError names the offending part."""
    days: dict[int, list[Minutes]] = {}
    if not spec.strip():
        raise HoursSpecError("empty --hours spec (example: 'mon-fri 18:00-22:00; sat,sun 10:00-22:00')")
    for raw_part in spec.split(";"):
        part = raw_part.strip()
        if not part:
            continue
        day_text, _, range_text = part.partition(" ")
        if not range_text.strip():
            raise HoursSpecError(f"hours part {part!r} needs days and ranges, like 'mon-fri 18:00-22:00'")
        for day in _days(day_text, part):
            days.setdefault(day, []).extend(_ranges(range_text.replace(" ", ""), part))
    if not days:
        raise HoursSpecError(f"--hours {spec!r} names no days and times (example: 'mon-fri 18:00-22:00')")
    normalized = {d: tuple(sorted(set(r))) for d, r in days.items()}
    return WeeklyHours(normalized, spec.strip())


def _local(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """Wall-clock ``minutes`` after midnight of ``day`` in ``zone``, as an instant.

    Times inside a spring-forward gap move forward with the clock; in the autumn overlap
    the first (summer-time) occurrence is used.
    """
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone)


def availability(hours: WeeklyHours, period: Interval, zone: ZoneInfo) -> list[Interval]:
    """Every available interval overlapping ``period``, merged (touching days join up)."""
    first = period.start.astimezone(zone).date() - timedelta(days=1)
    last = period.end.astimezone(zone).date()
    pieces: list[Interval] = []
    day = first
    while day <= last:
        for start, end in hours.days.get(day.weekday(), ()):
            a, b = _local(day, start, zone), _local(day, end, zone)
            if b > a and a < period.end and b > period.start:
                pieces.append(Interval(a, b))
        day += timedelta(days=1)
    return merge(pieces)
