"""Busy time from iCalendar data, following meetup's busy semantics (see the README)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup_ics.digest import Warn
from meetup_ics.expand import query
from meetup_ics.fragments import build


def busy_from_ics(
    data: bytes | str, period: Interval, zone: ZoneInfo, *, source: str, warn: Warn
) -> list[Interval]:
    """Busy intervals of every event occurrence and VFREEBUSY period overlapping ``period``.

    No cache: for data that has no stable identity (a CalDAV response, a test string). The
    default limits apply (runaway series are skipped with a warning).
    """
    digest, _fragments = build(data, source=source, warn=warn)
    return query(digest, period, zone, source=source, warn=warn)
