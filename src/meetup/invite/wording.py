"""How a person writes times, zones and names. Pure: no clock, no I/O.

- Days without zero padding: "Sat 5 Dec, 10:00-11:00".
- Zones as people say them ("UK time", "New York time", "your time"), and only when the two
  people's zones differ.
- A first name to greet: the vCard given name or nickname when known, else the first word of the
  name that is not a title ("Dr. Maria Garcia" -> "Maria"), or the word after the comma of a
  name filed surname first ("Garcia, Maria" -> "Maria").
- Sentences: a thread never says the same sentence twice (:class:`Phrases`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval

#: Zones people name by their country or region rather than their city.
_SPOKEN = {
    "Europe/London": "UK",
    "Europe/Belfast": "UK",
    "Europe/Dublin": "Irish",
    "Europe/Lisbon": "Lisbon",
    "Asia/Kolkata": "India",
    "Asia/Calcutta": "India",
    "Asia/Singapore": "Singapore",
    "Asia/Hong_Kong": "Hong Kong",
    "America/Los_Angeles": "LA",
    "America/New_York": "New York",
    "Pacific/Auckland": "New Zealand",
    "Asia/Tokyo": "Tokyo",
    "Asia/Shanghai": "China",
    "Etc/UTC": "UTC",
    "UTC": "UTC",
}

_TITLES = frozenset(
    [
        "dr",
        "dr.",
        "doctor",
        "prof",
        "prof.",
        "professor",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "mx",
        "mx.",
        "sir",
        "dame",
        "lady",
        "lord",
        "rev",
        "rev.",
        "fr",
        "fr.",
        "herr",
        "frau",
        "hr.",
        "fr.",
        "sr",
        "sr.",
        "sra",
        "sra.",
        "mme",
        "mme.",
        "mlle",
        "m.",
        "dott",
        "dott.",
        "ing",
        "ing.",
    ]
)


def zone_label(zone: ZoneInfo) -> str:
    """The way a person names a zone: "UK time", "New York time", "Berlin time"."""
    name = _SPOKEN.get(zone.key) or zone.key.split("/")[-1].replace("_", " ")
    return f"{name} time"


def zone_note(shown: ZoneInfo, user: ZoneInfo, friend: ZoneInfo | None) -> str:
    """The words after a list of times, or "" when both people share a zone.

    Times shown in the friend's own zone are "your time"; times shown in the user's zone (an
    in-person meeting where the user lives) are named after that place ("UK time")."""
    if friend is None or friend.key == user.key:
        return ""
    return "your time" if shown.key == friend.key else zone_label(shown)


def day_text(moment: datetime) -> str:
    """``Sat 5 Dec``: no zero padding."""
    return f"{moment:%a} {moment.day} {moment:%b}"


def format_option(option: Interval, zone: ZoneInfo) -> str:
    """``Tue 24 Nov, 18:00-19:00`` in ``zone``; the end carries its day when it is another day."""
    start, end = option.start.astimezone(zone), option.end.astimezone(zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{day_text(end)} {end:%H:%M}"
    return f"{day_text(start)}, {start:%H:%M}-{end_text}"


def first_name(full_name: str, given: str | None = None) -> str:
    """The name to greet someone by: ``given`` (vCard N given name or NICKNAME) when known,
    else the first word of ``full_name`` that is not a title (the one after the comma when the name
    is filed surname first); "there" when nothing is left."""
    if given and given.strip():
        return " ".join(given.split())
    names = [
        w for w in full_name.split() if w.lower() not in _TITLES and w.lower().rstrip(".") not in _TITLES
    ]
    if not names:
        return "there"
    if names[0].endswith(",") and len(names) > 1:  # "Garcia, Maria" (as Outlook files names)
        return names[1].strip(",")
    return names[0].strip(",")


def signature_name(user_name: str, signature: str | None = None) -> str:
    """How the user signs a note to a friend: ``[me] signature``, else their first name."""
    if signature and signature.strip():
        return " ".join(signature.split())
    name = first_name(user_name)
    return "me" if name == "there" else name


def event_title(activity_title: str, other: str) -> str:
    """A calendar event titled from its owner's side: "Coffee with Maria" in the user's calendar,
    "Coffee with Alex" in the friend's invitation."""
    return " ".join(f"{activity_title} with {other}".split())


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences (and lines) of a message, normalised for comparison."""
    found = []
    for piece in _SENTENCE.split(text):
        cleaned = " ".join(piece.split()).strip().lower()
        if cleaned:
            found.append(cleaned)
    return found


class Phrases:
    """Picks phrasings with a seeded generator, never one whose sentences were already used
    (earlier in the thread, or to the same friend lately). When every choice was used, the one
    used least recently in the list order is taken rather than failing."""

    def __init__(self, seed: int, used: Iterable[str] = ()) -> None:
        self.rng = random.Random(seed)
        #: each sentence said so far and when it was last said (a count: higher is later)
        self.used: dict[str, int] = {}
        self._said = 0
        for text in used:
            self.remember(text)

    def _last_said(self, text: str) -> int:
        return max((self.used.get(s, -1) for s in sentences(text)), default=-1)

    def pick(self, choices: Sequence[str], **fields: str) -> str:
        rendered = [c.format(**fields) for c in choices]
        order = list(range(len(rendered)))
        self.rng.shuffle(order)
        # a fresh phrasing (in the seeded order), else the one said longest ago
        text = rendered[min(order, key=lambda i: self._last_said(rendered[i]))]
        self.remember(text)
        return text

    def remember(self, text: str) -> None:
        for sentence in sentences(text):
            self.used[sentence] = self._said
            self._said += 1
