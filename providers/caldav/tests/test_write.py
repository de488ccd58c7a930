"""Holds, confirmations and releases written to a real Radicale server, guarded by ETags."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from meetup_caldav import CalDavConflict, create

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import (
    Attendee,
    CalendarConfig,
    CalendarProvider,
    EventSpec,
    ProviderContext,
    WritableCalendar,
)
from meetup.errors import NotWritable

pytestmark = pytest.mark.server
BERLIN = ZoneInfo("Europe/Berlin")


def account(radicale: Any, tmp_path: Path, calendar: str, **extra: Any) -> Any:
    options = {
        "url": radicale.url,
        "username": "alice",
        "password_env": "MEETUP_TEST_PW_ALICE",
        "calendars": [calendar],
        "write": True,
        **extra,
    }
    warnings: list[str] = []
    context = ProviderContext(tmp_path / "cache", tmp_path / "config", warnings.append, BERLIN)
    provider = create(CalendarConfig("dav", "caldav", options), context)
    provider.warnings = warnings  # type: ignore[attr-defined]
    return provider


def hold(uid: str = "meetup-inv1-opt1", **changes: Any) -> EventSpec:
    values: dict[str, Any] = {
        "uid": uid,
        "summary": "Hold: dinner with Ann?",
        "start": datetime(2026, 3, 5, 19, 0, tzinfo=BERLIN),
        "end": datetime(2026, 3, 5, 21, 0, tzinfo=BERLIN),
        "timezone": "Europe/Berlin",
        "status": "TENTATIVE",
    }
    values.update(changes)
    return EventSpec(**values)


def stored(radicale: Any, href: str) -> tuple[int, Any]:
    status, _, body = radicale.request("GET", href)
    return status, (Calendar.from_ical(body) if status == 200 else None)


def objects(radicale: Any, calendar: str) -> list[Path]:
    return sorted((radicale.storage / "collection-root" / "alice" / calendar).glob("*.ics"))


def test_hold_confirm_release_round_trip(radicale: Any, tmp_path: Path, passwords: None) -> None:
    radicale.mkcalendar("alice", "writes", "Writes")
    provider = account(radicale, tmp_path, "Writes")
    assert isinstance(provider, WritableCalendar) and isinstance(provider, CalendarProvider)
    result = provider.write_event(hold())
    assert result.uid == "meetup-inv1-opt1" and result.etag
    href = result.ref.split("127.0.0.1", 1)[1].split("/", 1)[1]
    status, cal = stored(radicale, "/" + href)
    assert status == 200
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["STATUS"]) == "TENTATIVE" and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # The hold is busy time the next time meetup reads the calendar.
    period = Interval(datetime(2026, 3, 5, tzinfo=BERLIN), datetime(2026, 3, 6, tzinfo=BERLIN))
    assert provider.busy(period) == [Interval(hold().start, hold().end)]

    confirmed = hold(
        summary="Dinner with Ann",
        status="CONFIRMED",
        organizer=Attendee("me@example.org", "Me"),
        attendees=[Attendee("ann@example.org", "Ann")],
    )
    again = provider.write_event(confirmed)
    assert again.ref == result.ref and again.etag != result.etag
    _, cal = stored(radicale, "/" + href)
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 1
    assert str(event["ATTENDEE"]) == "mailto:ann@example.org" and event["ATTENDEE"].params["CN"] == "Ann"
    assert len(objects(radicale, "writes")) == 1  # updated in place, never duplicated

    provider.delete_event("meetup-inv1-opt1")
    assert stored(radicale, "/" + href)[0] == 404
    provider.delete_event("meetup-inv1-opt1")  # deleting what is gone is fine
    assert provider.busy(period) == []


def test_an_edit_on_the_phone_is_never_overwritten(radicale: Any, tmp_path: Path, passwords: None) -> None:
    radicale.mkcalendar("alice", "phone", "Phone")
    provider = account(radicale, tmp_path, "Phone")
    result = provider.write_event(hold("meetup-inv2-opt1"))
    href = "/alice/phone/" + result.ref.rsplit("/", 1)[1]
    _, _, body = radicale.request("GET", href)
    edited = body.replace(b"Hold: dinner with Ann?", b"Dinner (moved by me on the phone)")
    assert radicale.put(href, edited.decode()) in (201, 204)

    with pytest.raises(
        CalDavConflict, match=r"'dav'.*meetup-inv2-opt1.*changed on the server.*not overwritten"
    ):
        provider.write_event(hold("meetup-inv2-opt1", status="CONFIRMED"))
    with pytest.raises(CalDavConflict, match="not deleted"):
        provider.delete_event("meetup-inv2-opt1")
    _, cal = stored(radicale, href)
    assert str(next(iter(cal.walk("VEVENT")))["SUMMARY"]) == "Dinner (moved by me on the phone)"


def test_an_existing_uid_meetup_did_not_write_is_not_overwritten(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "foreign", "Foreign")
    ics = fixtures.event("meetup-inv3-opt1", "20260305T180000Z", "20260305T200000Z", summary="Mine")
    assert radicale.put("/alice/foreign/meetup-inv3-opt1.ics", ics) == 201
    provider = account(radicale, tmp_path, "Foreign")
    with pytest.raises(CalDavConflict, match="already exists on the server"):
        provider.write_event(hold("meetup-inv3-opt1"))
    with pytest.raises(CalDavConflict, match="not written by meetup"):
        provider.delete_event("meetup-inv3-opt1")
    assert stored(radicale, "/alice/foreign/meetup-inv3-opt1.ics")[0] == 200


def test_release_without_local_record_removes_only_meetups_own_event(
    radicale: Any, tmp_path: Path, passwords: None
) -> None:
    radicale.mkcalendar("alice", "lost", "Lost")
    account(radicale, tmp_path / "first", "Lost").write_event(hold("meetup-inv4-opt2"))
    # A fresh cache (cleared, another machine): meetup recognises its own hold by PRODID.
    account(radicale, tmp_path / "second", "Lost").delete_event("meetup-inv4-opt2")
    assert objects(radicale, "lost") == []


def test_writing_needs_write_true_and_a_known_calendar(
    radicale: Any, tmp_path: Path, passwords: None
) -> None:
    radicale.mkcalendar("alice", "ro", "Read only here")
    with pytest.raises(NotWritable, match="write = true"):
        account(radicale, tmp_path, "Read only here", write=False).write_event(hold())
    with pytest.raises(Exception, match="write_calendar 'Nope' not found"):
        account(radicale, tmp_path, "Read only here", write_calendar="Nope").write_event(hold())


def test_a_write_killed_before_it_was_recorded_is_taken_as_written(
    radicale: Any, tmp_path: Path, passwords: None
) -> None:
    """The PUT went through but the run died before keeping its ETag: writing the same event again
    (the next run finishing the yes) finds it and records it, one event on the server; the same
    UID with other times is still refused."""
    radicale.mkcalendar("alice", "killed", "Killed")
    meeting = hold("meetup-9@example.org", summary="Dinner with Ann", status="CONFIRMED")
    account(radicale, tmp_path, "Killed").write_event(meeting)
    records = [p for p in (tmp_path / "cache").rglob("*.json") if "meetup-9@example.org" in p.read_text()]
    assert len(records) == 1
    for path in records:  # the run's record of its own write is lost
        path.write_text(path.read_text().replace("meetup-9@example.org", "lost@example.org"))
    again = account(radicale, tmp_path, "Killed")
    result = again.write_event(meeting)
    assert result.uid == "meetup-9@example.org" and result.etag
    files = sorted((radicale.storage / "collection-root" / "alice" / "killed").glob("*.ics"))
    assert [p.name for p in files] == ["meetup-9@example.org.ics"]
    again.delete_event("meetup-9@example.org")  # recorded: an ETag-guarded delete
    assert stored(radicale, "/alice/killed/meetup-9@example.org.ics")[0] == 404
    other = hold("meetup-10@example.org", summary="Dinner with Ann", status="CONFIRMED")
    account(radicale, tmp_path / "elsewhere", "Killed").write_event(other)
    moved = hold("meetup-10@example.org", summary="Dinner with Ann", status="CONFIRMED",
                 start=datetime(2026, 3, 6, 19, 0, tzinfo=BERLIN), end=datetime(2026, 3, 6, 21, 0, tzinfo=BERLIN))  # fmt: skip
    with pytest.raises(CalDavConflict, match="already exists on the server"):
        account(radicale, tmp_path, "Killed").write_event(moved)
