"""The VCALENDAR meetup stores for a hold or a meeting, with its VTIMEZONE."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from meetup.calendar.providers import Attendee, EventSpec

PRODID = "-//meetup//meetup-caldav//EN"


def _person(attendee: Attendee, role: str | None) -> object:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{attendee.email}")
    if attendee.name:
        address.params["CN"] = attendee.name
    if role:
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address


def event_ics(spec: EventSpec, sequence: int, now: datetime | None = None) -> str:
    """iCalendar text for ``spec`` (times in its own zone, VTIMEZONE included)."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(spec.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", spec.uid)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", spec.start.astimezone(zone))
    event.add("dtend", spec.end.astimezone(zone))
    event.add("summary", spec.summary)
    if spec.description:
        event.add("description", spec.description)
    if spec.location:
        event.add("location", spec.location)
    event.add("status", spec.status.upper())
    event.add("transp", "TRANSPARENT" if spec.transparent else "OPAQUE")
    event.add("sequence", sequence)
    if spec.organizer:
        event.add("organizer", _person(spec.organizer, None))
    for attendee in spec.attendees:
        event.add("attendee", _person(attendee, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))
