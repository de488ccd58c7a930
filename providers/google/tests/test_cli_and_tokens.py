"""End to end through the CLI with the client injected, and the token file."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from googlemock import RecordingHttp, calendar_entry, calendar_list, error, freebusy, use, utc
from meetup_google.provider import create
from meetup_google.tokens import TokenKeeper, load_credentials, read_token, token_path, write_token

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, ProviderContext
from meetup.cli import main
from meetup.errors import ProviderError

CONFIG = """\
timezone = "Europe/Berlin"
hours = "mon-fri 18:00-22:00"

[calendars.google]
provider = "google"
calendars = ["primary", "team@group.calendar.google.com"]
"""


def inject(monkeypatch: pytest.MonkeyPatch, http: RecordingHttp) -> None:
    use(monkeypatch, http)


def test_meetup_slots_through_google(meetup_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = meetup_env / "meetup.toml"
    config.write_text(CONFIG)
    http = RecordingHttp(
        [
            freebusy(
                "2026-11-23T00:00:00.000Z",
                "2026-11-24T23:00:00.000Z",
                {
                    # Mon 19:00-20:30 Berlin, Tue 18:00-21:00 Berlin (CET = UTC+1)
                    "primary": {"busy": [{"start": "2026-11-23T18:00:00Z", "end": "2026-11-23T19:30:00Z"}]},
                    "team@group.calendar.google.com": {
                        "busy": [{"start": "2026-11-24T17:00:00Z", "end": "2026-11-24T20:00:00Z"}]
                    },
                },
            )
        ]
    )
    inject(monkeypatch, http)
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(config),
            "--now",
            "2026-11-23T08:00:00+01:00",
            "slots",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-25",
            "--json",
            "--duration",
            "30",
        ],
    )
    assert result.exit_code == 0, result.output
    windows = json.loads(result.stdout)["windows"]
    assert windows == [
        {"start": "2026-11-23T18:00:00+01:00", "end": "2026-11-23T19:00:00+01:00"},
        {"start": "2026-11-23T20:30:00+01:00", "end": "2026-11-23T22:00:00+01:00"},
        {"start": "2026-11-24T21:00:00+01:00", "end": "2026-11-24T22:00:00+01:00"},
    ]
    [sent] = http.sent
    assert sent.path == "/calendar/v3/freeBusy"
    assert sent.body["timeMin"] == "2026-11-22T23:00:00Z"
    assert sent.body["timeMax"] == "2026-11-24T23:00:00Z"
    assert [i["id"] for i in sent.body["items"]] == ["primary", "team@group.calendar.google.com"]


def test_meetup_calendars_lists_google_calendars(meetup_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = meetup_env / "meetup.toml"
    config.write_text(CONFIG)
    http = RecordingHttp(
        [
            calendar_list(
                [
                    calendar_entry("me@gmail.com", "Me", primary=True, selected=True),
                    calendar_entry("team@group.calendar.google.com", "Team", accessRole="reader"),
                    calendar_entry("hol@group.v.calendar.google.com", "Holidays", accessRole="reader"),
                ]
            )
        ]
    )
    inject(monkeypatch, http)
    result = CliRunner().invoke(main, ["--config", str(config), "calendars"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "google  [google]\n"
        "  [x] Me  (me@gmail.com)  writable, Europe/Berlin\n"
        "  [x] Team  (team@group.calendar.google.com)  Europe/Berlin\n"
        "  [ ] Holidays  (hol@group.v.calendar.google.com)  Europe/Berlin\n"
    )


def test_not_signed_in_is_one_line(meetup_env: Path) -> None:
    config = meetup_env / "meetup.toml"
    config.write_text(CONFIG)
    result = CliRunner().invoke(
        main, ["--config", str(config), "--now", "2026-11-23T08:00:00+01:00", "slots", "--calendar", "google"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"meetup: error: Google account 'default' (google): not signed in "
        f"({meetup_env / 'config' / 'google-default.json'} missing); run `meetup auth google`\n"
    )
    assert "Traceback" not in result.output


TOKEN = {
    "token": "ya29.old-access-token",
    "refresh_token": "1//refresh-token",
    "token_uri": "https://oauth2.googleapis.com/token",
    "client_id": "1234.apps.googleusercontent.com",
    "client_secret": "GOCSPX-secret",
    "scopes": ["https://www.googleapis.com/auth/calendar.freebusy"],
    "expiry": "2020-01-01T00:00:00Z",
}


class FakeTokenEndpoint:
    """A google-auth transport answering the token endpoint as Google documents it."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status, self.body = status, body
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self, url: str, method: str = "GET", body: Any = None, headers: Any = None, **kw: Any
    ) -> Any:
        self.calls.append({"url": url, "method": method, "body": body})
        return SimpleNamespace(status=self.status, headers={}, data=json.dumps(self.body).encode())


def test_token_file_is_private_and_atomic(tmp_path: Path) -> None:
    path = token_path(tmp_path / "config", "default")
    write_token(path, json.dumps(TOKEN))
    assert path.name == "google-default.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["google-default.json"]
    write_token(path, json.dumps(TOKEN | {"token": "new"}))
    assert read_token(path, "here")["token"] == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        write_token(path, "not json")
    assert read_token(path, "here")["token"] == "new"


