"""Every bad number, date or database fault is one clear line with exit 1 or 2, never a
traceback: periods and years are bounded (1970-2200), --options/--duration/--days have caps,
malformed --hours and --calendar URLs are refused, a damaged, full or newer database is named."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T09:00:00+01:00"


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
    )
    return config


def _run(config: Path, *args: str, now: str | None = NOW) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), *(["--now", now] if now else []), *args])


def _one_line_error(result: Any, code: int, message: str) -> None:
    """Exit ``code``, no traceback, and stderr is exactly ``meetup: error: <message>``."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stderr == f"meetup: error: {message}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["slots", "--days", "99999999999999999999"],
            "--days must be positive and at most 366, got 99999999999999999999",
        ),
        (["slots", "--days", "1000000"], "--days must be positive and at most 366, got 1000000"),
        (["slots", "--days", "0"], "--days must be positive and at most 366, got 0"),
        (["slots", "--from", "0001-01-01"], "--from: '0001-01-01' is outside the years 1970-2200"),
        (["slots", "--from", "9999-12-30"], "--from: '9999-12-30' is outside the years 1970-2200"),
        (["slots", "--to", "9999-12-31"], "--to: '9999-12-31' is outside the years 1970-2200"),
        (
            ["slots", "--from", "2200-12-20", "--days", "30"],
            "the period's end: 2201-01-19 is outside the years 1970-2200",
        ),
        (
            ["slots", "--hours", ";;;"],
            "--hours ';;;' names no days and times (example: 'mon-fri 18:00-22:00')",
        ),
        (
            ["slots", "--hours", "mon 25:00-26:00"],
            "bad time '25:00' in 'mon 25:00-26:00' (00:00 to 23:59, or 24:00 as an end)",
        ),
        (
            ["slots", "--calendar", "http://[::1"],
            "--calendar 'http://[::1': not a valid URL (Invalid IPv6 URL)",
        ),
        (["invite", "sam", "--options", "1000"], "--options must be 1..10, got 1000"),
        (["invite", "sam", "--options", "0"], "--options must be 1..10, got 0"),
        (
            ["invite", "sam", "--duration", "0"],
            "--duration must be a positive number of minutes, at most 1440, got 0",
        ),
        (
            ["invite", "sam", "--duration", "99999999999999999999"],
            "--duration must be a positive number of minutes, at most 1440, got 99999999999999999999",
        ),
        (["ics", "99999999999999999999"], "no invite 99999999999999999999"),
        (
            ["campaign", "start", "Dinner", "--friends", "sam", "--duration", "0"],
            "--duration must be a positive number of minutes, at most 1440, got 0",
        ),
        (
            ["campaign", "start", "Dinner", "--friends", "sam", "--parallel", "1000"],
            "--parallel must be 1..1 (the friends named), got 1000",
        ),
        (["ics", "0"], "no invite 0"),
    ],
)
def test_bad_values_are_one_line_exit_2(
    meetup_env: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    config = _config(tmp_path)
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.org").exit_code == 0
    _one_line_error(_run(config, *args), 2, message)


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "1969-12-31"])
def test_now_out_of_range_is_one_line(meetup_env: Path, tmp_path: Path, now: str) -> None:
    config = _config(tmp_path)
    for command in (["slots"], ["status"], ["followup"]):
        _one_line_error(_run(config, *command, now=now), 2, f"--now: '{now}' is outside the years 1970-2200")


def _damage(db: Path) -> None:
    """Overwrite the middle pages of a real database with junk (a torn disk)."""
    size = db.stat().st_size
    page = 4096
    with open(db, "r+b") as handle:
        for offset in range(page, size, page):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * (page // 4))


def test_damaged_database_is_one_line(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    for n in range(200):
        assert _run(config, "friend", "add", f"Friend {n}", "--email", f"f{n}@example.org").exit_code == 0
    db = meetup_env / "data" / "meetup.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _damage(db)
    for command in (["friend", "list"], ["invite", "friend 1"], ["status"], ["friend", "add", "Zed"]):
        _one_line_error(
            _run(config, *command), 1, f"cannot open the database {db}: database disk image is malformed"
        )


def test_full_disk_is_one_line(meetup_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(tmp_path)
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.org").exit_code == 0
    real_connect = sqlite3.connect

    def tiny(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 1")  # every page write now fails: "database or disk is full"
        return conn

    monkeypatch.setattr(sqlite3, "connect", tiny)
    for command in (
        ["friend", "add", "Zed", "--note", "x" * 20000],
        ["invite", "sam", "--note", "x" * 20000],
    ):
        _one_line_error(
            _run(config, *command),
            1,
            f"database {meetup_env / 'data' / 'meetup.db'}: database or disk is full "
            "(free some disk space; nothing was changed)",
        )


def test_newer_database_is_refused(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.org").exit_code == 0
    conn = sqlite3.connect(meetup_env / "data" / "meetup.db")
    conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    for command in (["friend", "list"], ["status"], ["invite", "sam"], ["followup"]):
        _one_line_error(
            _run(config, *command),
            1,
            f"{meetup_env / 'data' / 'meetup.db'}: this database was written by a newer meetup "
            "(unknown migrations: m999_from_the_future); upgrade meetup to use it",
        )
