"""What people meet for, with sensible default lengths and the hours each one happens in.

=========  ========  ===================  ======================================
activity   length    hours                on the clock of
=========  ========  ===================  ======================================
coffee     45 min    09:00-17:00          the place (your zone)
breakfast  60 min    08:00-10:30          the place
brunch     90 min    10:00-14:00          the place
lunch      60 min    11:30-14:30          the place
drinks     120 min   17:30-23:00          the place
dinner     120 min   18:00-22:30          the place
walk       90 min    10:00-16:00          the place (daylight all year round)
call       30 min    any                  both people's waking hours (08:00-22:00)
other      60 min    your configured hours; the text itself names the activity
=========  ========  ===================  ======================================

The hours are a rule, not a hint: options fall inside them unless ``meetup invite --any-time``.
Each can be changed in the config (``[activities.lunch] hours = "12:00-15:00"``, ``duration =
75``), and free-text activities can get their own (``[activities."board games"] hours =
"14:00-22:00"``). ``--duration`` overrides the length of one invite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time, timedelta
from typing import Any

from meetup.errors import ConfigError


@dataclass(frozen=True)
class Activity:
    """One kind of meeting; ``noun_phrase`` is how a sentence names it ("fancy a coffee?")."""

    name: str
    duration: timedelta
    #: Wall-clock hours it happens in (the meeting place's zone), or None for any time.
    hours: tuple[time, time] | None
    #: How a sentence names it: "Fancy {noun_phrase}?".
    noun_phrase: str
    #: In person: the place's clock (the user's zone) decides; a call must suit both zones.
    in_person: bool = True

    @property
    def preferred(self) -> tuple[time, time] | None:
        """The old name of ``hours`` (they used to be only a preference)."""
        return self.hours

    @property
    def title(self) -> str:
        """How a calendar event names it: "Coffee", "Board games"."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def hours_text(self) -> str:
        if self.hours is None:
            return "any time"
        return f"{self.hours[0]:%H:%M}-{self.hours[1]:%H:%M}"


KNOWN = {
    "coffee": Activity("coffee", timedelta(minutes=45), (time(9), time(17)), "a coffee"),
    "breakfast": Activity("breakfast", timedelta(minutes=60), (time(8), time(10, 30)), "breakfast"),
    "brunch": Activity("brunch", timedelta(minutes=90), (time(10), time(14)), "brunch"),
    "lunch": Activity("lunch", timedelta(minutes=60), (time(11, 30), time(14, 30)), "lunch"),
    "drinks": Activity("drinks", timedelta(minutes=120), (time(17, 30), time(23)), "drinks"),
    "dinner": Activity("dinner", timedelta(minutes=120), (time(18), time(22, 30)), "dinner"),
    "walk": Activity("walk", timedelta(minutes=90), (time(10), time(16)), "a walk"),
    "call": Activity("call", timedelta(minutes=30), None, "a quick call", in_person=False),
}
ALIASES = {
    "a coffee": "coffee", "drink": "drinks", "a drink": "drinks", "beer": "drinks", "beers": "drinks",
    "a walk": "walk", "a call": "call", "phone call": "call", "video call": "call", "phone": "call",
    "supper": "dinner",
}  # fmt: skip


def parse_activity_hours(text: str, where: str) -> tuple[time, time] | None:
    """``HH:MM-HH:MM`` (end may be 24:00) or ``any``; ConfigError names ``where``."""
    cleaned = text.strip().lower()
    if cleaned in ("any", "any time", "anytime", ""):
        return None
    first, sep, last = cleaned.partition("-")
    try:
        if not sep:
            raise ValueError
        start = time.fromisoformat(first.strip())
        end = time(0) if last.strip() == "24:00" else time.fromisoformat(last.strip())
    except ValueError:
        raise ConfigError(f"{where}: hours {text!r} should look like 11:30-14:30 (or 'any')") from None
    if end != time(0) and end <= start:
        raise ConfigError(f"{where}: hours {text!r} end before they start")
    return start, end


def _configured(base: Activity, table: Mapping[str, Any], key: str) -> Activity:
    where = f"[activities.{key}]"
    if not isinstance(table, Mapping):
        raise ConfigError(f'{where} must be a table (hours = "11:30-14:30", duration = 60)')
    changes: dict[str, Any] = {}
    if "hours" in table:
        if not isinstance(table["hours"], str):
            raise ConfigError(f'{where}: hours must be a string like "11:30-14:30"')
        changes["hours"] = parse_activity_hours(table["hours"], where)
    if "duration" in table:
        minutes = table["duration"]
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            raise ConfigError(f"{where}: duration must be a positive number of minutes, got {minutes!r}")
        changes["duration"] = timedelta(minutes=minutes)
    if "in_person" in table:
        if not isinstance(table["in_person"], bool):
            raise ConfigError(f"{where}: in_person must be true or false")
        changes["in_person"] = table["in_person"]
    if "phrase" in table:
        if not isinstance(table["phrase"], str) or not table["phrase"].strip():
            raise ConfigError(f'{where}: phrase must be a non-empty string ("a coffee")')
        changes["noun_phrase"] = " ".join(table["phrase"].split())
    return replace(base, **changes)


def activity_for(text: str, config: Mapping[str, Any] | None = None) -> Activity:
    """A known activity by name (any case, a few aliases), else free text with a 60-minute
    default; ``config`` is the ``[activities]`` table, whose entries change either kind."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    key = ALIASES.get(cleaned.lower(), cleaned.lower())
    base = KNOWN.get(key) or Activity(cleaned or "meet", timedelta(minutes=60), None, cleaned or "a catch-up")
    table = {str(k).lower(): v for k, v in (config or {}).items()}
    if key in table:
        return _configured(base, table[key], key)
    return base
