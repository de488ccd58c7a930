"""Choosing which free times to offer. Pure: ``now`` and zones are arguments.

Candidates start every half hour (on :00 or :30 wall clock in the *user's* zone) inside the
free windows, at least ``min_notice`` after ``now``, and lie wholly inside waking hours: on the
clock of the place for an in-person activity (the user's zone), in both people's zones for a call.
The activity's hours (``rules.hours``: lunch around midday, drinks in the evening) are a rule on
the place's clock; with ``any_time`` they only rank candidates, as preferred hours do. When the friend's zone is offset by a quarter or half hour (Asia/
Kolkata, Asia/Kathmandu) the user's round time wins; candidates that are round for both get a
small bonus. Candidates overlapping ``taken`` (options still offered in other open invites) are
dropped, so two friends cannot accept the same evening.

Selection is greedy max-min distance, one option per day while free days are left (two on one
day only when fewer free days than options exist): the first option is one of the earliest candidates inside
the activity's preferred hours (varied a little by ``seed``); each next one (taken from the
preferred hours while any are left) maximises its
distance (days apart, capped, plus hours apart in the day) to those already chosen, with a
bonus for a day and a time-of-day bucket (morning/afternoon/evening) not used yet, a bonus for
preferred hours, a malus for the edges of the day (before 10:00, after 21:00) and a small pull
towards sooner dates. So three options land on different days
and times instead of bunching on the first free evening. Same input and seed, same result.

A nudge keeps the options still standing and adds fresh ones (``beside``): the fresh ones spread
away from the standing ones exactly as if those had been chosen first, so a nudge never offers
"Sat 08:00-08:30" next to a standing "Sat 08:30-09:00".
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.interval_index import IntervalIndex
from meetup.calendar.intervals import Interval

STEP = timedelta(minutes=30)
#: Without preferred hours, the edges of the waking day (an 08:00 call) rank a little lower.
COMFORT = (time(10), time(21))


@dataclass(frozen=True)
class ChoiceRules:
    duration: timedelta
    count: int = 3
    min_notice: timedelta = timedelta(hours=12)
    waking: tuple[time, time] = (time(8), time(22))
    #: Soft: candidates inside rank first.
    preferred: tuple[time, time] | None = None
    #: Hard: the activity's hours on the user's (the place's) clock, unless ``any_time``.
    hours: tuple[time, time] | None = None
    any_time: bool = False
    #: In person, the place's clock (the user's zone) decides waking hours; else both zones do.
    in_person: bool = False

    @property
    def required(self) -> tuple[time, time] | None:
        return None if self.any_time else self.hours

    @property
    def liked(self) -> tuple[time, time] | None:
        return self.preferred or (self.hours if self.any_time else None)


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
    """The first :00 or :30 (wall clock in ``zone``) at or after ``after``, in UTC.

    Computed on the UTC offset rather than by wall-clock arithmetic, which Python does
    naively across a DST change.
    """
    moment = after.astimezone(UTC)
    offset = moment.astimezone(zone).utcoffset() or timedelta(0)
    step = STEP.total_seconds()
    wall = (moment + offset).timestamp()
    return datetime.fromtimestamp(math.ceil(wall / step) * step, UTC) - offset


def _round_in(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    return local.minute in (0, 30) and local.second == 0


def _bucket(moment: datetime, zone: ZoneInfo) -> int:
    """0 morning, 1 afternoon, 2 evening (wall clock in ``zone``)."""
    hour = moment.astimezone(zone).hour
    return 0 if hour < 12 else 1 if hour < 17 else 2


def fits(
    start: datetime, end: datetime, rules: ChoiceRules, user_zone: ZoneInfo, friend_zone: ZoneInfo
) -> bool:
    """The hour rules for one candidate: waking hours where each person is, the activity's hours
    on the place's clock (unless ``any_time``)."""
    zones = (user_zone,) if rules.in_person else (friend_zone, user_zone)
    if not all(_within(start, end, zone, rules.waking) for zone in zones):
        return False
    required = rules.required
    return required is None or _within(start, end, user_zone, required)


