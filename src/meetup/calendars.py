"""Resolving ``--calendar`` selectors and collecting busy time from every selected calendar."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from meetup import providers
from meetup.errors import MeetupError, ProviderError, UsageError
from meetup.intervals import Interval
from meetup.providers import CalendarConfig, ProviderContext

_URL = re.compile(r"^(https?|webcals?)://", re.IGNORECASE)


def calendar_from_selector(selector: str, configured: Mapping[str, CalendarConfig]) -> CalendarConfig:
    """A configured calendar's name, or a path or URL to an ``.ics`` source."""
    if selector in configured:
        return configured[selector]
    if _URL.match(selector) or Path(selector).expanduser().exists() or selector.lower().endswith(".ics"):
        return CalendarConfig(
            name=selector, provider="ics", options={"source": selector}, base_dir=Path.cwd()
        )
    known = ", ".join(sorted(configured)) or "none configured"
    raise UsageError(f"--calendar {selector!r}: no such calendar ({known}) and no such file")


@dataclass(frozen=True)
class Selection:
    calendars: Sequence[CalendarConfig]
    #: Named on the command line: a failure is fatal. Configured ones degrade to a warning.
    required: bool


def select_calendars(selectors: Sequence[str], configured: Mapping[str, CalendarConfig]) -> Selection:
    if selectors:
        return Selection([calendar_from_selector(s, configured) for s in selectors], required=True)
    return Selection(list(configured.values()), required=False)


def collect_busy(selection: Selection, period: Interval, context: ProviderContext) -> list[Interval]:
    """Busy time from every calendar. When calendars come from the config, one that fails is
    skipped with a warning so the others still count; when none can be read, that is an error."""
    busy: list[Interval] = []
    failures: list[str] = []
    for calendar in selection.calendars:
        try:
            busy.extend(providers.open_calendar(calendar, context).busy(period))
        except MeetupError as exc:
            if selection.required:
                raise
            failures.append(str(exc))
            context.warn(f"calendar {calendar.name!r} skipped: {exc}")
    if selection.calendars and len(failures) == len(selection.calendars):
        raise ProviderError(f"no calendar could be read ({len(failures)} failed)")
    return busy
