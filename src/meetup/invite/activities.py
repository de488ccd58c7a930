"""What people meet for, with sensible default lengths and times of day.

========  ========  ====================================================
activity  length    preferred hours (user's wall clock)
========  ========  ====================================================
coffee    45 min    09:00-17:00 (mornings and afternoons)
lunch     60 min    12:00-14:00
drinks    120 min   18:00-23:00 (evenings)
walk      90 min    10:00-18:00 (daylight, roughly)
call      30 min    any time (within the friend's waking hours)
other     60 min    any time; the text itself names the activity
========  ========  ====================================================

Preferred hours are a preference, not a rule: the option chooser falls back to other free
times when the preferred ones are taken. ``--duration`` overrides the length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta


@dataclass(frozen=True)
class Activity:
    """One kind of meeting; ``noun_phrase`` is how a sentence names it ("fancy a coffee?")."""

    name: str
    duration: timedelta
    #: Preferred wall-clock hours in the user's zone, or None for any time.
    preferred: tuple[time, time] | None
    #: How a sentence names it: "Fancy {noun_phrase}?".
    noun_phrase: str


KNOWN = {
    "coffee": Activity("coffee", timedelta(minutes=45), (time(9), time(17)), "a coffee"),
    "lunch": Activity("lunch", timedelta(minutes=60), (time(12), time(14)), "lunch"),
    "drinks": Activity("drinks", timedelta(minutes=120), (time(18), time(23)), "drinks"),
    "walk": Activity("walk", timedelta(minutes=90), (time(10), time(18)), "a walk"),
    "call": Activity("call", timedelta(minutes=30), None, "a call"),
}


def activity_for(text: str) -> Activity:
    """A known activity by name (any case), else free text with a 60-minute default."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    known = KNOWN.get(cleaned.lower())
    if known is not None:
        return known
    return Activity(cleaned or "meet", timedelta(minutes=60), None, cleaned or "a catch-up")
