"""Reading each component into a small cacheable fragment, and assembling fragments into a digest.

A fragment is what busy time needs from one VEVENT or VFREEBUSY: its busy spans, or for a
recurring series its stripped iCalendar text (times and rules only: no titles, places or
people) and rough bounds. Fragments are cached by the hash of the component's text, so a
calendar in which one event changed re-reads that event only. Whatever one component does
(a broken parameter, a NUL, a value icalendar chokes on) costs that component alone.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from meetup.calendar.zones import lookup_zone
from meetup.errors import ProviderError
from meetup_ics.components import RawComponent, Split, component_key, decode, split
from meetup_ics.digest import (
    Digest,
    Series,
    Warn,
    _as_utc_guess,
    _duration_seconds,
    _periods,
    _tzids,
    describe,
    event_bounds,
    is_busy,
    repair_broken_properties,
)
from meetup_ics.limits import MAX_RULE_STEPS, Budget, rule_steps
from meetup_ics.quick import NotSimple, quick_bounds

Fragment = dict[str, Any]
SLACK = 2 * 86400  # floating series spans are wall-clock: widen by two days
#: What a stored series keeps: enough to expand it, nothing about what the user is doing.
KEEP = frozenset(
    {"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"}
    | {"TRANSP", "STATUS", "SEQUENCE", "DTSTAMP"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"[^;:]*")
_TZID = re.compile(r'(?i);TZID=("?)([^";:]+)\1[;:]')
_HEADER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetup//series//EN\r\n"


class FileZones:
    """Zones for TZIDs: IANA or Windows names first, else the file's own VTIMEZONE (built lazily)."""

    def __init__(self, timezones: Mapping[str, RawComponent], source: str) -> None:
        self._raw = timezones
        self._built: dict[str, tzinfo | None] = {}
        self._warned: set[str] = set()
        self.source = source
        self.warn: Warn = lambda _message: None  # set to the component being read

    def zone_for(self, tzid: str, label: str) -> tzinfo | None:
        name = tzid.strip().strip('"')
        found: tzinfo | None = lookup_zone(name) or self._own(name)
        if found is None and tzid not in self._warned:
            self._warned.add(tzid)
            self.warn(f"{label}: unknown time zone {tzid!r}, using the default zone")
        return found

    def _own(self, name: str) -> tzinfo | None:
        if name not in self._built:
            raw = self._raw.get(name)
            zone = None
            if raw is not None:
                import icalendar

                try:
                    vtimezone: Any = icalendar.Component.from_ical(raw.text())
                    zone = vtimezone.to_tz()
                except Exception as exc:  # icalendar raises many types on a bad VTIMEZONE
                    self.warn(f"{self.source}: VTIMEZONE at line {raw.first_line} skipped: {exc}")
            self._built[name] = zone
        return self._built[name]


# --- one component -----------------------------------------------------------------------


def _top_lines(lines: list[str]) -> list[str]:
    """The component without its subcomponents (VALARMs and anything nested by mistake)."""
    kept, depth = [], 0
    for index, line in enumerate(lines):
        upper = line[:6].upper()
        if index and index < len(lines) - 1 and upper == "BEGIN:":
            depth += 1
        elif depth and upper[:4] == "END:":
            depth -= 1
        elif not depth:
            kept.append(line)
    return kept


def _splits(line: str) -> bool:
    from icalendar.parser import Contentline

    try:
        Contentline(line).parts()  # type: ignore[no-untyped-call]
    except Exception:  # icalendar raises ValueError and others on a bad line
        return False
    return True


def mend_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Lines icalendar can split: control characters and empty TZIDs removed, broken parameters
    of a time or rule property rebuilt from its name, its TZID and its value, other broken lines
    dropped. icalendar would drop them silently, and a DTEND dropped makes an event block nothing."""
    kept, notes = [], []
    for line in lines:
        clean = _CONTROL.sub("", line)
        if clean != line:
            notes.append("removed control characters")
        clean = clean.replace(";TZID=:", ":").replace(";TZID=;", ";")
        if _splits(clean):
            kept.append(clean)
            continue
        name = _NAME.match(clean)[0].upper()  # type: ignore[index]  # the pattern matches any text
        if name in KEEP and ":" in clean:
            tzid = _TZID.search(clean.split(":", 1)[0] + ":")
            rebuilt = f"{name};TZID={tzid[2]}:" if tzid else f"{name}:"
            rebuilt += clean.rsplit(":", 1)[1]
            if _splits(rebuilt):
                kept.append(rebuilt)
                notes.append(f"repaired the parameters of {name}")
                continue
        notes.append(f"dropped a broken {name[:40] or 'line'}")
    return kept, list(dict.fromkeys(notes))


def parse_component(raw: RawComponent, source: str, note: Warn) -> Any | None:
    """icalendar's reading of one component, repaired step by step; None (with a warning) if hopeless."""
    import icalendar

    problem: str | None = None
    lines, mended = mend_lines(raw.lines)
    if mended:
        note(f"{source}: {raw.label()}: {'; '.join(mended)}")
    for attempt in ("as is", "without alarms"):
        if attempt == "without alarms":
            lines = _top_lines(lines)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                component = icalendar.Component.from_ical("\r\n".join(lines) + "\r\n")
            except Exception as exc:  # any parse failure: try the next repair
                problem = problem or str(exc) or type(exc).__name__
                continue
        if getattr(component, "name", None) != raw.name:
            problem = problem or "unbalanced BEGIN/END"
            continue
        for message in dict.fromkeys(str(w.message) for w in caught):
            note(f"{source}: {message}")
        if attempt == "without alarms":
            note(f"{source}: {raw.label()}: ignored a broken VALARM ({problem})")
        return component
    where = "" if raw.label().endswith(f"line {raw.first_line}") else f" (line {raw.first_line})"
    note(f"{source}: {raw.label()}{where} skipped: {problem}")
    return None


