"""meetup-ics: busy time from local ``.ics`` files and http(s)/webcal feeds."""

from typing import Any

from meetup_ics.provider import IcsCalendar, create

__all__ = ["IcsCalendar", "busy_from_ics", "create"]


def __getattr__(name: str) -> Any:
    """``busy_from_ics`` (CalDAV's reader) imported on first use: a warm ``meetup slots`` over a
    cached file never needs the parsing modules."""
    if name == "busy_from_ics":
        from meetup_ics.busy import busy_from_ics

        return busy_from_ics
    raise AttributeError(name)
