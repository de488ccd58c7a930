"""Acting on a yes: which calendar gets the event, and what the event holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from meetup.answers.actions import InviteFacts, request_ics
from meetup.answers.run import event_writer
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.calendar.providers import EventSpec, WriteResult
from meetup.followup.schedule import FollowupSettings

START = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
SLOT = Interval(START, START + timedelta(hours=1))
FACTS = InviteFacts(
    id=7, state="open", friend_name="Ana Lima", friend_email="ana@example.org", friend_zone=ZoneInfo("America/Sao_Paulo"),
    activity="drinks", subject="Drinks?", thread=None, options={1: SLOT}, duration=timedelta(hours=1),
)  # fmt: skip
SETTINGS = FollowupSettings(sender="sam@example.org", sender_name="Sam", domain="example.org")


class FakeWritable:
    """Unit-test double of a writable provider (the CalDAV and Google providers have real tests)."""

    def __init__(self) -> None:
        self.written: list[EventSpec] = []

    def busy(self, period: Interval) -> list[Interval]:
        return []

    def write_event(self, event: EventSpec) -> WriteResult:
        self.written.append(event)
        return WriteResult(uid=event.uid)

    def delete_event(self, uid: str) -> None:
        raise AssertionError("not expected")


def _app(tmp_path: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> App:
    (tmp_path / "config.toml").write_text(config)
    monkeypatch.setenv("MEETUP_DATA_DIR", str(tmp_path / "data"))
    return App(config_path=tmp_path / "config.toml", now_text="2026-11-23T10:00:00+00:00")


def test_yes_writes_to_the_calendar_marked_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeWritable()
    opened: list[str] = []

    def open_calendar(config: Any, context: Any) -> FakeWritable:
        opened.append(config.name)
        return fake

    monkeypatch.setattr("meetup.calendar.providers.open_calendar", open_calendar)
    app = _app(
        tmp_path,
        '[calendars.work]\nprovider = "ics"\nsource = "w.ics"\n[calendars.home]\nprovider = "caldav"\nwrite = true\n',
        monkeypatch,
    )
    where = event_writer(app, SETTINGS, START, ZoneInfo("Europe/Berlin"))(FACTS, SLOT, "meetup-7@example.org")
    assert where == "calendar home" and opened == ["home"]
    (event,) = fake.written
    assert (event.uid, event.start, event.end) == ("meetup-7@example.org", SLOT.start, SLOT.end)
    assert event.summary == "Drinks with Ana"
    assert [a.email for a in event.attendees] == ["ana@example.org"]
    assert event.organizer is not None and event.organizer.email == "sam@example.org"


def test_without_a_writable_calendar_the_event_goes_to_the_outbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, 'timezone = "Europe/Berlin"\n', monkeypatch)
    where = event_writer(app, SETTINGS, START, ZoneInfo("Europe/Berlin"))(FACTS, SLOT, "meetup-7@example.org")
    data = Path(where).read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == SLOT.start and str(event["STATUS"]) == "CONFIRMED"


def test_request_ics_is_a_valid_imip_invitation_for_two_parsers() -> None:
    data = request_ics(
        uid="meetup-7@example.org", option=SLOT, summary="Drinks with\r\nAna", organizer="sam@example.org",
        attendee="ana@example.org", now=START,
    )  # fmt: skip
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Drinks with Ana"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.org" and attendee.params["RSVP"] == "TRUE"
    assert str(event["ORGANIZER"]) == "mailto:sam@example.org"
    from ical.calendar_stream import IcsCalendarStream

    parsed = IcsCalendarStream.calendar_from_ics(data.decode())
    assert parsed.events[0].uid == "meetup-7@example.org"
    assert parsed.events[0].dtstart == SLOT.start


def test_answering_releases_the_holds_on_the_writable_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded: Any
) -> None:
    from click.testing import CliRunner

    from meetup.cli import main

    deleted: list[str] = []

    class Writable(FakeWritable):
        def delete_event(self, uid: str) -> None:
            deleted.append(uid)

    fake = Writable()
    monkeypatch.setattr("meetup.calendar.providers.open_calendar", lambda config, context: fake)
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=START - timedelta(days=3))
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\n[mail]\nfrom = "sam@example.org"\n[followup]\nvia = "outbox"\n'
        '[calendars.home]\nprovider = "caldav"\nwrite = true\n'
    )
    env = {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": (START - timedelta(days=3, hours=-1)).isoformat(),
    }
    result = CliRunner().invoke(
        main, ["reply", "friend1", "yes", "--option", "2"], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.output == "invite 1: confirmed; event written to calendar home; invitation queued\n"
    assert sorted(deleted) == ["meetup-1-opt1", "meetup-1-opt2"]
    assert [e.uid for e in fake.written] == ["meetup-1@example.org"]
