"""Who is due for contact, most overdue first. Pure: friends' facts and today in, a list out.

The countdown runs from the last interaction (a meeting that happened, or one recorded with
``meetup met``); a friend never contacted counts from the day their cadence was set, so adding
a cadence does not make everyone overdue at once. Overdue time is compared *relative to the
cadence*: ten days late on a weekly cadence is more urgent than ten days late on a quarterly one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from meetup.keepintouch.cadence import Cadence
from meetup.text import folded


@dataclass(frozen=True)
class Standing:
    """What the due list needs to know about one friend."""

    friend_id: int
    name: str
    cadence: Cadence | None
    #: when the cadence (or the tag that gives it) was set; the anchor when never contacted
    cadence_set_on: date | None
    last_contact: date | None = None
    open_invite: int | None = None
    tags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Due:
    friend_id: int
    friend: str
    last_contact: date | None
    every_days: int
    due_on: date
    #: days past ``due_on`` (negative: due in that many days, inside ``--within``)
    overdue_days: int
    open_invite: int | None

    @property
    def urgency(self) -> Fraction:
        return Fraction(self.overdue_days, max(1, self.every_days))

    def as_json(self) -> dict[str, object]:
        return {
            "friend": self.friend,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "every_days": self.every_days,
            "overdue_days": self.overdue_days,
            "open_invite": self.open_invite,
        }


def effective_cadence(
    own: Cadence | None, own_set_on: date | None, tags: Mapping[str, date], tag_defaults: Mapping[str, Cadence],
) -> tuple[Cadence | None, date | None]:  # fmt: skip
    """A friend's own cadence wins; else the most frequent of their tags' defaults, anchored on the
    day that tag was given (a tie: the earliest given, then the first tag by name, whatever the row order)."""
    if own is not None:
        return own, own_set_on
    candidates = [
        (c.after(on) - on, on, t, c) for t, on in tags.items() if (c := tag_defaults.get(t)) is not None
    ]
    if not candidates:
        return None, None
    _, on, _, cadence = min(candidates)
    return cadence, on


def standing_of(friend: Standing, today: date) -> Due | None:
    """This friend's place on the due list, or None without a cadence."""
    if friend.cadence is None:
        return None
    anchor = friend.last_contact or friend.cadence_set_on or today
    due_on = friend.cadence.after(anchor)
    return Due(
        friend_id=friend.friend_id,
        friend=friend.name,
        last_contact=friend.last_contact,
        every_days=friend.cadence.days_from(anchor),
        due_on=due_on,
        overdue_days=(today - due_on).days,
        open_invite=friend.open_invite,
    )


def due_list(
    friends: Iterable[Standing], *, today: date, within: timedelta = timedelta(0), tag: str | None = None
) -> list[Due]:
    """Friends due by ``today + within``, most overdue (relative to cadence) first."""
    horizon = today + within
    found = [
        entry
        for friend in friends
        if tag is None or tag.lower() in friend.tags
        if (entry := standing_of(friend, today)) is not None and entry.due_on <= horizon
    ]
    return sorted(found, key=lambda d: (-d.urgency, -d.overdue_days, folded(d.friend), d.friend_id))


def next_up(entries: Sequence[Due], *, skip: Iterable[int] = ()) -> Due | None:
    """The most overdue friend without an open invite (and not in ``skip``)."""
    skipped = set(skip)
    return next(
        (d for d in entries if d.open_invite is None and d.overdue_days >= 0 and d.friend_id not in skipped),
        None,
    )


def least_recent(friends: Iterable[Standing], *, since: Mapping[int, date] | None = None) -> list[Standing]:
    """For a connection week: never contacted first (oldest connection first), then the longest ago."""
    since = since or {}

    def key(f: Standing) -> tuple[date, date, str]:
        return (f.last_contact or date.min, since.get(f.friend_id, date.min), folded(f.name))

    return sorted(friends, key=key)