def _epoch(value: Any) -> int:
    return int(_as_utc_guess(value).timestamp())


def _count_end(master: Any, rule: Any, count: int) -> int | None:
    """The last start of a COUNT-limited rule, walking at most MAX_RULE_STEPS; None if further."""
    from dateutil.rrule import rrulestr

    start = _as_utc_guess(master["DTSTART"].dt).replace(tzinfo=None)
    per_year = rule_steps(rule, start, start + timedelta(days=365))
    years = MAX_RULE_STEPS / max(per_year, 1.0)
    horizon = datetime(9999, 1, 1) if years > 9000 - start.year else start + timedelta(days=365 * years)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil frowns on COUNT with UNTIL; we only bound the walk
        try:
            found = list(
                rrulestr(rule.to_ical().decode(), dtstart=start, forceset=False).replace(until=horizon)
            )
        except (ValueError, TypeError, OverflowError):
            return None
    if len(found) < count and horizon.year < 9999:
        return None  # more than the walk allows: treat as open-ended
    return int((found[-1] if found else start).replace(tzinfo=UTC).timestamp())


def _span(component: Any, master: bool) -> tuple[int, int | None, int]:
    """Earliest and latest moments (None: open-ended) and, for a master, the duration."""
    moments = [
        _epoch(prop.dt)
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID")
        if (prop := component.get(name)) is not None
    ]
    lo, hi = min(moments), max(moments)
    if not master:
        return lo, hi, 0
    rdates = component.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []:
        for period in getattr(rdate, "dts", []):
            value = period.dt[0] if isinstance(period.dt, tuple) else period.dt
            hi = max(hi, _epoch(value))
    last: int | None = hi
    rrules = component.get("RRULE")
    for rule in rrules if isinstance(rrules, list) else [rrules] if rrules is not None else []:
        until, count = rule.get("UNTIL"), rule.get("COUNT")
        end = _epoch(until[0]) if until else _count_end(component, rule, int(count[0])) if count else None
        last = None if end is None or last is None else max(last, end)
    return lo, last, _duration_seconds(component)


def _stripped(component: Any) -> str:
    """The component with only what expanding it needs (privacy: the cache holds no titles)."""
    for name in [n for n in component if n.upper() not in KEEP]:
        del component[name]
    component.subcomponents = []
    text: str = component.to_ical().decode()
    return text


def _careful(raw: RawComponent, zones: FileZones, source: str, note: Warn) -> Fragment:
    component = parse_component(raw, source, note)
    if component is None:
        return {"k": "-"}
    if raw.name == "VFREEBUSY":
        spans: list[list[int]] = []
        props = component.get("FREEBUSY")
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            for start, end_or_duration in _periods(prop):
                end = start + end_or_duration if isinstance(end_or_duration, timedelta) else end_or_duration
                spans.append([0, _epoch(start), _epoch(end)])
        return {"k": "f", "b": spans}
    if getattr(component, "errors", None):
        repairs = repair_broken_properties(component)
        if repairs:
            note(f"{describe(component, source)}: {'; '.join(repairs)}")
    uid = str(component.get("UID", ""))
    label = describe(component, source)
    if component.get("RECURRENCE-ID") is not None:
        kind = "o"
    elif component.get("RRULE") is not None or component.get("RDATE") is not None:
        kind = "m"
    else:
        kind = "s"
    fragment: Fragment = {"k": kind, "u": uid, "b": []}
    if kind != "m" and is_busy(component):
        try:
            bounds = event_bounds(component, zones, label, note)
        except Exception as exc:  # a broken DTSTART/DTEND/DURATION value
            note(f"{label} skipped: {exc}")
            bounds = None
        fragment["b"] = [[int(bounds[0]), bounds[1], bounds[2]]] if bounds else []
    if kind == "s":
        return fragment
    try:
        lo, hi, duration = _span(component, kind == "m")
    except Exception as exc:  # broken DTSTART or RRULE values
        note(f"{label} skipped: {exc}")
        return {"k": "-"}
    start = component.get("DTSTART")
    zone_fix = None
    if (
        kind == "m"
        and isinstance(start.dt, datetime)
        and start.dt.tzinfo is None
        and start.params.get("TZID")
    ):
        zone_fix = getattr(zones.zone_for(str(start.params["TZID"]), label), "key", None)
    tzids = sorted(_tzids(component))
    fragment.update(lo=lo, hi=hi, d=duration, z=zone_fix, t=tzids, i=_stripped(component))
    return fragment


