"""The .ics files: holds, iMIP REQUEST and CANCEL, each read back by icalendar and by ical."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from meetup.calendar.intervals import Interval
from meetup.invite.icsfile import cancel_ics, holds_ics, request_ics

BERLIN = ZoneInfo("Europe/Berlin")
LA = ZoneInfo("America/Los_Angeles")
STAMP = datetime(2026, 11, 23, 2, tzinfo=UTC)


def both_parsers(data: bytes) -> icalendar.Calendar:
    """Parse with two independent libraries; return icalendar's view."""
    stream = IcsCalendarStream.from_ics(data.decode())
    assert len(stream.calendars) == 1 and stream.calendars[0].events
    return icalendar.Calendar.from_ical(data)


def meeting(make=request_ics, **kw: object) -> bytes:  # type: ignore[no-untyped-def]
    values: dict[str, object] = dict(
        uid="meetup-7@example.org", sequence=1, start=datetime(2026, 3, 10, 18, tzinfo=LA),
        end=datetime(2026, 3, 10, 19, tzinfo=LA), zone=LA, summary="Drinks with Alex",
        description="See you there!\nFirst round is on me.", organizer=("Alex Morgan", "alex@example.org"),
        attendee=("Sam Lee", "sam@example.net"), dtstamp=STAMP,
    )  # fmt: skip
    values.update(kw)
    data: bytes = make(**values)
    return data


def test_holds_one_tentative_opaque_event_per_option() -> None:
    options = [
        Interval(datetime(2026, 11, d, 18, tzinfo=BERLIN), datetime(2026, 11, d, 19, 30, tzinfo=BERLIN))
        for d in (24, 26, 28)
    ]
    data = holds_ics(
        uid_base="meetup-7", options=options, summary="Hold: coffee with Sam", zone=BERLIN, dtstamp=STAMP
    )
    cal = both_parsers(data)
    assert str(cal["METHOD"]) == "PUBLISH"
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["meetup-7-opt1", "meetup-7-opt2", "meetup-7-opt3"]
    for event, option in zip(events, options, strict=True):
        assert str(event["STATUS"]) == "TENTATIVE" and str(event["TRANSP"]) == "OPAQUE"
        assert event["DTSTART"].dt == option.start and event["DTEND"].dt == option.end
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTAMP"].dt == STAMP
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    ical_events = IcsCalendarStream.from_ics(data.decode()).calendars[0].events
    assert [e.dtstart for e in ical_events] == [o.start for o in options]


def test_request_has_every_imip_property() -> None:
    data = meeting()
    cal = both_parsers(data)
    assert str(cal["METHOD"]) == "REQUEST" and str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "meetup-7@example.org" and int(event["SEQUENCE"]) == 1
    assert event["DTSTAMP"].dt == STAMP and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Drinks with Alex"
    assert str(event["DESCRIPTION"]) == "See you there!\nFirst round is on me."
    organizer, attendee = event["ORGANIZER"], event["ATTENDEE"]
    assert str(organizer) == "mailto:alex@example.org" and organizer.params["CN"] == "Alex Morgan"
    assert str(attendee) == "mailto:sam@example.net" and attendee.params["CN"] == "Sam Lee"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION" and attendee.params["RSVP"] == "TRUE"
    # The second parser sees the same meeting.
    other = IcsCalendarStream.from_ics(data.decode()).calendars[0]
    (ev,) = other.events
    assert ev.uid == "meetup-7@example.org" and ev.sequence == 1
    assert ev.dtstart == datetime(2026, 3, 10, 18, tzinfo=LA)
    assert ev.organizer is not None and ev.organizer.common_name == "Alex Morgan"
    assert ev.attendees[0].rsvp is True and ev.attendees[0].status == "NEEDS-ACTION"


@pytest.mark.parametrize(
    "when",
    [datetime(2026, 3, 10, 18), datetime(2026, 3, 1, 18), datetime(2026, 11, 2, 9), datetime(2026, 7, 1, 12)],
)
def test_vtimezone_matches_the_zone_around_dst(when: datetime) -> None:
    """US DST starts 8 March 2026 and ends 1 November: the embedded rules give zoneinfo's offsets."""
    start = when.replace(tzinfo=LA)
    cal = both_parsers(meeting(start=start, end=start + timedelta(hours=1)))
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "America/Los_Angeles"
    embedded = tz.to_tz()
    assert when.replace(tzinfo=embedded).utcoffset() == start.utcoffset()
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert event["DTSTART"].dt.astimezone(UTC) == start.astimezone(UTC)


