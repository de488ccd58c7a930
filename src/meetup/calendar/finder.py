"""The slot finder: availability minus busy time. Pure: ``now`` and zones are arguments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.hours import WeeklyHours, availability
from meetup.calendar.intervals import Interval, clip, subtract


def free_windows(
    hours: WeeklyHours,
    busy: Iterable[Interval],
    period: Interval,
    zone: ZoneInfo,
    min_duration: timedelta = timedelta(minutes=60),
) -> list[Interval]:
    """Maximal free windows inside ``period`` that last at least ``min_duration``.

    Availability is wall-clock time in ``zone``; busy intervals may come from any zone.
    The result is sorted, never overlaps busy time and never leaves availability.
    """
    available = clip(availability(hours, period, zone), period)
    relevant = [b for b in busy if b.end > period.start and b.start < period.end]
    free = subtract(available, relevant)
    return [w for w in free if w.duration >= min_duration]
