"""Mutual free time: the user's free windows narrowed to what suits every friend too. Pure.

A friend counts with two things meetup may know: their zone (options stay inside their waking
hours there) and their busy time (from a free/busy source they share). Nothing else about a
friend's calendar is ever known here, only when they are busy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.hours import WeeklyHours, availability
from meetup.calendar.intervals import Interval, clip, merge, subtract

#: The waking day the option chooser uses for a friend (``ChoiceRules.waking``).
WAKING = (time(8), time(22))


@dataclass(frozen=True)
class Member:
    """One friend as far as timing goes: a zone (None: the user's) and known busy intervals."""

    name: str
    zone: ZoneInfo | None = None
    busy: Sequence[Interval] = field(default_factory=tuple)


def waking_hours(waking: tuple[time, time] = WAKING) -> WeeklyHours:
    """Every day from ``waking[0]`` to ``waking[1]`` (``00:00`` as the end means midnight)."""
    start = waking[0].hour * 60 + waking[0].minute
    end = waking[1].hour * 60 + waking[1].minute or 1440
    return WeeklyHours(
        {day: ((start, end),) for day in range(7)}, f"mon-sun {waking[0]:%H:%M}-{waking[1]:%H:%M}"
    )


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """Times in both ``a`` and ``b`` (merged, sorted)."""
    left, right = merge(a), merge(b)
    if not left or not right:
        return []
    bounds = Interval(min(left[0].start, right[0].start), max(left[-1].end, right[-1].end))
    return subtract(left, subtract([bounds], right))


def common_windows(
    windows: Sequence[Interval],
    members: Sequence[Member],
    *,
    min_duration: timedelta,
    waking: tuple[time, time] = WAKING,
) -> list[Interval]:
    """The parts of the user's free ``windows`` when every member is awake and not busy.

    A member without a zone is taken to share the user's, whose ``windows`` already keep to
    the user's hours; the result never overlaps any member's busy time and never leaves
    ``windows``. Windows shorter than ``min_duration`` are dropped.
    """
    free = merge(windows)
    if not free:
        return []
    period = Interval(free[0].start, free[-1].end)
    day = waking_hours(waking)
    for member in members:
        if member.zone is not None:
            free = intersect(free, clip(availability(day, period, member.zone), period))
        free = subtract(free, member.busy)
    return [w for w in free if w.duration >= min_duration]


def busy_union(members: Iterable[Member]) -> list[Interval]:
    """Everyone's busy time as one merged list (what a chooser must keep clear of)."""
    return merge(b for m in members for b in m.busy)