def read_component(raw: RawComponent, zones: FileZones, source: str) -> Fragment:
    """One component's fragment; a component nothing can read becomes an empty one with a warning."""
    notes: list[str] = []
    zones.warn = notes.append
    fragment: Fragment
    try:
        if raw.name != "VEVENT":
            raise NotSimple(raw.name)
        bounds = quick_bounds(raw.lines)
        fragment = {"k": "s", "b": [[int(bounds[0]), bounds[1], bounds[2]]] if bounds else []}
    except (NotSimple, ValueError, OverflowError):
        try:
            fragment = _careful(raw, zones, source, notes.append)
        except Exception as exc:  # hostile input must cost only its own component
            notes.append(f"{source}: {raw.label()} skipped: {type(exc).__name__}: {exc}")
            fragment = {"k": "-"}
    fragment["w"] = notes
    return fragment


# --- the whole calendar ------------------------------------------------------------------


def build(
    data: bytes | str,
    *,
    source: str,
    warn: Warn,
    memo: Mapping[str, Fragment] | None = None,
    budget: Budget | None = None,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
) -> tuple[Digest, dict[str, Fragment]]:
    """The digest of a calendar and its fragments by component key; known components are not re-read.

    ``progress`` hears how many components are read (every 500, and at the end)."""
    progress(0, None)  # splitting a big file takes a moment: say so first
    text = decode(data)
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ProviderError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)")
    parts = split(text, source)
    zones = FileZones(parts.timezones, source)
    zone_key = parts.zone_key()
    known = memo or {}
    fragments: dict[str, Fragment] = {}
    ordered: list[Fragment] = []
    total = len(parts.components)
    for count, raw in enumerate(parts.components):
        if count % 500 == 0:
            progress(count, total)
        key = component_key(raw, zone_key)
        fragment = fragments.get(key) or known.get(key)
        if fragment is None:
            if budget is not None:
                budget.check()
            fragment = read_component(raw, zones, source)
        fragments[key] = fragment
        ordered.append(fragment)
    progress(total, total)
    digest = assemble(ordered, parts)
    for message in digest.warnings:
        warn(message)
    return digest, fragments


def assemble(fragments: list[Fragment], parts: Split) -> Digest:
    """Busy spans sorted for bisecting, and each recurring series with its own moved occurrences."""
    fixed: list[tuple[int, int]] = []
    floating: list[tuple[int, int]] = []
    masters: dict[str, Fragment] = {}
    overrides: dict[str, list[Fragment]] = {}
    notes: list[str] = list(parts.dropped)

    def add(fragment: Fragment) -> None:
        for is_floating, a, b in fragment.get("b", []):
            (floating if is_floating else fixed).append((a, b))

    for fragment in fragments:
        notes.extend(fragment.get("w", []))
        kind = fragment["k"]
        if kind in ("s", "f"):
            add(fragment)
        elif kind == "o":
            overrides.setdefault(fragment["u"], []).append(fragment)
        elif kind == "m":
            uid = fragment["u"]
            masters[f"{uid}#{len(masters)}" if uid in masters else uid] = fragment
    for uid, moved in overrides.items():
        if uid not in masters:  # overrides of a series the file does not contain: plain events
            for fragment in moved:
                add(fragment)
    header = _HEADER + (f"X-WR-TIMEZONE:{parts.x_wr_timezone}\r\n" if parts.x_wr_timezone else "")
    series: list[Series] = []
    for uid, master in masters.items():
        group = [master, *overrides.get(uid.split("#")[0], [])]
        lo = min(f["lo"] for f in group) - SLACK
        hi = None if master["hi"] is None else max(f["hi"] for f in group) + master["d"] + SLACK
        tzids = sorted({t for f in group for t in f["t"]})
        zones = "".join(parts.timezones[t].text() for t in tzids if t in parts.timezones)
        ical = header + zones + "".join(f["i"] for f in group) + "END:VCALENDAR\r\n"
        series.append(Series(uid, lo, hi, ical, master["z"]))
    fixed.sort()
    floating.sort()
    return Digest(
        fixed=[x for pair in fixed for x in pair],
        fixed_longest=max((b - a for a, b in fixed), default=0),
        floating=[x for pair in floating for x in pair],
        floating_longest=max((b - a for a, b in floating), default=0),
        series=series,
        warnings=list(dict.fromkeys(notes)),
        x_wr_timezone=parts.x_wr_timezone,
    )
