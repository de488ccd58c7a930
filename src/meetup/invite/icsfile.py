"""``.ics`` files meetup writes: tentative holds for the user's own calendar and the iMIP
invitation (RFC 5546/6047) the friend's mail client shows with Accept/Decline buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.text import clean_text, one_line


def event_uid(invite_id: int, domain: str) -> str:
    """The UID of an invite's invitation: the one place that names it (holds, REQUEST, REPLY matching)."""
    return f"meetup-{invite_id}@{domain}"


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

    address = icalendar.vCalAddress("mailto:" + "".join(one_line(email).split()))
    # A parameter value cannot hold a double quote at all (RFC 5545 3.1); icalendar quotes the
    # rest (";", ":", ","). Control characters would break the line: one_line drops them.
    address.params["CN"] = one_line(name).replace('"', "'")
    if role:
        address.params["ROLE"] = role
    return address


def _finish(cal: object, moments: Sequence[datetime]) -> bytes:
    """Add a VTIMEZONE built from zoneinfo, covering only the years around the events.

    icalendar's default span (1970-2038) lists every past transition as RDATEs; a short span
    keeps the file small and leaves clients fewer historical rules to misread.
    """
    years = [m.year for m in moments] or [2000]
    cal.add_missing_timezones(  # type: ignore[attr-defined]
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
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
        event.add("UID", one_line(f"{uid_base}-opt{n}"))
        event.add("DTSTAMP", dtstamp.astimezone(UTC))
        event.add("DTSTART", option.start.astimezone(zone))
        event.add("DTEND", option.end.astimezone(zone))
        event.add("SUMMARY", one_line(summary))
        event.add("STATUS", "TENTATIVE")
        event.add("TRANSP", "OPAQUE")
        cal.add_component(event)  # type: ignore[attr-defined]
    return _finish(cal, [o.start for o in options])


def _meeting(
    method: str,
    status: str,
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    summary: str,
    description: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    dtstamp: datetime,
) -> bytes:
    import icalendar

    cal = _calendar(method)
    event = icalendar.Event()
    event.add("UID", one_line(uid))
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", dtstamp.astimezone(UTC))
    event.add("DTSTART", start.astimezone(zone))
    event.add("DTEND", end.astimezone(zone))
    event.add("SUMMARY", one_line(summary))
    if text := clean_text(description):
        event.add("DESCRIPTION", text)
    event.add("STATUS", status)
    event.add("TRANSP", "OPAQUE")
    event.add("ORGANIZER", _address(*organizer))
    guest = _address(*attendee, role="REQ-PARTICIPANT")
    guest.params["PARTSTAT"] = "NEEDS-ACTION"  # type: ignore[attr-defined]
    if method == "REQUEST":
        guest.params["RSVP"] = "TRUE"  # type: ignore[attr-defined]
    event.add("ATTENDEE", guest)
    cal.add_component(event)  # type: ignore[attr-defined]
    return _finish(cal, [start, end])


def request_ics(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    summary: str,
    description: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    dtstamp: datetime,
) -> bytes:
    """METHOD:REQUEST for the agreed time; same UID and a higher SEQUENCE update it.

    ``organizer`` and ``attendee`` are ``(name, email)``. Mail clients show Accept/Decline
    for this when it travels as a ``text/calendar; method=REQUEST`` part.
    """
    return _meeting(
        "REQUEST", "CONFIRMED", uid=uid, sequence=sequence, start=start, end=end, zone=zone,
        summary=summary, description=description, organizer=organizer, attendee=attendee, dtstamp=dtstamp,
    )  # fmt: skip


def cancel_ics(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    summary: str,
    description: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    dtstamp: datetime,
) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED for the same UID; the caller bumps SEQUENCE."""
    return _meeting(
        "CANCEL", "CANCELLED", uid=uid, sequence=sequence, start=start, end=end, zone=zone,
        summary=summary, description=description, organizer=organizer, attendee=attendee, dtstamp=dtstamp,
    )  # fmt: skip
