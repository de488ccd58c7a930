"""What people meet for, with sensible default lengths and times of day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta


@dataclass(frozen=True)
class Activity:
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
    cleaned = " ".join(text.split())
    known = KNOWN.get(cleaned.lower())
    if known is not None:
        return known
    return Activity(cleaned or "meet", timedelta(minutes=60), None, cleaned or "a catch-up")
