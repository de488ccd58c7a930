"""Bounds on the work one calendar may cost, whatever it contains or whatever is asked of it.

A calendar is untrusted input: a feed can be endless, a rule can recur every second from
1970, a VTIMEZONE can carry such a rule. Each bound here has a documented default (see
docs/limits-and-safety.md) and the per-calendar options that change it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from meetup.errors import ProviderError

#: Rule steps (dateutil iterations from DTSTART to the end of the period) one series may cost.
MAX_RULE_STEPS = 200_000
#: Occurrences of one series inside the asked period.
MAX_INSTANCES = 10_000
#: Transitions one VTIMEZONE rule may expand to (icalendar expands them all, up to 2038 or beyond).
MAX_ZONE_STEPS = 20_000
#: Years a period may reach; outside them a date is taken as a mistake.
YEARS = (1600, 9000)

# Seconds per FREQ unit, used to estimate how many steps a rule walks.
_FREQ_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
# Units finer than a FREQ multiply its steps by the length of their BY list (RFC 5545 3.3.10).
_UNIT_RANK = {"SECOND": 0, "MINUTE": 1, "HOUR": 2, "DAY": 3, "WEEK": 4, "MONTH": 5, "YEAR": 6}
_FREQ_UNIT = {
    "SECONDLY": "SECOND",
    "MINUTELY": "MINUTE",
    "HOURLY": "HOUR",
    "DAILY": "DAY",
    "WEEKLY": "WEEK",
    "MONTHLY": "MONTH",
    "YEARLY": "YEAR",
}
_BY_UNIT = {
    "BYSECOND": "SECOND",
    "BYMINUTE": "MINUTE",
    "BYHOUR": "HOUR",
    "BYDAY": "DAY",
    "BYMONTHDAY": "DAY",
    "BYYEARDAY": "DAY",
    "BYWEEKNO": "WEEK",
    "BYMONTH": "MONTH",
}


@dataclass(frozen=True)
class Limits:
    """Per-calendar bounds; the defaults suit any personal calendar we have seen."""

    timeout: float = 20.0  # seconds for a whole download, not per read
    max_bytes: int = 50_000_000  # a file or feed larger than this is refused
    max_days: int = 3660  # the longest period one query may ask for
    budget: float = 60.0  # seconds of parsing and expanding per calendar and query
    max_rule_steps: int = MAX_RULE_STEPS
    max_instances: int = MAX_INSTANCES
    max_redirects: int = 5

    @classmethod
    def from_options(cls, name: str, options: Mapping[str, object]) -> Limits:
        """Limits from a calendar's options (``timeout``, ``max_mb``, ``max_days``, ``budget``)."""

        def number(key: str, default: float, most: float) -> float:
            value = options.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= most:
                raise ProviderError(
                    f"calendar {name!r}: {key!r} must be a number above 0 and at most {most:g}"
                )
            return float(value)

        base = cls()
        return cls(
            timeout=number("timeout", base.timeout, 3600),
            max_bytes=int(number("max_mb", base.max_bytes / 1e6, 2000) * 1e6),
            max_days=int(number("max_days", base.max_days, 36600)),
            budget=number("budget", base.budget, 3600),
        )


class Budget:
    """A deadline for one calendar's parsing and expansion, checked between components."""

    def __init__(self, seconds: float, label: str) -> None:
        self.seconds = seconds
        self.label = label
        self._deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._deadline:
            raise ProviderError(
                f"{self.label}: reading this calendar took longer than {self.seconds:g} s "
                "(the calendar's 'budget' option)"
            )

    def remaining(self) -> float:
        return self._deadline - time.monotonic()


def _as_seconds(moment: date | datetime) -> float:
    if isinstance(moment, datetime):
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp()


def _list(value: object) -> list[object]:
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


def rule_steps(rule: Mapping[str, object], start: date | datetime, end: date | datetime) -> float:
    """An upper estimate of the candidates dateutil walks for ``rule`` from ``start`` to ``end``.

    ``rule`` maps RRULE parts to lists of values, as icalendar's vRecur does. Both
    recurring-ical-events and icalendar's VTIMEZONE walk a rule from its DTSTART, so a rule's
    cost grows with the time from its start, not with the period asked for.
    """
    freq = str((_list(rule.get("FREQ")) or ["?"])[0]).upper()
    if freq not in _FREQ_SECONDS:
        return 0.0  # no valid FREQ: the parser refuses it anyway
    try:
        interval = max(1, int(str((_list(rule.get("INTERVAL")) or [1])[0])))
    except ValueError:
        interval = 1
    span = max(0.0, _as_seconds(end) - _as_seconds(start))
    steps = span / (_FREQ_SECONDS[freq] * interval) + 1
    rank = _UNIT_RANK[_FREQ_UNIT[freq]]
    for part, unit in _BY_UNIT.items():
        values = _list(rule.get(part))
        if values and _UNIT_RANK[unit] < rank:
            per_value = 1
            if part == "BYDAY" and freq in ("MONTHLY", "YEARLY"):
                plain = all(str(v).upper().lstrip("+-0123456789") == str(v).upper() for v in values)
                per_value = (5 if freq == "MONTHLY" or rule.get("BYMONTH") else 53) if plain else 1
            steps *= len(values) * per_value
    return steps
