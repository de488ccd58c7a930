"""Controller behind ``meetup calendars``: discovery through the DiscoverableCalendar Protocol."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from meetup import providers
from meetup.app import App
from meetup.errors import MeetupError
from meetup.providers import DiscoverableCalendar


def describe_calendars(app: App, zone: ZoneInfo) -> Iterator[str]:
    """One line per configured calendar, then one per calendar its account offers."""
    configured = app.config.calendars
    if not configured:
        yield "No calendars configured (see `meetup config`)."
        return
    context = app.provider_context(zone)
    for name, calendar in configured.items():
        write = "  (writes events)" if calendar.options.get("write") else ""
        yield f"{name}  [{calendar.provider}]{write}"
        try:
            provider = providers.open_calendar(calendar, context)
            if not isinstance(provider, DiscoverableCalendar):
                continue
            for remote in provider.list_calendars():
                mark = "x" if remote.selected else " "
                flags = ", ".join(f for f in ("writable" if remote.writable else "", remote.timezone) if f)
                yield f"  [{mark}] {remote.name}  ({remote.id}){'  ' + flags if flags else ''}"
        except MeetupError as exc:
            app.warn(f"calendar {name!r}: {exc}")