def test_expired_token_is_refreshed_and_saved(tmp_path: Path) -> None:
    path = token_path(tmp_path, "default")
    write_token(path, json.dumps(TOKEN))
    endpoint = FakeTokenEndpoint(
        200,
        {
            "access_token": "ya29.fresh",
            "expires_in": 3599,
            "scope": TOKEN["scopes"][0],
            "token_type": "Bearer",
        },
    )
    creds = load_credentials(path, "Google account 'default'", transport=endpoint)
    assert creds.token == "ya29.fresh"
    assert endpoint.calls[0]["url"] == "https://oauth2.googleapis.com/token"
    saved = json.loads(path.read_text())
    assert saved["token"] == "ya29.fresh"
    assert saved["refresh_token"] == "1//refresh-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_revoked_refresh_token_says_run_auth(tmp_path: Path) -> None:
    path = token_path(tmp_path, "default")
    write_token(path, json.dumps(TOKEN))
    endpoint = FakeTokenEndpoint(
        400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
    )
    with pytest.raises(ProviderError, match="run `meetup auth google`"):
        load_credentials(path, "Google account 'default'", transport=endpoint)
    assert json.loads(path.read_text())["token"] == "ya29.old-access-token"


def test_token_keeper_saves_only_a_changed_token(tmp_path: Path) -> None:
    path = tmp_path / "google-default.json"

    class Creds:
        token = "a"

        def to_json(self) -> str:
            return json.dumps({"token": self.token, "refresh_token": "r"})

    creds = Creds()
    keeper = TokenKeeper(path, creds)
    keeper.save_if_refreshed()
    assert not path.exists()
    creds.token = "b"
    keeper.save_if_refreshed()
    assert json.loads(path.read_text())["token"] == "b"


def test_missing_or_broken_token_file(tmp_path: Path) -> None:
    with pytest.raises(ProviderError, match="not signed in"):
        read_token(tmp_path / "google-default.json", "x")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ProviderError, match="not valid JSON"):
        read_token(tmp_path / "bad.json", "x")


def test_token_refreshed_mid_run_is_saved(tmp_path: Path) -> None:
    """Real google-auth signing over the mock: a 401 makes it refresh, and meetup saves the token."""
    path = token_path(tmp_path, "default")
    write_token(path, json.dumps(TOKEN | {"expiry": "2099-01-01T00:00:00Z"}))
    http = RecordingHttp(
        [
            error(401, "authError", "Invalid Credentials"),
            (
                {"status": "200", "content-type": "application/json"},
                json.dumps({"access_token": "ya29.refreshed", "expires_in": 3599, "token_type": "Bearer"}),
            ),
            freebusy(
                "a",
                "b",
                {"primary": {"busy": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T10:00:00Z"}]}},
            ),
        ]
    )
    context = ProviderContext(tmp_path / "cache", tmp_path, print, ZoneInfo("UTC"))
    calendar = create(CalendarConfig("g", "google", {"calendars": ["primary"]}), context, http=http)
    busy = calendar.busy(Interval(utc("2026-11-23T00:00:00"), utc("2026-11-30T00:00:00")))
    assert busy == [Interval(utc("2026-11-24T09:00:00"), utc("2026-11-24T10:00:00"))]
    first, refresh, retry = http.sent
    assert first.headers["authorization"] == "Bearer ya29.old-access-token"
    assert refresh.path == "/token" and refresh.body["grant_type"] == ["refresh_token"]
    assert refresh.body["refresh_token"] == ["1//refresh-token"]
    assert retry.headers["authorization"] == "Bearer ya29.refreshed"
    saved = json.loads(path.read_text())
    assert saved["token"] == "ya29.refreshed"
    assert saved["refresh_token"] == "1//refresh-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_invite_writes_tentative_holds_to_google(meetup_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from googlemock import GoogleLike

    root = Path(__file__).resolve().parents[3]
    config = meetup_env / "meetup.toml"
    config.write_text(
        CONFIG.replace(
            'calendars = ["primary", "team@group.calendar.google.com"]',
            'calendars = ["primary"]\nwrite = true',
        )
        + '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
    )
    http = GoogleLike({"primary": [{"start": "2026-11-24T17:00:00Z", "end": "2026-11-24T21:00:00Z"}]})
    inject(monkeypatch, http)
    now = "2026-11-23T09:00:00+01:00"
    runner = CliRunner()
    imported = runner.invoke(
        main,
        ["--config", str(config), "--now", now, "friend", "import", str(root / "examples" / "friends.vcf")],
    )
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(
        # drinks: evening hours, which the configured hours (weekday evenings) leave room for
        main,
        [
            "--config",
            str(config),
            "--now",
            now,
            "invite",
            "sam",
            "--activity",
            "drinks",
            "--via",
            "outbox",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    options = json.loads(result.stdout)["options"]
    inserts = [s for s in http.sent if s.method == "POST" and s.path.endswith("/events")]
    assert len(inserts) == len(options) == 3
    for n, sent in enumerate(inserts, start=1):
        assert sent.path == "/calendar/v3/calendars/primary/events"
        assert sent.query["sendUpdates"] == ["none"]
        assert sent.body["status"] == "tentative"
        assert sent.body["attendees"] == []
        assert sent.body["extendedProperties"]["private"]["meetupUid"].endswith(f"-opt{n}")
    # the holds are exactly the offered times, and none of them is in the busy evening
    offered = sorted((o["start"], o["end"]) for o in options)
    held = sorted((s.body["start"]["dateTime"], s.body["end"]["dateTime"]) for s in inserts)
    assert [tuple(map(utc_any, pair)) for pair in offered] == [tuple(map(utc_any, pair)) for pair in held]
    busy_start, busy_end = utc_any("2026-11-24T17:00:00Z"), utc_any("2026-11-24T21:00:00Z")
    for start, end in held:
        assert utc_any(end) <= busy_start or utc_any(start) >= busy_end


def utc_any(text: str) -> Any:
    from datetime import UTC, datetime

    return datetime.fromisoformat(text).astimezone(UTC)
