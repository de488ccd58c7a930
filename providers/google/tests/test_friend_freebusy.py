"""``--freebusy google:EMAIL``: a friend's calendar shared as free/busy, asked via ``freebusy.query``.

The core reaches the Google provider through the registry only; the client library runs for
real over the recording mock, with answers shaped like Google's freebusy reference.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from googlemock import GoogleLike, RecordingHttp, freebusy
from test_cli_and_tokens import inject

from meetup.cli import main

NOW = "2026-11-23T09:00:00+01:00"
CONFIG = """\
timezone = "Europe/Berlin"
hours = "mon-sun 18:00-22:00"

[calendars.google]
provider = "google"
calendars = ["primary"]
"""


def run(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def config(meetup_env: Path) -> Path:
    path = meetup_env / "meetup.toml"
    path.write_text(CONFIG)
    assert run(path, "friend", "add", "Ana Lima", "--email", "ana@example.org")[0] == 0
    return path


def test_friend_shared_through_google_narrows_common_time(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    http = GoogleLike(
        {
            "primary": [{"start": "2026-11-24T17:00:00Z", "end": "2026-11-24T19:00:00Z"}],
            # Google answers in the case it likes; the provider matches it case-insensitively
            "ana@example.org": [
                {"start": "2026-11-23T17:00:00Z", "end": "2026-11-23T20:00:00Z"},
                {"start": "2026-11-25T18:30:00Z", "end": "2026-11-25T19:00:00Z"},
            ],
        }
    )
    inject(monkeypatch, http)
    code, out, err = run(config, "friend", "edit", "ana", "--freebusy", "google:ana@example.org")
    assert code == 0, err
    asked = [s for s in http.sent if s.path.endswith("/freeBusy")]
    assert [i["id"] for i in asked[-1].body["items"]] == ["ana@example.org"]  # only hers, never "primary"
    code, out, err = run(
        config, "slots", "--from", "2026-11-23", "--to", "2026-11-26", "--json", "--with", "ana"
    )
    assert code == 0, err
    found = [(w["start"][5:16], w["end"][11:16]) for w in json.loads(out)["windows"]]
    assert found == [
        ("11-23T21:00", "22:00"),  # Ana busy 18-21 Berlin
        ("11-24T20:00", "22:00"),  # I am busy 18-20
        ("11-25T18:00", "19:30"),  # Ana busy 19:30-20:00
        ("11-25T20:00", "22:00"),
    ]
    # the friend's read was cached: a second run asks Google only for the user's own calendar
    before = len([s for s in http.sent if s.path.endswith("/freeBusy")])
    assert run(config, "slots", "--from", "2026-11-23", "--to", "2026-11-26", "--with", "ana")[0] == 0
    again = [s for s in http.sent if s.path.endswith("/freeBusy")][before:]
    assert [[i["id"] for i in s.body["items"]] for s in again] == [["primary"]]


def test_a_calendar_not_shared_is_one_clear_line(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # freebusy reference: a calendar the user cannot see comes back with errors, not busy
    http = RecordingHttp(
        [
            freebusy(
                "2026-11-23T08:00:00.000Z",
                "2026-12-14T08:00:00.000Z",
                {"ana@example.org": {"errors": [{"domain": "calendar", "reason": "notFound"}], "busy": []}},
            )
        ]
    )
    inject(monkeypatch, http)
    code, _, err = run(config, "friend", "edit", "ana", "--freebusy", "google:ana@example.org")
    assert code == 1
    assert err == (
        "meetup: warning: Google account 'default' (free/busy of Ana Lima), calendar 'ana@example.org': "
        "skipped (notFound)\n"
        "meetup: error: Google account 'default' (free/busy of Ana Lima): none of its 1 calendar(s) could be read\n"
    )
    assert (
        run(config, "friend", "show", "ana")[1] == "name:  Ana Lima\nemail: ana@example.org\n"
    )  # nothing saved
