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
            return check_year(datetime.combine(day, time(), tzinfo=zone), option, text)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not an ISO 8601 date or datetime "
            "(examples: 2026-11-23, 2026-11-23T18:00+01:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return check_year(moment, option, text)


#: dates meetup works with; beyond them arithmetic overflows and no calendar means anything
FIRST_YEAR, LAST_YEAR = 1970, 2200
#: the longest period one command looks at, and the longest meeting (docs/limits-and-safety.md)
MAX_DAYS = 366
MAX_DURATION = 24 * 60


def check_year(moment: datetime, option: str, text: str | None = None) -> datetime:
    """``moment`` when its year is within FIRST_YEAR..LAST_YEAR, else a usage error naming it."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        shown = repr(text) if text is not None else f"{moment:%Y-%m-%d}"
        raise UsageError(f"{option}: {shown} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return moment
