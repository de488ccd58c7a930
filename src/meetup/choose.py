"""Choosing which free times to offer. Pure: ``now`` and zones are arguments.

Candidates start every half hour inside the free windows. The first option is the earliest
good one; each next one is the candidate farthest (in days and time of day) from those
already chosen, so three options land on different days and times instead of bunching on the
first free evening.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetup.intervals import Interval

STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class ChoiceRules:
    duration: timedelta
    count: int = 3
    min_notice: timedelta = timedelta(hours=12)
    waking: tuple[time, time] = (time(8), time(22))
    preferred: tuple[time, time] | None = None


def _within(start: datetime, end: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> bool:
    """Does ``[start, end)`` lie inside the wall-clock ``hours`` of one day in ``zone``?"""
    local = start.astimezone(zone)
    first, last = hours
    day_start = datetime.combine(local.date(), first, tzinfo=zone)
    day_end = (
        datetime.combine(local.date(), last, tzinfo=zone)
        if last != time(0)
        else (datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone))
    )
    return day_start <= start and end <= day_end


def _first_slot(after: datetime, zone: ZoneInfo) -> datetime:
    """The first :00 or :30 (wall clock in ``zone``) at or after ``after``."""
    local = after.astimezone(zone)
    mark = local.replace(minute=0, second=0, microsecond=0)
    while mark < local:
        mark += STEP
    return mark


def candidates(
    windows: Sequence[Interval],
    *,
    now: datetime,
    rules: ChoiceRules,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
) -> list[Interval]:
    earliest = now + rules.min_notice
    found = []
    for window in windows:
        start = _first_slot(max(window.start, earliest), user_zone)
        while start + rules.duration <= window.end:
            end = start + rules.duration
            if _within(start, end, friend_zone, rules.waking):
                found.append(Interval(start, end))
            start = Interval(start + STEP, end + STEP).start  # absolute time, keeps :00/:30
    return found


def _distance(a: Interval, b: Interval, zone: ZoneInfo) -> float:
    la, lb = a.start.astimezone(zone), b.start.astimezone(zone)
    days = abs((la.date() - lb.date()).days)
    hours = abs((la.hour + la.minute / 60) - (lb.hour + lb.minute / 60))
    return days * 4 + hours / 3


def choose_options(
    windows: Sequence[Interval],
    *,
    now: datetime,
    rules: ChoiceRules,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
    taken: Sequence[Interval] = (),
    seed: int = 0,
) -> list[Interval]:
    """Up to ``rules.count`` options, sorted; see the module docstring for how they spread."""
    pool = [
        c
        for c in candidates(windows, now=now, rules=rules, user_zone=user_zone, friend_zone=friend_zone)
        if not any(c.overlaps(t) for t in taken)
    ]
    if not pool:
        return []
    rng = random.Random(seed)
    jitter = {c: rng.random() / 100 for c in pool}

    def preferred(c: Interval) -> float:
        if rules.preferred is None:
            return 0.0
        return 1.0 if _within(c.start, c.end, user_zone, rules.preferred) else 0.0

    # First: the earliest preferred candidate within the first days, a little varied per seed.
    horizon = pool[0].start + timedelta(days=2)
    early = [c for c in pool if c.start <= horizon] or pool
    ranked = sorted(early, key=lambda c: (-preferred(c), c.start))
    first = ranked[rng.randrange(min(3, len(ranked)))]
    chosen = [first]
    while len(chosen) < rules.count:
        options = [c for c in pool if not any(c.overlaps(x) for x in chosen)]
        if not options:
            break
        best = max(
            options,
            key=lambda c: min(_distance(c, x, user_zone) for x in chosen) + 3 * preferred(c) + jitter[c],
        )
        chosen.append(best)
    return sorted(chosen)
