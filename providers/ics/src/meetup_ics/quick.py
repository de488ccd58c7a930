"""Reading a plain one-off VEVENT straight from its lines, without icalendar.

Nearly every event of a long calendar is a one-off with a DTSTART/DTEND (or DURATION) in
UTC, in an IANA zone or as dates. Reading those directly makes a cold run several times
faster than parsing everything with icalendar. Anything unusual (a recurrence, a quoted
parameter, a Windows or custom zone, an end before the start...) raises ``NotSimple`` and
the event goes the careful way, so both ways give the same busy time (tested on the corpus).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_DURATION = re.compile(r"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_WALL_EPOCH = datetime(1970, 1, 1)
_RECURRING = frozenset({"RRULE", "RDATE", "EXRULE", "RECURRENCE-ID", "EXDATE"})
_TIMES = frozenset({"DTSTART", "DTEND", "DURATION"})
_FLAGS = frozenset({"TRANSP", "STATUS"})
_ZONES: dict[str, ZoneInfo | None] = {}

Bounds = tuple[bool, int, int]  # (floating, start, end): UTC epoch or wall-clock seconds


class NotSimple(Exception):
    """The event needs icalendar (and the careful rules) to be read."""


def _zone(tzid: str) -> ZoneInfo:
    if tzid not in _ZONES:
        try:
            _ZONES[tzid] = ZoneInfo(tzid) if tzid and "/" in tzid and tzid[0] != "/" else None
        except Exception:  # any name zoneinfo refuses goes the careful way
            _ZONES[tzid] = None
    zone = _ZONES[tzid]
    if zone is None:
        raise NotSimple(tzid)
    return zone


def _moment(params: str, value: str) -> date | datetime:
    """A DTSTART/DTEND value: a date, a UTC or zoned time, or a floating (naive) time."""
    tzid, kind = None, None
    for param in params.split(";")[1:]:
        key, _, val = param.partition("=")
        key = key.upper()
        if key == "TZID" and tzid is None:
            tzid = val
        elif key == "VALUE" and kind is None:
            kind = val.upper()
        else:
            raise NotSimple(param)
    if kind in (None, "DATE-TIME") and (m := _DATETIME.match(value)):
        y, mo, d, h, mi, s, utc = m.groups()
        if utc and tzid is not None:
            raise NotSimple(value)
        moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))  # ValueError: careful way
        if utc:
            return moment.replace(tzinfo=ZoneInfo("UTC"))
        return moment.replace(tzinfo=_zone(tzid)) if tzid is not None else moment
    if kind in (None, "DATE") and tzid is None and (m := _DATE.match(value)):
        return date(int(m[1]), int(m[2]), int(m[3]))
    raise NotSimple(value)


def _duration(params: str, value: str) -> timedelta:
    m = _DURATION.match(value)
    if params != "DURATION" or not m or not any(m.groups()):
        raise NotSimple(value)
    w, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    return timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s)


def _seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        return int((moment - _WALL_EPOCH).total_seconds())
    return int(moment.timestamp())


def quick_bounds(lines: list[str]) -> Bounds | None:
    """The busy span of a plain one-off event (None: blocks nothing), or ``NotSimple``."""
    found: dict[str, tuple[str, str]] = {}
    depth = 0
    for line in lines[1:-1]:
        upper = line[:6].upper()
        if upper == "BEGIN:":
            if line[6:].strip().upper() != "VALARM":
                raise NotSimple(line)
            depth += 1
            continue
        if upper[:4] == "END:":
            depth -= 1
            continue
        if depth:
            continue  # alarms never change busy time
        head, colon, value = line.partition(":")
        name = head.split(";", 1)[0].upper()
        if name in _RECURRING or not colon:
            raise NotSimple(name)
        if name in _TIMES or name in _FLAGS:
            if name in found or '"' in head or any(ord(c) < 32 for c in line):
                raise NotSimple(line)
            found[name] = (head, value.strip())
    if depth:
        raise NotSimple("unbalanced")
    if any(found.get(flag, ("", ""))[1].upper() == busy for flag, busy in _BUSY_FLAGS):
        return None
    if "DTSTART" not in found:
        return None
    start = _moment(*found["DTSTART"])
    end: date | datetime
    if "DTEND" in found:
        end = _moment(*found["DTEND"])
    elif "DURATION" in found:
        if not isinstance(start, datetime):
            raise NotSimple("date with duration")
        end = start + _duration(*found["DURATION"])
    elif isinstance(start, datetime):
        return None  # DATE-TIME with neither DTEND nor DURATION blocks nothing
    else:
        end = start + timedelta(days=1)
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise NotSimple("date and date-time mixed")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        a = (start - _WALL_EPOCH.date()).days * 86400
        b = (end - _WALL_EPOCH.date()).days * 86400
        floating = True
    else:
        if (start.tzinfo is None) != (end.tzinfo is None):
            raise NotSimple("floating and zoned mixed")
        floating = start.tzinfo is None
        a, b = _seconds(start), _seconds(end)
    if b < a:
        raise NotSimple("end before start")
    return (floating, a, b) if b > a else None


_BUSY_FLAGS = (("TRANSP", "TRANSPARENT"), ("STATUS", "CANCELLED"))
