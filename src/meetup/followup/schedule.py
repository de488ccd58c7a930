"""The follow-up schedule, pure: when a nudge is due, which fresh options it offers, its text.

The database half (reading open invites, enqueueing a due step once) is :mod:`meetup.followup.nudges`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from meetup.calendar.interval_index import IntervalIndex
from meetup.calendar.intervals import Interval
from meetup.invite.activities import Activity, activity_for, parse_activity_hours
from meetup.invite.chooser import ChoiceRules, choose_options
from meetup.invite.composer import InviteContext, compose_nudge
from meetup.invite.request import StoredRequest

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
    #: what the invite asked for (None for invites made before it was stored)
    request: StoredRequest | None = None
    #: the user's zone when the invite was made
    user_zone: ZoneInfo | None = None
    friend_given: str | None = None
    #: earlier texts of this thread (and recent invites to the friend): never said again
    used: tuple[str, ...] = ()
    seed: int = 0


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
    #: the invite's period is over: this nudge says so and the invite closes
    ended: bool = False
    #: every option number the body lists (the ones that still stand, then the fresh ones)
    listed: tuple[int, ...] = ()


@dataclass
class FollowupSettings:
    schedule: tuple[int, ...] = DEFAULT_SCHEDULE
    options: int = 3
    sender: str = "meetup@localhost"
    sender_name: str = "meetup"
    domain: str = "meetup.invalid"
    transport: str = "outbox"
    #: how messages are signed (``[me] signature``); None: the first word of ``sender_name``
    signature: str | None = None
    templates: Mapping[str, str] = field(default_factory=dict)
    #: the ``[activities]`` config table (hours, durations per activity)
    activities: Mapping[str, Any] = field(default_factory=dict)


#: Free windows for an invite's fresh options; ``None`` when the calendars cannot be read now.
FreeTime = Callable[[OpenInvite], list[Interval] | None]
NOTICE = timedelta(hours=12)


def rules_for(
    activity: Activity, request: StoredRequest | None, *, count: int, duration: timedelta | None = None
) -> ChoiceRules:
    """The chooser's rules from an invite's stored request (its length, activity hours, any-time),
    or from the activity's defaults (and the invite's ``duration``) for an invite made before
    requests were stored."""
    if request is None:
        length = duration or activity.duration
        return ChoiceRules(length, count=count, hours=activity.hours, in_person=activity.in_person)
    hours = (
        parse_activity_hours(request.activity_hours, "the invite's activity hours")
        if request.activity_hours
        else None
    )
    return ChoiceRules(
        request.duration, count=count, hours=hours, any_time=request.any_time, in_person=request.in_person
    )


class ThreadFacts(Protocol):
    """What the composer needs to know about an invite's thread (an open invite being nudged, or
    an invite being answered)."""

    @property
    def id(self) -> int: ...
    @property
    def friend_name(self) -> str: ...
    @property
    def friend_zone(self) -> ZoneInfo: ...
    @property
    def activity(self) -> str: ...
    @property
    def request(self) -> StoredRequest | None: ...
    @property
    def user_zone(self) -> ZoneInfo | None: ...
    @property
    def friend_given(self) -> str | None: ...
    @property
    def seed(self) -> int: ...
    @property
    def used(self) -> tuple[str, ...]: ...


def context_for(
    invite: ThreadFacts, settings: FollowupSettings, *, options: Sequence[Interval] = (),
    numbers: Sequence[int] | None = None,
) -> InviteContext:  # fmt: skip
    """The composer's view of an invite: names, activity, zones, the thread so far (never
    calendar data)."""
    activity = activity_for(
        invite.request.activity if invite.request else invite.activity, settings.activities
    )
    return InviteContext(
        user_name=settings.sender_name, friend_name=invite.friend_name, activity=activity, options=options,
        user_zone=invite.user_zone or invite.friend_zone, friend_zone=invite.friend_zone, note=None,
        seed=invite.seed or invite.id, templates=settings.templates or None, friend_given=invite.friend_given,
        signature=settings.signature, numbers=numbers, used=invite.used,
    )  # fmt: skip


def plan(
    invites: Sequence[OpenInvite],
    *,
    now: datetime,
    settings: FollowupSettings,
    free_time: FreeTime,
    busy: Sequence[Interval] = (),
    history: Callable[[int], tuple[str, ...]] | None = None,
) -> list[Planned]:
    """What is due now (used by ``--dry-run`` and ``meetup status`` too). ``busy``: meetings
    meetup agreed and other offers that no fresh option may overlap."""
    planned = []
    # Avoid every option still on offer, this invite's own included: a fresh option must
    # not repeat an old one under a new number (that would make "Tuesday" ambiguous).
    taken = IntervalIndex([*busy, *(option for invite in invites for _, option in invite.offered)])
    # Options on offer only accumulate during a run: once windows yield nothing for a zone and
    # rules, every later invite with the same windows, zones and rules finds nothing too.
    exhausted: set[tuple[tuple[Interval, ...], str, str, ChoiceRules]] = set()
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
        standing = [(n, o) for n, o in invite.offered if o.start >= now + NOTICE]
        if invite.request is not None and invite.request.ended(now, NOTICE) and not standing:
            invite = _with_history(invite, history)
            draft = compose_nudge(
                context_for(invite, settings), step.attempt, ended=True, subject=invite.subject
            )
            planned.append(Planned(step, invite, (), draft.body, ended=True))
            continue
        windows = free_time(invite)
        if windows is None:
            planned.append(Planned(step, invite, (), None, "calendars unreadable; retried next run"))
            continue
        activity = activity_for(
            invite.request.activity if invite.request else invite.activity, settings.activities
        )
        rules = rules_for(
            activity, invite.request, count=max(1, settings.options - len(standing)), duration=invite.duration
        )
        user_zone = invite.user_zone or invite.friend_zone
        key = (tuple(windows), user_zone.key, invite.friend_zone.key, replace(rules, count=1))
        # at least one fresh time: the friend may not have answered because none of the others suit
        wanted = key not in exhausted
        fresh = choose_options(
            windows, now=now, rules=rules, user_zone=user_zone, friend_zone=invite.friend_zone, taken=taken,
            seed=(invite.seed or invite.id) * 31 + step.attempt, beside=[option for _, option in standing],
        ) if wanted else []  # fmt: skip
        if wanted and not fresh:
            exhausted.add(key)
        if not fresh and not standing:
            planned.append(Planned(step, invite, (), None, "no free time to offer; retried next run"))
            continue
        numbers = option_numbers(invite, len(fresh))
        invite = _with_history(invite, history)
        context = context_for(invite, settings, options=fresh, numbers=numbers)
        draft = compose_nudge(context, step.attempt, standing=standing, subject=invite.subject)
        listed = (*(n for n, _ in standing), *numbers)
        planned.append(Planned(step, invite, tuple(fresh), draft.body, listed=listed))
        for option in fresh:
            taken.add(option)
    return planned


def _with_history(invite: OpenInvite, history: Callable[[int], tuple[str, ...]] | None) -> OpenInvite:
    """Only a nudge about to be written reads its thread (what it must not say again)."""
    return invite if history is None else replace(invite, used=history(invite.id))


def option_numbers(invite: OpenInvite, count: int) -> list[int]:
    """New options are numbered after every option this invite ever offered, so "2" in a late
    reply to the first mail still means what it meant there."""
    return list(range(invite.top_position + 1, invite.top_position + count + 1))
