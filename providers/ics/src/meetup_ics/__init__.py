"""meetup-ics: busy time from local ``.ics`` files and http(s)/webcal feeds."""

from meetup_ics.busy import busy_from_ics
from meetup_ics.provider import IcsCalendar, create

__all__ = ["IcsCalendar", "busy_from_ics", "create"]