def candidates(
    windows: Sequence[Interval],
    *,
    now: datetime,
    rules: ChoiceRules,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
) -> list[Interval]:
    """Every :00/:30 start that obeys the window, notice and waking-hours rules."""
    earliest = now + rules.min_notice
    found: list[Interval] = []
    for window in windows:
        start = _first_slot(max(window.start, earliest), user_zone)
        while start + rules.duration <= window.end:
            end = start + rules.duration
            if fits(start, end, rules, user_zone, friend_zone):
                found.append(Interval(start, end))
            start = Interval(start + STEP, end + STEP).start  # absolute time, keeps :00/:30
    return found


def _distance(a: Interval, b: Interval, zone: ZoneInfo) -> float:
    """Days apart (capped at 3, so the last day of the period is not favoured) plus hours apart."""
    la, lb = a.start.astimezone(zone), b.start.astimezone(zone)
    days = abs((la.date() - lb.date()).days)
    hours = abs((la.hour + la.minute / 60) - (lb.hour + lb.minute / 60))
    return min(days, 3) * 3 + hours / 3


def choose_options(
    windows: Sequence[Interval],
    *,
    now: datetime,
    rules: ChoiceRules,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
    taken: Sequence[Interval] | IntervalIndex = (),
    seed: int = 0,
    beside: Sequence[Interval] = (),
) -> list[Interval]:
    """Up to ``rules.count`` options, sorted; see the module docstring for how they spread.
    ``beside`` are options already on offer that stay: the new ones spread away from them."""
    blocked = taken if isinstance(taken, IntervalIndex) else IntervalIndex(taken)
    pool = [
        c
        for c in candidates(windows, now=now, rules=rules, user_zone=user_zone, friend_zone=friend_zone)
        if not blocked.overlaps(c)
    ]
    if not pool or rules.count <= 0:
        return []
    rng = random.Random(seed)
    jitter = {c: rng.random() * 0.6 for c in pool}  # varies ties, never the spread

    liked_hours = rules.liked

    def preferred(c: Interval) -> float:
        if liked_hours is None:
            return 0.0
        return 1.0 if _within(c.start, c.end, user_zone, liked_hours) else 0.0

    def day(c: Interval) -> object:
        return c.start.astimezone(user_zone).date()

    # First: the earliest preferred candidate within the first days, a little varied per seed.
    horizon = pool[0].start + timedelta(days=2)
    early = [c for c in pool if c.start <= horizon] or pool
    ranked = sorted(
        early, key=lambda c: (-preferred(c), not _within(c.start, c.end, user_zone, COMFORT), c.start)
    )
    first = ranked[rng.randrange(min(3, len(ranked)))]
    chosen = list(beside) or [first]
    wanted = len(beside) + rules.count
    origin = pool[0].start.astimezone(user_zone).date()

    def score(c: Interval) -> float:
        local = c.start.astimezone(user_zone)
        spread = min(_distance(c, x, user_zone) for x in chosen)
        new_day = all(local.date() != x.start.astimezone(user_zone).date() for x in chosen)
        new_bucket = all(_bucket(c.start, user_zone) != _bucket(x.start, user_zone) for x in chosen)
        return (
            spread
            + 2.0 * new_day
            + 1.5 * new_bucket
            + 3.0 * preferred(c)
            + 0.5 * _round_in(c.start, friend_zone)
            - 0.15 * (local.date() - origin).days
            - 1.5 * (not _within(c.start, c.end, user_zone, COMFORT))
            + jitter[c]
        )

    while len(chosen) < wanted:
        options = [c for c in pool if not any(c.overlaps(x) for x in chosen)]
        if not options:
            break
        # A day not used yet wins whenever one is left; then preferred hours; others only fill up.
        used = {day(x) for x in chosen}
        options = [c for c in options if day(c) not in used] or options
        liked = [c for c in options if preferred(c)]
        chosen.append(max(liked or options, key=score))
    return sorted(chosen[len(beside) :])
