"""Config checking and import cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from meetup_google import create
from meetup_google.settings import parse_settings

from meetup.calendar.providers import CalendarConfig, ProviderContext, load_provider
from meetup.errors import ConfigError


def test_defaults() -> None:
    settings = parse_settings("g", {})
    assert (settings.account, settings.calendars, settings.write_calendar, settings.retries) == (
        "default",
        (),
        "primary",
        5,
    )


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"token": "ya29.secret"}, "unknown option(s) for a Google calendar: token"),  # named, not its value
        (
            {"account": "../../etc/passwd"},
            "'account' must be a short name of letters, digits, '.', '_' or '-'",
        ),
        ({"calendars": [1, 2]}, "'calendars' must be a list of calendar ids"),
        ({"write_calendar": ""}, "'write_calendar' must be a calendar id"),
        ({"retries": 0}, "'retries' must be a whole number from 1 to 10"),
    ],
)
def test_bad_options_are_one_clear_line(options: dict[str, object], complaint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings("google", options)
    assert str(caught.value) == f"calendar 'google': {complaint}"


def test_registered_under_meetup_providers(tmp_path: Path) -> None:
    assert load_provider("google") is create
    context = ProviderContext(tmp_path, tmp_path, print, ZoneInfo("UTC"))
    calendar = create(CalendarConfig("g", "google", {"account": "work"}), context)
    assert calendar.settings.account == "work"  # nothing is read or imported until it is used


def test_help_does_not_import_google_libraries() -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "meetup", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line]
    assert "meetup.cli" in imported
    assert not [
        m for m in imported if m.startswith(("googleapiclient", "google.auth", "google_auth_oauthlib"))
    ]


def test_scopes_are_the_least_that_cover_every_method_used() -> None:
    """Checked against the scopes the bundled discovery document lists for each method."""
    import json

    import googleapiclient
    from meetup_google.tokens import SCOPES

    document = Path(googleapiclient.__file__).parent / "discovery_cache/documents/calendar.v3.json"
    resources = json.loads(document.read_text(encoding="utf-8"))["resources"]
    used = [
        ("freebusy", "query"),
        ("calendarList", "list"),
        ("events", "insert"),
        ("events", "patch"),
        ("events", "delete"),
    ]
    allowed = {(r, m): set(resources[r]["methods"][m]["scopes"]) for r, m in used}
    for method, scopes in allowed.items():
        assert scopes & set(SCOPES), f"no requested scope allows {method}"
    for scope in SCOPES:  # each scope is needed by some method
        assert any(scope in scopes for scopes in allowed.values())
    broad = {
        "https://www.googleapis.com/auth/" + s for s in ("calendar", "calendar.readonly", "calendar.events")
    }
    assert not broad & set(SCOPES)
