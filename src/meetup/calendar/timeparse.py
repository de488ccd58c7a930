"""Parsing the ``WHEN`` values of ``--from``, ``--to`` and ``--now``."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from meetup.errors import UsageError


def parse_when(text: str, zone: ZoneInfo, *, option: str = "WHEN") -> datetime:
    """An ISO 8601 datetime (with offset, or wall-clock in ``zone``) or a date (midnight in ``zone``)."""
    value = text.strip()
    try:
        if len(value) == 10 and value[4] == "-":
            day = date.fromisoformat(value)
            return datetime.combine(day, time(), tzinfo=zone)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not an ISO 8601 date or datetime "
            "(examples: 2026-11-23, 2026-11-23T18:00+01:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment
