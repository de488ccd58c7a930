"""Recovering what can be read from a file that icalendar rejects as a whole.

Real feeds are often broken in one place (a bad VALARM, an impossible UTC offset in a
VTIMEZONE, a negative year). We split the text into its top-level components ourselves,
try each one alone, repair what is safe to repair, drop the rest with a warning, and hand
the cleaned text back to icalendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_EMPTY_TZID = re.compile(r";TZID=(?=[:;])", re.IGNORECASE)


@dataclass
class RawComponent:
    name: str
    lines: list[str]
    first_line: int  # 1-based line number in the original file

    @property
    def uid(self) -> str | None:
        for line in self.lines:
            if line.upper().startswith("UID:"):
                return line[4:].strip()
        return None

    def label(self) -> str:
        uid = self.uid
        return f"{self.name} UID {uid}" if uid else f"{self.name} at line {self.first_line}"

    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


def unfold(text: str) -> list[tuple[int, str]]:
    """Content lines with their starting line numbers (RFC 5545 §3.1 unfolding)."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif raw.strip():
            out.append((number, raw))
    return out


def split_components(text: str) -> tuple[list[str], list[RawComponent]]:
    """Calendar-level property lines and the top-level components inside VCALENDAR."""
    header: list[str] = []
    components: list[RawComponent] = []
    stack: list[str] = []
    current: RawComponent | None = None
    for number, line in unfold(text):
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            stack.append(name)
            if len(stack) == 2:
                current = RawComponent(name, [], number)
        elif upper.startswith("END:"):
            if current is not None:
                current.lines.append(line)
            if len(stack) == 2 and current is not None:
                components.append(current)
                current = None
            if stack:
                stack.pop()
            continue
        if current is not None:
            current.lines.append(line)
        elif len(stack) == 1 and not upper.startswith("BEGIN:"):
            header.append(line)
    return header, components


def _without_subcomponents(component: RawComponent, name: str) -> RawComponent:
    kept: list[str] = []
    depth = 0
    for line in component.lines:
        upper = line.upper()
        if upper == f"BEGIN:{name}":
            depth += 1
        if depth == 0:
            kept.append(line)
        if upper == f"END:{name}":
            depth -= 1
    return RawComponent(component.name, kept, component.first_line)


def recover(text: str, source: str, warn: Callable[[str], None]) -> str:
    """A cleaned calendar text containing every component icalendar can read on its own."""
    import icalendar

    header, components = split_components(text)
    kept: list[str] = []
    for component in components:
        if component.name not in ("VEVENT", "VTIMEZONE", "VFREEBUSY"):
            continue
        candidate = component
        problem: str | None = None
        for attempt in ("as is", "without alarms", "without empty TZID"):
            if attempt == "without alarms":
                candidate = _without_subcomponents(candidate, "VALARM")
            elif attempt == "without empty TZID":
                candidate = RawComponent(
                    candidate.name,
                    [_EMPTY_TZID.sub("", line) for line in candidate.lines],
                    candidate.first_line,
                )
            try:
                icalendar.Component.from_ical(candidate.text())
            except Exception as exc:  # icalendar raises many types on bad input
                problem = problem or str(exc)
                continue
            if attempt == "without alarms":
                warn(f"{source}: {component.label()}: ignored a broken VALARM ({problem})")
            elif attempt == "without empty TZID":
                warn(f"{source}: {component.label()}: empty TZID, times taken as floating ({problem})")
            kept.append(candidate.text())
            break
        else:
            where = (
                ""
                if component.label().endswith(f"line {component.first_line}")
                else f" (line {component.first_line})"
            )
            warn(f"{source}: {component.label()}{where} skipped: {problem}")
    body = "\r\n".join(["BEGIN:VCALENDAR", *header]) + "\r\n" + "".join(kept) + "END:VCALENDAR\r\n"
    return body
