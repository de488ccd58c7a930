"""What an invite was asked for, stored with it so every later message obeys the same request.

A nudge, a slot-taken reply and a campaign's next invite look for times with the invite's own
calendars, zone, hours, period, duration and activity, not with whatever the config says today.
``--from``/``--to`` are hard limits: once the period is over, no new times are invented. Pure.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from meetup.calendar.intervals import Interval

#: How far ahead nudges look when the invite gave no end (``--days`` is a suggestion, not a limit).
ROLLING = timedelta(days=14)


@dataclass(frozen=True)
class StoredRequest:
    activity: str
    duration_min: int
    zone: str
    hours: str
    calendars: tuple[str, ...] = ()
    #: ``--from`` / ``--to`` as given (ISO, UTC); None when the invite used the rolling default.
    not_before: str | None = None
    not_after: str | None = None
    any_time: bool = False
    options: int = 3
    #: The activity's own hours (``HH:MM-HH:MM`` in the meeting place's zone), None for any time.
    activity_hours: str | None = None
    #: In person (the user's clock decides) or a call (both people's waking hours).
    in_person: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        data = asdict(self)
        data["calendars"] = list(self.calendars)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StoredRequest:
        data = json.loads(text)
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["calendars"] = tuple(known.get("calendars", ()))
        return cls(**known)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_min)

    def period(self, now: datetime, rolling: timedelta = ROLLING) -> Interval | None:
        """Where fresh options may lie from ``now`` on: the hard ``--from/--to`` limits when given,
        else the next ``rolling`` days; None when the period is over."""
        start = max(now, datetime.fromisoformat(self.not_before)) if self.not_before else now
        end = datetime.fromisoformat(self.not_after) if self.not_after else now + rolling
        if end - start < self.duration:
            return None
        return Interval(start, end)

    def ended(self, now: datetime, notice: timedelta = timedelta(hours=12)) -> bool:
        """True once no option could fit before the hard end any more."""
        if not self.not_after:
            return False
        return datetime.fromisoformat(self.not_after) - (now + notice) < self.duration


def satisfies(request: StoredRequest, option: Interval, windows: Sequence[Interval]) -> bool:
    """Does ``option`` obey the request: its length, inside the free ``windows`` computed for it,
    and within the hard period when there is one?"""
    if option.duration != request.duration:
        return False
    if request.not_before and option.start < datetime.fromisoformat(request.not_before):
        return False
    if request.not_after and option.end > datetime.fromisoformat(request.not_after):
        return False
    return any(w.contains(option) for w in windows)
