"""Splitting iCalendar text into its top-level components ourselves, before any parser sees it.

Each VEVENT is then read (and cached) on its own, so one broken line costs one event, never
the calendar, and a calendar in which one event changed costs one event's parse. VTIMEZONEs
whose rules would expand without bound are dropped here, before icalendar expands them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from meetup_ics.limits import MAX_ZONE_STEPS, rule_steps

Warn = Callable[[str], None]
#: Components that only ever appear at the top level: a BEGIN of one inside another closes it.
TOP_LEVEL = frozenset({"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"})
_MARK = re.compile(r"^(BEGIN|END)[ \t]*:([^\r\n]*)", re.MULTILINE | re.IGNORECASE)
_X_WR = re.compile(r"^X-WR-TIMEZONE[ \t]*:([^\r\n]*)", re.MULTILINE | re.IGNORECASE)
_FOLD = re.compile(r"\r?\n[ \t]")
_OFFSET = re.compile(r"^[+-]\d{4}(\d{2})?$")
_ZONE_HORIZON = date(2038, 12, 31)  # icalendar expands open VTIMEZONE rules up to here


class RawComponent:
    """One top-level component as written: its text, unfolded into lines only when needed."""

    __slots__ = ("_lines", "body", "first_line", "name")

    def __init__(self, name: str, body: str, first_line: int, lines: list[str] | None = None) -> None:
        self.name = name
        self.body = body  # the raw text from BEGIN to END (a missing END added)
        self.first_line = first_line  # 1-based line number in the original text
        self._lines = lines

    @property
    def lines(self) -> list[str]:
        """Unfolded content lines, from BEGIN to END (RFC 5545 3.1)."""
        if self._lines is None:
            self._lines = [line for line in _FOLD.sub("", self.body).splitlines() if line.strip()]
        return self._lines

    @property
    def uid(self) -> str | None:
        for line in self.lines:
            if line[:4].upper() == "UID:":
                return line[4:].strip()
        return None

    def label(self) -> str:
        uid = self.uid
        return f"{self.name} UID {uid}" if uid else f"{self.name} at line {self.first_line}"

    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


@dataclass
class Split:
    """What busy time needs from a calendar's text: its zone header and its components."""

    x_wr_timezone: str | None = None
    timezones: dict[str, RawComponent] = field(default_factory=dict)  # TZID -> a safe VTIMEZONE
    components: list[RawComponent] = field(default_factory=list)  # VEVENT and VFREEBUSY
    dropped: list[str] = field(default_factory=list)  # warnings about dropped VTIMEZONEs

    def zone_key(self) -> str:
        """What every component's reading depends on besides its own text."""
        digest = hashlib.sha256((self.x_wr_timezone or "").encode())
        for tzid in sorted(self.timezones):
            digest.update(b"\0" + self.timezones[tzid].text().encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # old exports in Latin-1 / Windows-1252
        return data.decode("cp1252", errors="replace")


def split(text: str, source: str) -> Split:
    """The calendar's top-level components; a missing END is repaired at the next BEGIN.

    Only BEGIN and END lines are looked at (by one regular expression over the whole text), so
    a component whose digest is cached costs a slice and a hash, never a line-by-line parse."""
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    out = Split()
    depth = 0  # 0 outside VCALENDAR, 1 inside, 2+ inside a top-level component
    start = -1
    name = ""
    line, counted = 1, 0
    spans: list[tuple[int, int]] = []

    def close(end: int, missing_end: bool) -> None:
        body = text[start:end] + (f"\r\nEND:{name}" if missing_end else "")
        spans.append((start, end))
        _keep(out, RawComponent(name, body, line), source)

    for mark in _MARK.finditer(text):
        kind, what = mark[1].upper(), mark[2].strip().upper()
        if kind == "BEGIN":
            if start >= 0 and what in TOP_LEVEL:  # the previous one lost its END
                close(mark.start(), True)
                start, depth = -1, 1
            depth += 1
            if depth == 2:
                line += text.count("\n", counted, mark.start())
                counted = mark.start()
                start, name = mark.start(), what
        else:
            if depth == 2 and start >= 0:
                close(mark.end(), False)
                start = -1
            depth = max(0, depth - 1)
    if start >= 0:
        close(len(text), True)
    for found in _X_WR.finditer(text):
        at = found.start()
        if not any(a <= at < b for a, b in spans):
            out.x_wr_timezone = found[1].strip() or None
            break
    return out


def _keep(out: Split, component: RawComponent, source: str) -> None:
    if component.name in ("VEVENT", "VFREEBUSY"):
        out.components.append(component)
    elif component.name == "VTIMEZONE":
        tzid = next((ln.split(":", 1)[1].strip() for ln in component.lines if ln[:5].upper() == "TZID:"), "")
        problem = zone_problem(component) if tzid else "mandatory TZID not found"
        if problem:
            named = f"VTIMEZONE {tzid!r}" if tzid else "VTIMEZONE"
            out.dropped.append(f"{source}: {named} at line {component.first_line} skipped: {problem}")
        else:
            out.timezones.setdefault(tzid, component)


def parse_moment(value: str) -> date | None:
    value = value.strip()
    try:
        if len(value) >= 8 and value[:8].isdigit():
            return datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None
    return None


def rule_parts(value: str) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {}
    for item in value.split(";"):
        key, _, rest = item.partition("=")
        parts[key.strip().upper()] = [v for v in rest.split(",") if v]
    return parts


def zone_problem(component: RawComponent) -> str | None:
    """Why a VTIMEZONE must not be expanded (icalendar expands every rule up to 2038), or None."""
    start: date | None = None
    rdates = 0
    for line in component.lines:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            start, rdates = None, 0
        elif upper.startswith("DTSTART"):
            start = parse_moment(line.split(":", 1)[-1])
        elif upper.startswith(("TZOFFSETFROM", "TZOFFSETTO")):
            offset = line.split(":", 1)[-1].strip()
            if not _OFFSET.match(offset) or int(offset[1:3]) > 23 or int(offset[3:5]) > 59:
                return f"Offset must be less than 24 hours, was {offset[:12]}"
        elif upper.startswith("RDATE"):
            rdates += line.count(",") + 1
            if rdates > MAX_ZONE_STEPS:
                return f"more than {MAX_ZONE_STEPS} RDATEs"
        elif upper.startswith("RRULE"):
            rule = rule_parts(line.split(":", 1)[-1])
            freq = (rule.get("FREQ") or ["?"])[0].upper()
            if freq not in ("YEARLY", "MONTHLY"):
                return f"a time zone rule with FREQ={freq}"
            until = parse_moment((rule.get("UNTIL") or [""])[0]) or _ZONE_HORIZON
            steps = rule_steps(rule, start or date(1970, 1, 1), max(until, start or until))
            count = (rule.get("COUNT") or ["0"])[0]
            if steps > MAX_ZONE_STEPS or (count.isdigit() and int(count) > MAX_ZONE_STEPS):
                return f"a time zone rule with more than {MAX_ZONE_STEPS} transitions"
    return None


def component_key(component: RawComponent, zone_key: str) -> str:
    """The cache key of one component: its own text and everything its reading depends on."""
    text = zone_key + "\n" + component.body.replace("\r", "")  # a feed that switches to LF changed nothing
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
