"""``meetup slots`` and ``meetup config`` end to end through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CONFIG = ROOT / "examples" / "meetup.toml"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_windows_for_the_example_calendar(meetup_env: Path) -> None:
    code, out, err = run(
        "--config", str(EXAMPLE_CONFIG),
        "slots", "--from", "2026-11-23", "--to", "2026-11-25", "--json",
    )  # fmt: skip
    assert code == 0, err
    windows = json.loads(out)["windows"]
    # Mon: lunch free; therapy (biweekly Mon 17:30-18:30) cuts the evening to 18:30.
    # Tue: climbing 19:00-21:15 leaves 18:00-19:00 and 21:15-22:00 (45 min, dropped).
    assert windows == [
        {"start": "2026-11-23T12:00:00+01:00", "end": "2026-11-23T13:00:00+01:00"},
        {"start": "2026-11-23T18:30:00+01:00", "end": "2026-11-23T22:00:00+01:00"},
        {"start": "2026-11-24T12:00:00+01:00", "end": "2026-11-24T13:00:00+01:00"},
        {"start": "2026-11-24T18:00:00+01:00", "end": "2026-11-24T19:00:00+01:00"},
    ]


def test_tz_hours_and_duration_options(meetup_env: Path) -> None:
    code, out, _ = run(
        "--config", str(EXAMPLE_CONFIG),
        "slots", "--from", "2026-11-24T00:00:00+01:00", "--days", "1",
        "--tz", "Europe/London", "--hours", "tue 17:00-22:00", "--duration", "30", "--json",
    )  # fmt: skip
    assert code == 0
    # Climbing is 18:00-20:15 London time.
    assert json.loads(out)["windows"] == [
        {"start": "2026-11-24T17:00:00+00:00", "end": "2026-11-24T18:00:00+00:00"},
        {"start": "2026-11-24T20:15:00+00:00", "end": "2026-11-24T22:00:00+00:00"},
    ]


def test_from_defaults_to_now(meetup_env: Path) -> None:
    code, out, _ = run(
        "--config", str(EXAMPLE_CONFIG), "--now", "2026-11-23T20:00:00+01:00",
        "slots", "--days", "1", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["windows"][0] == {
        "start": "2026-11-23T20:00:00+01:00",
        "end": "2026-11-23T22:00:00+01:00",
    }


def test_table_output_groups_by_day(meetup_env: Path) -> None:
    code, out, _ = run("--config", str(EXAMPLE_CONFIG), "slots", "--from", "2026-11-28", "--days", "1")
    assert code == 0
    assert out.splitlines() == [
        "Sat 2026-11-28  10:00-16:00, 17:30-22:00",
        "(times in Europe/Berlin)",
    ]


def test_calendar_given_by_path_overrides_config(meetup_env: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ics"
    empty.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")
    code, out, _ = run(
        "--config", str(EXAMPLE_CONFIG),
        "slots", "--calendar", str(empty), "--from", "2026-11-24", "--days", "1", "--json",
    )  # fmt: skip
    assert code == 0
    assert [w["start"][11:16] for w in json.loads(out)["windows"]] == ["12:00", "18:00"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["slots", "--tz", "Mars/Olympus"], 2, "unknown time zone 'Mars/Olympus'"),
        (["slots", "--hours", "mon-xx 10:00-11:00"], 2, "unknown weekday 'xx'"),
        (["slots", "--from", "next tuesday"], 2, "--from: 'next tuesday' is not an ISO 8601"),
        (["slots", "--from", "2026-11-25", "--to", "2026-11-24"], 2, "--to must be after --from"),
        (["slots", "--days", "0"], 2, "--days must be positive"),
        (["slots", "--duration", "-5"], 2, "--duration must be a positive"),
        (["slots", "--calendar", "missing.ics"], 1, "calendar file not found"),
        (["slots", "--calendar", "nosuchname"], 2, "--calendar 'nosuchname': no such calendar"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(
    meetup_env: Path, args: list[str], code: int, message: str
) -> None:
    got_code, _, err = run("--config", str(EXAMPLE_CONFIG), *args)
    assert got_code == code
    assert message in err
    assert err.count("\n") == 1 and err.startswith("meetup: error: ")
    assert "Traceback" not in err


def test_broken_config_names_file_and_line(meetup_env: Path, tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text('timezone = "Europe/Berlin"\nhours = "mon 10:00-11:00\n')
    code, _, err = run("--config", str(config), "config")
    assert code == 1
    assert err.startswith(f"meetup: error: {config}: invalid TOML: ") and "(at line 2, column 25)" in err


def test_missing_explicit_config_is_an_error(meetup_env: Path, tmp_path: Path) -> None:
    code, _, err = run("--config", str(tmp_path / "nope.toml"), "slots")
    assert (code, err) == (1, f"meetup: error: config file {tmp_path / 'nope.toml'} does not exist\n")


def test_config_shows_origin_and_calendars(meetup_env: Path) -> None:
    code, out, _ = run("--config", str(EXAMPLE_CONFIG), "config")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        f"config file:  {EXAMPLE_CONFIG}",
        "timezone:     Europe/Berlin  (config)",
        "hours:        mon-fri 12:00-13:00,18:00-22:00; sat,sun 10:00-22:00  (config)",
    ]
    assert lines[-1] == "calendar:     personal  [ics]  source=calendar.ics"


def test_without_config_file_builtin_defaults_apply(meetup_env: Path) -> None:
    code, out, _ = run("config")
    assert code == 0
    assert out.splitlines()[:3] == [
        "config file:  built-in defaults (no config file)",
        "timezone:     Etc/UTC  (system)",
        "hours:        mon-fri 18:00-22:00; sat,sun 10:00-22:00  (default)",
    ]
    assert out.splitlines()[-1] == "calendars:    none (add [calendars.NAME] tables, or use --calendar PATH)"


def test_python_dash_m_and_help_import_no_heavy_libraries() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "meetup", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Usage: meetup" in proc.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not imported & {
        "icalendar",
        "recurring_ical_events",
        "caldav",
        "googleapiclient",
        "google",
        "vobject",
    }
