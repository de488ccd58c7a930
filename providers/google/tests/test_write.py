"""Writing events: client-supplied ids, attendees, sendUpdates, idempotent retries, deletes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from googlemock import error, no_content, ok, rig, spec
from meetup_google.api import GoogleApiError
from meetup_google.events import event_id


def inserted(body: dict[str, object]) -> dict[str, object]:
    """An events.insert answer as the reference documents it: the stored Event resource."""
    return {
        "kind": "calendar#event",
        "etag": '"3381234567890000"',
        "htmlLink": "https://www.google.com/calendar/event?eid=bWVldHVw",
        "created": "2026-11-23T02:00:00.000Z",
        "updated": "2026-11-23T02:00:00.000Z",
        "creator": {"email": "me@gmail.com", "self": True},
        "organizer": {"email": "me@gmail.com", "self": True},
        "iCalUID": f"{body['id']}@google.com",
        "reminders": {"useDefault": True},
        **body,
    }


def test_event_id_is_stable_and_in_googles_alphabet() -> None:
    first = event_id("meetup-42-opt2@meetup.local")
    assert first == event_id("meetup-42-opt2@meetup.local")
    assert first != event_id("meetup-42-opt3@meetup.local")
    assert re.fullmatch(r"[a-v0-9]{5,1024}", first)


def test_insert_sends_id_attendees_and_send_updates(tmp_path: Path) -> None:
    event = spec()
    r = rig(
        tmp_path, [ok(inserted({"id": event_id(event.uid), "status": "confirmed"}))], calendars=["primary"]
    )
    result = r.calendar.write_event(event)
    assert result.ref == event_id(event.uid)
    assert result.etag == '"3381234567890000"'
    [sent] = r.http.sent
    assert sent.method == "POST"
    assert sent.path == "/calendar/v3/calendars/primary/events"
    assert sent.query["sendUpdates"] == ["all"]
    assert sent.body == {
        "id": event_id(event.uid),
        "summary": "Coffee with Sam",
        "start": {"dateTime": "2026-11-26T18:00:00+01:00", "timeZone": "Europe/Berlin"},
        "end": {"dateTime": "2026-11-26T19:00:00+01:00", "timeZone": "Europe/Berlin"},
        "status": "confirmed",
        "transparency": "opaque",
        "sequence": 0,
        "attendees": [{"email": "sam@example.org", "displayName": "Sam Lee"}],
        "extendedProperties": {"private": {"meetupUid": "meetup-42-opt2@meetup.local"}},
    }


def test_hold_is_tentative_and_google_sends_nothing(tmp_path: Path) -> None:
    event = spec(status="TENTATIVE", attendees=(), notify_attendees=False, summary="Hold: coffee with Sam")
    r = rig(
        tmp_path,
        [ok(inserted({"id": event_id(event.uid), "status": "tentative"}))],
        write_calendar="meetup@group.calendar.google.com",
    )
    r.calendar.write_event(event)
    [sent] = r.http.sent
    assert sent.path == "/calendar/v3/calendars/meetup@group.calendar.google.com/events"
    assert sent.query["sendUpdates"] == ["none"]
    assert sent.body["status"] == "tentative"
    assert sent.body["attendees"] == []


def test_retried_insert_conflict_becomes_patch_not_duplicate(tmp_path: Path) -> None:
    event = spec(sequence=1)
    eid = event_id(event.uid)
    r = rig(
        tmp_path,
        [
            error(409, "duplicate", "The requested identifier already exists."),
            ok(inserted({"id": eid, "status": "confirmed", "sequence": 1})),
        ],
    )
    result = r.calendar.write_event(event)
    assert result.ref == eid
    insert, patch = r.http.sent
    assert insert.method == "POST"
    assert patch.method == "PATCH"
    assert patch.path == f"/calendar/v3/calendars/primary/events/{eid}"
    assert patch.query["sendUpdates"] == ["all"]
    assert "id" not in patch.body
    assert patch.body["sequence"] == 1
    assert patch.body["attendees"] == [{"email": "sam@example.org", "displayName": "Sam Lee"}]
    assert r.delays == []  # a conflict is an answer, not a transient failure


def test_delete_and_already_gone(tmp_path: Path) -> None:
    uid = "meetup-42-opt1@meetup.local"
    r = rig(
        tmp_path,
        [
            no_content(),
            error(410, "deleted", "Resource has been deleted"),
            error(404, "notFound", "Not Found"),
        ],
    )
    for _ in range(3):
        r.calendar.delete_event(uid)
    assert [(s.method, s.path) for s in r.http.sent] == [
        ("DELETE", f"/calendar/v3/calendars/primary/events/{event_id(uid)}")
    ] * 3
    assert r.http.sent[0].query["sendUpdates"] == ["none"]


def test_delete_permission_denied_is_an_error(tmp_path: Path) -> None:
    r = rig(tmp_path, [error(403, "forbidden", "Forbidden")])
    with pytest.raises(GoogleApiError, match=r"calendar 'primary': permission denied \(403 forbidden\)"):
        r.calendar.delete_event("x")
