"""The follow-up schedule, pure: when a nudge is due, which fresh options it offers, its text.

The database half (reading open invites, enqueueing a due step once) is :mod:`meetup.followup.nudges`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.interval_index import IntervalIndex
from meetup.calendar.intervals import Interval

DEFAULT_SCHEDULE = (2, 4)


@dataclass(frozen=True)
class Step:
    invite_id: int
    attempt: int
    kind: str  # nudge | gave_up
    due: datetime


def next_step(
    invite_id: int, sent_at: datetime, previous: Sequence[datetime], schedule: Sequence[int]
) -> Step:
    """The next follow-up of an invite first sent at ``sent_at`` whose earlier follow-ups were
    made at ``previous``: nudge n is due ``schedule[n-1]`` days after the one before; after the
    last nudge, waiting as long again as the last gap means giving up. Pure."""
    attempt = len(previous) + 1
    anchor = previous[-1] if previous else sent_at
    if attempt <= len(schedule):
        return Step(invite_id, attempt, "nudge", anchor + timedelta(days=schedule[attempt - 1]))
    gap = schedule[-1] if schedule else 0
    return Step(invite_id, attempt, "gave_up", anchor + timedelta(days=gap))


# --------------------------------------------------------------------------- options


def pick_options(
    windows: Sequence[Interval],
    *,
    now: datetime,
    zone: ZoneInfo,
    duration: timedelta,
    count: int,
    notice: timedelta = timedelta(hours=12),
    waking: tuple[time, time] = (time(8), time(22)),
    avoid: Sequence[Interval] | IntervalIndex = (),
) -> list[Interval]:
    """Fresh options for a nudge: on the hour or half hour, after the notice, in the friend's
    waking hours, one per day, never overlapping an option offered elsewhere (``avoid``: pass an
    :class:`IntervalIndex` when checking many invites, each check is then O(log n))."""
    blocked = avoid if isinstance(avoid, IntervalIndex) else IntervalIndex(avoid)
    chosen: list[Interval] = []
    days: set[object] = set()
    for window in windows:
        start = max(window.start, now + notice)
        start = start.replace(second=0, microsecond=0)
        if start.minute % 30:
            start += timedelta(minutes=30 - start.minute % 30)
        while start + duration <= window.end and len(chosen) < count:
            local = start.astimezone(zone)
            end_local = (start + duration).astimezone(zone)
            candidate = Interval(start, start + duration)
            fits = waking[0] <= local.time() and (
                end_local.time() <= waking[1] and end_local.date() == local.date()
            )
            if fits and local.date() not in days and not blocked.overlaps(candidate):
                chosen.append(candidate)
                days.add(local.date())
                break
            start += timedelta(minutes=30)
        if len(chosen) >= count:
            break
    return chosen


# --------------------------------------------------------------------------- the nudge text


_OPENERS = [
    "Hi {name}, just floating this back up in case it got buried.",
    "Hey {name}! No pressure, but I'd still love to meet for {activity}.",
    "{name}, bumping this one: still keen on {activity} if you are.",
    "Hi {name}, second try: I'd really like to catch up.",
]
_CLOSERS = [
    "Just reply with the number that suits you, or tell me none of them do.",
    'A number is all I need; "none" is a fine answer too.',
    "Reply with a number and I'll put it in the calendar.",
]


def nudge_text(
    *,
    name: str,
    activity: str,
    options: Sequence[Interval],
    numbers: Sequence[int],
    zone: ZoneInfo,
    seed: str,
    last: bool,
) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    from meetup.invite.activities import activity_for

    first_name = name.split()[0] if name.split() else name
    what = activity_for(activity).noun_phrase
    opener = _OPENERS[digest[0] % len(_OPENERS)].format(name=first_name, activity=what)
    lines = [opener, "", "Some fresh times I'm free:"]
    for number, option in zip(numbers, options, strict=True):
        start, end = option.start.astimezone(zone), option.end.astimezone(zone)
        lines.append(f"  {number}. {start:%a %d %b}, {start:%H:%M}-{end:%H:%M}")
    lines.append(f"(times in {zone.key})")
    lines.append("")
    lines.append(_CLOSERS[digest[1] % len(_CLOSERS)])
    if last:
        lines.append("If now is a bad time, no worries, I'll ask again another time.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class OpenInvite:
    id: int
    friend_name: str
    friend_email: str | None
    friend_zone: ZoneInfo
    activity: str
    duration: timedelta
    sent_at: datetime
    subject: str
    thread: str | None
    previous: tuple[datetime, ...]
    offered: tuple[tuple[int, Interval], ...]
    #: highest option number this invite ever used
    top_position: int


@dataclass(frozen=True)
class Planned:
    step: Step
    invite: OpenInvite
    options: tuple[Interval, ...]
    body: str | None
    #: why this due step waits for a later run (nothing to offer now)
    skipped: str | None = None
    #: no email address (the invite was sent by hand): remind the user instead of mailing
    remind: bool = False


@dataclass
class FollowupSettings:
    schedule: tuple[int, ...] = DEFAULT_SCHEDULE
    options: int = 3
    sender: str = "meetup@localhost"
    sender_name: str = "meetup"
    domain: str = "meetup.invalid"
    transport: str = "outbox"


#: Free windows for an invite's fresh options; ``None`` when the calendars cannot be read now.
FreeTime = Callable[[OpenInvite], list[Interval] | None]


def plan(
    invites: Sequence[OpenInvite], *, now: datetime, settings: FollowupSettings, free_time: FreeTime
) -> list[Planned]:
    """What is due now (used by ``--dry-run`` and ``meetup status`` too)."""
    planned = []
    taken = IntervalIndex(option for invite in invites for _, option in invite.offered)
    # Options on offer only accumulate during a run: once windows yield nothing for a zone and
    # duration, every later invite with the same windows, zone and duration finds nothing too.
    exhausted: set[tuple[int, str, timedelta]] = set()
    for invite in invites:
        step = next_step(invite.id, invite.sent_at, invite.previous, settings.schedule)
        if step.due > now:
            continue
        if step.kind == "gave_up":
            planned.append(Planned(step, invite, (), None))
            continue
        if not invite.friend_email:
            planned.append(Planned(step, invite, (), None, remind=True))
            continue
        if settings.transport == "email" and not invite.friend_email:
            planned.append(Planned(step, invite, (), None, f"{invite.friend_name} has no email address"))
            continue
        windows = free_time(invite)
        if windows is None:
            planned.append(Planned(step, invite, (), None, "calendars unreadable; retried next run"))
            continue
        # Avoid every option still on offer, this invite's own included: a fresh option must
        # not repeat an old one under a new number (that would make "Tuesday" ambiguous).
        key = (id(windows), invite.friend_zone.key, invite.duration)
        fresh = [] if key in exhausted else pick_options(
            windows, now=now, zone=invite.friend_zone, duration=invite.duration, count=settings.options,
            avoid=taken,
        )  # fmt: skip
        if not fresh:
            exhausted.add(key)
            planned.append(Planned(step, invite, (), None, "no free time to offer; retried next run"))
            continue
        numbers = option_numbers(invite, len(fresh))
        body = nudge_text(
            name=invite.friend_name,
            activity=invite.activity,
            options=fresh,
            numbers=numbers,
            zone=invite.friend_zone,
            seed=f"{invite.id}.{step.attempt}",
            last=step.attempt == len(settings.schedule),
        )
        planned.append(Planned(step, invite, tuple(fresh), body))
        for option in fresh:
            taken.add(option)
    return planned


def option_numbers(invite: OpenInvite, count: int) -> list[int]:
    """New options are numbered after every option this invite ever offered, so "2" in a late
    reply to the first mail still means what it meant there."""
    return list(range(invite.top_position + 1, invite.top_position + count + 1))
