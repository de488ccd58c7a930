"""invite -> tentative holds in Google -> yes -> the event is inserted and the holds deleted,
through the real client library over the offline mock (which keeps what it is sent). The holds
are busy in Google's freeBusy when the yes is checked; they are the invite's own, so the chosen
time is still free."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from googlemock import GoogleLike, use
from meetup_google.events import event_id

from meetup.cli import main

CONFIG = """\
timezone = "Europe/Berlin"
hours = "mon-fri 09:00-17:00"

[calendars.google]
provider = "google"
calendars = ["primary"]
write = true

[mail]
name = "Alex"
from = "alex@example.org"
"""
NOW = "2026-11-23T09:00:00+01:00"


def test_yes_inserts_the_event_and_deletes_the_holds(
    meetup_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = meetup_env / "meetup.toml"
    config.write_text(CONFIG)
    google = GoogleLike({"primary": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T13:00:00Z"}]})
    use(monkeypatch, google)

    def run(*args: str) -> str:
        result = CliRunner().invoke(
            main, ["--config", str(config), "--now", NOW, *args], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    run("friend", "add", "Sam", "--email", "sam@example.net", "--tz", "Europe/Berlin")
    invited = json.loads(run("invite", "sam", "--via", "outbox", "--days", "5", "--json"))
    options = [datetime.fromisoformat(o["start"]).astimezone(UTC) for o in invited["options"]]
    holds = google.events["primary"]
    assert len(holds) == 3 and {e["status"] for e in holds.values()} == {"tentative"}
    hold_ids = set(holds)

    run("reply", "sam", "yes", "--option", "2")
    remaining = google.events["primary"]
    assert not hold_ids & set(remaining), "every hold is deleted"
    [(ident, meeting)] = remaining.items()
    assert datetime.fromisoformat(meeting["start"]["dateTime"]).astimezone(UTC) == options[1]
    assert meeting["status"] == "confirmed" and ident == event_id(
        meeting["extendedProperties"]["private"]["meetupUid"]
    )
    assert [a["email"] for a in meeting["attendees"]] == ["sam@example.net"]
    deletes = [s.path.rsplit("/", 1)[-1] for s in google.sent if s.method == "DELETE"]
    assert sorted(deletes) == sorted(hold_ids)
