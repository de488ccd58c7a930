"""``.ics`` files meetup writes: tentative holds for the user's own calendar and the iMIP
invitation (RFC 5546/6047) the friend's mail client shows with Accept/Decline buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetup.compose import one_line
from meetup.intervals import Interval


def _calendar(method: str) -> object:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("PRODID", "-//meetup//meetup//EN")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", method)
    return cal


def _address(name: str, email: str, role: str | None = None) -> object:
    import icalendar

    address = icalendar.vCalAddress(f"mailto:{one_line(email)}")
    address.params["CN"] = one_line(name).replace('"', "'")
    if role:
        address.params["ROLE"] = role
    return address


def _finish(cal: object) -> bytes:
    cal.add_missing_timezones()  # type: ignore[attr-defined]
    data: bytes = cal.to_ical()  # type: ignore[attr-defined]
    return data


def holds_ics(
    *, uid_base: str, options: Sequence[Interval], summary: str, zone: ZoneInfo, dtstamp: datetime
) -> bytes:
    """One TENTATIVE, opaque VEVENT per offered option, so the times stay blocked meanwhile."""
    import icalendar

    cal = _calendar("PUBLISH")
    for n, option in enumerate(options, start=1):
        event = icalendar.Event()
        event.add("UID", f"{uid_base}-opt{n}")
        event.add("DTSTAMP", dtstamp)
        event.add("DTSTART", option.start.astimezone(zone))
        event.add("DTEND", option.end.astimezone(zone))
        event.add("SUMMARY", one_line(summary))
        event.add("STATUS", "TENTATIVE")
        event.add("TRANSP", "OPAQUE")
        cal.add_component(event)  # type: ignore[attr-defined]
    return _finish(cal)


def _meeting(
    method: str, status: str, *, uid: str, sequence: int, start: datetime, end: datetime, zone: ZoneInfo,
    summary: str, description: str, organizer: tuple[str, str], attendee: tuple[str, str], dtstamp: datetime,
) -> bytes:  # fmt: skip
    import icalendar

    cal = _calendar(method)
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", dtstamp)
    event.add("DTSTART", start.astimezone(zone))
    event.add("DTEND", end.astimezone(zone))
    event.add("SUMMARY", one_line(summary))
    if description:
        event.add("DESCRIPTION", description.replace("\r", ""))
    event.add("STATUS", status)
    event.add("ORGANIZER", _address(*organizer))
    guest = _address(*attendee, role="REQ-PARTICIPANT")
    guest.params["PARTSTAT"] = "NEEDS-ACTION"  # type: ignore[attr-defined]
    guest.params["RSVP"] = "TRUE"  # type: ignore[attr-defined]
    event.add("ATTENDEE", guest)
    cal.add_component(event)  # type: ignore[attr-defined]
    return _finish(cal)


def request_ics(**kwargs: object) -> bytes:
    """METHOD:REQUEST for the agreed time; same UID and a higher SEQUENCE update it."""
    return _meeting("REQUEST", "CONFIRMED", **kwargs)  # type: ignore[arg-type]


def cancel_ics(**kwargs: object) -> bytes:
    """METHOD:CANCEL; the caller bumps SEQUENCE."""
    return _meeting("CANCEL", "CANCELLED", **kwargs)  # type: ignore[arg-type]
