"""Cadences ("every 6 weeks") and the date arithmetic behind them. Pure.

A cadence counts calendar days, weeks or months from a *date*, never from an instant: "every
month" from 31 January is the last day of February, and a DST change in between moves nothing
(a meeting at 23:30 local time on a DST night is still on that local date). Callers turn
instants into local dates in the user's zone with :func:`local_date` first.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.errors import UsageError

_UNITS = {"d": "day", "w": "week", "m": "month"}
_PATTERN = re.compile(r"^\s*(\d{1,4})\s*(d|w|m|days?|weeks?|months?)\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Cadence:
    """``count`` days, weeks or months (``unit`` is ``d``, ``w`` or ``m``)."""

    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def describe(self) -> str:
        word = _UNITS[self.unit]
        return f"every {word}" if self.count == 1 else f"every {self.count} {word}s"

    def after(self, start: date) -> date:
        """The date one cadence after ``start`` (months clamp to the month's last day)."""
        if self.unit == "d":
            return start + timedelta(days=self.count)
        if self.unit == "w":
            return start + timedelta(weeks=self.count)
        return add_months(start, self.count)

    def days_from(self, start: date) -> int:
        """How many days this cadence spans when counted from ``start`` (28..31 for a month)."""
        return (self.after(start) - start).days


def parse_cadence(text: str, *, option: str = "--every") -> Cadence:
    """``6w``, ``10d``, ``3m`` (also ``2 weeks``); anything else is a usage error naming ``option``."""
    match = _PATTERN.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(
            f"{option} {text!r}: use a number and d, w or m (days, weeks, months), like 10d, 6w or 3m"
        )
    return Cadence(int(match.group(1)), match.group(2)[0].lower())


def parse_span(text: str, *, option: str) -> timedelta:
    """A span like ``7d`` or ``2w`` for options such as ``--within`` (months are refused: ambiguous)."""
    if text.strip() in ("0", "0d"):
        return timedelta(0)
    cadence = parse_cadence(text, option=option)
    if cadence.unit == "m":
        raise UsageError(f"{option} {text!r}: give days or weeks, like 7d or 2w")
    return timedelta(days=cadence.count * (7 if cadence.unit == "w" else 1))


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later; a day the target month lacks becomes its last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar date of an instant where the user lives."""
    return moment.astimezone(zone).date()


def parse_day(text: str, *, today: date, option: str) -> date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday``."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise UsageError(f"{option} {text!r}: give a date as YYYY-MM-DD (or today, yesterday)") from None


def iso_week(day: date) -> str:
    """``2026-W48``: the week a weekly limit counts in (ISO weeks start on Monday)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