def test_cancel_same_uid_cancelled() -> None:
    data = meeting(cancel_ics, sequence=2)
    cal = both_parsers(data)
    assert str(cal["METHOD"]) == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "meetup-7@example.org" and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED" and str(event["ATTENDEE"]) == "mailto:sam@example.net"
    assert IcsCalendarStream.from_ics(data.decode()).calendars[0].events[0].status == "CANCELLED"


def test_control_characters_and_quotes_never_reach_a_property_raw() -> None:
    data = meeting(
        summary="Drinks\r\nX-INJECTED:yes\x00",
        description="ok\x1b[31m\r\nATTENDEE:mailto:evil@example.com",
        organizer=('Alex "The Boss"\r\nX-EVIL:1', "alex@example.org\r\n"),
        attendee=("Sam; Lee, Jr: \x07", "sam@example.net"),
        uid="meetup-7\r\n@example.org",
    )
    raw = data.decode()
    unfolded = raw.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert not any(line.startswith(("X-INJECTED", "X-EVIL", "ATTENDEE:mailto:evil")) for line in lines)
    assert not any(ch in raw for ch in "\x00\x1b\x07")
    cal = both_parsers(data)
    (event,) = cal.walk("VEVENT")
    assert "\n" not in str(event["SUMMARY"]) and "\r" not in str(event["DESCRIPTION"])
    assert len(event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [event["ATTENDEE"]]) == 1
    organizer, attendee = event["ORGANIZER"], event["ATTENDEE"]
    assert (
        organizer.params["CN"] == "Alex 'The Boss' X-EVIL:1" and str(organizer) == "mailto:alex@example.org"
    )
    assert attendee.params["CN"] == "Sam; Lee, Jr:"
    assert str(event["UID"]) == "meetup-7 @example.org"


# Holds and a REQUEST read back by two independent parsers (icalendar and ical).
MONDAY = datetime(2026, 11, 23, 8, tzinfo=BERLIN)


def _both_parsers(data: bytes) -> icalendar.Calendar:
    from ical.calendar_stream import IcsCalendarStream

    stream = IcsCalendarStream.from_ics(data.decode())
    assert stream.calendars and stream.calendars[0].events
    return icalendar.Calendar.from_ical(data)


def test_holds_are_tentative_and_parse_in_two_parsers() -> None:
    options = [Interval(MONDAY.replace(day=d, hour=18), MONDAY.replace(day=d, hour=19)) for d in (24, 26)]
    cal = _both_parsers(
        holds_ics(
            uid_base="meetup-7", options=options, summary="Hold: coffee with Sam", zone=BERLIN, dtstamp=MONDAY
        )
    )
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["meetup-7-opt1", "meetup-7-opt2"]
    assert all(str(e["STATUS"]) == "TENTATIVE" and str(e["TRANSP"]) == "OPAQUE" for e in events)
    assert events[0]["DTSTART"].dt == options[0].start and cal.walk("VTIMEZONE")


def test_imip_request_has_what_mail_clients_need() -> None:
    data = request_ics(
        uid="meetup-7@example.org", sequence=1, start=MONDAY.replace(hour=18), end=MONDAY.replace(hour=19), zone=BERLIN,
        summary="Coffee\r\nX-Injected: yes", description="See you!", organizer=("Alex", "alex@example.org"),
        attendee=('Sam "The Man"\r\nLee', "sam@example.net"), dtstamp=datetime(2026, 11, 23, tzinfo=UTC),
    )  # fmt: skip
    cal = _both_parsers(data)
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "meetup-7@example.org" and int(event["SEQUENCE"]) == 1
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:sam@example.net"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert "\n" not in attendee.params["CN"] and '"' not in attendee.params["CN"]
    assert str(event["ORGANIZER"]) == "mailto:alex@example.org"
    assert "X-Injected" not in [k for k in event] and "\n" not in str(event["SUMMARY"])
    assert any(str(tz["TZID"]) == "Europe/Berlin" for tz in cal.walk("VTIMEZONE"))
