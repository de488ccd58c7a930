"""A CalDAV account set up with ``meetup init`` (tried at once, against the real Radicale) and
the progress a first sync reports through the core's callback."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, ProviderContext
from meetup.cli import main

pytestmark = pytest.mark.server

UTC_ZONE = ZoneInfo("UTC")
NO_INPUT = ["init", "--no-input", "--name", "Alice", "--email", "alice@example.org", "--tz", "UTC"]


def test_init_tries_the_account_lists_its_calendars_and_keeps_the_password_in_the_keyring(
    radicale: Any, meetup_env: Path, keyring_memory: dict[tuple[str, str], str], fixtures: Any
) -> None:
    radicale.mkcalendar("bob", "setup-home", "Setup Home")
    radicale.put(
        "/bob/setup-home/a.ics", fixtures.event("a", "20260302T170000Z", "20260302T180000Z"), user="bob"
    )
    config = meetup_env / "cfg.toml"
    args = ["--config", str(config), "--now", "2026-03-02T09:00:00+00:00", *NO_INPUT[:1]]
    args += [
        *NO_INPUT[2:],
        "--hours",
        "mon-sun 09:00-21:00",
        "--caldav-url",
        radicale.url,
        "--caldav-user",
        "bob",
    ]
    args += ["--send", "outbox", "--imap-host", "none"]
    result = CliRunner().invoke(main, args, input=fixtures.users["bob"] + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    # bob's other calendars come from other tests on the same server: only this one is known here
    assert result.output.splitlines()[1] == "  [x] Setup Home"
    assert re.search(r"^  127-0-0-1: read, \d+ busy in the next 7 days$", result.output, re.MULTILINE)
    assert keyring_memory == {("meetup", "bob"): fixtures.users["bob"]}
    text = config.read_text()
    assert fixtures.users["bob"] not in text and "password_env" not in text
    (table,) = tomllib.loads(text)["calendars"].values()
    assert table == {"provider": "caldav", "url": radicale.url, "username": "bob"}
    # what init wrote is read by the rest of meetup, the password from the keyring
    doctor = CliRunner().invoke(
        main, ["--config", str(config), "--now", "2026-03-02T09:00:00+00:00", "doctor"]
    )
    assert doctor.exit_code == 0, doctor.output
    assert re.search(
        r"^ok    calendar '127-0-0-1' \[caldav\] readable \(\d+ busy in the next day\)$", doctor.output, re.M
    )


def test_init_with_a_wrong_caldav_password_writes_nothing(
    radicale: Any, meetup_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRONG_PW", "not the password")
    config = meetup_env / "cfg.toml"
    args = ["--config", str(config), *NO_INPUT, "--caldav-url", radicale.url, "--caldav-user", "bob"]
    result = CliRunner().invoke(main, [*args, "--caldav-password-env", "WRONG_PW"])
    assert result.exit_code == 1 and not config.exists()
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        "meetup: error: CalDAV account '127-0-0-1': finding the principal: the server refused the username or "
        "password (HTTP 401)"
    )


def test_a_first_sync_reports_progress_per_batch_and_per_event(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import meetup_caldav.sync as sync
    from meetup_caldav.provider import create

    monkeypatch.setattr(sync, "BATCH", 40)
    radicale.mkcalendar("bob", "many", "Many")
    for n in range(100):
        day = 2 + n % 5
        event = fixtures.event(
            f"m{n}", f"202603{day:02d}T{8 + n % 10:02d}0000Z", f"202603{day:02d}T{8 + n % 10:02d}3000Z"
        )
        assert radicale.put(f"/bob/many/m{n}.ics", event, user="bob") in (201, 204)
    calls: list[tuple[str, int, int | None]] = []
    context = ProviderContext(
        tmp_path, tmp_path, lambda _m: None, UTC_ZONE, progress=lambda *c: calls.append(c)
    )
    options = {
        "url": radicale.url,
        "username": "bob",
        "password_env": "MEETUP_TEST_PW_BOB",
        "calendars": ["Many"],
    }
    account = create(CalendarConfig("bob", "caldav", options), context)
    busy = account.busy(Interval(datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)))
    assert len(busy) == 100
    download = [(d, t) for what, d, t in calls if what.endswith(": downloading")]
    assert download == [(0, 100), (40, 100), (80, 100), (100, 100)]
    reading = [(d, t) for what, d, t in calls if what.endswith(": reading events")]
    assert reading[0] == (0, 100) and reading[-1] == (100, 100)
    calls.clear()
    account.busy(Interval(datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)))
    assert calls == []  # an unchanged calendar: nothing long to report
