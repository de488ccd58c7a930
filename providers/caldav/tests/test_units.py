"""Config checks and the WebDAV reader, without a server."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from meetup_caldav import davxml
from meetup_caldav.events import PRODID, event_ics
from meetup_caldav.settings import parse_settings

from meetup.calendar.providers import Attendee, EventSpec
from meetup.errors import ConfigError

BASE = {"url": "https://dav.example.org/", "username": "ann", "password_env": "UNIT_PW"}


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIT_PW", "s3cret")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "dav.example.org"}, "'url' must start with https://"),
        ({"url": None}, "'url' is required"),
        ({"calendars": "Personal", "colour": "red"}, "unknown CalDAV option(s): colour"),
        ({"calendars": [1]}, "'calendars' must be a list"),
        ({"write": "yes"}, "'write' must be true or false"),
        ({"timeout": 0}, "'timeout' must be a positive number"),
        ({"retries": 0}, "'retries' must be a whole number from 1 to 10"),
        ({"read": "report"}, '\'read\' must be "sync" or "freebusy"'),
        ({"url": "http://dav.example.org/"}, "uses http:// to dav.example.org"),
        ({"url": "HTTP://192.0.2.7:5232/"}, "the password would cross the network in clear"),
        ({"url": "http://[::1"}, "is not a valid URL"),
    ],
)
def test_bad_options_are_one_clear_line(options: dict[str, Any], message: str) -> None:
    values = {**BASE, **options}
    values = {k: v for k, v in values.items() if v is not None}
    with pytest.raises(ConfigError) as caught:
        parse_settings("work", values)
    assert str(caught.value).startswith("calendar 'work': ")
    assert message in str(caught.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:5232/", "http://localhost/dav/", "http://[::1]:5232/"])
def test_http_is_allowed_to_this_machine_only(url: str) -> None:
    assert parse_settings("work", {**BASE, "url": url}).url == url


def test_settings_defaults() -> None:
    settings = parse_settings("work", {**BASE, "calendars": "Personal"})
    assert settings.calendars == ("Personal",) and settings.password == "s3cret"
    assert (settings.write, settings.read, settings.retries, settings.timeout) == (False, "sync", 3, 30.0)


def test_multistatus_reader_keeps_only_successful_props() -> None:
    xml = b"""<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"
        xmlns:cs="http://calendarserver.org/ns/">
      <d:response><d:href>/ann/home/</d:href>
        <d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>
          <d:displayname>Home</d:displayname><cs:getctag>"7"</cs:getctag>
          <c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>
          <d:current-user-privilege-set><d:privilege><d:read/></d:privilege></d:current-user-privilege-set>
        </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
        <d:propstat><d:prop><d:sync-token/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
      </d:response>
      <d:response><d:href>/ann/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
    </d:multistatus>"""
    home, gone = davxml.entries(etree.fromstring(xml))
    assert davxml.is_calendar(home) and davxml.components(home) == {"VEVENT"}
    assert davxml.text(home, f"{{{davxml.CS}}}getctag") == '"7"'
    assert davxml.text(home, f"{{{davxml.DAV}}}sync-token") is None
    assert not davxml.can_write(home)  # read-only share
    assert gone.status == 404 and gone.props == {}


def test_event_text_has_zone_people_and_no_surprises() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    spec = EventSpec(
        uid="meetup-1",
        summary="Dinner",
        start=datetime(2026, 10, 25, 1, 30, tzinfo=berlin),
        end=datetime(2026, 10, 25, 3, 30, tzinfo=berlin),
        timezone="Europe/Berlin",
        status="TENTATIVE",
        organizer=Attendee("me@example.org"),
        attendees=[Attendee("ann@example.org", "Ann")],
    )
    text = event_ics(spec, 2, now=datetime(2026, 10, 1, tzinfo=berlin)).replace("\r\n ", "")
    assert PRODID in text and "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    assert "DTSTART;TZID=Europe/Berlin:20261025T013000" in text
    assert "SEQUENCE:2" in text and "STATUS:TENTATIVE" in text and "TRANSP:OPAQUE" in text
    assert "ORGANIZER:mailto:me@example.org" in text
    assert "CN=Ann" in text and "mailto:ann@example.org" in text
