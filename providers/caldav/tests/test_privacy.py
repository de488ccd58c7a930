"""Privacy through CalDAV: busy events with distinctive titles, places, notes and guests on a real
Radicale; invite, holds written back, a yes. No output carries any of those details: not what
meetup printed, not its mails, files or database, and not the events it wrote to the calendar."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from meetup.cli import main

pytestmark = pytest.mark.server
NOW = "2026-03-02T09:00:00+01:00"
SECRETS = ["Chemotherapy", "Station", "Lindqvist", "Fairweather", "Bankruptcy", "Notariat", "Yarrowby"]


def secret_event(uid: str, start: str, end: str, summary: str, extra: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_busy_details_on_caldav_reach_no_output(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any, outputs: Any
) -> None:
    radicale.mkcalendar("alice", "private", "Private")
    radicale.put(
        "/alice/private/a.ics",
        secret_event(
            "a", "20260303T090000Z", "20260303T120000Z", "Chemotherapy session",
            "LOCATION:Station 4B\r\nDESCRIPTION:ask Dr. Lindqvist\r\n"
            "ATTENDEE;CN=Gwendolyn Fairweather:mailto:gwen.fairweather@example.org\r\n",
        ),
    )  # fmt: skip
    radicale.put(
        "/alice/private/b.ics",
        secret_event(
            "b", "20260304T090000Z", "20260304T113000Z", "Bankruptcy hearing",
            "LOCATION:Notariat Yarrowby\r\n",
        ),
    )  # fmt: skip
    config = meetup_env / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 09:00-17:00"\n'
        + fixtures.account_toml("dav", radicale.url, calendars=["Private"], extra="write = true")
        + '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
    )
    printed = []
    for args in (
        ["friend", "add", "Sam", "--email", "sam@example.net"],
        ["slots", "--json"],
        ["invite", "sam", "--via", "outbox", "--days", "5"],
        ["ics", "1"],
        ["reply", "sam", "yes", "--option", "1"],
        ["status", "--json"],
    ):
        result = CliRunner().invoke(
            main, ["--config", str(config), "--now", NOW, *args], catch_exceptions=False
        )
        assert result.exit_code == 0, (args, result.output)
        printed.append(result.output)
    written = [
        p.read_text("utf-8", "replace")
        for p in (radicale.storage / "collection-root" / "alice" / "private").glob("*.ics")
        if p.name not in ("a.ics", "b.ics")
    ]
    [event] = written  # the confirmed meeting; the holds were released
    unfolded = event.replace("\r\n ", "").replace("\n ", "").splitlines()
    assert "SUMMARY:Coffee with Sam" in unfolded and "STATUS:CONFIRMED" in unfolded
    meeting = json.loads(printed[-1])["invites"][0]["meeting"]  # status --json: the time Sam took
    start = datetime.fromisoformat(meeting["start"]).astimezone(ZoneInfo("Europe/Berlin"))
    assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}" in unfolded
    everything = "\n".join([*printed, *written, outputs.of(meetup_env / "data")])
    assert [word for word in SECRETS if word.lower() in everything.lower()] == []
    assert "Sam" in everything and "STATUS:CONFIRMED" in everything
