"""Calendar selection, the provider registry and degradation when one calendar fails."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from meetup.calendar.providers import available_providers
from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('timezone = "Europe/Berlin"\nhours = "mon-sun 18:00-22:00"\n' + body)
    return path


def test_ics_provider_is_registered_through_entry_points() -> None:
    assert {name: entry.value for name, entry in available_providers().items()} == {
        "caldav": "meetup_caldav:create",
        "google": "meetup_google:create",
        "ics": "meetup_ics:create",
    }


def test_unknown_provider_is_a_clear_error(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, '[calendars.work]\nprovider = "exchange"\n')
    result = CliRunner().invoke(main, ["--config", str(config), "slots", "--calendar", "work"])
    assert result.exit_code == 1
    assert result.stderr == (
        "meetup: error: calendar provider 'exchange' is not installed (installed: caldav, google, ics); "
        "install the meetup-exchange distribution\n"
    )


def test_a_failing_configured_calendar_is_skipped_with_a_warning(meetup_env: Path, tmp_path: Path) -> None:
    example = ROOT / "examples" / "calendar.ics"
    config = _config(
        tmp_path,
        f'[calendars.personal]\nsource = "{example}"\n[calendars.gone]\nsource = "does-not-exist.ics"\n',
    )
    result = CliRunner().invoke(
        main, ["--config", str(config), "slots", "--from", "2026-11-24", "--days", "1", "--json"]
    )
    assert result.exit_code == 0
    assert result.stderr == (
        f"meetup: warning: calendar 'gone' skipped: calendar file not found: {tmp_path / 'does-not-exist.ics'}\n"
    )
    # The readable calendar still counts: Tuesday climbing 19:00-21:15 is busy.
    starts = [w["start"][11:16] for w in json.loads(result.stdout)["windows"]]
    assert starts == ["18:00"]


def test_when_no_configured_calendar_can_be_read_it_is_an_error(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, '[calendars.gone]\nsource = "does-not-exist.ics"\n')
    result = CliRunner().invoke(main, ["--config", str(config), "slots"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"meetup: warning: calendar 'gone' skipped: calendar file not found: {tmp_path / 'does-not-exist.ics'}\n"
        "meetup: error: no calendar could be read (1 failed)\n"
    )


def test_calendar_table_without_provider_or_source(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, "[calendars.odd]\nurl = 3\n")
    result = CliRunner().invoke(main, ["--config", str(config), "slots"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"meetup: error: {config}: calendar 'odd' needs 'provider' (ics, caldav, google) or 'source'\n"
    )
