"""Deciding a group invite from its answers, and the tally friends are told. Pure.

The first option (in the order offered) that ``quorum`` friends can make is confirmed at once.
Otherwise nothing happens until every friend has answered or the decision time has come; then
the option most can make (the earliest of equals) is proposed to the user, or confirmed when
``auto`` is set. When nobody can make any option, the group has failed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.invite.wording import first_name

Action = Literal["wait", "confirm", "propose", "give_up"]
#: Before the first option: the default time to decide by.
DECIDE_BEFORE = timedelta(days=3)


@dataclass(frozen=True)
class MemberAnswer:
    """One friend's answer so far: ``None`` while waiting, else yes/no/later and the options."""

    name: str
    answer: str | None = None
    options: frozenset[int] = frozenset()

    def can(self, option: int) -> bool:
        return self.answer == "yes" and option in self.options


@dataclass(frozen=True)
class Decision:
    action: Action
    option: int | None = None
    #: Names of the friends who can make ``option``.
    can: tuple[str, ...] = ()
    why: str = ""


def tally(positions: Sequence[int], answers: Sequence[MemberAnswer]) -> dict[int, tuple[str, ...]]:
    """For each option, who can make it (in the members' order)."""
    return {p: tuple(a.name for a in answers if a.can(p)) for p in positions}


def default_decide_by(first_option: datetime, now: datetime) -> datetime:
    """Three days before the first option; halfway there when that leaves less than a day."""
    wanted = first_option - DECIDE_BEFORE
    if wanted - now >= timedelta(days=1):
        return wanted
    return now + (first_option - now) / 2


def decide(
    positions: Sequence[int],
    answers: Sequence[MemberAnswer],
    *,
    quorum: int,
    now: datetime,
    decide_by: datetime,
    auto: bool = False,
) -> Decision:
    """What to do now; see the module docstring."""
    counts = tally(positions, answers)
    for position in positions:
        if len(counts[position]) >= quorum:
            return Decision(
                "confirm",
                position,
                counts[position],
                f"{len(counts[position])} of {len(answers)} can make it",
            )
    waiting = [a for a in answers if a.answer is None]
    if waiting and now < decide_by:
        return Decision("wait", why=f"waiting for {len(waiting)} answer(s) until {decide_by:%Y-%m-%d %H:%M}")
    best = max(positions, key=lambda p: (len(counts[p]), -positions.index(p)), default=None)
    if best is None or not counts[best]:
        return Decision("give_up", why="nobody can make any of the options")
    reason = "everyone has answered" if not waiting else "the time to decide has come"
    why = f"{reason}; {len(counts[best])} of {len(answers)} can make it (wanted {quorum})"
    return Decision("confirm" if auto else "propose", best, counts[best], why)


def first_names(full_names: Sequence[str]) -> dict[str, str]:
    """How messages name each friend: the first name as a greeting has it ("Dr. Maria Garcia" and
    "Garcia, Maria" are Maria), plus the surname's initial where two share one."""
    firsts = {name: _first(name) for name in full_names}
    clashes = {f for f in firsts.values() if list(firsts.values()).count(f) > 1}
    return {
        name: first + _initial(name, first) if first in clashes else first for name, first in firsts.items()
    }


def _first(full_name: str) -> str:
    first = first_name(full_name)
    return first if first != "there" else (" ".join(full_name.split()) or "?")  # only a title: as written


def _initial(full_name: str, first: str) -> str:
    """`` G.``: the family name's initial (before the comma of "Garcia, Maria", else the last word
    after the first name); "" when there is none."""
    words = full_name.split()
    surname = (
        words[0] if words and words[0].endswith(",") else (words[-1] if words and words[-1] != first else "")
    )
    return f" {surname[0]}." if surname else ""


def join_names(names: Sequence[str]) -> str:
    """``Ben``, ``Ben and Cleo``, ``Ben, Cleo and Dev``."""
    names = list(names)
    if not names:
        return ""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def day_label(option: Interval, options: Mapping[int, Interval], zone: ZoneInfo) -> str:
    """``Thursday``, or ``Thursday 19:00`` when another option falls on the same day."""
    start = option.start.astimezone(zone)
    same_day = [o for o in options.values() if o.start.astimezone(zone).date() == start.date()]
    return f"{start:%A}" if len(same_day) <= 1 else f"{start:%A %H:%M}"


def tally_sentence(
    options: Mapping[int, Interval],
    answers: Sequence[MemberAnswer],
    zone: ZoneInfo,
    *,
    names: Mapping[str, str] | None = None,
    most: int = 2,
) -> str:
    """``Ben and Cleo can do Thursday, and Ana can do Tuesday.``; empty when nobody said yes.

    The options most can make come first (at most ``most`` of them); options the same people can
    make share a clause ("Ana and Ben can do Monday or Sunday"). ``names`` maps full names to
    how the reader knows them (first names)."""
    counts = tally(list(options), answers)
    ranked = sorted((p for p in options if counts[p]), key=lambda p: (-len(counts[p]), p))[:most]
    shown = names or {}
    clauses: dict[tuple[str, ...], list[int]] = {}
    for position in ranked:
        clauses.setdefault(counts[position], []).append(position)
    parts = [
        f"{join_names([shown.get(n, n) for n in people])} can do "
        + " or ".join(day_label(options[p], options, zone) for p in sorted(positions))
        for people, positions in clauses.items()
    ]
    return ", and ".join(parts) + "." if parts else ""
