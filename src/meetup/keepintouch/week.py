"""A connection week: N friends a day for D days, each invited to a short call on their day. Pure.

The controller (``meetup.keepintouch.run``) picks the friends and makes the invites; this module
decides the days, the personal line and how each call stands afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from meetup.errors import UsageError
from meetup.text import one_line

#: Why a call with a new connection: about them, never a pitch.
WHY = (
    "I'd love to hear what you're working on these days, and whether there's anything I could help with.",
    "I'd like to learn more about what you do, and see if there's a way I can be useful to you.",
    "I'm curious what you're focused on at the moment, and happy to help where I can.",
    "It would be good to hear what you're up to and what you could use a hand with.",
)
ASK_PHONE = (
    "What's the best number to reach you?",
    "What's the best number to reach you on?",
    "What number should I call you on?",
)


@dataclass
class Days:
    """The plan's days and how many calls each still has room for."""

    days: list[date]
    per_day: int

    def __post_init__(self) -> None:
        self.used = dict.fromkeys(self.days, 0)

    @classmethod
    def starting(cls, start: date, count: int, per_day: int, weekdays: Collection[int] = range(7)) -> Days:
        """``count`` days from ``start`` on, only on ``weekdays`` (0 = Monday: the days the user
        has hours on), so "five days" from a Saturday with weekday hours is Monday to Friday."""
        if count < 1 or count > 31:
            raise UsageError(f"--days must be 1..31, got {count}")
        if per_day < 1 or per_day > 12:
            raise UsageError(f"--per-day must be 1..12, got {per_day}")
        if not weekdays:
            raise UsageError("your hours leave no day of the week free; see `hours` in the config")
        days: list[date] = []
        day = start
        while len(days) < count:
            if day.weekday() in weekdays:
                days.append(day)
            day += timedelta(days=1)
        return cls(days, per_day)

    @property
    def capacity(self) -> int:
        return len(self.days) * self.per_day

    def first_with_room(self) -> date | None:
        """The next friend's day: days fill up in order (two on day one, then day two, ...)."""
        return next((d for d in self.days if self.used[d] < self.per_day), None)

    def candidates(self, wanted: date) -> list[date]:
        """``wanted`` and then the later days, each only while it has room."""
        return [d for d in self.days if d >= wanted and self.used[d] < self.per_day]

    def take(self, day: date) -> None:
        if self.used[day] >= self.per_day:
            raise ValueError(f"{day} is full")
        self.used[day] += 1


def call_note(user_note: str | None, *, ask_phone: bool, seed: int) -> str:
    """The personal line: the user's own reason, else one about them; plus asking for a number."""
    rng = random.Random(seed)
    why = one_line(user_note or "") or WHY[rng.randrange(len(WHY))]
    return f"{why} {ASK_PHONE[rng.randrange(len(ASK_PHONE))]}" if ask_phone else why


def call_state(invite_state: str | None, chosen_end: datetime | None, now: datetime, met_since: bool) -> str:
    """How one friend of the week stands: called, booked, waiting, declined, no answer, not invited."""
    if met_since or (invite_state == "accepted" and chosen_end is not None and chosen_end <= now):
        return "called"
    if invite_state == "accepted":
        return "booked"
    if invite_state in ("open", "unsent", "draft"):
        return "waiting"
    if invite_state in ("declined", "cancelled"):  # cancelled: they declined the booked call later
        return "declined"
    if invite_state is None:
        return "not invited"
    return "no answer"


def summary(states: Sequence[str]) -> str:
    order = ("called", "booked", "waiting", "declined", "no answer", "not invited")
    return ", ".join(f"{states.count(s)} {s}" for s in order if states.count(s))
