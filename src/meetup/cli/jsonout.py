"""What ``--json`` prints for times: one shape for free windows, offered options and groups."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval


def spans(intervals: Iterable[Interval], zone: ZoneInfo) -> list[dict[str, str]]:
    """``[{"start", "end"}]`` in ISO 8601 on ``zone``'s clock (the offset says which)."""
    return [
        {"start": i.start.astimezone(zone).isoformat(), "end": i.end.astimezone(zone).isoformat()}
        for i in intervals
    ]
